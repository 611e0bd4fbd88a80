// What bat does to size its output: terminal_size (rustix's isatty and
// tcgetwinsize underneath, which ask the kernel with rustix's own
// `syscall` instructions), and the same two calls made directly. Neither is
// a capability.
use rustix::fd::BorrowedFd;

fn main() {
    if let Some((width, height)) = terminal_size::terminal_size() {
        println!("{}x{}", width.0, height.0);
    }
    let fd = unsafe { BorrowedFd::borrow_raw(rustix::io::raw_stdout()) };
    if rustix::termios::isatty(fd) {
        if let Ok(size) = rustix::termios::tcgetwinsize(fd) {
            println!("{}x{}", size.ws_col, size.ws_row);
        }
    }
}
