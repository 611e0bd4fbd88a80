// A function passed by name into a generic (`.map(std::fs::read)`) is
// called from the generic's code: std's instantiated code, which
// contributes no uses of its own, or rustc's FnOnce shim for it. The caller
// chose the function, as it would have by calling it or taking its address:
// it gets the function's capability at the line that passes it, and a
// generic that only calls what it was given gets nothing. A function without
// a capability, or one of the crate's own (followed into its body as
// before), adds nothing there.
// RUN: %rustc-O0 --crate-type=rlib --crate-name=by_name -o %t.O0.rlib %s
// RUN: %dump-facts %t.O0.rlib > %t.O0.facts
// RUN: FileCheck %s < %t.O0.facts
// RUN: FileCheck --check-prefix=NEGATIVE %s < %t.O0.facts
// RUN: %rustc-O3 --crate-type=rlib --crate-name=by_name -o %t.O3.rlib %s
// RUN: %dump-facts %t.O3.rlib > %t.O3.facts
// RUN: FileCheck %s < %t.O3.facts
// RUN: FileCheck --check-prefix=NEGATIVE %s < %t.O3.facts

use std::path::{Path, PathBuf};

// CHECK-DAG: use	[[READ:_R[0-9A-Za-z_]+]]	FILES	std::fs::read::<std::path::PathBuf>	{{.*}}passed-by-name.rs	[[@LINE+3]]
#[inline(never)]
pub fn read_maybe(path: Option<PathBuf>) -> Option<std::io::Result<Vec<u8>>> {
    path.map(std::fs::read)
}

// Through an iterator adapter, and a method passed by its path.
// CHECK-DAG: use	{{_R[0-9A-Za-z_]+}}	FILES	std::fs::metadata::<&std::path::PathBuf>	{{.*}}passed-by-name.rs	[[@LINE+4]]
// CHECK-DAG: use	{{_R[0-9A-Za-z_]+}}	FILES	<std::fs::File>::open::<&std::path::Path>	{{.*}}passed-by-name.rs	[[@LINE+4]]
#[inline(never)]
pub fn inspect(paths: &[PathBuf], names: &[&Path]) -> usize {
    let sizes: Vec<_> = paths.iter().map(std::fs::metadata).collect();
    let files: Vec<_> = names.iter().copied().map(std::fs::File::open).collect();
    sizes.len() + files.len()
}

// CHECK-DAG: use	{{_R[0-9A-Za-z_]+}}	READ_SYSTEM_STATE	std::env::var::<&str>	{{.*}}passed-by-name.rs	[[@LINE+3]]
#[inline(never)]
pub fn home() -> Option<Result<String, std::env::VarError>> {
    Some("HOME").map(std::env::var)
}

// Dropping the adapter (at the closing brace) calls no function of its
// type; calling `next` on it is a call of metadata.
// CHECK-DAG: use	{{_R[0-9A-Za-z_]+}}	FILES	std::fs::metadata::<std::path::PathBuf>	{{.*}}passed-by-name.rs	[[@LINE+5]]
// CHECK-DAG: use	{{_R[0-9A-Za-z_]+}}	FILES	std::fs::metadata::<std::path::PathBuf>	{{.*}}passed-by-name.rs	[[@LINE+5]]
// NEGATIVE-NOT: use	{{.*}}passed-by-name.rs	[[@LINE+6]]
#[inline(never)]
pub fn first_exists(paths: Vec<PathBuf>) -> bool {
    let mut sizes = paths.into_iter().map(std::fs::metadata);
    let first = sizes.next().is_some_and(|size| size.is_ok());
    first
}

// A generic of the crate's own that calls the function it is given: the
// caller that chose the function is charged, at its line; the generic, which
// only calls what it was given, is not.
#[inline(never)]
fn apply<F: FnOnce(&'static str) -> R, R>(f: F) -> R {
    f("settings.json")
}

// NEGATIVE-NOT: use	{{.*}}passed-by-name.rs	[[@LINE-3]]
// CHECK-DAG: use	{{_R[0-9A-Za-z_]+}}	FILES	std::fs::read_to_string::<&str>	{{.*}}passed-by-name.rs	[[@LINE+3]]
#[inline(never)]
pub fn settings() -> std::io::Result<String> {
    apply(std::fs::read_to_string)
}

fn shout(text: &str) -> String {
    text.to_uppercase()
}

#[inline(never)]
pub fn harmless(words: &[&str]) -> usize {
    let lengths: usize = words.iter().copied().map(str::len).sum();
    let loud: Vec<String> = words.iter().copied().map(shout).collect();
    lengths + loud.len()
}

// NEGATIVE-NOT: use	{{.*}}str>::len
// NEGATIVE-NOT: use	{{.*}}shout
