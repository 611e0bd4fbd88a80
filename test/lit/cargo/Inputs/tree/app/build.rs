// Asks cc for the compiler it would use: build-time code of a
// build-dependency, which must not show up in what app ships.
fn main() {
    let compiler = cc::Build::new().get_compiler();
    println!("cargo:rustc-env=APP_CC={}", compiler.path().display());
}
