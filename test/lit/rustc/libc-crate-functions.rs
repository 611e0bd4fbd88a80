// The libc crate's Rust functions are SAFE summaries (annotations/
// libc.toml): a caller is charged nothing and nothing behind them is
// followed; libc's own facts keep SIGRTMAX's body, which calls the C
// library, as a node of its own.
// CAPGATE_PACKAGE names the annotated crate's package, as cargo capgate's
// wrapper does: without it the crate's own functions are not summarised.
// RUN: rm -rf %t && mkdir -p %t
// RUN: env CAPGATE_PACKAGE=libc %rustc-O0 --crate-type=rlib --crate-name=libc -o %t/liblibc.rlib %S/Inputs/libc_macros_stub.rs
// RUN: %dump-facts %t/liblibc.rlib | FileCheck --check-prefix=LIBC %s
// RUN: %rustc-O0 --crate-type=rlib --crate-name=status --extern libc=%t/liblibc.rlib -o %t/libstatus.rlib %s
// RUN: %dump-facts %t/libstatus.rlib | FileCheck %s

// SIGRTMAX's summary has no use and no edge (written because its body is).
// LIBC: fn	[[SIGRTMAX:[^	]+8SIGRTMAX]]	x	libc	{{[0-9A-Za-z]+}}	libc::SIGRTMAX
// LIBC-NOT: [[SIGRTMAX]]{{[[:space:]]}}
// LIBC: fn	[[SIGRTMAX]].capgate.body	i	libc	{{[0-9A-Za-z]+}}	libc::SIGRTMAX
// LIBC-NEXT: call	[[SIGRTMAX]].capgate.body	__libc_current_sigrtmax
// LIBC-NOT: [[SIGRTMAX]]{{[[:space:]]}}

// CHECK: crate	status
// CHECK-NOT: use
pub fn exit_code(status: i32) -> i32 {
    libc::WEXITSTATUS(status) + unsafe { libc::SIGRTMAX() }
}
