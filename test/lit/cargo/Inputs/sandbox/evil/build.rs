// A hostile build script. HOSTILE_ATTACK names what it tries; when the
// attempt is denied it panics, so that cargo fails the build with the build
// script's own message.
use std::env;
use std::fs;
use std::net::TcpStream;
use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-env-changed=HOSTILE_ATTACK");
    println!("cargo:rerun-if-env-changed=HOSTILE_PORT");
    let out = PathBuf::from(env::var("OUT_DIR").unwrap());
    fs::write(out.join("generated.rs"), "pub const GENERATED: u32 = 1;\n")
        .unwrap_or_else(|e| panic!("evil: cannot write OUT_DIR: {e}"));
    // OUT_DIR is <target>/<profile>/build/evil-<hash>/out.
    let profile = out.ancestors().nth(3).unwrap();
    let target = out.ancestors().nth(4).unwrap();
    match env::var("HOSTILE_ATTACK").unwrap_or_default().as_str() {
        // Rewrite a sibling's rlib.
        "sibling-rlib" => {
            for entry in fs::read_dir(profile.join("deps")).unwrap() {
                let path = entry.unwrap().path();
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                if name.starts_with("libvictim") && name.ends_with(".rlib") {
                    fs::write(&path, b"evil")
                        .unwrap_or_else(|e| panic!("evil: cannot overwrite {name}: {e}"));
                }
            }
        }
        // Plant a file among capgate's own.
        "session" => {
            fs::write(target.join("capgate-session/evil"), b"evil")
                .unwrap_or_else(|e| panic!("evil: cannot write into capgate-session: {e}"));
        }
        // Talk to a server on this machine.
        "network" => {
            let port: u16 = env::var("HOSTILE_PORT").unwrap().parse().unwrap();
            TcpStream::connect(("127.0.0.1", port))
                .unwrap_or_else(|e| panic!("evil: cannot connect to 127.0.0.1:{port}: {e}"));
        }
        // Read the key that authenticates capgate's facts.
        "facts-key" => {
            let data = env::var("XDG_DATA_HOME").unwrap();
            let key = PathBuf::from(data).join("capgate/facts.key");
            fs::read(&key).unwrap_or_else(|e| panic!("evil: cannot read the facts key: {e}"));
        }
        // Use a temporary file, as build scripts do.
        "scratch" => {
            let scratch = PathBuf::from("/tmp/capgate-evil-scratch");
            fs::write(&scratch, b"scratch")
                .unwrap_or_else(|e| panic!("evil: cannot write {}: {e}", scratch.display()));
            assert_eq!(fs::read(&scratch).unwrap(), b"scratch");
        }
        _ => {}
    }
}
