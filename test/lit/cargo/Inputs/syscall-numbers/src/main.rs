fn main() {
    // rustix's getuid: a `syscall` instruction fed __NR_getuid.
    let uid = rustix::process::getuid();
    // rustix's tcgetwinsize: ioctl(TIOCGWINSZ) on a descriptor already held.
    let size = rustix::termios::tcgetwinsize(unsafe { rustix::io::stdout() });
    // libc's syscall() with a constant number: umask.
    let old = unsafe { libc::syscall(libc::SYS_umask, 0o022) };
    // ... and with a number nothing knows before the program runs.
    let number = std::env::args().count() as libc::c_long;
    let any = unsafe { libc::syscall(number) };
    println!("{uid:?} {} {old} {any}", size.is_ok());
}
