// A function of another crate that an annotation names is a use at the
// call, and still an edge: it leads to the function's summary, which the
// pass wrote where it compiled the function (here NETWORK, and nothing of
// its body's FILES), or to whatever else a crate of the build defines under
// that name. The body keeps its FILES as annotated_dep's own use.
// CAPGATE_PACKAGE names the annotated crate's package, as cargo capgate's
// wrapper does: without it the crate's own functions are not summarised.
// RUN: rm -rf %t && mkdir -p %t
// RUN: env CAPGATE_PACKAGE=annotated-dep CAPGATE_EXTRA_ANNOTATIONS=%S/Inputs/annotated-dep.toml %rustc-O0 --crate-type=rlib --crate-name=annotated_dep -o %t/libannotated_dep.rlib %S/Inputs/annotated_dep.rs
// RUN: %dump-facts %t/libannotated_dep.rlib | FileCheck --check-prefix=LIBRARY %s
// RUN: env CAPGATE_EXTRA_ANNOTATIONS=%S/Inputs/annotated-dep.toml %rustc-O0 --crate-type=rlib --crate-name=caller --extern annotated_dep=%t/libannotated_dep.rlib -o %t/libcaller.rlib %s
// RUN: %dump-facts %t/libcaller.rlib | FileCheck %s

// LIBRARY: fn	[[SUMMARY:_RNvCs[0-9A-Za-z]+_13annotated_dep12fetch_config]]	x	annotated_dep	{{[0-9A-Za-z]+}}	annotated_dep::fetch_config	{{.*}}annotated_dep.rs	2
// LIBRARY-NEXT: use	[[SUMMARY]]	NETWORK	annotated_dep::fetch_config	{{.*}}annotated_dep.rs	2	{{$}}
// LIBRARY-NOT: use	[[SUMMARY]]	
// LIBRARY: fn	[[SUMMARY]].capgate.body	i	annotated_dep	{{[0-9A-Za-z]+}}	annotated_dep::fetch_config
// LIBRARY-DAG: use	[[SUMMARY]].capgate.body	FILES	std::fs::read::<&str>	{{.*}}annotated_dep.rs	3
// LIBRARY-DAG: use	[[SUMMARY]].capgate.body	NETWORK	<std::net::tcp::TcpStream>::connect::<&str>	{{.*}}annotated_dep.rs	4

// CHECK-DAG: use	[[CALLER:_RNvCs[0-9A-Za-z]+_6caller5start]]	NETWORK	annotated_dep::fetch_config	{{.*}}annotated-extern.rs	[[@LINE+3]]
// CHECK-DAG: call	[[CALLER]]	[[DEP:_RNvCs[0-9A-Za-z]+_13annotated_dep12fetch_config]]	{{.*}}annotated-extern.rs	[[@LINE+2]]
pub fn start() -> bool {
    annotated_dep::fetch_config()
}
