//! hyper's HTTP/1 server and client on loopback, on a current-thread tokio
//! runtime, with the request count taken from the command line by clap.
use clap::Parser;
use hyper::service::{make_service_fn, service_fn};
use hyper::{Body, Client, Request, Response, Server};
use std::convert::Infallible;

#[derive(Parser)]
struct Options {
    /// How many requests to make
    #[arg(long, default_value_t = 3)]
    requests: u32,
}

async fn answer(request: Request<Body>) -> Result<Response<Body>, Infallible> {
    Ok(Response::new(Body::from(format!("hyper answered {}", request.uri().path()))))
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let options = Options::parse();
    let make_service = make_service_fn(|_| async { Ok::<_, Infallible>(service_fn(answer)) });
    let server = Server::bind(&([127, 0, 0, 1], 0).into()).serve(make_service);
    let address = server.local_addr();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let running = tokio::spawn(server.with_graceful_shutdown(async {
        stopped.await.ok();
    }));
    let client = Client::new();
    let mut total = 0;
    for index in 0..options.requests {
        let uri = format!("http://{address}/request/{index}").parse().unwrap();
        let response = client.get(uri).await.expect("GET");
        assert!(response.status().is_success());
        total += hyper::body::to_bytes(response.into_body()).await.unwrap().len();
    }
    drop(client);
    stop.send(()).unwrap();
    running.await.unwrap().unwrap();
    println!("hyperd: {} requests, {total} bytes", options.requests);
}
