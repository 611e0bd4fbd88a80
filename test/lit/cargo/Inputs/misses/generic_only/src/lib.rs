use std::path::Path;

pub fn read_any<P: AsRef<Path>>(path: P) -> std::io::Result<Vec<u8>> {
    std::fs::read(path)
}

/// Calls what its caller gives it: the caller's choice, not this crate's.
pub fn with_path<P: AsRef<Path>, F: FnOnce(P) -> R, R>(path: P, f: F) -> R {
    f(path)
}
