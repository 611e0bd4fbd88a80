// C functions nix calls that libc.toml once left to NATIVE_CODE: interface
// lists are NETWORK, group lists and another process's memory
// READ_SYSTEM_STATE, file-system ids MODIFY_SYSTEM_STATE, daemon EXEC; a
// directory's descriptor, fadvise, sigwait and alarm are nothing.
// RUN: %rustc-O0 --crate-type=lib --emit=llvm-ir=%t.ll %s
// RUN: FileCheck %s < %t.ll
// RUN: FileCheck --check-prefix=NOTHING %s < %t.ll

use std::os::raw::{c_char, c_int, c_uint, c_void};

extern "C" {
    fn if_nameindex() -> *mut c_void;
    fn getgrouplist(user: *const c_char, group: c_uint, groups: *mut c_uint, count: *mut c_int) -> c_int;
    fn setfsuid(uid: c_uint) -> c_int;
    fn daemon(nochdir: c_int, noclose: c_int) -> c_int;
    fn dirfd(dir: *mut c_void) -> c_int;
    fn alarm(seconds: c_uint) -> c_uint;
}

// CHECK-DAG: "capgate"="NETWORK" "capgate.via"="NETWORK: if_nameindex at {{.*}}libc-nix-gaps.rs:[[@LINE+3]]"
#[inline(never)]
pub unsafe fn interfaces() -> *mut c_void {
    if_nameindex()
}

// CHECK-DAG: "capgate"="READ_SYSTEM_STATE" "capgate.via"="READ_SYSTEM_STATE: getgrouplist at {{.*}}libc-nix-gaps.rs:[[@LINE+3]]"
#[inline(never)]
pub unsafe fn groups(user: *const c_char, groups: *mut c_uint, count: *mut c_int) -> c_int {
    getgrouplist(user, 0, groups, count)
}

// CHECK-DAG: "capgate"="MODIFY_SYSTEM_STATE" "capgate.via"="MODIFY_SYSTEM_STATE: setfsuid at {{.*}}libc-nix-gaps.rs:[[@LINE+3]]"
#[inline(never)]
pub unsafe fn become_user(uid: c_uint) -> c_int {
    setfsuid(uid)
}

// CHECK-DAG: "capgate"="EXEC" "capgate.via"="EXEC: daemon at {{.*}}libc-nix-gaps.rs:[[@LINE+3]]"
#[inline(never)]
pub unsafe fn detach() -> c_int {
    daemon(0, 0)
}

// NOTHING: define {{.*}}@{{.*}}8harmless{{.*}} #[[HARMLESS:[0-9]+]]
// NOTHING: attributes #[[HARMLESS]] = { noinline nonlazybind uwtable "probe-stack"
#[inline(never)]
pub unsafe fn harmless(dir: *mut c_void) -> c_int {
    alarm(1);
    dirfd(dir)
}
