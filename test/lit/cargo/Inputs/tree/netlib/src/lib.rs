use std::net::{SocketAddr, TcpStream};

/// Connects to `address` with std, then again with socket2.
pub fn reach(address: &str) -> bool {
    let direct = TcpStream::connect(address).is_ok();
    let Ok(parsed) = address.parse::<SocketAddr>() else {
        return direct;
    };
    cfg_if::cfg_if! {
        if #[cfg(unix)] {
            let domain = socket2::Domain::IPV4;
        } else {
            let domain = socket2::Domain::IPV6;
        }
    }
    let socket = socket2::Socket::new(domain, socket2::Type::STREAM, None);
    direct || socket.map(|socket| socket.connect(&parsed.into()).is_ok()).unwrap_or(false)
}
