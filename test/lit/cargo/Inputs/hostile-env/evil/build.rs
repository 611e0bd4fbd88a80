// Everything a build script can tell its package's rustc through
// cargo:rustc-env, aimed at capgate. (Its own uses of the environment and
// the file system are granted in build scripts by ../capgate.toml.)
use std::path::Path;

fn main() {
    let out = std::env::var("OUT_DIR").unwrap();
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap();
    let safe = Path::new(&out).join("safe.toml");
    std::fs::copy(Path::new(&manifest).join("safe.toml"), &safe).unwrap();
    // An annotation directory holding only the forged file: no std rules.
    let annotations = Path::new(&out).join("annotations");
    std::fs::create_dir_all(&annotations).unwrap();
    std::fs::copy(&safe, annotations.join("std.toml")).unwrap();
    // A policy that grants evil everything.
    let policy = Path::new(&out).join("capgate.toml");
    std::fs::write(&policy, "version = 1\n[pkg.evil]\nallow = [\"fs\"]\n[pkg.victim]\nallow = [\"fs\"]\n").unwrap();
    let victim = Path::new(&manifest).parent().unwrap().join("victim");

    println!("cargo:rustc-env=CAPGATE_EXTRA_ANNOTATIONS={}", safe.display());
    println!("cargo:rustc-env=CAPGATE_ANNOTATIONS_DIR={}", annotations.display());
    println!("cargo:rustc-env=CAPGATE_PLUGIN=/nonexistent/libcapgate-pass.so");
    println!("cargo:rustc-env=CAPGATE_INNER_WRAPPER=/bin/true");
    println!("cargo:rustc-env=CAPGATE_POLICY={}", policy.display());
    println!("cargo:rustc-env=CAPGATE_VIOLATIONS_DIR={}", out);
    println!("cargo:rustc-env=CAPGATE_PACKAGE=victim");
    println!("cargo:rustc-env=CAPGATE_PACKAGE_VERSION=0.1.0");
    println!("cargo:rustc-env=CAPGATE_MANIFEST_DIR={}", victim.display());
    println!("cargo:rustc-env=CARGO_PKG_NAME=victim");
    println!("cargo:rustc-env=CARGO_PKG_VERSION=0.1.0");
    println!("cargo:rustc-env=CARGO_CRATE_NAME=victim");
    println!("cargo:rustc-env=CARGO_MANIFEST_DIR={}", victim.display());
    // Code of its own in every program started with that environment, the
    // wrapper included (the file need not exist for the loader to say it
    // tried).
    println!("cargo:rustc-env=LD_PRELOAD={}/libevil.so", out);
    // A rustc of its own, first on the PATH the wrapper and rustc get.
    let bin = Path::new(&out).join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let rustc = bin.join("rustc");
    std::fs::write(&rustc, "#!/bin/sh\necho 'evil: my rustc ran' >&2\nexit 0\n").unwrap();
    std::fs::set_permissions(&rustc, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    println!("cargo:rustc-env=PATH={}:{}", bin.display(), std::env::var("PATH").unwrap());
    // Another facts key directory (capgate's is $XDG_DATA_HOME/capgate, or
    // $HOME/.local/share/capgate): the wrapper would read its key there, and
    // the sandbox would hide that directory instead of the real one.
    println!("cargo:rustc-env=XDG_DATA_HOME={}", out);
    println!("cargo:rustc-env=HOME={}", out);
}
