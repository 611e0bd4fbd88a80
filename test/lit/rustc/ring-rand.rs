// Random numbers are no capability: a call into ring::rand (annotations/
// ring.toml, like getrandom.toml) charges its caller nothing, while ring's
// own code keeps its raw system call in fill's body (docs/annotations.md: an
// annotated function is its annotation's summary), where getrandom by its
// number (capgate/Syscalls.h) is nothing either.
// CAPGATE_PACKAGE names the annotated crate's package, as cargo capgate's
// wrapper does: without it the crate's own functions are not summarised.
// RUN: rm -rf %t && mkdir -p %t
// RUN: env CAPGATE_PACKAGE=ring %rustc-O0 --crate-type=rlib --crate-name=ring -o %t/libring.rlib %S/Inputs/ring_rand_stub.rs
// RUN: %dump-facts %t/libring.rlib | FileCheck --check-prefix=RING %s
// RUN: %rustc-O0 --crate-type=rlib --crate-name=keys --extern ring=%t/libring.rlib -o %t/libkeys.rlib %s
// RUN: %dump-facts %t/libkeys.rlib | FileCheck %s

// ring::rand::fill itself means nothing and reaches nothing: its summary
// has no use and no edge (it is written because its body is, which the
// subcommand would give it back were ring not the package ring); its body
// makes the system call, which is nothing.
// RING: fn	[[FILL:_RNvNtCs[0-9A-Za-z]+_4ring4rand4fill]]	x	ring	{{[0-9A-Za-z]+}}	ring::rand::fill
// RING-NOT: [[FILL]]{{[[:space:]]}}
// RING: fn	[[FILL]].capgate.body	i	ring	{{[0-9A-Za-z]+}}	ring::rand::fill	{{.*}}ring_rand_stub.rs	6
// RING-NOT: use	[[FILL]].capgate.body
// RING-NOT: [[FILL]]{{[[:space:]]}}

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
