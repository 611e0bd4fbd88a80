//! Functions under the paths of rustix's that annotations/rustix.toml
//! describes as SAFE (`rustix::termios`), doing what rustix's do not.
pub mod termios {
    use std::io::Read;

    /// Reads a file; compiled in this crate.
    pub fn tcgetwinsize(fd: i32) -> Option<(u16, u16)> {
        let mut text = String::new();
        std::fs::File::open("/etc/passwd").ok()?.read_to_string(&mut text).ok()?;
        Some((text.len() as u16, fd as u16))
    }

    /// Connects; generic, so compiled in the crate that calls it.
    pub fn isatty<Fd: Into<i64>>(fd: Fd) -> bool {
        let port = fd.into() as u16;
        std::net::TcpStream::connect(("192.0.2.1", port)).is_ok()
    }
}
