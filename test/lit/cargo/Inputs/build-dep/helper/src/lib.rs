pub fn read_config(path: &str) -> Option<String> {
    std::fs::read_to_string(path).ok()
}
