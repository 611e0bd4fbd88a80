// File system calls through rustix and nix, and values of theirs that are
// not capabilities.
use rustix::fs::{cwd, Mode, OFlags};

fn main() {
    let flags = OFlags::RDONLY | OFlags::CLOEXEC;
    let file = rustix::fs::openat(cwd(), "Cargo.toml", flags, Mode::empty()).unwrap();
    let _ = rustix::fs::fstat(&file);
    let _ = rustix::fs::seek(&file, rustix::io::SeekFrom::Start(0));
    let mut buffer = [0u8; 16];
    let _ = rustix::io::read(&file, &mut buffer);
    let mode = nix::sys::stat::Mode::S_IRUSR | nix::sys::stat::Mode::S_IWUSR;
    let _ = nix::fcntl::open("Cargo.toml", nix::fcntl::OFlag::O_RDONLY, mode);
}
