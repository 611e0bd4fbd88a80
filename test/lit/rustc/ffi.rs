// extern "C" functions: libc's are classified by their C symbol, including
// under a #[link_name] alias (READ_SYSTEM_STATE for getenv); one nothing
// explains is NATIVE_CODE; dlopen is DYNAMIC_LOADING, and FILES (the loader
// opens the library file).
// RUN: %rustc-O0 --crate-type=lib --emit=llvm-ir=%t.O0.ll %s
// RUN: FileCheck %s < %t.O0.ll
// RUN: %rustc-O3 --crate-type=lib --emit=llvm-ir=%t.O3.ll %s
// RUN: FileCheck %s < %t.O3.ll

use std::ffi::{c_char, c_int, c_void};

extern "C" {
    #[link_name = "getenv"]
    fn lookup_variable(name: *const c_char) -> *mut c_char;
    fn compress_block(data: *const u8, len: usize) -> c_int;
    fn dlopen(filename: *const c_char, flag: c_int) -> *mut c_void;
}

// CHECK-DAG: "capgate"="READ_SYSTEM_STATE" "capgate.via"="READ_SYSTEM_STATE: getenv at {{.*}}ffi.rs:[[@LINE+2]]"
pub fn home_is_set() -> bool {
    unsafe { !lookup_variable(c"HOME".as_ptr()).is_null() }
}

// CHECK-DAG: "capgate"="NATIVE_CODE" "capgate.via"="NATIVE_CODE: compress_block at {{.*}}ffi.rs:[[@LINE+2]]"
pub fn compress(data: &[u8]) -> i32 {
    unsafe { compress_block(data.as_ptr(), data.len()) }
}

// CHECK-DAG: "capgate"="FILES,DYNAMIC_LOADING" "capgate.via"="FILES: dlopen at {{.*}}ffi.rs:[[@LINE+2]]; DYNAMIC_LOADING: dlopen at {{.*}}ffi.rs:[[@LINE+2]]"
pub fn load_plugin() -> bool {
    unsafe { !dlopen(c"libplugin.so".as_ptr(), 2).is_null() }
}
