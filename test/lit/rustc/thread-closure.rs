// A closure handed to std::thread::spawn runs on another thread, but it is
// still the caller's doing: the caller reaches EXEC through spawn's
// instantiation, which takes the closure's address.
// RUN: %rustc-O0 --crate-type=lib --emit=llvm-ir=%t.O0.ll %s
// RUN: FileCheck %s < %t.O0.ll
// RUN: %rustc-O3 --crate-type=lib --emit=llvm-ir=%t.O3.ll %s
// RUN: FileCheck %s < %t.O3.ll

use std::process::Command;

// CHECK-DAG: "capgate"="EXEC" "capgate.via"="EXEC: std::thread::{{.*}}spawn::<{{.*}}> at {{.*}}thread-closure.rs:[[@LINE+2]]"
pub fn list_in_background() {
    let worker = std::thread::spawn(|| Command::new("ls").status().is_ok());
    let _ = worker.join();
}
