; Ownership does not follow a name the crate chose (#[export_name],
; #[no_mangle]). Here crate `a` exports a::innocent under core::fmt::write's
; legacy name and a::reader under a v0 name of std's: debug info, which rustc
; writes from the definition path, says the code is a's. Such a function
; keeps its uses, is known by its real path, and is a root (anything can
; call it by that name). A call to it is an edge to its body, not a use read
; from the name. A function whose name agrees with its debug info keeps the
; name's owner and disambiguator. (Under opt the module's crate is the
; file's name, so a's chosen names carry no disambiguator; under rustc they
; get the crate's own.) A use read from a callee's name records
; that callee's symbol, for the subcommand to drop when the build defines
; it as something else.
; RUN: env CAPGATE_ANNOTATIONS_DIR=%S/Inputs/annotations %capgate-opt %s -o %t.bc
; RUN: llc -filetype=obj %t.bc -o %t.o
; RUN: %dump-facts %t.o | FileCheck %s

target triple = "x86_64-unknown-linux-gnu"

declare i32 @open(ptr, i32, ...)
declare void @_RNvNtCs1_3std2fs5write()

; CHECK-LABEL: fn	_RNvCs4a_1a6honest	x	a	4a	a::honest	/src/a/src/lib.rs	2
; CHECK-NEXT: call	_RNvCs4a_1a6honest	_ZN4core3fmt5write17h0123456789abcdefE	/src/a/src/lib.rs	3
; CHECK-NEXT: call	_RNvCs4a_1a6honest	_RNvNtCs1_3std2fs4read	/src/a/src/lib.rs	4
; CHECK-NOT: use	_RNvCs4a_1a6honest
define void @_RNvCs4a_1a6honest() !dbg !10 {
  call void @_ZN4core3fmt5write17h0123456789abcdefE(), !dbg !20
  call void @_RNvNtCs1_3std2fs4read(), !dbg !21
  ret void
}

; CHECK-LABEL: fn	_ZN4core3fmt5write17h0123456789abcdefE	x	a		a::innocent	/src/a/src/lib.rs	6
; CHECK-NEXT: use	_ZN4core3fmt5write17h0123456789abcdefE	FILES	open	/src/a/src/lib.rs	7	open{{$}}
define void @_ZN4core3fmt5write17h0123456789abcdefE() !dbg !11 {
  %fd = call i32 (ptr, i32, ...) @open(ptr null, i32 0), !dbg !22
  ret void
}

; CHECK-LABEL: fn	_RNvNtCs1_3std2fs4read	x	a		a::reader	/src/a/src/lib.rs	9
; CHECK-NEXT: use	_RNvNtCs1_3std2fs4read	FILES	std::fs::write	/src/a/src/lib.rs	10	_RNvNtCs1_3std2fs5write{{$}}
define void @_RNvNtCs1_3std2fs4read() !dbg !12 {
  call void @_RNvNtCs1_3std2fs5write(), !dbg !23
  ret void
}

; CHECK-DAG: root	_ZN4core3fmt5write17h0123456789abcdefE	export
; CHECK-DAG: root	_RNvNtCs1_3std2fs4read	export
; CHECK-NOT: root	_RNvCs4a_1a6honest

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!2}

!0 = distinct !DICompileUnit(language: DW_LANG_Rust, file: !1, producer: "rustc", isOptimized: false, runtimeVersion: 0, emissionKind: LineTablesOnly)
!1 = !DIFile(filename: "src/lib.rs", directory: "/src/a")
!2 = !{i32 2, !"Debug Info Version", i32 3}
!3 = !DINamespace(name: "a", scope: null)
!4 = !DISubroutineType(types: !{})
!10 = distinct !DISubprogram(name: "honest", linkageName: "_RNvCs4a_1a6honest", scope: !3, file: !1, line: 2, type: !4, spFlags: DISPFlagDefinition, unit: !0)
!11 = distinct !DISubprogram(name: "innocent", linkageName: "_ZN4core3fmt5write17h0123456789abcdefE", scope: !3, file: !1, line: 6, type: !4, spFlags: DISPFlagDefinition, unit: !0)
!12 = distinct !DISubprogram(name: "reader", linkageName: "_RNvNtCs1_3std2fs4read", scope: !3, file: !1, line: 9, type: !4, spFlags: DISPFlagDefinition, unit: !0)
!20 = !DILocation(line: 3, scope: !10)
!21 = !DILocation(line: 4, scope: !10)
!22 = !DILocation(line: 7, scope: !11)
!23 = !DILocation(line: 10, scope: !12)
