// A local module named `fs` or `net` is not std's: paths are matched in
// full, crate included, so nothing here is tagged.
// RUN: %rustc-O0 --crate-type=lib --emit=llvm-ir=%t.O0.ll %s
// RUN: FileCheck %s < %t.O0.ll
// RUN: %rustc-O3 --crate-type=lib --emit=llvm-ir=%t.O3.ll %s
// RUN: FileCheck %s < %t.O3.ll

// CHECK-NOT: "capgate"=

pub mod fs {
    pub fn read(name: &str) -> usize {
        name.len()
    }
}

pub mod net {
    pub struct TcpStream;
    impl TcpStream {
        pub fn connect(address: &str) -> usize {
            address.bytes().filter(|b| *b == b':').count()
        }
    }
}

pub fn both(name: &str) -> usize {
    fs::read(name) + net::TcpStream::connect(name)
}
