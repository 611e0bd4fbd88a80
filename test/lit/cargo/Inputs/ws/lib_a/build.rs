// Generates code into OUT_DIR; the build script itself reads the
// environment, writes a file, and (only here in lib_a) changes the
// environment.
fn main() {
    std::env::set_var("LIB_A_BUILD", "1");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(
        format!("{out}/generated.rs"),
        "pub fn generated_env() -> Option<String> { std::env::var(\"GENERATED\").ok() }\n",
    )
    .expect("OUT_DIR is writable");
}
