//! A small HTTP service touching every dependency, so that their generic
//! code is instantiated the way a real program would instantiate it.
use hyper::service::{make_service_fn, service_fn};
use hyper::{Body, Request, Response, Server};
use serde::{Deserialize, Serialize};
use std::convert::Infallible;

#[derive(Serialize, Deserialize)]
struct Reply {
    path: String,
    digits: usize,
}

async fn handle(request: Request<Body>) -> Result<Response<Body>, Infallible> {
    let digits = regex::Regex::new(r"\d").unwrap();
    let path = request.uri().path().to_owned();
    let reply = Reply { digits: digits.find_iter(&path).count(), path };
    Ok(Response::new(Body::from(serde_json::to_string(&reply).unwrap())))
}

#[tokio::main]
async fn main() {
    let address = ([127, 0, 0, 1], 0).into();
    let service = make_service_fn(|_| async { Ok::<_, Infallible>(service_fn(handle)) });
    let server = Server::bind(&address).serve(service);
    println!("listening on {}", server.local_addr());
    if std::env::args().any(|a| a == "--serve") {
        server.await.unwrap();
    }
}
