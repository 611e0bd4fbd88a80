// Sockets through rustix, mio, socket2 and nix.
use std::net::SocketAddr;

fn main() {
    let address: SocketAddr = "127.0.0.1:9".parse().unwrap();
    let _ = rustix::net::socket(
        rustix::net::AddressFamily::INET,
        rustix::net::SocketType::DGRAM,
        rustix::net::Protocol::default(),
    );
    let any = rustix::net::SocketAddrAny::V4("127.0.0.1:9".parse().unwrap());
    let _ = any.address_family();
    println!("{any:?}");
    let _ = mio::net::TcpStream::connect(address);
    let _ = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::DGRAM, None);
    let _ = socket2::SockAddr::from(address);
    let _ = nix::sys::socket::socket(
        nix::sys::socket::AddressFamily::Inet,
        nix::sys::socket::SockType::Datagram,
        nix::sys::socket::SockFlag::empty(),
        None,
    );
}
