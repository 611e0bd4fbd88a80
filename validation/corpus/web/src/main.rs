//! An HTTP round trip on loopback: a tiny_http server in a thread, a ureq
//! client (with its TLS stack and system certificates loaded, though the
//! request is plain HTTP), a JSON body parsed with serde_json.
use std::thread;

fn main() {
    env_logger::init();
    let server = tiny_http::Server::http("127.0.0.1:0").expect("bind");
    let port = server.server_addr().to_ip().expect("ip address").port();
    let handle = thread::spawn(move || {
        let request = server.recv().expect("request");
        log::info!("serving {}", request.url());
        let body = serde_json::json!({"path": request.url(), "ok": true}).to_string();
        request
            .respond(tiny_http::Response::from_string(body))
            .expect("respond");
    });
    let address = url::Url::parse(&format!("http://127.0.0.1:{port}/status")).expect("url");
    let text = ureq::get(address.as_str())
        .call()
        .expect("GET")
        .into_string()
        .expect("body");
    let body: serde_json::Value = serde_json::from_str(&text).expect("JSON body");
    handle.join().unwrap();
    assert_eq!(body["path"], "/status");
    println!("web: {body}");
}
