; C symbol rules: exact names, a prefix ("__open*"), SAFE symbols, data
; symbols (environ), and NATIVE_CODE for a C function nothing explains.
; Calls into other Rust crates and LLVM intrinsics carry nothing here.
; RUN: env CAPGATE_ANNOTATIONS_DIR=%S/Inputs/annotations %capgate-opt -S %s | FileCheck %s

declare i32 @open(ptr, i32, ...)
declare i32 @__open_2(ptr, i32)
declare i32 @socket(i32, i32, i32)
declare ptr @memcpy(ptr, ptr, i64)
declare i64 @write(i32, ptr, i64)
declare void @mystery_native()
declare void @_RNvCs3_5other4func()
declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)
@environ = external global ptr

; CHECK-LABEL: define void @opens()
; CHECK-SAME: #[[OPEN:[0-9]+]]
define void @opens() {
  %fd = call i32 (ptr, i32, ...) @open(ptr null, i32 0)
  ret void
}

; CHECK-LABEL: define void @opens_fortified()
; CHECK-SAME: #[[OPEN2:[0-9]+]]
define void @opens_fortified() {
  %fd = call i32 @__open_2(ptr null, i32 0)
  ret void
}

; CHECK-LABEL: define void @makes_socket()
; CHECK-SAME: #[[SOCKET:[0-9]+]]
define void @makes_socket() {
  %fd = call i32 @socket(i32 2, i32 1, i32 0)
  ret void
}

; CHECK-LABEL: define void @copies_and_writes() {
define void @copies_and_writes() {
  %p = call ptr @memcpy(ptr null, ptr null, i64 0)
  %n = call i64 @write(i32 1, ptr null, i64 0)
  call void @llvm.memset.p0.i64(ptr null, i8 0, i64 0, i1 false)
  ret void
}

; CHECK-LABEL: define void @calls_unknown_c()
; CHECK-SAME: #[[NATIVE:[0-9]+]]
define void @calls_unknown_c() {
  call void @mystery_native()
  ret void
}

; CHECK-LABEL: define ptr @reads_environ()
; CHECK-SAME: #[[ENVIRON:[0-9]+]]
define ptr @reads_environ() {
  %e = load ptr, ptr @environ
  ret ptr %e
}

; CHECK-LABEL: define void @calls_other_crate() {
define void @calls_other_crate() {
  call void @_RNvCs3_5other4func()
  ret void
}

; CHECK-DAG: attributes #[[OPEN]] = { "capgate"="FILES" "capgate.via"="FILES: open" }
; CHECK-DAG: attributes #[[OPEN2]] = { "capgate"="FILES" "capgate.via"="FILES: __open_2" }
; CHECK-DAG: attributes #[[SOCKET]] = { "capgate"="NETWORK" "capgate.via"="NETWORK: socket" }
; CHECK-DAG: attributes #[[NATIVE]] = { "capgate"="NATIVE_CODE" "capgate.via"="NATIVE_CODE: mystery_native" }
; CHECK-DAG: attributes #[[ENVIRON]] = { "capgate"="READ_SYSTEM_STATE" "capgate.via"="READ_SYSTEM_STATE: environ" }
