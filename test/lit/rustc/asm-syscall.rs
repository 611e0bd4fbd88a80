// A raw system call in asm! is charged the capability of its number
// (getpid: READ_SYSTEM_STATE) when rax is fed a constant, and SYSTEM_CALLS
// when the number is not known; a lone `syscall` instruction is no
// ARBITRARY_EXECUTION.
// REQUIRES: x86_64
// RUN: %rustc-O0 --crate-type=lib --emit=llvm-ir=%t.O0.ll %s
// RUN: FileCheck %s < %t.O0.ll
// RUN: %rustc-O3 --crate-type=lib --emit=llvm-ir=%t.O3.ll %s
// RUN: FileCheck %s < %t.O3.ll

use std::arch::asm;

// Kept out of line so the tagged function survives to the final IR at -O3;
// small functions are otherwise only instantiated where they are used.

// CHECK-DAG: "capgate"="READ_SYSTEM_STATE" "capgate.via"="READ_SYSTEM_STATE: syscall getpid (39) at {{.*}}asm-syscall.rs:[[@LINE+5]]"
#[inline(never)]
pub fn getpid_raw() -> i64 {
    let pid: i64;
    unsafe {
        asm!("syscall", inlateout("rax") 39i64 => pid, out("rcx") _, out("r11") _);
    }
    pid
}

// CHECK-DAG: "capgate"="SYSTEM_CALLS" "capgate.via"="SYSTEM_CALLS: asm! at {{.*}}asm-syscall.rs:[[@LINE+5]]"
#[inline(never)]
pub fn any_raw(number: i64) -> i64 {
    let result: i64;
    unsafe {
        asm!("syscall", inlateout("rax") number => result, out("rcx") _, out("r11") _);
    }
    result
}
