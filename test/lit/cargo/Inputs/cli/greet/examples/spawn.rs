//! An example: runs another program.
fn main() {
    std::process::Command::new("true").status().unwrap();
}
