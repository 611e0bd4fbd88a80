// A hello-world exercises no capability of its own: everything the loader and
// the Rust runtime do before main is reported in the runtime phase and not
// counted.
// REQUIRES: capgate-trace-tool, ptrace
// RUN: %rustc -o %t %s
// RUN: %capgate-trace-tool run -o %t.txt -- %t | FileCheck --check-prefix=OUT %s
// RUN: FileCheck %s < %t.txt
// RUN: %capgate-trace-tool run --json -o %t.json -- %t
// RUN: FileCheck --check-prefix=JSON %s < %t.json
// RUN: %capgate-trace-tool run --allowed '' -o %t.cmp -- %t
// RUN: FileCheck --check-prefix=CMP %s < %t.cmp

// OUT: hello

// CHECK: capgate trace: {{.*}} exited with status 0
// CHECK: program code starts at {{.*}}__rust_begin_short_backtrace{{.*}} (rust-main)
// CHECK-NEXT: capabilities: none
// CHECK-NEXT: not counted, runtime phase (before the program's code): FILES
// CHECK-NOT: {{^[A-Z_]+$}}

// JSON: "boundary": {
// JSON-NEXT: "kind": "rust-main",
// JSON-NEXT: "reached": true,
// JSON: "capabilities": [],
// JSON: "phase": "runtime",
// JSON-NOT: "phase": "main"

// CMP: no false negatives: every capability seen at run time is in the allowed list (none)

fn main() {
    println!("hello");
}
