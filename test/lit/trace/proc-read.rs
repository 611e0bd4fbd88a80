// Reading /proc is READ_SYSTEM_STATE, which a static FILES also explains
// (the analysis sees std::fs); a static report with neither lacks it.
// REQUIRES: capgate-trace-tool, ptrace
// RUN: %rustc -o %t %s
// RUN: %exit-code %capgate-trace-tool run --allowed FILES -o %t.files -- %t | FileCheck --check-prefix=EXIT0 %s
// RUN: FileCheck --check-prefix=FILES %s < %t.files
// RUN: %exit-code %capgate-trace-tool run --allowed net -o %t.net -- %t | FileCheck --check-prefix=EXIT1 %s
// RUN: FileCheck --check-prefix=NET %s < %t.net

// EXIT0: exit: 0
// EXIT1: exit: 1

// FILES: capabilities: READ_SYSTEM_STATE
// FILES: openat(AT_FDCWD, "/proc/self/status", O_RDONLY|O_CLOEXEC) = 3  [/proc/self/status;
// FILES: no false negatives: every capability seen at run time is in the allowed list (FILES)

// NET: false negatives: 1 capability seen at run time is missing from the allowed list (NETWORK)
// NET-NEXT: missing READ_SYSTEM_STATE
// NET-NEXT: openat(AT_FDCWD, "/proc/self/status", O_RDONLY|O_CLOEXEC)

fn main() {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    assert!(status.contains("Pid:"));
}
