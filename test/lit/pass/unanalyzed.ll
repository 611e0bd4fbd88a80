; What the pass cannot resolve is reported, not ignored: a call to a fixed
; address and a call through an ifunc (resolved only at load time) are
; UNANALYZED. An ordinary indirect call is not: it can only reach functions
; whose address some code takes, and those references are edges. A Rust
; symbol the pass cannot read is UNANALYZED too.
; RUN: env CAPGATE_ANNOTATIONS_DIR=%S/Inputs/annotations %capgate-opt -S %s | FileCheck %s

@fast_copy = ifunc void (), ptr @resolve_copy

define ptr @resolve_copy() {
  ret ptr null
}

; CHECK-LABEL: define void @calls_fixed_address()
; CHECK-SAME: #[[ADDR:[0-9]+]]
define void @calls_fixed_address() {
  call void inttoptr (i64 4096 to ptr)()
  ret void
}

; CHECK-LABEL: define void @calls_ifunc()
; CHECK-SAME: #[[IFUNC:[0-9]+]]
define void @calls_ifunc() {
  call void @fast_copy()
  ret void
}

; CHECK-LABEL: define void @calls_indirectly(ptr %f) {
define void @calls_indirectly(ptr %f) {
  call void %f()
  ret void
}

; CHECK-LABEL: define void @_RXunreadable()
; CHECK-SAME: #[[UNREADABLE:[0-9]+]]
define void @_RXunreadable() {
  ret void
}

; CHECK-DAG: attributes #[[UNREADABLE]] = { "capgate"="UNANALYZED" "capgate.via"="UNANALYZED: unreadable symbol _RXunreadable" }
; CHECK-DAG: attributes #[[ADDR]] = { "capgate"="UNANALYZED" "capgate.via"="UNANALYZED: call to a constant address" }
; CHECK-DAG: attributes #[[IFUNC]] = { "capgate"="UNANALYZED" "capgate.via"="UNANALYZED: ifunc fast_copy" }
