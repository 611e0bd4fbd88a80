// The libc crate's Rust functions are SAFE summaries (annotations/
// libc.toml): a caller is charged nothing and nothing behind them is
// followed; libc's own facts keep SIGRTMAX's body, which calls the C
// library, as a node of its own.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %rustc-O0 --crate-type=rlib --crate-name=libc -o %t/liblibc.rlib %S/Inputs/libc_macros_stub.rs
// RUN: %dump-facts %t/liblibc.rlib | FileCheck --check-prefix=LIBC %s
// RUN: %rustc-O0 --crate-type=rlib --crate-name=status --extern libc=%t/liblibc.rlib -o %t/libstatus.rlib %s
// RUN: %dump-facts %t/libstatus.rlib | FileCheck %s

// LIBC-NOT: fn	{{[^	]+}}8SIGRTMAX	
// LIBC: fn	{{[^	]+}}8SIGRTMAX.capgate.body	i	libc	{{[0-9A-Za-z]+}}	libc::SIGRTMAX
// LIBC-NEXT: call	{{[^	]+}}8SIGRTMAX.capgate.body	__libc_current_sigrtmax
// LIBC-NOT: fn	{{[^	]+}}8SIGRTMAX	

// CHECK: crate	status
// CHECK-NOT: use
pub fn exit_code(status: i32) -> i32 {
    libc::WEXITSTATUS(status) + unsafe { libc::SIGRTMAX() }
}
