// UNIX-domain sockets are NETWORK, noted as unix-domain with their path.
// REQUIRES: capgate-trace-tool, ptrace
// RUN: rm -f %t.sock
// RUN: %rustc -o %t %s
// RUN: %capgate-trace-tool run -o %t.txt -- %t %t.sock
// RUN: FileCheck %s -DSOCK=%t.sock < %t.txt

// CHECK: capabilities: FILES, NETWORK
// CHECK: socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0) = 3  [AF_UNIX (unix-domain);
// CHECK: bind(3, [[SOCK]], {{[0-9]+}}) = 0  [AF_UNIX [[SOCK]] (unix-domain);
// CHECK: connect(4, [[SOCK]], {{[0-9]+}}) = 0  [AF_UNIX [[SOCK]] (unix-domain);

use std::os::unix::net::{UnixListener, UnixStream};

fn main() {
    let path = std::env::args().nth(1).unwrap();
    let listener = UnixListener::bind(&path).unwrap();
    let _client = UnixStream::connect(&path).unwrap();
    let _ = listener.accept().unwrap();
    std::fs::remove_file(&path).unwrap();
}
