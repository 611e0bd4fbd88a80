// The package's own build script: one more `main` in the build, besides
// the binary's and crc32fast's build script's.
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
}
