// Opening a file by path is FILES, with the path and a stack that reaches the
// program's main; creating it is FILES too.
// REQUIRES: capgate-trace-tool, ptrace
// RUN: rm -f %t.data
// RUN: %rustc -o %t %s
// RUN: %capgate-trace-tool run -o %t.txt -- %t %t.data
// RUN: FileCheck %s -DDATA=%t.data < %t.txt

// CHECK: capabilities: FILES
// CHECK-NEXT: FILES
// CHECK-NEXT: openat(AT_FDCWD, "[[DATA]]", O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC, 0666) = 3  {{\[}}[[DATA]]; pid [[PID:[0-9]+]] tid [[PID]]]
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} libc.so.6!
// CHECK: open_file::main+0x
// CHECK: openat(AT_FDCWD, "[[DATA]]", O_RDONLY|O_CLOEXEC) = 3
// CHECK: not counted, runtime phase

fn main() {
    let path = std::env::args().nth(1).unwrap();
    std::fs::write(&path, "data").unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text, "data");
}
