// Lists a directory with walkdir (FILES, in walkdir and same-file), formats
// numbers with itoa (nothing), and picks code with cfg-if, a crate of macros
// only.
cfg_if::cfg_if! {
    if #[cfg(unix)] {
        fn root() -> &'static str { "." }
    } else {
        fn root() -> &'static str { "C:\\" }
    }
}

fn main() {
    let mut buffer = itoa::Buffer::new();
    for entry in walkdir::WalkDir::new(root()).max_depth(1) {
        if let Ok(entry) = entry {
            println!("{} {}", buffer.format(entry.depth()), entry.path().display());
        }
    }
}
