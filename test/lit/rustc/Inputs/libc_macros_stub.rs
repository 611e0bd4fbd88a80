// Stands in for the libc crate's Rust functions, which reimplement C
// macros; SIGRTMAX asks the C library.
#![allow(non_snake_case)]
use std::os::raw::c_int;

extern "C" {
    fn __libc_current_sigrtmax() -> c_int;
}

pub unsafe fn SIGRTMAX() -> c_int {
    __libc_current_sigrtmax()
}

pub fn WEXITSTATUS(status: c_int) -> c_int {
    (status >> 8) & 0xff
}
