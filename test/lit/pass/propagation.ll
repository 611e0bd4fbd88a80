; Propagation inside a module: along call chains, around cycles (a strongly
; connected component shares one result), through a fn pointer held in a
; static, through a vtable, and through a function handed to another by
; address (a closure given to thread::spawn). Each function says through
; which callee it reaches each capability.
; RUN: env CAPGATE_ANNOTATIONS_DIR=%S/Inputs/annotations %capgate-opt -S %s | FileCheck %s

declare i32 @open(ptr, i32, ...)
declare i32 @socket(i32, i32, i32)
; An external Rust function (such as std::thread::spawn) taking a callback.
declare void @_RNvNtCs1_3std6thread5spawn(ptr)

define internal void @leaf() {
  %fd = call i32 (ptr, i32, ...) @open(ptr null, i32 0)
  ret void
}

define internal void @middle() {
  call void @leaf()
  ret void
}

; CHECK-LABEL: define void @top()
; CHECK-SAME: #[[TOP:[0-9]+]]
define void @top() {
  call void @middle()
  ret void
}

; CHECK-LABEL: define void @ping()
; CHECK-SAME: #[[PING:[0-9]+]]
define void @ping() {
  call void @pong()
  ret void
}

; CHECK-LABEL: define void @pong()
; CHECK-SAME: #[[PONG:[0-9]+]]
define void @pong() {
  call void @ping()
  %fd = call i32 @socket(i32 2, i32 1, i32 0)
  ret void
}

@HANDLER = internal constant ptr @leaf

; CHECK-LABEL: define void @calls_through_static()
; CHECK-SAME: #[[STATIC:[0-9]+]]
define void @calls_through_static() {
  %f = load ptr, ptr @HANDLER
  call void %f()
  ret void
}

@vtable.0 = private constant { ptr, i64, i64, ptr } { ptr null, i64 8, i64 8, ptr @pong }

; CHECK-LABEL: define ptr @makes_trait_object()
; CHECK-SAME: #[[DYN:[0-9]+]]
define ptr @makes_trait_object() {
  ret ptr @vtable.0
}

; CHECK-LABEL: define void @spawns_closure()
; CHECK-SAME: #[[SPAWN:[0-9]+]]
define void @spawns_closure() {
  call void @_RNvNtCs1_3std6thread5spawn(ptr @leaf)
  ret void
}

; std::fs::walk, instantiated here (a generic of std): its annotation gives
; FILES at the call site, and its body is still followed because it calls
; back into the caller's code.
define void @_RNvNtCs1_3std2fs4walk(ptr %visit) {
  call void @visitor()
  ret void
}

define internal void @visitor() {
  %fd = call i32 @socket(i32 2, i32 1, i32 0)
  ret void
}

; CHECK-LABEL: define void @walks_with_callback()
; CHECK-SAME: #[[WALK:[0-9]+]]
define void @walks_with_callback() {
  call void @_RNvNtCs1_3std2fs4walk(ptr @visitor)
  ret void
}

; CHECK-LABEL: define void @pure() {
define void @pure() {
  ret void
}

; CHECK-DAG: attributes #[[TOP]] = { "capgate"="FILES" "capgate.via"="FILES: middle" }
; CHECK-DAG: attributes #[[PING]] = { "capgate"="NETWORK" "capgate.via"="NETWORK: pong" }
; CHECK-DAG: attributes #[[PONG]] = { "capgate"="NETWORK" "capgate.via"="NETWORK: socket" }
; CHECK-DAG: attributes #[[STATIC]] = { "capgate"="FILES" "capgate.via"="FILES: {static data HANDLER}" }
; CHECK-DAG: attributes #[[DYN]] = { "capgate"="NETWORK" "capgate.via"="NETWORK: {static data vtable.0}" }
; CHECK-DAG: attributes #[[WALK]] = { "capgate"="FILES,NETWORK" "capgate.via"="FILES: std::fs::walk; NETWORK: std::fs::walk" }
; CHECK-DAG: attributes #[[SPAWN]] = { "capgate"="FILES" "capgate.via"="FILES: leaf" }
