// A function of another crate that an annotation names is a use at the
// call, and still an edge: the subcommand links it to that crate's facts,
// which say what its body does beyond the annotation (here FILES). The
// answer must not depend on whether rustc instantiated the callee here.
// RUN: rm -rf %t && mkdir -p %t
// RUN: env CAPGATE_EXTRA_ANNOTATIONS=%S/Inputs/annotated-dep.toml %rustc-O0 --crate-type=rlib --crate-name=annotated_dep -o %t/libannotated_dep.rlib %S/Inputs/annotated_dep.rs
// RUN: env CAPGATE_EXTRA_ANNOTATIONS=%S/Inputs/annotated-dep.toml %rustc-O0 --crate-type=rlib --crate-name=caller --extern annotated_dep=%t/libannotated_dep.rlib -o %t/libcaller.rlib %s
// RUN: %dump-facts %t/libcaller.rlib | FileCheck %s

// CHECK-DAG: use	[[CALLER:_RNvCs[0-9A-Za-z]+_6caller5start]]	NETWORK	annotated_dep::fetch_config	{{.*}}annotated-extern.rs	[[@LINE+3]]
// CHECK-DAG: call	[[CALLER]]	[[DEP:_RNvCs[0-9A-Za-z]+_13annotated_dep12fetch_config]]	{{.*}}annotated-extern.rs	[[@LINE+2]]
pub fn start() -> bool {
    annotated_dep::fetch_config()
}
