// A generic function of another module, instantiated by its caller, is
// followed into its body: the caller reaches FILES through it.
// RUN: %rustc-O0 --crate-type=lib --emit=llvm-ir=%t.O0.ll %s
// RUN: FileCheck %s < %t.O0.ll
// RUN: %rustc-O3 --crate-type=lib --emit=llvm-ir=%t.O3.ll %s
// RUN: FileCheck %s < %t.O3.ll

pub mod helpers {
    use std::path::Path;

    // At -O3 LLVM inlines after the pass has run, and a tagged function that
    // is inlined away takes its tag with it; the facts keep it regardless.
    // CHECK-DAG: "capgate"="FILES" "capgate.via"="FILES: std::fs::read::<&str> at {{.*}}generic-other-module.rs:[[@LINE+3]]"
    #[inline(never)]
    pub fn read_any<P: AsRef<Path>>(path: P) -> std::io::Result<Vec<u8>> {
        std::fs::read(path)
    }
}

// CHECK-DAG: "capgate"="FILES" "capgate.via"="FILES: generic_other_module::helpers::read_any::<&str> at {{.*}}generic-other-module.rs:[[@LINE+2]]"
pub fn read_settings() -> usize {
    helpers::read_any("settings.json").map(|b| b.len()).unwrap_or(0)
}
