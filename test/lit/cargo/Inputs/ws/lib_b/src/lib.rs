pub trait Fetch {
    fn fetch(&self) -> bool;
}

pub struct Remote;

impl Fetch for Remote {
    fn fetch(&self) -> bool {
        std::net::TcpStream::connect("127.0.0.1:9").is_ok()
    }
}

pub fn run_tool() -> bool {
    std::process::Command::new("tool").status().is_ok()
}

/// Expands, in the crate that invokes it, to a network call.
#[macro_export]
macro_rules! ping {
    () => {
        std::net::TcpStream::connect("127.0.0.1:7")
    };
}

pub fn first_byte(bytes: &[u8]) -> u8 {
    unsafe { *bytes.as_ptr() }
}

#[cfg(test)]
mod tests {
    #[test]
    fn tool_is_missing() {
        assert!(!super::run_tool());
    }
}
