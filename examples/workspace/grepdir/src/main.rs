//! grepdir PATTERN [DIR]: searches the text files under DIR (default: the
//! current directory) for lines matching the regular expression PATTERN and
//! prints the matches as JSON, one "path:line: text" item each.
//! FILES through walkdir (directory walk) and std::fs (reading the files);
//! READ_SYSTEM_STATE for the command line.
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(pattern), root) = (args.next(), args.next().unwrap_or_else(|| ".".into())) else {
        eprintln!("usage: grepdir PATTERN [DIR]");
        return ExitCode::from(2);
    };
    let pattern = match regex::Regex::new(&pattern) {
        Ok(pattern) => pattern,
        Err(error) => {
            eprintln!("grepdir: {error}");
            return ExitCode::from(2);
        }
    };
    let mut items = Vec::new();
    for entry in walkdir::WalkDir::new(&root).into_iter().filter_map(Result::ok) {
        if !entry.file_type().is_file() {
            continue;
        }
        // Binary and unreadable files are skipped, as grep -I would.
        let Ok(text) = std::fs::read_to_string(entry.path()) else { continue };
        for (number, line) in text.lines().enumerate() {
            if pattern.is_match(line) {
                items.push(format!("{}:{}: {}", entry.path().display(), number + 1, line.trim()));
            }
        }
    }
    let found = !items.is_empty();
    println!("{}", summary::to_json(&summary::Summary::new("grepdir", items)));
    if found { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}
