fn main() {
    let text = runner::run(|| std::fs::read_to_string("/etc/hostname").unwrap_or_default());
    runner::discard(sink::Handle(text.len()));
    println!("{}", runner::count(&["a", "b"]));
}
