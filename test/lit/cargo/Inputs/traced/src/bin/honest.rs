//! Reads the file named by its argument and talks to itself over loopback:
//! FILES and NETWORK, both of which the static report finds.
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};

fn main() {
    let path = std::env::args().nth(1).expect("usage: honest FILE");
    let config = traced::read_config(&path);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let mut client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    let (mut server, _) = listener.accept().unwrap();
    client.write_all(&config.len().to_le_bytes()).unwrap();
    let mut length = [0u8; 8];
    server.read_exact(&mut length).unwrap();
    println!("{} bytes", u64::from_le_bytes(length));
}
