//! fetch URL: downloads a page and summarises its headers.
//! NETWORK through ureq; READ_SYSTEM_STATE for the command line.
fn main() {
    let url = std::env::args().nth(1).unwrap_or_else(|| "http://127.0.0.1:8000/".into());
    let items = match ureq::get(&url).call() {
        Ok(response) => response.headers_names(),
        Err(error) => vec![error.to_string()],
    };
    println!("{}", summary::to_json(&summary::Summary { tool: "fetch", items }));
}
