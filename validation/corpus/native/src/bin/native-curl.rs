//! libcurl fetching a URL (validation/run serves one on 127.0.0.1): the
//! sockets are made by C code.
fn main() {
    let url = std::env::args().nth(1).expect("usage: native-curl URL");
    let mut body = Vec::new();
    let mut easy = curl::easy::Easy::new();
    easy.url(&url).unwrap();
    {
        let mut transfer = easy.transfer();
        transfer
            .write_function(|data| {
                body.extend_from_slice(data);
                Ok(data.len())
            })
            .unwrap();
        transfer.perform().expect("GET with libcurl");
    }
    println!("native-curl: {} bytes, status {}", body.len(), easy.response_code().unwrap());
}
