// A TCP listener and a client on loopback in one program: socket, bind,
// listen, connect with the decoded address, and the accept made by the
// spawned thread (threads are followed).
// REQUIRES: capgate-trace-tool, ptrace
// RUN: %rustc -o %t %s
// RUN: %capgate-trace-tool run -o %t.txt -- %t
// RUN: FileCheck %s < %t.txt

// CHECK: capgate trace: {{.*}} exited with status 0
// CHECK: in 1 processes, 2 threads
// CHECK: capabilities: NETWORK
// CHECK-NEXT: NETWORK
// CHECK-NEXT: socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, 0) = 3  [AF_INET; pid [[PID:[0-9]+]] tid [[PID]]; 2 times]
// CHECK: bind(3, 127.0.0.1:0, 16) = 0  [AF_INET 127.0.0.1:0;
// CHECK: listen(3, 128) = 0
// The thread may enter accept4 before or after the client connects, and
// descriptor numbers depend on that timing: neither order nor numbers are
// checked, only that the accept is the spawned thread's.
// CHECK-DAG: connect({{[0-9]+}}, 127.0.0.1:[[PORT:[0-9]+]], 16) = 0  [AF_INET 127.0.0.1:[[PORT]]; pid [[PID]] tid [[PID]]]
// CHECK-DAG: accept4(3, {{.*}}) = {{[0-9]+}}  [accepts a connection; pid [[PID]] tid [[TID:[0-9]+]]]
// RUN: grep -A12 "accept4(3" %t.txt | FileCheck --check-prefix=ACCEPT %s
// ACCEPT: accept4(3, {{.*}}) = {{[0-9]+}}  [accepts a connection; pid [[PID:[0-9]+]] tid [[TID:[0-9]+]]]
// ACCEPT: !loopback::main::{closure#0}+0x

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};

fn main() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let server = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        stream.write_all(b"hi").unwrap();
    });
    let mut client = TcpStream::connect(addr).unwrap();
    let mut reply = String::new();
    client.read_to_string(&mut reply).unwrap();
    server.join().unwrap();
    assert_eq!(reply, "hi");
}
