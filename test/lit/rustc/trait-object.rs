// A call through a trait object reaches what the implementations do: the
// function that builds the trait object takes the address of the vtable,
// whose entries are the implementation's methods.
// RUN: %rustc-O0 --crate-type=lib --emit=llvm-ir=%t.O0.ll %s
// RUN: FileCheck %s < %t.O0.ll
// RUN: %rustc-O3 --crate-type=lib --emit=llvm-ir=%t.O3.ll %s
// RUN: FileCheck %s < %t.O3.ll

pub trait Fetch {
    fn fetch(&self) -> bool;
}

pub struct Remote;

impl Fetch for Remote {
    // CHECK-DAG: "capgate"="NETWORK" "capgate.via"="NETWORK: <std::net::tcp::TcpStream>::connect::<&str> at {{.*}}trait-object.rs:[[@LINE+2]]"
    fn fetch(&self) -> bool {
        std::net::TcpStream::connect("127.0.0.1:80").is_ok()
    }
}

#[inline(never)]
pub fn run(fetcher: &dyn Fetch) -> bool {
    fetcher.fetch()
}

// CHECK-DAG: "capgate"="NETWORK" "capgate.via"="NETWORK: {{.*}} at {{.*}}trait-object.rs:[[@LINE+2]]"
pub fn fetch_remote() -> bool {
    run(&Remote)
}
