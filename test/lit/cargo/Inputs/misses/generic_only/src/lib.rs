use std::path::Path;

pub fn read_any<P: AsRef<Path>>(path: P) -> std::io::Result<Vec<u8>> {
    std::fs::read(path)
}
