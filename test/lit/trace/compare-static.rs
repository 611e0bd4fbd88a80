// Comparison with a capgate-report/1 report: a binary whose report has FILES
// is covered; one whose report has nothing gets FILES listed as a false
// negative with the call and its stack, and exit 1; JSON carries the same.
// REQUIRES: capgate-trace-tool, ptrace
// RUN: %rustc -o %t %s
// RUN: %exit-code %capgate-trace-tool run --static %S/Inputs/report.json --binary reader -o %t.ok -- %t | FileCheck --check-prefix=EXIT0 %s
// RUN: FileCheck --check-prefix=OK %s < %t.ok
// RUN: %exit-code %capgate-trace-tool run --static %S/Inputs/report.json --binary silent -o %t.fn -- %t | FileCheck --check-prefix=EXIT1 %s
// RUN: FileCheck --check-prefix=FN %s < %t.fn
// RUN: %exit-code %capgate-trace-tool run --json --static %S/Inputs/report.json --binary silent -o %t.json -- %t | FileCheck --check-prefix=EXIT1 %s
// RUN: FileCheck --check-prefix=JSON %s < %t.json

// EXIT0: exit: 0
// EXIT1: exit: 1

// OK: no false negatives: every capability seen at run time is in the static report for `reader` (FILES)

// FN: false negatives: 1 capability seen at run time is missing from the static report for `silent` (none)
// FN-NEXT: missing FILES
// FN-NEXT: openat(AT_FDCWD, "/etc/hostname", O_RDONLY|O_CLOEXEC) = {{.*}}  [/etc/hostname; pid
// FN-NEXT: #0 0x{{[0-9a-f]+}} libc.so.6!
// FN: compare_static::main

// JSON: "comparison": {
// JSON-NEXT: "binary": "silent",
// JSON-NEXT: "false_negatives": [
// JSON-NEXT: {
// JSON-NEXT: "capability": "FILES",
// JSON-NEXT: "observations": [
// JSON: "syscall": "openat",

fn main() {
    let _ = std::fs::read_to_string("/etc/hostname");
}
