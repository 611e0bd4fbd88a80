; A raw system call whose number is read where it is made is charged that
; system call's capability (capgate/Syscalls.h): C's syscall() with a
; constant, a lone `syscall` instruction with a constant in rax, and a
; function of the module that forwards its parameter as the number (rustix's
; `syscall1(nr(__NR_getuid))` at opt-level 0), whose callers are charged with
; the numbers they pass. A number nothing reads stays SYSTEM_CALLS; assembly
; that is not a lone `syscall` instruction stays ARBITRARY_EXECUTION.
; RUN: env CAPGATE_ANNOTATIONS_DIR=%S/Inputs/annotations %capgate-opt -S %s | FileCheck %s

target triple = "x86_64-unknown-linux-gnu"

declare i64 @syscall(i64, ...)

; CHECK-LABEL: define i64 @libc_kill()
; CHECK-SAME: #[[KILL:[0-9]+]]
define i64 @libc_kill() {
  %r = call i64 (i64, ...) @syscall(i64 62, i64 1, i64 9)
  ret i64 %r
}

; getrandom reaches nothing outside the process.
; CHECK-LABEL: define i64 @libc_getrandom(ptr %buffer) {
define i64 @libc_getrandom(ptr %buffer) {
  %r = call i64 (i64, ...) @syscall(i64 318, ptr %buffer, i64 16, i32 0)
  ret i64 %r
}

; CHECK-LABEL: define i64 @libc_unknown(i64 %n)
; CHECK-SAME: #[[UNKNOWN_NUMBER:[0-9]+]]
define i64 @libc_unknown(i64 %n) {
  %r = call i64 (i64, ...) @syscall(i64 %n)
  ret i64 %r
}

; No system call of x86_64 has this number.
; CHECK-LABEL: define i64 @libc_no_such_call()
; CHECK-SAME: #[[NO_SUCH:[0-9]+]]
define i64 @libc_no_such_call() {
  %r = call i64 (i64, ...) @syscall(i64 400)
  ret i64 %r
}

; As rustc emits rustix's release build: the number is a pointer constant.
; CHECK-LABEL: define ptr @asm_getuid()
; CHECK-SAME: #[[GETUID:[0-9]+]]
define ptr @asm_getuid() {
  %r = call { ptr, i32, i32 } asm sideeffect inteldialect "syscall", "={ax},={cx},={r11},{ax},~{memory}"(ptr nonnull inttoptr (i64 102 to ptr))
  %v = extractvalue { ptr, i32, i32 } %r, 0
  ret ptr %v
}

; rax tied to the output (`inout("rax")`).
; CHECK-LABEL: define i64 @asm_fork()
; CHECK-SAME: #[[FORK:[0-9]+]]
define i64 @asm_fork() {
  %r = call i64 asm sideeffect "syscall", "=&{ax},0,~{rcx},~{r11},~{memory}"(i64 57)
  ret i64 %r
}

; CHECK-LABEL: define i64 @asm_unknown(i64 %n)
; CHECK-SAME: #[[ASM_UNKNOWN:[0-9]+]]
define i64 @asm_unknown(i64 %n) {
  %r = call i64 asm sideeffect "syscall", "={rax},{rax},~{rcx},~{r11},~{memory}"(i64 %n)
  ret i64 %r
}

; More than the system call instruction: arbitrary assembly that also
; enters the kernel.
; CHECK-LABEL: define i64 @asm_more()
; CHECK-SAME: #[[ASM_MORE:[0-9]+]]
define i64 @asm_more() {
  %r = call i64 asm sideeffect "mov rax, 39\0Asyscall", "={rax},~{rcx},~{r11},~{memory}"()
  ret i64 %r
}

; CHECK-LABEL: define void @asm_cpuid()
; CHECK-SAME: #[[CPUID:[0-9]+]]
define void @asm_cpuid() {
  call void asm sideeffect "cpuid", "~{eax},~{ebx},~{ecx},~{edx}"()
  ret void
}

; rustix at opt-level 0: nr() and to_asm() return their parameter, and
; syscall1() forwards its first one to the instruction. The forwarders
; themselves are charged nothing.
define internal i64 @nr(i32 %n) {
  %w = zext i32 %n to i64
  ret i64 %w
}

define internal ptr @to_asm(i64 %self) {
  %p = inttoptr i64 %self to ptr
  ret ptr %p
}

; CHECK-LABEL: define internal ptr @syscall1(i64 %nr, ptr %a0) {
define internal ptr @syscall1(i64 %nr, ptr %a0) {
  %n = call ptr @to_asm(i64 %nr)
  %r = call { ptr, i32, i32 } asm sideeffect inteldialect "syscall", "={ax},={cx},={r11},{ax},{di},~{memory}"(ptr %n, ptr %a0)
  %v = extractvalue { ptr, i32, i32 } %r, 0
  ret ptr %v
}

; CHECK-LABEL: define internal ptr @wrapper(ptr %path, i64 %number) {
define internal ptr @wrapper(ptr %path, i64 %number) {
  %r = call ptr @syscall1(i64 %number, ptr %path)
  ret ptr %r
}

; CHECK-LABEL: define i32 @rustix_getuid()
; CHECK-SAME: #[[GETUID]]
define i32 @rustix_getuid() {
  %n = call i64 @nr(i32 102)
  %r = call ptr @syscall1(i64 %n, ptr null)
  %v = ptrtoint ptr %r to i32
  ret i32 %v
}

; Through two forwarders: chdir.
; CHECK-LABEL: define ptr @rustix_chdir(ptr %path)
; CHECK-SAME: #[[RUSTIX_CHDIR:[0-9]+]]
define ptr @rustix_chdir(ptr %path) {
  %r = call ptr @wrapper(ptr %path, i64 80)
  ret ptr %r
}

; A caller other modules may call: its number is not known here.
; CHECK-LABEL: define ptr @dynamic(i64 %n)
; CHECK-SAME: #[[UNKNOWN_NUMBER]]
define ptr @dynamic(i64 %n) {
  %r = call ptr @syscall1(i64 %n, ptr null)
  ret ptr %r
}

; Forwarding to C's syscall(): openat.
; CHECK-LABEL: define internal i64 @libc_forward(i64 %n) {
define internal i64 @libc_forward(i64 %n) {
  %r = call i64 (i64, ...) @syscall(i64 %n)
  ret i64 %r
}

; CHECK-LABEL: define i64 @libc_openat()
; CHECK-SAME: #[[OPENAT:[0-9]+]]
define i64 @libc_openat() {
  %r = call i64 @libc_forward(i64 257)
  ret i64 %r
}

; A function whose address is taken may be called with any number: it is
; no forwarder, and its own system call is SYSTEM_CALLS.
; CHECK-LABEL: define internal i64 @taken(i64 %n)
; CHECK-SAME: #[[ASM_UNKNOWN]]
define internal i64 @taken(i64 %n) {
  %r = call i64 asm sideeffect "syscall", "={rax},{rax},~{rcx},~{r11},~{memory}"(i64 %n)
  ret i64 %r
}

@handler = global ptr @taken

; CHECK-LABEL: define i64 @calls_taken()
; CHECK-SAME: #[[CALLS_TAKEN:[0-9]+]]
define i64 @calls_taken() {
  %r = call i64 @taken(i64 39)
  ret i64 %r
}

; CHECK-DAG: attributes #[[KILL]] = { "capgate"="MODIFY_SYSTEM_STATE" "capgate.via"="MODIFY_SYSTEM_STATE: syscall kill (62)" }
; CHECK-DAG: attributes #[[UNKNOWN_NUMBER]] = { "capgate"="SYSTEM_CALLS" "capgate.via"="SYSTEM_CALLS: syscall" }
; CHECK-DAG: attributes #[[NO_SUCH]] = { "capgate"="SYSTEM_CALLS" "capgate.via"="SYSTEM_CALLS: syscall 400" }
; CHECK-DAG: attributes #[[GETUID]] = { "capgate"="READ_SYSTEM_STATE" "capgate.via"="READ_SYSTEM_STATE: syscall getuid (102)" }
; CHECK-DAG: attributes #[[FORK]] = { "capgate"="EXEC" "capgate.via"="EXEC: syscall fork (57)" }
; CHECK-DAG: attributes #[[ASM_UNKNOWN]] = { "capgate"="SYSTEM_CALLS" "capgate.via"="SYSTEM_CALLS: asm!" }
; CHECK-DAG: attributes #[[ASM_MORE]] = { "capgate"="SYSTEM_CALLS,ARBITRARY_EXECUTION" "capgate.via"="SYSTEM_CALLS: asm!; ARBITRARY_EXECUTION: asm!" }
; CHECK-DAG: attributes #[[CPUID]] = { "capgate"="ARBITRARY_EXECUTION" "capgate.via"="ARBITRARY_EXECUTION: asm!" }
; CHECK-DAG: attributes #[[RUSTIX_CHDIR]] = { "capgate"="MODIFY_SYSTEM_STATE" "capgate.via"="MODIFY_SYSTEM_STATE: syscall chdir (80)" }
; CHECK-DAG: attributes #[[OPENAT]] = { "capgate"="FILES" "capgate.via"="FILES: syscall openat (257)" }
; CHECK-DAG: attributes #[[CALLS_TAKEN]] = { "capgate"="SYSTEM_CALLS" "capgate.via"="SYSTEM_CALLS: taken" }
