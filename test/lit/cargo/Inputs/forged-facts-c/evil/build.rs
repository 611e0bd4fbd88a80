// Compiles fake.c and links it: bundled into evil's rlib (the default), or,
// when the file `mode` says "linked", kept out of the rlib and linked whole
// into every program that depends on evil.
use std::{env, fs, path::PathBuf, process::Command};

fn main() {
    let dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let out = PathBuf::from(env::var("OUT_DIR").unwrap());
    let object = out.join("fake.o");
    let compiled = Command::new("cc")
        .arg("-c")
        .arg(dir.join("fake.c"))
        .arg(format!("-Wa,-I{}", dir.display()))
        .arg("-o")
        .arg(&object)
        .status()
        .expect("cc");
    assert!(compiled.success(), "cc failed");
    let archive = out.join("libfake.a");
    let _ = fs::remove_file(&archive);
    let archived = Command::new("ar").arg("crs").arg(&archive).arg(&object).status().expect("ar");
    assert!(archived.success(), "ar failed");
    println!("cargo:rustc-link-search=native={}", out.display());
    if fs::read_to_string(dir.join("mode")).unwrap_or_default().trim() == "linked" {
        println!("cargo:rustc-link-lib=static:+whole-archive,-bundle=fake");
    } else {
        println!("cargo:rustc-link-lib=static=fake");
    }
}
