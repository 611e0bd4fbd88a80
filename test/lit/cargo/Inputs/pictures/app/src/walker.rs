// Reaches FILES through walkdir (and same-file); cfg-if 1.0 picks the root.
cfg_if::cfg_if! {
    if #[cfg(unix)] {
        fn root() -> &'static str { "." }
    } else {
        fn root() -> &'static str { "C:\\" }
    }
}

fn main() {
    for entry in walkdir::WalkDir::new(root()).max_depth(1).into_iter().flatten() {
        println!("{}", entry.path().display());
    }
}
