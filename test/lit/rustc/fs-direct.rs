// A direct call to std::fs gives FILES at the call site; a caller of that
// function reaches FILES through it.
// RUN: %rustc-O0 --crate-type=lib --emit=llvm-ir=%t.O0.ll %s
// RUN: FileCheck %s < %t.O0.ll
// RUN: %rustc-O3 --crate-type=lib --emit=llvm-ir=%t.O3.ll %s
// RUN: FileCheck %s < %t.O3.ll

// CHECK-DAG: "capgate"="FILES" "capgate.via"="FILES: std::fs::read::<&str> at {{.*}}fs-direct.rs:[[@LINE+2]]"
pub fn load_config() -> Vec<u8> {
    std::fs::read("config.toml").unwrap_or_default()
}

// CHECK-DAG: "capgate"="FILES" "capgate.via"="FILES: fs_direct::load_config at {{.*}}fs-direct.rs:[[@LINE+2]]"
pub fn config_size() -> usize {
    load_config().len()
}
