; The facts section: the pass writes one block per module into a
; non-allocated ELF section `.capgate`, with the crate record, every
; defined function (owner crate, path, file:line from debug info), its
; direct uses and edges, globals that point at code, roots (static
; constructors, #[used], exported C names) and module-level assembly.
; RUN: env CAPGATE_ANNOTATIONS_DIR=%S/Inputs/annotations %capgate-opt %s -o %t.bc
; RUN: llc -filetype=obj %t.bc -o %t.o
; RUN: %dump-facts --headers %t.o | FileCheck %s
; RUN: llvm-readobj --sections %t.o | FileCheck --check-prefix=SECTION %s

target triple = "x86_64-unknown-linux-gnu"

module asm "nop"

declare i32 @open(ptr, i32, ...)
declare void @_RNvCs3_5other4func()

; Outside `cargo capgate` the plugin has neither a unit nor its key: the
; block names no unit and carries no MAC, and every reader that
; authenticates refuses it.
; CHECK: capgate-facts	2		{{[0-9]+}}	{{[0-9]+}}	{{$}}
; CHECK-NEXT: crate	facts-section		bin				{{.*}}facts-section.ll	{{$}}

; a::open_config, defined at lib.rs:3, opens a file at lib.rs:4. The use
; names the symbol it was read from, and the call stays an edge: a crate of
; the build could define `open` itself.
; CHECK-NEXT: fn	_RNvCs4a_1a11open_config	x	a	4a	a::open_config	/src/a/src/lib.rs	3
; CHECK-NEXT: use	_RNvCs4a_1a11open_config	FILES	open	/src/a/src/lib.rs	4	open{{$}}
; CHECK-NEXT: call	_RNvCs4a_1a11open_config	open	/src/a/src/lib.rs	4
; CHECK-NEXT: call	_RNvCs4a_1a11open_config	_RNvCs3_5other4func	/src/a/src/lib.rs	5
define void @_RNvCs4a_1a11open_config() !dbg !5 {
  %fd = call i32 (ptr, i32, ...) @open(ptr null, i32 0), !dbg !8
  call void @_RNvCs3_5other4func(), !dbg !9
  ret void
}

; A constructor in .init_array: code that runs before main. A C name has no
; Rust crate root, so it belongs to the module's crate.
; CHECK-NEXT: fn	init	x	facts-section		init
define void @init() {
  ret void
}

; CHECK-NEXT: fn	_RNvCs4a_1a8callback	i	a	4a	a::callback
; CHECK-NEXT: call	_RNvCs4a_1a8callback	_RNvCs3_5other4func
define internal void @_RNvCs4a_1a8callback() {
  call void @_RNvCs3_5other4func()
  ret void
}

; A function that leads nowhere affects no result and is left out.
; CHECK-NOT: does_nothing
define internal void @does_nothing() {
  ret void
}

; CHECK-NEXT: global	CALLBACKS	x	CALLBACKS
; CHECK-NEXT: ref	CALLBACKS	_RNvCs4a_1a8callback		
@CALLBACKS = constant [1 x ptr] [ptr @_RNvCs4a_1a8callback]
@KEPT = internal constant i32 1
@MESSAGE = private constant [5 x i8] c"hello"
@llvm.global_ctors = appending global [1 x { i32, ptr, ptr }] [{ i32, ptr, ptr } { i32 65535, ptr @init, ptr null }]
@llvm.used = appending global [1 x ptr] [ptr @KEPT], section "llvm.metadata"

; CHECK-NEXT: root	init	ctor
; CHECK-NEXT: root	KEPT	used
; CHECK-NEXT: root	init	export
; CHECK-NEXT: use		ARBITRARY_EXECUTION	global_asm!		
; CHECK-NOT: {{[a-z]}}

; SECTION:      Name: .capgate
; SECTION-NEXT: Type: SHT_PROGBITS
; SECTION-NEXT: Flags [ (0x0)
; SECTION-NEXT: ]

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!3, !4}
!0 = distinct !DICompileUnit(language: DW_LANG_Rust, file: !1, producer: "rustc", isOptimized: false, runtimeVersion: 0, emissionKind: LineTablesOnly)
!1 = !DIFile(filename: "src/lib.rs", directory: "/src/a")
!3 = !{i32 7, !"Dwarf Version", i32 4}
!4 = !{i32 2, !"Debug Info Version", i32 3}
!5 = distinct !DISubprogram(name: "open_config", scope: !1, file: !1, line: 3, type: !6, spFlags: DISPFlagDefinition, unit: !0)
!6 = !DISubroutineType(types: !7)
!7 = !{}
!8 = !DILocation(line: 4, column: 5, scope: !5)
!9 = !DILocation(line: 5, column: 5, scope: !5)
