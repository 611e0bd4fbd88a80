; An annotated function is its annotation's summary (docs/annotations.md).
; Crate `wrap`'s code is compiled into this module (as rustc does with a
; generic or an #[inline] function): wrap::termios::size (SAFE) and
; wrap::net::dial (NETWORK) both end in wrap's assembly. Each keeps its
; symbol as the summary: the annotation's capabilities at its definition,
; and edges only to what its body calls back into outside wrap (the
; caller's function, called directly or through a vtable). The body is a
; node of its own, `<symbol>.capgate.body`, internal, reached by nothing,
; with the body's uses and edges. The caller reaches the annotations and
; the callbacks, never the assembly. Not summarised: the caller's impl of
; wrap's annotated trait (the trait's rule describes calls, not the
; caller's code), and a function defined under an annotated name that its
; debug info says is the caller's (#[export_name]).
; RUN: env CAPGATE_ANNOTATIONS_DIR=%S/Inputs/annotations CAPGATE_EXTRA_ANNOTATIONS=%S/Inputs/summaries.toml %capgate-opt %s -o %t.bc
; RUN: llvm-dis %t.bc -o %t.ll
; RUN: FileCheck --check-prefix=TAGS %s < %t.ll
; RUN: llc -filetype=obj %t.bc -o %t.o
; RUN: %dump-facts %t.o | FileCheck %s

target triple = "x86_64-unknown-linux-gnu"

declare i32 @open(ptr, i32, ...)
declare i32 @chdir(ptr)

; The assembly (more than a lone system call, so also ARBITRARY_EXECUTION)
; stays wrap's own use.
; CHECK-LABEL: fn	_RNvNtCs1_4wrap7backend3raw	i	wrap	1	wrap::backend::raw
; CHECK-NEXT: use	_RNvNtCs1_4wrap7backend3raw	ARBITRARY_EXECUTION	asm!
; CHECK-NEXT: use	_RNvNtCs1_4wrap7backend3raw	SYSTEM_CALLS	asm!
; TAGS: define internal i32 @_RNvNtCs1_4wrap7backend3raw() #[[RAW:[0-9]+]]
define internal i32 @_RNvNtCs1_4wrap7backend3raw() !dbg !10 {
  %v = call i32 asm sideeffect "pause; syscall", "=r"(), !dbg !30
  ret i32 %v
}

; SAFE: the summary has no use and no edge. It is written all the same, as
; is the caller's call to it, because its body leads somewhere: the
; subcommand gives the function its body back unless wrap's crate record
; names the package wrap. The function is not tagged with what its body
; reaches.
; CHECK: fn	_RNvNtCs1_4wrap7termios4size	x	wrap	1	wrap::termios::size
; CHECK-NOT: _RNvNtCs1_4wrap7termios4size{{[[:space:]]}}
; TAGS: define i32 @_RNvNtCs1_4wrap7termios4size() !dbg
define i32 @_RNvNtCs1_4wrap7termios4size() !dbg !11 {
  %v = call i32 @_RNvNtCs1_4wrap7backend3raw(), !dbg !31
  ret i32 %v
}

@vtable.0 = private constant { ptr } { ptr @_RNvCs2_9summaries7handler }

; NETWORK at its definition, and the caller's code it calls back: directly,
; and through the vtable (data passes calls on), each at the site in dial's
; body where the walk left it.
; CHECK-LABEL: fn	_RNvNtCs1_4wrap3net4dial	x	wrap	1	wrap::net::dial	/src/wrap/src/lib.rs	20
; CHECK-NEXT: use	_RNvNtCs1_4wrap3net4dial	NETWORK	wrap::net::dial	/src/wrap/src/lib.rs	20	{{$}}
; CHECK-NEXT: ref	_RNvNtCs1_4wrap3net4dial	_RNvCs2_9summaries8callback	/src/wrap/src/lib.rs	22
; CHECK-NEXT: ref	_RNvNtCs1_4wrap3net4dial	_RNvCs2_9summaries7handler	/src/wrap/src/lib.rs	23
; CHECK-NOT: _RNvNtCs1_4wrap3net4dial	
; TAGS: define void @_RNvNtCs1_4wrap3net4dial() #[[DIAL:[0-9]+]]
define void @_RNvNtCs1_4wrap3net4dial() !dbg !12 {
  %v = call i32 @_RNvNtCs1_4wrap7backend3raw(), !dbg !32
  call void @_RNvCs2_9summaries8callback(), !dbg !33
  %f = load ptr, ptr @vtable.0, !dbg !34
  call void %f(), !dbg !34
  ret void
}

; CHECK-LABEL: fn	_RNvCs2_9summaries8callback	x	summaries
; CHECK-NEXT: use	_RNvCs2_9summaries8callback	FILES	open
define void @_RNvCs2_9summaries8callback() !dbg !13 {
  %fd = call i32 (ptr, i32, ...) @open(ptr null, i32 0), !dbg !35
  ret void
}

; Reached only through the vtable; chdir, which the test's rules do not
; name, is NATIVE_CODE.
; CHECK-LABEL: fn	_RNvCs2_9summaries7handler	x	summaries
; CHECK-NEXT: use	_RNvCs2_9summaries7handler	NATIVE_CODE	chdir
define void @_RNvCs2_9summaries7handler() !dbg !18 {
  %r = call i32 @chdir(ptr null), !dbg !38
  ret void
}

; The caller's impl of wrap's trait is the caller's code: followed.
; CHECK-LABEL: fn	_RNvXCs2_9summariesNtB2_4HostNtNtCs1_4wrap3net7Resolve7resolve	x	summaries
; CHECK-NEXT: use	_RNvXCs2_9summariesNtB2_4HostNtNtCs1_4wrap3net7Resolve7resolve	FILES	open
; CHECK-NOT: _RNvXCs2_9summariesNtB2_4HostNtNtCs1_4wrap3net7Resolve7resolve	NETWORK
define void @_RNvXCs2_9summariesNtB2_4HostNtNtCs1_4wrap3net7Resolve7resolve() !dbg !14 {
  %fd = call i32 (ptr, i32, ...) @open(ptr null, i32 0), !dbg !36
  ret void
}

; Under a name the annotations make SAFE, but the debug info says the code
; is summaries::evil: what it is, its own FILES.
; CHECK-LABEL: fn	_RNvNtCs1_4wrap7termios5reset	x	summaries	2	summaries::evil
; CHECK-NEXT: use	_RNvNtCs1_4wrap7termios5reset	FILES	open
define void @_RNvNtCs1_4wrap7termios5reset() !dbg !15 {
  %fd = call i32 (ptr, i32, ...) @open(ptr null, i32 0), !dbg !37
  ret void
}

; The caller: NETWORK from dial at its call, FILES from what dial called
; back, FILES from evil; nothing from the assembly; a call to the summary
; of size. The call to resolve, through the trait's rule, is NETWORK and an
; edge to the impl.
; CHECK-LABEL: fn	_RNvCs2_9summaries4main	x	summaries
; CHECK-DAG: use	_RNvCs2_9summaries4main	NETWORK	wrap::net::dial	/src/summaries/src/main.rs	42	_RNvNtCs1_4wrap3net4dial
; CHECK-DAG: use	_RNvCs2_9summaries4main	NETWORK	<summaries::Host as wrap::net::Resolve>::resolve	/src/summaries/src/main.rs	43
; CHECK-DAG: call	_RNvCs2_9summaries4main	_RNvNtCs1_4wrap3net4dial	/src/summaries/src/main.rs	42
; CHECK-DAG: call	_RNvCs2_9summaries4main	_RNvXCs2_9summariesNtB2_4HostNtNtCs1_4wrap3net7Resolve7resolve	/src/summaries/src/main.rs	43
; CHECK-DAG: call	_RNvCs2_9summaries4main	_RNvNtCs1_4wrap7termios5reset	/src/summaries/src/main.rs	44
; CHECK-DAG: call	_RNvCs2_9summaries4main	_RNvNtCs1_4wrap7termios4size	/src/summaries/src/main.rs	42
; TAGS: define void @_RNvCs2_9summaries4main() #[[MAIN:[0-9]+]]
define void @_RNvCs2_9summaries4main() !dbg !16 {
  %s = call i32 @_RNvNtCs1_4wrap7termios4size(), !dbg !40
  call void @_RNvNtCs1_4wrap3net4dial(), !dbg !41
  call void @_RNvXCs2_9summariesNtB2_4HostNtNtCs1_4wrap3net7Resolve7resolve(), !dbg !42
  call void @_RNvNtCs1_4wrap7termios5reset(), !dbg !43
  ret void
}

; The bodies: size's reaches the assembly; dial's keeps all its edges.
; CHECK-LABEL: fn	_RNvNtCs1_4wrap7termios4size.capgate.body	i	wrap	1	wrap::termios::size	/src/wrap/src/lib.rs	10
; CHECK-NEXT: call	_RNvNtCs1_4wrap7termios4size.capgate.body	_RNvNtCs1_4wrap7backend3raw	/src/wrap/src/lib.rs	11
; CHECK-LABEL: fn	_RNvNtCs1_4wrap3net4dial.capgate.body	i	wrap	1	wrap::net::dial	/src/wrap/src/lib.rs	20
; CHECK-NEXT: call	_RNvNtCs1_4wrap3net4dial.capgate.body	_RNvNtCs1_4wrap7backend3raw	/src/wrap/src/lib.rs	21
; CHECK-NEXT: call	_RNvNtCs1_4wrap3net4dial.capgate.body	_RNvCs2_9summaries8callback	/src/wrap/src/lib.rs	22
; CHECK-NEXT: ref	_RNvNtCs1_4wrap3net4dial.capgate.body	vtable.0	/src/wrap/src/lib.rs	23

; TAGS-DAG: attributes #[[RAW]] = { "capgate"="SYSTEM_CALLS,ARBITRARY_EXECUTION"
; TAGS-DAG: attributes #[[DIAL]] = { "capgate"="FILES,NETWORK,NATIVE_CODE" "capgate.via"="FILES: summaries::callback at /src/wrap/src/lib.rs:22; NETWORK: wrap::net::dial at /src/wrap/src/lib.rs:20; NATIVE_CODE: summaries::handler at /src/wrap/src/lib.rs:23" }
; TAGS-DAG: attributes #[[MAIN]] = { "capgate"="FILES,NETWORK,NATIVE_CODE" "capgate.via"="FILES: wrap::net::dial at /src/summaries/src/main.rs:42; NETWORK: wrap::net::dial at /src/summaries/src/main.rs:42; NATIVE_CODE: wrap::net::dial at /src/summaries/src/main.rs:42" }

!llvm.dbg.cu = !{!0, !5}
!llvm.module.flags = !{!2}

!0 = distinct !DICompileUnit(language: DW_LANG_Rust, file: !1, producer: "rustc", isOptimized: false, runtimeVersion: 0, emissionKind: LineTablesOnly)
!1 = !DIFile(filename: "src/lib.rs", directory: "/src/wrap")
!2 = !{i32 2, !"Debug Info Version", i32 3}
!3 = !DINamespace(name: "wrap", scope: null)
!4 = !DISubroutineType(types: !{})
!5 = distinct !DICompileUnit(language: DW_LANG_Rust, file: !6, producer: "rustc", isOptimized: false, runtimeVersion: 0, emissionKind: LineTablesOnly)
!6 = !DIFile(filename: "src/main.rs", directory: "/src/summaries")
!7 = !DINamespace(name: "summaries", scope: null)
!8 = !DINamespace(name: "backend", scope: !3)
!9 = !DINamespace(name: "termios", scope: !3)
!17 = !DINamespace(name: "net", scope: !3)
!10 = distinct !DISubprogram(name: "raw", linkageName: "_RNvNtCs1_4wrap7backend3raw", scope: !8, file: !1, line: 2, type: !4, spFlags: DISPFlagDefinition, unit: !0)
!11 = distinct !DISubprogram(name: "size", linkageName: "_RNvNtCs1_4wrap7termios4size", scope: !9, file: !1, line: 10, type: !4, spFlags: DISPFlagDefinition, unit: !0)
!12 = distinct !DISubprogram(name: "dial", linkageName: "_RNvNtCs1_4wrap3net4dial", scope: !17, file: !1, line: 20, type: !4, spFlags: DISPFlagDefinition, unit: !0)
!13 = distinct !DISubprogram(name: "callback", linkageName: "_RNvCs2_9summaries8callback", scope: !7, file: !6, line: 30, type: !4, spFlags: DISPFlagDefinition, unit: !5)
!14 = distinct !DISubprogram(name: "resolve", linkageName: "_RNvXCs2_9summariesNtB2_4HostNtNtCs1_4wrap3net7Resolve7resolve", scope: !7, file: !6, line: 34, type: !4, spFlags: DISPFlagDefinition, unit: !5)
!15 = distinct !DISubprogram(name: "evil", linkageName: "_RNvNtCs1_4wrap7termios5reset", scope: !7, file: !6, line: 38, type: !4, spFlags: DISPFlagDefinition, unit: !5)
!18 = distinct !DISubprogram(name: "handler", linkageName: "_RNvCs2_9summaries7handler", scope: !7, file: !6, line: 32, type: !4, spFlags: DISPFlagDefinition, unit: !5)
!16 = distinct !DISubprogram(name: "main", linkageName: "_RNvCs2_9summaries4main", scope: !7, file: !6, line: 41, type: !4, spFlags: DISPFlagDefinition, unit: !5)
!30 = !DILocation(line: 3, scope: !10)
!31 = !DILocation(line: 11, scope: !11)
!32 = !DILocation(line: 21, scope: !12)
!33 = !DILocation(line: 22, scope: !12)
!34 = !DILocation(line: 23, scope: !12)
!35 = !DILocation(line: 31, scope: !13)
!36 = !DILocation(line: 35, scope: !14)
!37 = !DILocation(line: 39, scope: !15)
!38 = !DILocation(line: 33, scope: !18)
!40 = !DILocation(line: 42, scope: !16)
!41 = !DILocation(line: 42, scope: !16)
!42 = !DILocation(line: 43, scope: !16)
!43 = !DILocation(line: 44, scope: !16)
