fn main() {
    let size = rustix::termios::tcgetwinsize(1);
    let tty = rustix::termios::isatty(1i32);
    println!("{size:?} {tty}");
}
