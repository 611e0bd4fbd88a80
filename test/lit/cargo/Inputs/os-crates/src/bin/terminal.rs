// What the terminal_size crate does (bat's, through rustix 0.35): is
// standard output a terminal, and how big is it. Neither is a capability,
// though rustix asks the kernel with its own `syscall` instructions.
use rustix::fd::BorrowedFd;

fn main() {
    let fd = unsafe { BorrowedFd::borrow_raw(rustix::io::raw_stdout()) };
    if rustix::termios::isatty(fd) {
        if let Ok(size) = rustix::termios::tcgetwinsize(fd) {
            println!("{}x{}", size.ws_col, size.ws_row);
        }
    }
}
