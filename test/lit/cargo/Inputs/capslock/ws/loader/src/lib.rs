use std::ffi::CString;
use std::os::raw::{c_char, c_int, c_void};

extern "C" {
    fn dlopen(filename: *const c_char, flags: c_int) -> *mut c_void;
}

const RTLD_NOW: c_int = 2;

/// Loads a shared library by name, as a plugin host does.
pub fn load(name: &str) -> bool {
    let name = CString::new(name).unwrap();
    !unsafe { dlopen(name.as_ptr(), RTLD_NOW) }.is_null()
}
