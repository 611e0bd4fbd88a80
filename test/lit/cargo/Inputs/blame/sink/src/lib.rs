pub struct Handle(pub usize);

impl Drop for Handle {
    fn drop(&mut self) {
        let _ = std::net::TcpStream::connect(("127.0.0.1", self.0 as u16));
    }
}
