use std::ffi::CString;
use std::os::raw::{c_char, c_int};

extern "C" {
    // glibc's version-aware comparison: C code that no annotation explains.
    fn strverscmp(a: *const c_char, b: *const c_char) -> c_int;
}

fn main() {
    let newer = CString::new("1.10").unwrap();
    let older = CString::new("1.9").unwrap();
    let order = unsafe { strverscmp(newer.as_ptr(), older.as_ptr()) };
    let loaded = loader::load("libplugin.so");
    println!("{order} {loaded}");
}
