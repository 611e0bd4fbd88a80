use std as x;

hello_macro::make_answer!();

static HANDLER: fn() -> bool = lib_b::run_tool;

fn main() {
    let config = lib_a::read_config();
    let settings = lib_a::generic_read("settings.json");
    let fetcher: Box<dyn lib_b::Fetch> = Box::new(lib_b::Remote);
    let fetched = fetcher.fetch();
    let ran = (HANDLER)();
    let worker = std::thread::spawn(|| std::env::var("APP_MODE").is_ok());
    let mode = worker.join().unwrap_or(false);
    let pinged = lib_b::ping!().is_ok();
    let removed = x::fs::remove_file("stale.lock").is_ok();
    println!("{} {:?} {fetched} {ran} {mode} {pinged} {removed} {:?} {}", config.len(), settings.is_ok(),
             lib_a::generated_env(), answer());
}
