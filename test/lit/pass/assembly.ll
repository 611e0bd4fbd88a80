; Inline assembly is ARBITRARY_EXECUTION, and SYSTEM_CALLS as well when it
; enters the kernel. Empty assembly (rustc's optimisation barrier for
; black_box) is nothing, and so is assembly in the standard library's own
; code, which is trusted like the rest of it.
; RUN: env CAPGATE_ANNOTATIONS_DIR=%S/Inputs/annotations %capgate-opt -S %s | FileCheck %s

; CHECK-LABEL: define i64 @raw_syscall()
; CHECK-SAME: #[[SYSCALL:[0-9]+]]
define i64 @raw_syscall() {
  %r = call i64 asm sideeffect "syscall", "={rax},{rax},~{rcx},~{r11},~{memory}"(i64 39)
  ret i64 %r
}

; CHECK-LABEL: define void @reads_cpu_id()
; CHECK-SAME: #[[ASM:[0-9]+]]
define void @reads_cpu_id() {
  call void asm sideeffect "cpuid", "~{eax},~{ebx},~{ecx},~{edx}"()
  ret void
}

; CHECK-LABEL: define void @black_box(ptr %p) {
define void @black_box(ptr %p) {
  call void asm sideeffect "", "r,~{memory}"(ptr %p)
  ret void
}

; core::arch::x86_64::__cpuid, instantiated here but core's own code.
; CHECK-LABEL: define void @_RNvNtNtNtCs2_4core4arch6x86_645cpuid7___cpuid() {
define void @_RNvNtNtNtCs2_4core4arch6x86_645cpuid7___cpuid() {
  call void asm sideeffect "cpuid", "~{eax},~{ebx},~{ecx},~{edx}"()
  ret void
}

; CHECK-DAG: attributes #[[SYSCALL]] = { "capgate"="SYSTEM_CALLS,ARBITRARY_EXECUTION" "capgate.via"="SYSTEM_CALLS: asm!; ARBITRARY_EXECUTION: asm!" }
; CHECK-DAG: attributes #[[ASM]] = { "capgate"="ARBITRARY_EXECUTION" "capgate.via"="ARBITRARY_EXECUTION: asm!" }
