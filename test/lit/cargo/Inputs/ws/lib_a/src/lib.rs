// Nothing here is unsafe: not this comment's "unsafe", nor the string below.
pub const NOTE: &str = "unsafe in a string does not count";

include!(concat!(env!("OUT_DIR"), "/generated.rs"));

pub fn read_config() -> Vec<u8> {
    std::fs::read("config.toml").unwrap_or_default()
}

pub fn generic_read<P: AsRef<std::path::Path>>(path: P) -> std::io::Result<String> {
    std::fs::read_to_string(path)
}

/// Never called by app: dead code in a dependency.
pub fn unused_exec() -> bool {
    std::process::Command::new("true").status().is_ok()
}
