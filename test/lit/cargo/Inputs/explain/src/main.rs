// Dials a socket through a trait object, so that the path to NETWORK
// passes through the vtable rustc makes (data, not code), and leaves a
// variable unused, so that rustc has a warning to give.
use std::net::TcpStream;

trait Dial {
    fn dial(&self, address: &str) -> std::io::Result<TcpStream>;
}

struct Tcp;

impl Dial for Tcp {
    fn dial(&self, address: &str) -> std::io::Result<TcpStream> {
        TcpStream::connect(address)
    }
}

fn main() {
    let unused = 42;
    let dialer: Box<dyn Dial> = Box::new(Tcp);
    if crc32fast::hash(b"capgate") == 0 {
        let _ = dialer.dial("127.0.0.1:9");
    }
}
