// C functions libc.toml once left to NATIVE_CODE or charged as files
// (validation/ground-truth/current-report-comparison.md): opening a POSIX
// message queue or a pseudo-terminal is FILES, a terminal's process group
// READ_SYSTEM_STATE to read and MODIFY_SYSTEM_STATE to set; moving data
// between descriptors already held (sendfile, vmsplice), asynchronous I/O,
// an open message queue, flushing a mapping (msync), a terminal's speed
// and timers are nothing.
// RUN: %rustc-O0 --crate-type=lib --emit=llvm-ir=%t.ll %s
// RUN: FileCheck %s < %t.ll
// RUN: FileCheck --check-prefix=NOTHING %s < %t.ll

use std::os::raw::{c_char, c_int, c_long, c_void};

extern "C" {
    fn mq_open(name: *const c_char, flags: c_int, ...) -> c_int;
    fn posix_openpt(flags: c_int) -> c_int;
    fn tcgetpgrp(fd: c_int) -> c_int;
    fn tcsetpgrp(fd: c_int, group: c_int) -> c_int;
    fn sendfile(out: c_int, input: c_int, offset: *mut c_long, count: usize) -> isize;
    fn vmsplice(fd: c_int, iov: *const c_void, count: usize, flags: c_int) -> isize;
    fn aio_read(request: *mut c_void) -> c_int;
    fn mq_send(queue: c_int, message: *const c_char, length: usize, priority: u32) -> c_int;
    fn msync(address: *mut c_void, length: usize, flags: c_int) -> c_int;
    fn cfsetspeed(termios: *mut c_void, speed: u32) -> c_int;
    fn timer_delete(timer: *mut c_void) -> c_int;
}

// CHECK-DAG: "capgate"="FILES" "capgate.via"="FILES: mq_open at {{.*}}libc-gaps-2.rs:[[@LINE+3]]"
#[inline(never)]
pub unsafe fn queue(name: *const c_char) -> c_int {
    mq_open(name, 0)
}

// CHECK-DAG: "capgate"="FILES" "capgate.via"="FILES: posix_openpt at {{.*}}libc-gaps-2.rs:[[@LINE+3]]"
#[inline(never)]
pub unsafe fn terminal() -> c_int {
    posix_openpt(2)
}

// CHECK-DAG: "capgate"="READ_SYSTEM_STATE,MODIFY_SYSTEM_STATE" "capgate.via"="READ_SYSTEM_STATE: tcgetpgrp at {{.*}}libc-gaps-2.rs:[[@LINE+3]]; MODIFY_SYSTEM_STATE: tcsetpgrp at {{.*}}libc-gaps-2.rs:[[@LINE+4]]"
#[inline(never)]
pub unsafe fn foreground(fd: c_int) -> c_int {
    let group = tcgetpgrp(fd);
    tcsetpgrp(fd, group)
}

// NOTHING: define {{.*}}@{{.*}}4held{{.*}} #[[HELD:[0-9]+]]
// NOTHING: attributes #[[HELD]] = { noinline nonlazybind uwtable "probe-stack"
#[inline(never)]
pub unsafe fn held(fd: c_int, file: c_int, buffer: *mut c_void, request: *mut c_void) -> c_int {
    sendfile(fd, file, std::ptr::null_mut(), 1);
    vmsplice(fd, buffer, 1, 0);
    aio_read(request);
    mq_send(fd, buffer as *const c_char, 1, 0);
    msync(buffer, 1, 0);
    cfsetspeed(buffer, 9600);
    timer_delete(request)
}
