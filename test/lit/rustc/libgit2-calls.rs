// libgit2's C API is described by annotations/libgit2.toml: opening a
// repository is FILES and READ_SYSTEM_STATE (it checks the owner against
// geteuid), initialising the library READ_SYSTEM_STATE (getuid, geteuid,
// $HOME), a remote NETWORK, object ids are nothing; a libgit2 function the
// file does not name is still NATIVE_CODE.
// RUN: %rustc-O0 --crate-type=lib --emit=llvm-ir=%t.ll %s
// RUN: FileCheck %s < %t.ll
// RUN: FileCheck --check-prefix=PARSE %s < %t.ll

use std::os::raw::{c_char, c_int, c_void};

extern "C" {
    fn git_libgit2_init() -> c_int;
    fn git_repository_open(out: *mut *mut c_void, path: *const c_char) -> c_int;
    fn git_remote_fetch(remote: *mut c_void, refspecs: *const c_void, opts: *const c_void, msg: *const c_char) -> c_int;
    fn git_oid_fromstr(out: *mut c_void, text: *const c_char) -> c_int;
    fn git_some_future_api() -> c_int;
}

// CHECK-DAG: "capgate"="READ_SYSTEM_STATE" "capgate.via"="READ_SYSTEM_STATE: git_libgit2_init at {{.*}}libgit2-calls.rs:[[@LINE+3]]"
#[inline(never)]
pub unsafe fn init() -> c_int {
    git_libgit2_init()
}

// CHECK-DAG: "capgate"="FILES,READ_SYSTEM_STATE" "capgate.via"="FILES: git_repository_open at {{.*}}libgit2-calls.rs:[[@LINE+3]]; READ_SYSTEM_STATE: git_repository_open at {{.*}}libgit2-calls.rs:[[@LINE+3]]"
#[inline(never)]
pub unsafe fn open(out: *mut *mut c_void, path: *const c_char) -> c_int {
    git_repository_open(out, path)
}

// CHECK-DAG: "capgate"="NETWORK" "capgate.via"="NETWORK: git_remote_fetch at {{.*}}libgit2-calls.rs:[[@LINE+3]]"
#[inline(never)]
pub unsafe fn fetch(remote: *mut c_void) -> c_int {
    git_remote_fetch(remote, std::ptr::null(), std::ptr::null(), std::ptr::null())
}

// CHECK-DAG: "capgate"="NATIVE_CODE" "capgate.via"="NATIVE_CODE: git_some_future_api at {{.*}}libgit2-calls.rs:[[@LINE+3]]"
#[inline(never)]
pub unsafe fn unknown() -> c_int {
    git_some_future_api()
}

// Parsing an object id touches nothing: no attribute at all.
// PARSE: define {{.*}}@{{.*}}5parse{{.*}} #[[PARSE:[0-9]+]]
// PARSE: attributes #[[PARSE]] = { noinline nonlazybind uwtable "probe-stack"
#[inline(never)]
pub unsafe fn parse(out: *mut c_void, text: *const c_char) -> c_int {
    git_oid_fromstr(out, text)
}
