// Turning a File or a TcpStream into a raw descriptor, or back, opens and
// connects nothing: only opening the file itself is FILES.
// RUN: %rustc-O0 --crate-type=lib --emit=llvm-ir=%t.O0.ll %s
// RUN: FileCheck %s < %t.O0.ll
// RUN: %rustc-O3 --crate-type=lib --emit=llvm-ir=%t.O3.ll %s
// RUN: FileCheck %s < %t.O3.ll

use std::os::fd::{AsRawFd, FromRawFd, RawFd};

// CHECK-NOT: "capgate"="FILES" "capgate.via"="FILES: {{.*}}as_raw_fd
// CHECK-NOT: "capgate"="NETWORK"
#[inline(never)]
pub fn descriptor_of(file: &std::fs::File) -> RawFd {
    file.as_raw_fd()
}

#[inline(never)]
pub fn adopt(fd: RawFd) -> std::net::TcpStream {
    unsafe { std::net::TcpStream::from_raw_fd(fd) }
}
