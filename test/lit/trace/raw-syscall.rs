// A system call made by the program's own code (asm!) is SYSTEM_CALLS, and
// also what the call does (getpid: READ_SYSTEM_STATE).
// REQUIRES: capgate-trace-tool, ptrace, x86_64
// RUN: %rustc -o %t %s
// RUN: %capgate-trace-tool run -o %t.txt -- %t
// RUN: FileCheck %s < %t.txt

// CHECK: capabilities: READ_SYSTEM_STATE, SYSTEM_CALLS
// CHECK-NEXT: READ_SYSTEM_STATE
// CHECK-NEXT: getpid() = [[PID:[0-9]+]]  [getpid; pid [[PID]] tid [[PID]]]
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} {{.*}}!raw_syscall::main+0x
// CHECK: SYSTEM_CALLS
// CHECK-NEXT: getpid() = [[PID]]  [raw syscall instruction in the program;

fn main() {
    let pid: i64;
    unsafe {
        core::arch::asm!("syscall", inlateout("rax") 39i64 => pid, out("rcx") _, out("r11") _);
    }
    assert!(pid > 0);
}
