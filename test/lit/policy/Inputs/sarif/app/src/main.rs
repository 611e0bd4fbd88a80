fn main() {
    let config = std::fs::read_to_string("app.toml").unwrap_or_default();
    if config.contains("update") {
        std::process::Command::new("self-update").status().ok();
    }
    if config.contains("restart") {
        std::process::Command::new("restart").status().ok();
    }
}
