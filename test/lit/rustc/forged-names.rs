// A symbol name is chosen by whoever defines it. In the analysis build
// (v0 mangling, line tables) the pass checks a defined function's name
// against its debug info, and a callee's name against the symbols the
// toolchain's std, core and alloc really define.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %rustc-O0 --crate-type=rlib --crate-name=forged_names -o %t/libforged_names.rlib %S/Inputs/forged_names.rs
// RUN: %dump-facts %t/libforged_names.rlib | FileCheck --check-prefix=DEF %s
// RUN: mkdir -p %t/O3 && %rustc-O3 --crate-type=rlib --crate-name=forged_names -o %t/O3/libforged_names.rlib %S/Inputs/forged_names.rs
// RUN: %dump-facts %t/O3/libforged_names.rlib | FileCheck --check-prefix=DEF %s
// RUN: %rustc-O0 --crate-type=rlib --crate-name=caller --extern forged_names=%t/libforged_names.rlib -o %t/libcaller.rlib %s
// RUN: %dump-facts %t/libcaller.rlib | FileCheck --check-prefix=CALL %s

// Functions exported under core's, std's or libc's names belong to the
// crate that wrote them, under their real paths, keep their file reads,
// and are roots.
// DEF: crate	forged_names	[[DIS:[0-9A-Za-z]+]]
// DEF-DAG: fn	_ZN4core3fmt5write17h0123456789abcdefE	x	forged_names	[[DIS]]	forged_names::innocent	{{.*}}forged_names.rs	6
// DEF-DAG: use	_ZN4core3fmt5write17h0123456789abcdefE	FILES	std::fs::read::<&str>	{{.*}}forged_names.rs	7
// DEF-DAG: fn	_ZN3std2fs4read17h0123456789abcdefE	x	forged_names	[[DIS]]	forged_names::blame	{{.*}}forged_names.rs	11
// DEF-DAG: use	_ZN3std2fs4read17h0123456789abcdefE	FILES	std::fs::read_to_string::<&str>	{{.*}}forged_names.rs	12
// DEF-DAG: fn	_RNvNtCs1234_4core3fmt5write	x	forged_names	[[DIS]]	forged_names::v0_name	{{.*}}forged_names.rs	16
// DEF-DAG: use	_RNvNtCs1234_4core3fmt5write	FILES	std::fs::read::<&str>	{{.*}}forged_names.rs	17
// DEF-DAG: fn	getpid	x	forged_names	[[DIS]]	getpid	{{.*}}forged_names.rs	21
// DEF-DAG: use	getpid	FILES	std::fs::metadata::<&str>	{{.*}}forged_names.rs	22
// DEF-DAG: root	_ZN4core3fmt5write17h0123456789abcdefE	export
// DEF-DAG: root	_ZN3std2fs4read17h0123456789abcdefE	export
// DEF-DAG: root	_RNvNtCs1234_4core3fmt5write	export
// DEF-DAG: root	getpid	export
// An import under a std name that std does not define is a C function: it
// is NATIVE_CODE, not std::fs::write's FILES.
// DEF-DAG: use	_RNvCs[[DIS]]_12forged_names13via_link_name	NATIVE_CODE	_ZN3std2fs5write17h3333333333333333E	{{.*}}forged_names.rs	32	_ZN3std2fs5write17h3333333333333333E
// A made-up disambiguator of the crate's own name (or another crate's of
// the same name, for a library named after it) is a chosen name too: the
// function is the crate's, with its real disambiguator, and a root; so is
// the crate record's, however many such names there are.
// DEF-DAG: fn	_RNvCs1234_12forged_names8elusive8	x	forged_names	[[DIS]]	forged_names::elusive8
// DEF-DAG: root	_RNvCs1234_12forged_names8elusive8	export
// DEF-NOT: use	_RNvCs[[DIS]]_12forged_names13via_link_name	FILES

// The caller's calls to them are edges, and what their names would say is
// only NATIVE_CODE (or getpid's annotation) with the symbol, which the
// subcommand drops when it finds the definition in the build. Nothing is
// read from std's names: no FILES.
// CALL-LABEL: fn	_RNvCs{{[0-9A-Za-z]+}}_6caller3run
// CALL-DAG: use	{{[^	]+}}	NATIVE_CODE	_ZN4core3fmt5write17h0123456789abcdefE	{{.*}}forged-names.rs	[[@LINE+10]]	_ZN4core3fmt5write17h0123456789abcdefE
// CALL-DAG: use	{{[^	]+}}	NATIVE_CODE	_ZN3std2fs4read17h0123456789abcdefE	{{.*}}forged-names.rs	[[@LINE+10]]	_ZN3std2fs4read17h0123456789abcdefE
// CALL-DAG: use	{{[^	]+}}	NATIVE_CODE	_RNvNtCs1234_4core3fmt5write	{{.*}}forged-names.rs	[[@LINE+10]]	_RNvNtCs1234_4core3fmt5write
// CALL-DAG: use	{{[^	]+}}	READ_SYSTEM_STATE	getpid	{{.*}}forged-names.rs	[[@LINE+10]]	getpid
// CALL-DAG: call	{{[^	]+}}	_ZN4core3fmt5write17h0123456789abcdefE
// CALL-DAG: call	{{[^	]+}}	_ZN3std2fs4read17h0123456789abcdefE
// CALL-DAG: call	{{[^	]+}}	_RNvNtCs1234_4core3fmt5write
// CALL-DAG: call	{{[^	]+}}	getpid
// CALL-NOT: FILES
pub fn run() -> usize {
    forged_names::innocent()
        + forged_names::blame()
        + forged_names::v0_name()
        + forged_names::getpid() as usize
}
