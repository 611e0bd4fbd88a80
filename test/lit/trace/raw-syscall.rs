// A system call made by the program's own code (asm!) is charged what the
// call does (getpid: READ_SYSTEM_STATE), as the pass charges a raw system
// call whose number it reads, and noted as raw; it is not SYSTEM_CALLS of
// its own (a static SYSTEM_CALLS, for a number the pass cannot read, covers
// it as well).
// REQUIRES: capgate-trace-tool, ptrace, x86_64
// RUN: %rustc -o %t %s
// RUN: %capgate-trace-tool run -o %t.txt -- %t
// RUN: FileCheck %s < %t.txt

// CHECK: capabilities: READ_SYSTEM_STATE{{$}}
// CHECK-NEXT: READ_SYSTEM_STATE
// CHECK-NEXT: getpid() = [[PID:[0-9]+]]  [getpid (raw syscall instruction in the program); pid [[PID]] tid [[PID]]]
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} {{.*}}!raw_syscall::main+0x
// CHECK-NOT: SYSTEM_CALLS

fn main() {
    let pid: i64;
    unsafe {
        core::arch::asm!("syscall", inlateout("rax") 39i64 => pid, out("rcx") _, out("r11") _);
    }
    assert!(pid > 0);
}
