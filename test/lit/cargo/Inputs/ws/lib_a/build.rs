// Generates code into OUT_DIR; the build script itself reads the
// environment and writes a file.
fn main() {
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(
        format!("{out}/generated.rs"),
        "pub fn generated_env() -> Option<String> { std::env::var(\"GENERATED\").ok() }\n",
    )
    .expect("OUT_DIR is writable");
}
