// A library whose function does more than an annotation will say it does.
pub fn fetch_config() -> bool {
    let _ = std::fs::read("/etc/hostname");
    std::net::TcpStream::connect("127.0.0.1:9").is_ok()
}
