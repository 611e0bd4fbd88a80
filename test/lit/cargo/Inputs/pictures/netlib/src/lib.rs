// Uses NETWORK itself; cfg-if 0.1 picks the code.
cfg_if::cfg_if! {
    if #[cfg(unix)] {
        pub fn reachable(address: &str) -> bool {
            std::net::TcpStream::connect(address).is_ok()
        }
    } else {
        pub fn reachable(_address: &str) -> bool {
            false
        }
    }
}
