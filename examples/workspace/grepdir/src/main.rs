//! grepdir PATTERN [DIR]: lists the files under DIR whose names match.
//! FILES through walkdir; READ_SYSTEM_STATE for the command line.
fn main() {
    let mut args = std::env::args().skip(1);
    let pattern = regex::Regex::new(&args.next().unwrap_or_else(|| ".".into())).expect("bad pattern");
    let root = args.next().unwrap_or_else(|| ".".into());
    let items = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| pattern.is_match(&entry.file_name().to_string_lossy()))
        .map(|entry| entry.path().display().to_string())
        .collect();
    println!("{}", summary::to_json(&summary::Summary { tool: "grepdir", items }));
}
