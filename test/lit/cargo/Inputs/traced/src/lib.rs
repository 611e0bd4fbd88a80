//! A library whose one capability is reading a file, with a unit test that
//! uses it, for `cargo capgate trace --tests`.
use std::fs;

pub fn read_config(path: &str) -> String {
    fs::read_to_string(path).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_its_own_manifest() {
        assert!(super::read_config("Cargo.toml").contains("traced"));
    }
}
