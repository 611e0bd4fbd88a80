pub fn run(program: &str) -> bool {
    std::process::Command::new(program).arg("--version").status().is_ok()
}
