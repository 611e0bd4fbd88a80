// C libraries that validation/corpus found reaching the system where the
// report said only NATIVE_CODE: OpenSSL's initialisation and trust store
// (annotations/openssl.toml), SQLite's database file and the getpid and
// geteuid it makes opening one (sqlite3.toml), and the files dlopen makes
// the loader open (libc.toml). Pure cryptography is nothing.
// RUN: %rustc-O0 --crate-type=lib --emit=llvm-ir=%t.ll %s
// RUN: FileCheck %s < %t.ll
// RUN: FileCheck --check-prefix=DIGEST %s < %t.ll

use std::os::raw::{c_char, c_int, c_void};

extern "C" {
    fn OPENSSL_init_ssl(options: u64, settings: *const c_void) -> c_int;
    fn SSL_CTX_set_default_verify_paths(context: *mut c_void) -> c_int;
    fn EVP_Digest(data: *const c_void, count: usize, md: *mut u8, size: *mut u32, kind: *const c_void, engine: *mut c_void) -> c_int;
    fn sqlite3_open_v2(name: *const c_char, db: *mut *mut c_void, flags: c_int, vfs: *const c_char) -> c_int;
    fn dlopen(name: *const c_char, flags: c_int) -> *mut c_void;
}

// CHECK-DAG: "capgate"="FILES,READ_SYSTEM_STATE" "capgate.via"="FILES: OPENSSL_init_ssl at {{.*}}c-libraries.rs:[[@LINE+3]]; READ_SYSTEM_STATE: OPENSSL_init_ssl at {{.*}}c-libraries.rs:[[@LINE+3]]"
#[inline(never)]
pub unsafe fn init() -> c_int {
    OPENSSL_init_ssl(0, std::ptr::null())
}

// CHECK-DAG: "capgate"="FILES" "capgate.via"="FILES: SSL_CTX_set_default_verify_paths at {{.*}}c-libraries.rs:[[@LINE+3]]"
#[inline(never)]
pub unsafe fn trust_system(context: *mut c_void) -> c_int {
    SSL_CTX_set_default_verify_paths(context)
}

// CHECK-DAG: "capgate"="FILES,READ_SYSTEM_STATE" "capgate.via"="FILES: sqlite3_open_v2 at {{.*}}c-libraries.rs:[[@LINE+3]]; READ_SYSTEM_STATE: sqlite3_open_v2 at {{.*}}c-libraries.rs:[[@LINE+3]]"
#[inline(never)]
pub unsafe fn open_database(name: *const c_char, db: *mut *mut c_void) -> c_int {
    sqlite3_open_v2(name, db, 6, std::ptr::null())
}

// CHECK-DAG: "capgate"="FILES,DYNAMIC_LOADING" "capgate.via"="FILES: dlopen at {{.*}}c-libraries.rs:[[@LINE+3]]; DYNAMIC_LOADING: dlopen at {{.*}}c-libraries.rs:[[@LINE+3]]"
#[inline(never)]
pub unsafe fn load(name: *const c_char) -> *mut c_void {
    dlopen(name, 2)
}

// DIGEST: define {{.*}}@{{.*}}6digest{{.*}} #[[DIGEST:[0-9]+]]
// DIGEST: attributes #[[DIGEST]] = { noinline nonlazybind uwtable "probe-stack"
#[inline(never)]
pub unsafe fn digest(data: &[u8], out: *mut u8, size: *mut u32, kind: *const c_void) -> c_int {
    EVP_Digest(data.as_ptr().cast(), data.len(), out, size, kind, std::ptr::null_mut())
}
