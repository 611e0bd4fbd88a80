//! libloading: dlopen a library the program does not link (libbz2, which
//! every Debian system has) and call a function found with dlsym.
use std::ffi::CStr;
use std::os::raw::c_char;

fn main() {
    let version = unsafe {
        let library = libloading::Library::new("libbz2.so.1.0").expect("dlopen libbz2");
        let function: libloading::Symbol<unsafe extern "C" fn() -> *const c_char> =
            library.get(b"BZ2_bzlibVersion\0").expect("dlsym BZ2_bzlibVersion");
        CStr::from_ptr(function()).to_string_lossy().into_owned()
    };
    println!("native-dlopen: libbz2 {version}");
}
