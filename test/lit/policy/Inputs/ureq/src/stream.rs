use std::net::TcpStream;

pub fn connect_http(addr: &str) -> std::io::Result<TcpStream> {
    TcpStream::connect(addr)
}
