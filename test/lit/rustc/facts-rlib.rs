// The facts ride inside the rlib (and so inside cargo's cache and any
// build cache), naming the crate and package from the environment cargo
// gives rustc, and every use with its file and line.
// RUN: env CARGO_PKG_NAME=facts-demo CARGO_PKG_VERSION=1.2.3 CARGO_MANIFEST_DIR=/src/facts-demo \
// RUN:   %rustc-O0 --crate-type=rlib --crate-name=facts_demo -o %t.rlib %s
// RUN: %dump-facts --headers %t.rlib | FileCheck %s

// CHECK: capgate-facts	1	{{[0-9]+}}	{{[0-9]+}}
// CHECK-NEXT: crate	facts_demo	[[DIS:[0-9A-Za-z]+]]	rlib	facts-demo	1.2.3	/src/facts-demo	facts_demo.{{.*}}
// CHECK: fn	_RNvCs[[DIS]]_10facts_demo7connect	x	facts_demo	[[DIS]]	facts_demo::connect	{{.*}}facts-rlib.rs	[[@LINE+2]]
// CHECK-NEXT: use	_RNvCs[[DIS]]_10facts_demo7connect	NETWORK	<std::net::tcp::TcpStream>::connect::<&str>	{{.*}}facts-rlib.rs	[[@LINE+2]]
pub fn connect() -> bool {
    std::net::TcpStream::connect("127.0.0.1:9").is_ok()
}
