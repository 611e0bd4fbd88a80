; The global allocator's entry points are roots: std's precompiled code,
; which carries no facts, calls them whenever it allocates (vec!, println!).
; rustc defines them in the crate holding the #[global_allocator] static,
; as `__rustc::__rust_alloc` and its siblings in v0 names, `__rg_alloc` and
; its siblings in older releases. This holds without the debug info that
; would show the name as the crate's choice. Other functions of that
; crate's are roots only when exported.
; RUN: env CAPGATE_ANNOTATIONS_DIR=%S/Inputs/annotations %capgate-opt %s -o %t.bc
; RUN: llc -filetype=obj %t.bc -o %t.o
; RUN: %dump-facts %t.o > %t.facts
; RUN: FileCheck %s < %t.facts
; RUN: FileCheck --check-prefix=NEGATIVE %s < %t.facts

target triple = "x86_64-unknown-linux-gnu"

declare i32 @open(ptr, i32, ...)

define internal ptr @_RNvXCs4a_1aNtB2_7AuditedNtNtNtCs1_4core5alloc6global11GlobalAlloc5alloc(i64 %size, i64 %align) {
  %fd = call i32 (ptr, i32, ...) @open(ptr null, i32 0)
  ret ptr null
}

; CHECK-DAG: root	_RNvCs7_7___rustc12___rust_alloc	allocator
define hidden ptr @_RNvCs7_7___rustc12___rust_alloc(i64 %size, i64 %align) {
  %p = call ptr @_RNvXCs4a_1aNtB2_7AuditedNtNtNtCs1_4core5alloc6global11GlobalAlloc5alloc(i64 %size, i64 %align)
  ret ptr %p
}

; CHECK-DAG: root	_RNvCs7_7___rustc19___rust_alloc_zeroed	allocator
define hidden ptr @_RNvCs7_7___rustc19___rust_alloc_zeroed(i64 %size, i64 %align) {
  %p = call ptr @_RNvXCs4a_1aNtB2_7AuditedNtNtNtCs1_4core5alloc6global11GlobalAlloc5alloc(i64 %size, i64 %align)
  ret ptr %p
}

; CHECK-DAG: root	__rg_realloc	allocator
define ptr @__rg_realloc(ptr %old, i64 %size, i64 %align, i64 %new) {
  %p = call ptr @_RNvXCs4a_1aNtB2_7AuditedNtNtNtCs1_4core5alloc6global11GlobalAlloc5alloc(i64 %new, i64 %align)
  ret ptr %p
}

; Neither a function of the `__rustc` crate that std does not call for
; allocation, nor the allocator's own method, is a root.
; NEGATIVE-NOT: root	_RNvCs7_7___rustc13___rust_helper
; NEGATIVE-NOT: root	_RNvXCs4a_1a
define hidden void @_RNvCs7_7___rustc13___rust_helper() {
  ret void
}
