; Crate wrap_os's own code (the module's name is the crate's under opt):
; wrap_os::net::dial, which Inputs/wrap_os.toml annotates NETWORK, ends in
; the crate's assembly.
target triple = "x86_64-unknown-linux-gnu"

define internal i32 @_RNvNtCs1_7wrap_os7backend3raw() !dbg !10 {
  %v = call i32 asm sideeffect "syscall", "=r"(), !dbg !30
  ret i32 %v
}

define i32 @_RNvNtCs1_7wrap_os3net4dial() !dbg !11 {
  %v = call i32 @_RNvNtCs1_7wrap_os7backend3raw(), !dbg !31
  ret i32 %v
}

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!2}

!0 = distinct !DICompileUnit(language: DW_LANG_Rust, file: !1, producer: "rustc", isOptimized: false, runtimeVersion: 0, emissionKind: LineTablesOnly)
!1 = !DIFile(filename: "src/lib.rs", directory: "/src/wrap-os")
!2 = !{i32 2, !"Debug Info Version", i32 3}
!3 = !DINamespace(name: "wrap_os", scope: null)
!4 = !DISubroutineType(types: !{})
!8 = !DINamespace(name: "backend", scope: !3)
!9 = !DINamespace(name: "net", scope: !3)
!10 = distinct !DISubprogram(name: "raw", linkageName: "_RNvNtCs1_7wrap_os7backend3raw", scope: !8, file: !1, line: 2, type: !4, spFlags: DISPFlagDefinition, unit: !0)
!11 = distinct !DISubprogram(name: "dial", linkageName: "_RNvNtCs1_7wrap_os3net4dial", scope: !9, file: !1, line: 10, type: !4, spFlags: DISPFlagDefinition, unit: !0)
!30 = !DILocation(line: 3, scope: !10)
!31 = !DILocation(line: 11, scope: !11)
