//! fetch [--summary] [--timeout SECS] URL: GETs a URL with ureq and prints
//! the body, or with --summary a JSON summary of the response.
//! NETWORK through ureq; READ_SYSTEM_STATE for the command line (clap).
use clap::Parser;
use std::process::ExitCode;
use std::time::Duration;

/// Download a URL over HTTP or HTTPS and print it.
#[derive(Parser)]
#[command(name = "fetch", version)]
struct Args {
    /// The URL to GET
    url: String,
    /// Print a JSON summary (status, headers, size) instead of the body
    #[arg(long)]
    summary: bool,
    /// Give up after this many seconds
    #[arg(long, default_value_t = 10)]
    timeout: u64,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(args.timeout))
        .build();
    let response = match agent.get(&args.url).call() {
        // An HTTP error status still comes with a response worth showing.
        Ok(response) | Err(ureq::Error::Status(_, response)) => response,
        Err(error) => {
            eprintln!("fetch: {error}");
            return ExitCode::FAILURE;
        }
    };
    let status = response.status();
    let headers: Vec<String> = response
        .headers_names()
        .into_iter()
        .map(|name| format!("{name}: {}", response.header(&name).unwrap_or("")))
        .collect();
    let body = match response.into_string() {
        Ok(body) => body,
        Err(error) => {
            eprintln!("fetch: reading the body: {error}");
            return ExitCode::FAILURE;
        }
    };
    if args.summary {
        let mut items = vec![format!("status: {status}"), format!("bytes: {}", body.len())];
        items.extend(headers);
        println!("{}", summary::to_json(&summary::Summary::new("fetch", items)));
    } else {
        print!("{body}");
    }
    if status < 400 { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}
