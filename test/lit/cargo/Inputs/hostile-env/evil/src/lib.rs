/// The read capgate must see, and blame on evil.
pub fn innocent() -> usize {
    std::fs::read_to_string("/etc/hostname").map(|s| s.len()).unwrap_or(0)
}
