// Calls that are no capability: random numbers, clocks, waiting on and
// waking a poller, and I/O on descriptors already held.
use std::time::Duration;

fn main() {
    let mut bytes = [0u8; 8];
    getrandom::getrandom(&mut bytes).unwrap();
    let _ = rustix::rand::getrandom(&mut bytes, rustix::rand::GetRandomFlags::empty());
    let _ = rustix::time::clock_gettime(rustix::time::ClockId::Monotonic);
    let _ = rustix::io::write(std::io::stdout(), b"quiet\n");
    let mut poll = mio::Poll::new().unwrap();
    let waker = mio::Waker::new(poll.registry(), mio::Token(0)).unwrap();
    waker.wake().unwrap();
    let mut events = mio::Events::with_capacity(4);
    let _ = poll.poll(&mut events, Some(Duration::from_millis(1)));
    let _ = nix::unistd::write(1, b"quiet\n");
}
