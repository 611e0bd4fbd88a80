// Random numbers are no capability: a call into ring::rand (annotations/
// ring.toml, like getrandom.toml) charges its caller nothing, while ring's
// own code keeps its raw system call as a direct use of fill's body
// (docs/annotations.md: an annotated function is its annotation's summary).
// RUN: rm -rf %t && mkdir -p %t
// RUN: %rustc-O0 --crate-type=rlib --crate-name=ring -o %t/libring.rlib %S/Inputs/ring_rand_stub.rs
// RUN: %dump-facts %t/libring.rlib | FileCheck --check-prefix=RING %s
// RUN: %rustc-O0 --crate-type=rlib --crate-name=keys --extern ring=%t/libring.rlib -o %t/libkeys.rlib %s
// RUN: %dump-facts %t/libkeys.rlib | FileCheck %s

// ring::rand::fill itself means nothing and reaches nothing: its summary
// leads nowhere and is not written; its body is, with the system call.
// RING-NOT: fn	{{[^	]*}}4rand4fill	
// RING: fn	[[BODY:_RNvNtCs[0-9A-Za-z]+_4ring4rand4fill.capgate.body]]	i	ring	{{[0-9A-Za-z]+}}	ring::rand::fill	{{.*}}ring_rand_stub.rs	6
// RING-NEXT: use	[[BODY]]	SYSTEM_CALLS	syscall	{{.*}}ring_rand_stub.rs	7	syscall
// RING-NOT: fn	{{[^	]*}}4rand4fill	

// The caller has no use; its call into ring::rand stays an edge (a crate of
// the build could define that symbol as something else), which links to
// nothing that uses anything.
// CHECK: crate	keys
// CHECK-NOT: use
// CHECK: call	{{[^	]+}}	_RNvNtCs{{[0-9A-Za-z]+}}_4ring4rand4fill	{{.*}}ring-rand.rs	[[@LINE+4]]
// CHECK-NOT: use
pub fn new_key() -> [u8; 32] {
    let mut key = [0u8; 32];
    assert!(ring::rand::fill(&mut key));
    key
}
