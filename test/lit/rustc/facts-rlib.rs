// The facts ride inside the rlib (and so inside cargo's cache and any
// build cache), naming the crate, and the unit and package the wrapper
// gives the plugin, and every use with its file and line. The block is
// MAC'd with the unit's key (checked here by Python's own HMAC).
// RUN: env CAPGATE_PACKAGE=facts-demo CAPGATE_PACKAGE_VERSION=1.2.3 CAPGATE_MANIFEST_DIR=/src/facts-demo \
// RUN:   CAPGATE_UNIT=facts_demo-x1 CAPGATE_UNIT_KEY=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f \
// RUN:   %rustc-O0 --crate-type=rlib --crate-name=facts_demo -o %t.rlib %s
// RUN: %dump-facts --headers --unit-key 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f %t.rlib | FileCheck %s
// A wrong key does not verify.
// RUN: not %dump-facts --unit-key 100102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f %t.rlib

// CHECK: capgate-facts	2	facts_demo-x1	{{[0-9]+}}	{{[0-9]+}}	[[MAC:[0-9a-f]{64}]]{{$}}
// CHECK-NEXT: crate	facts_demo	[[DIS:[0-9A-Za-z]+]]	rlib	facts-demo	1.2.3	/src/facts-demo	facts_demo.{{.*}}	facts_demo-x1{{$}}
// CHECK: fn	_RNvCs[[DIS]]_10facts_demo7connect	x	facts_demo	[[DIS]]	facts_demo::connect	{{.*}}facts-rlib.rs	[[@LINE+2]]
// CHECK-NEXT: use	_RNvCs[[DIS]]_10facts_demo7connect	NETWORK	<std::net::tcp::TcpStream>::connect::<&str>	{{.*}}facts-rlib.rs	[[@LINE+2]]
pub fn connect() -> bool {
    std::net::TcpStream::connect("127.0.0.1:9").is_ok()
}
