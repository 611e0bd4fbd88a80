//! The binary: writes a file, besides what the library does.
fn main() {
    std::fs::write("greeting.txt", greet::name()).unwrap();
}
