// Cargo lets a package name its library `core`. Its code is not the
// toolchain's core: its file read is a use of its own, and its crate record
// carries its own disambiguator, not real core's (whose generics it
// instantiates, under the same crate name).
// RUN: %rustc-O0 --crate-type=rlib --crate-name=core -o %t.rlib %s
// RUN: %dump-facts %t.rlib | FileCheck %s

// CHECK: crate	core	[[DIS:[0-9A-Za-z]+]]	rlib
// CHECK-DAG: fn	_RNvCs[[DIS]]_4core8read_all	x	core	[[DIS]]	core::read_all	{{.*}}crate-named-core.rs	[[@LINE+2]]
// CHECK-DAG: use	_RNvCs[[DIS]]_4core8read_all	FILES	std::fs::read::<&str>	{{.*}}crate-named-core.rs	[[@LINE+2]]
pub fn read_all() -> usize {
    std::fs::read("/etc/hostname").map(|b| b.len()).unwrap_or(0)
}
