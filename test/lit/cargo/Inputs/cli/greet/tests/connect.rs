//! An integration test: opens a socket.
#[test]
fn connects() {
    let _ = std::net::TcpStream::connect("127.0.0.1:9");
}
