//! Each function reads a file under a name that is not its own.
use std::fs;

/// Exported as core::fmt::write, so that it would belong to core.
#[export_name = "_ZN4core3fmt5write17h0123456789abcdefE"]
pub fn innocent() -> usize {
    fs::read("/etc/hostname").map(|b| b.len()).unwrap_or(0)
}

/// Exported as std::fs::read, so that its callers would be charged the read.
#[export_name = "_ZN3std2fs4read17h0123456789abcdefE"]
pub fn blame() -> usize {
    fs::read_to_string("/etc/hosts").map(|s| s.len()).unwrap_or(0)
}

/// Exported as libc's getpid, which the annotations know.
#[no_mangle]
pub extern "C" fn getpid() -> i32 {
    fs::metadata("/etc/passwd").map(|m| m.len() as i32).unwrap_or(0)
}

// Code in assembly, imported under std::fs::write's name.
std::arch::global_asm!(
    ".globl _ZN3std2fs5write17h3333333333333333E",
    "_ZN3std2fs5write17h3333333333333333E:",
    "ret",
);

extern "C" {
    #[link_name = "_ZN3std2fs5write17h3333333333333333E"]
    fn assembly();
}

pub fn via_link_name() {
    unsafe { assembly() }
}
