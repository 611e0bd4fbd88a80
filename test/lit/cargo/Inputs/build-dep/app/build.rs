fn main() {
    let _ = helper::read_config("Cargo.toml");
}
