use std::net::TcpStream;

pub fn reachable() -> bool {
    first() || second() || third() || fourth() || cached()
}

fn first() -> bool {
    TcpStream::connect("127.0.0.1:1").is_ok()
}

fn second() -> bool {
    TcpStream::connect("127.0.0.1:2").is_ok()
}

fn third() -> bool {
    TcpStream::connect("127.0.0.1:3").is_ok()
}

fn fourth() -> bool {
    TcpStream::connect("127.0.0.1:4").is_ok()
}

fn cached() -> bool {
    std::fs::read_to_string("/nonexistent/netlib-cache").is_ok()
}
