// A hostile proc-macro: while rustc expands `probe!()` it tries to write
// into capgate's session directory and into the build scripts' directory
// of the analysis target directory (HOSTILE_TARGET), to read capgate's facts
// key, and to connect to a server on this machine (HOSTILE_PORT). It fails
// the compilation, naming each that worked.
use proc_macro::TokenStream;
use std::env;
use std::fs;
use std::net::TcpStream;
use std::path::PathBuf;

#[proc_macro]
pub fn probe(_input: TokenStream) -> TokenStream {
    let target = PathBuf::from(env::var("HOSTILE_TARGET").unwrap());
    let mut escaped = Vec::new();
    if fs::write(target.join("capgate-session/macro"), b"evil").is_ok() {
        escaped.push("wrote into capgate-session");
    }
    if fs::write(target.join("debug/build/macro"), b"evil").is_ok() {
        escaped.push("wrote into the build scripts' directory");
    }
    let key = PathBuf::from(env::var("XDG_DATA_HOME").unwrap()).join("capgate/facts.key");
    if fs::read(key).is_ok() {
        escaped.push("read the facts key");
    }
    let port: u16 = env::var("HOSTILE_PORT").unwrap().parse().unwrap();
    if TcpStream::connect(("127.0.0.1", port)).is_ok() {
        escaped.push("connected to 127.0.0.1");
    }
    if escaped.is_empty() {
        "pub const CONFINED: bool = true;".parse().unwrap()
    } else {
        format!("compile_error!(\"macros escaped: {}\");", escaped.join(", ")).parse().unwrap()
    }
}
