//! A grep over a temporary tree: files written, walked with walkdir and with
//! ignore (which honours a .gitignore), matched with glob and regex.
use std::fs;

fn main() {
    let root = tempfile::tempdir().expect("temporary directory");
    fs::create_dir_all(root.path().join("src/nested")).unwrap();
    fs::write(root.path().join("src/main.rs"), "fn main() { println!(\"hi\"); }\n").unwrap();
    fs::write(root.path().join("src/nested/lib.rs"), "pub fn answer() -> u32 { 42 }\n").unwrap();
    fs::write(root.path().join("notes.txt"), "fn is not code here\n").unwrap();
    fs::write(root.path().join(".gitignore"), "notes.txt\n").unwrap();

    let pattern = regex::Regex::new(r"fn (\w+)").unwrap();
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(root.path()).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let text = fs::read_to_string(entry.path()).unwrap();
            for capture in pattern.captures_iter(&text) {
                found.push(capture[1].to_string());
            }
        }
    }
    let sources = glob::glob(&format!("{}/src/**/*.rs", root.path().display()))
        .unwrap()
        .count();
    let visible = ignore::WalkBuilder::new(root.path())
        .require_git(false)
        .build()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().map_or(false, |t| t.is_file()))
        .count();
    println!("search: functions {found:?}, {sources} sources, {visible} files not ignored");
}
