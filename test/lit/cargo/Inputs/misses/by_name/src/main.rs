use std::path::PathBuf;

fn main() {
    let path = PathBuf::from("/etc/hostname");
    let bytes = Some(path.clone()).map(std::fs::read);
    let paths = vec![path];
    let sizes: Vec<_> = paths.iter().map(std::fs::metadata).collect();
    let home = Some("HOME").map(std::env::var);
    // A std function without a capability, passed by name, carries none.
    let lengths: Vec<usize> = ["a", "bc"].iter().copied().map(str::len).collect();
    let config = generic_only::read_any("/etc/hostname");
    let listing = generic_only::with_path("/etc", std::fs::read_dir);
    println!("{} {} {} {:?} {} {}", bytes.is_some(), sizes.len(), home.is_some(), lengths, config.is_ok(), listing.is_ok());
}
