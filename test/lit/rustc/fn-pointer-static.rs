// A function pointer stored in a static: whoever calls through the static
// reaches what the function does (MODIFY_SYSTEM_STATE for set_var).
// RUN: %rustc-O0 --crate-type=lib --emit=llvm-ir=%t.O0.ll %s
// RUN: FileCheck %s < %t.O0.ll
// RUN: %rustc-O3 --crate-type=lib --emit=llvm-ir=%t.O3.ll %s
// RUN: FileCheck %s < %t.O3.ll

fn set_mode() {
    std::env::set_var("MODE", "fast");
}

static HANDLER: fn() = set_mode;

// CHECK-DAG: "capgate"="MODIFY_SYSTEM_STATE" "capgate.via"="MODIFY_SYSTEM_STATE: {{.*}} at {{.*}}fn-pointer-static.rs:[[@LINE+2]]"
pub fn apply() {
    (HANDLER)()
}
