; Making memory executable is ARBITRARY_EXECUTION: a call to C's mmap,
; mmap64, mprotect or pkey_mprotect whose protection is a constant with
; PROT_EXEC (4), and a call passing such a constant to a function of the
; module that forwards its parameter as the protection (memmap2's
; `MmapInner::new(len, prot, ...)` and `MmapInner::mprotect(self, prot)` at
; opt-level 0), is charged it, besides what libc.toml says of the function
; (SAFE). A constant without PROT_EXEC, or a protection nothing reads, is
; charged nothing.
; RUN: env CAPGATE_ANNOTATIONS_DIR=%annotations %capgate-opt -S %s | FileCheck %s

target triple = "x86_64-unknown-linux-gnu"

declare ptr @mmap(ptr, i64, i32, i32, i32, i64)
declare ptr @mmap64(ptr, i64, i32, i32, i32, i64)
declare i32 @mprotect(ptr, i64, i32)
declare i32 @pkey_mprotect(ptr, i64, i32, i32)

; PROT_READ | PROT_EXEC
; CHECK-LABEL: define ptr @map_exec(i64 %len)
; CHECK-SAME: #[[MMAP_EXEC:[0-9]+]]
define ptr @map_exec(i64 %len) {
  %p = call ptr @mmap(ptr null, i64 %len, i32 5, i32 2, i32 -1, i64 0)
  ret ptr %p
}

; PROT_READ | PROT_WRITE | PROT_EXEC, through a cast.
; CHECK-LABEL: define ptr @map64_rwx(i64 %len)
; CHECK-SAME: #[[MMAP64_EXEC:[0-9]+]]
define ptr @map64_rwx(i64 %len) {
  %prot = trunc i64 7 to i32
  %p = call ptr @mmap64(ptr null, i64 %len, i32 %prot, i32 34, i32 -1, i64 0)
  ret ptr %p
}

; PROT_READ | PROT_WRITE: nothing.
; CHECK-LABEL: define ptr @map_rw(i64 %len) {
define ptr @map_rw(i64 %len) {
  %p = call ptr @mmap(ptr null, i64 %len, i32 3, i32 34, i32 -1, i64 0)
  ret ptr %p
}

; A protection known only at run time: what libc.toml says (SAFE).
; CHECK-LABEL: define i32 @protect_any(ptr %p, i64 %len, i32 %prot) {
define i32 @protect_any(ptr %p, i64 %len, i32 %prot) {
  %r = call i32 @mprotect(ptr %p, i64 %len, i32 %prot)
  ret i32 %r
}

; CHECK-LABEL: define i32 @pkey_exec(ptr %p, i64 %len)
; CHECK-SAME: #[[PKEY_EXEC:[0-9]+]]
define i32 @pkey_exec(ptr %p, i64 %len) {
  %r = call i32 @pkey_mprotect(ptr %p, i64 %len, i32 4, i32 0)
  ret i32 %r
}

; memmap2 at opt-level 0: MmapInner::new forwards its `prot` to mmap, and
; MmapInner::mprotect its own to mprotect. The forwarders are charged
; nothing themselves.
; CHECK-LABEL: define internal ptr @inner_new(i64 %len, i32 %prot, i32 %flags, i32 %fd) {
define internal ptr @inner_new(i64 %len, i32 %prot, i32 %flags, i32 %fd) {
  %p = call ptr @mmap(ptr null, i64 %len, i32 %prot, i32 %flags, i32 %fd, i64 0)
  ret ptr %p
}

; CHECK-LABEL: define internal i32 @inner_mprotect(ptr %self, i32 %prot) {
define internal i32 @inner_mprotect(ptr %self, i32 %prot) {
  %r = call i32 @mprotect(ptr %self, i64 4096, i32 %prot)
  ret i32 %r
}

; A forwarder of a forwarder.
; CHECK-LABEL: define internal ptr @inner_shared(i64 %len, i32 %prot) {
define internal ptr @inner_shared(i64 %len, i32 %prot) {
  %p = call ptr @inner_new(i64 %len, i32 %prot, i32 1, i32 3)
  ret ptr %p
}

; CHECK-LABEL: define ptr @inner_map_exec(i64 %len)
; CHECK-SAME: #[[MMAP_EXEC]]
define ptr @inner_map_exec(i64 %len) {
  %p = call ptr @inner_new(i64 %len, i32 5, i32 1, i32 3)
  ret ptr %p
}

; CHECK-LABEL: define ptr @inner_map(i64 %len) {
define ptr @inner_map(i64 %len) {
  %p = call ptr @inner_new(i64 %len, i32 1, i32 1, i32 3)
  ret ptr %p
}

; CHECK-LABEL: define ptr @shared_map_exec(i64 %len)
; CHECK-SAME: #[[MMAP_EXEC]]
define ptr @shared_map_exec(i64 %len) {
  %p = call ptr @inner_shared(i64 %len, i32 5)
  ret ptr %p
}

; CHECK-LABEL: define i32 @make_exec(ptr %self)
; CHECK-SAME: #[[MPROTECT_EXEC:[0-9]+]]
define i32 @make_exec(ptr %self) {
  %r = call i32 @inner_mprotect(ptr %self, i32 5)
  ret i32 %r
}

; CHECK-LABEL: define i32 @make_read_only(ptr %self) {
define i32 @make_read_only(ptr %self) {
  %r = call i32 @inner_mprotect(ptr %self, i32 1)
  ret i32 %r
}

; A function whose address is taken may be given any protection: it is no
; forwarder, and its callers are charged nothing for what they pass.
; CHECK-LABEL: define internal i32 @taken(ptr %self, i32 %prot) {
define internal i32 @taken(ptr %self, i32 %prot) {
  %r = call i32 @mprotect(ptr %self, i64 4096, i32 %prot)
  ret i32 %r
}

@handler = global ptr @taken

; CHECK-LABEL: define i32 @calls_taken(ptr %self) {
define i32 @calls_taken(ptr %self) {
  %r = call i32 @taken(ptr %self, i32 5)
  ret i32 %r
}

; CHECK-DAG: attributes #[[MMAP_EXEC]] = { "capgate"="ARBITRARY_EXECUTION" "capgate.via"="ARBITRARY_EXECUTION: mmap(PROT_EXEC)" }
; CHECK-DAG: attributes #[[MMAP64_EXEC]] = { "capgate"="ARBITRARY_EXECUTION" "capgate.via"="ARBITRARY_EXECUTION: mmap64(PROT_EXEC)" }
; CHECK-DAG: attributes #[[PKEY_EXEC]] = { "capgate"="ARBITRARY_EXECUTION" "capgate.via"="ARBITRARY_EXECUTION: pkey_mprotect(PROT_EXEC)" }
; CHECK-DAG: attributes #[[MPROTECT_EXEC]] = { "capgate"="ARBITRARY_EXECUTION" "capgate.via"="ARBITRARY_EXECUTION: mprotect(PROT_EXEC)" }
