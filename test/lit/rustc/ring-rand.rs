// Random numbers are no capability: a call into ring::rand (annotations/
// ring.toml, like getrandom.toml) charges its caller nothing, and ring's own
// raw system call, getrandom by its number (capgate/Syscalls.h), is nothing
// either.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %rustc-O0 --crate-type=rlib --crate-name=ring --emit=link,llvm-ir -o %t/libring.rlib %S/Inputs/ring_rand_stub.rs
// RUN: FileCheck --check-prefix=RING %s < %t/libring.ll
// RUN: %rustc-O0 --crate-type=rlib --crate-name=keys --extern ring=%t/libring.rlib -o %t/libkeys.rlib %s
// RUN: %dump-facts %t/libkeys.rlib | FileCheck %s

// RING: define {{.*}}4rand4fill
// RING-NOT: "capgate"=
// The caller has no use and no call into ring::rand for the subcommand to
// follow (without the annotation it has one, and reaches the system call):
// new_key leads nowhere, so its facts are pruned away.
// CHECK: crate	keys
// CHECK-NOT: 4rand4fill
pub fn new_key() -> [u8; 32] {
    let mut key = [0u8; 32];
    assert!(ring::rand::fill(&mut key));
    key
}
