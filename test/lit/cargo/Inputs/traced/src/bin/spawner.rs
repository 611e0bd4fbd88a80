//! Runs another program: EXEC. What the child does between fork and exec,
//! and the other program itself, are not this binary's calls.
fn main() {
    let status = std::process::Command::new("true").status().unwrap();
    std::process::exit(status.code().unwrap_or(1));
}
