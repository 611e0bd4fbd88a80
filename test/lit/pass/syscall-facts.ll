; Raw system call numbers across codegen units (rustix at opt-level 0): a
; unit records a raw system call whose number is a parameter of a function
; other units call (`sysfwd`, next to its SYSTEM_CALLS use), the small
; constants it passes to other units' functions (`sysarg`), and its
; functions that return their one parameter (`sysret`); the subcommand joins
; them (test/unit/FactsGraphTest.cpp). rustc gives the functions a crate's
; units share hidden visibility.
; RUN: env CAPGATE_ANNOTATIONS_DIR=%S/Inputs/annotations %capgate-opt %s -o %t.bc
; RUN: llc -filetype=obj %t.bc -o %t.o
; RUN: %dump-facts %t.o > %t.facts
; RUN: FileCheck %s < %t.facts
; RUN: not grep -E 'sys(fwd|arg).*escaped' %t.facts

target triple = "x86_64-unknown-linux-gnu"

; rustix::backend::reg::nr and ::to_asm, defined in other units.
declare hidden i64 @_RNvCs4a_1a2nr(i32)
declare hidden ptr @_RNvCs4a_1a6to_asm(i64)
; rustix::backend::arch::asm::syscall2, defined in another unit.
declare hidden ptr @_RNvCs4a_1a8syscall2(i64, ptr, ptr)

; A unit's own `nr`: it returns its one parameter.
; CHECK-DAG: sysret	_RNvCs4a_1a8identity{{$}}
define hidden i64 @_RNvCs4a_1a8identity(i32 %n) {
  %w = zext i32 %n to i64
  ret i64 %w
}

; syscall1 makes the system call with parameter 0, through to_asm.
; CHECK-DAG: use	_RNvCs4a_1a8syscall1	SYSTEM_CALLS	asm!	
; CHECK-DAG: sysfwd	_RNvCs4a_1a8syscall1	0	_RNvCs4a_1a6to_asm	
define hidden ptr @_RNvCs4a_1a8syscall1(i64 %nr, ptr %a0) {
  %n = call ptr @_RNvCs4a_1a6to_asm(i64 %nr)
  %r = call { ptr, i32, i32 } asm sideeffect inteldialect "syscall", "={ax},={cx},={r11},{ax},{di},~{memory}"(ptr %n, ptr %a0)
  %v = extractvalue { ptr, i32, i32 } %r, 0
  ret ptr %v
}

; A helper only this unit calls is internal to it (rustix's
; syscall5_readonly, called by one instance of setsockopt), yet its number
; passes through another unit's to_asm: it forwards across units too, and
; the constant its caller passes through nr is recorded.
; CHECK-DAG: sysfwd	_RNvCs4a_1a17syscall5_readonly	0	_RNvCs4a_1a6to_asm	
; CHECK-DAG: sysarg	_RNvCs4a_1a10setsockopt	_RNvCs4a_1a17syscall5_readonly	0	54	_RNvCs4a_1a2nr	
define internal ptr @_RNvCs4a_1a17syscall5_readonly(i64 %nr, ptr %a0) {
  %n = call ptr @_RNvCs4a_1a6to_asm(i64 %nr)
  %r = call { ptr, i32, i32 } asm sideeffect inteldialect "syscall", "={ax},={cx},={r11},{ax},{di},~{memory}"(ptr %n, ptr %a0)
  %v = extractvalue { ptr, i32, i32 } %r, 0
  ret ptr %v
}

define ptr @_RNvCs4a_1a10setsockopt() {
  %n = call i64 @_RNvCs4a_1a2nr(i32 54)
  %r = call ptr @_RNvCs4a_1a17syscall5_readonly(i64 %n, ptr null)
  ret ptr %r
}

; An internal helper whose address is taken may be called with any number:
; no sysfwd (it keeps its SYSTEM_CALLS), and its callers' constants are not
; recorded.
; CHECK-DAG: use	_RNvCs4a_1a7escaped	SYSTEM_CALLS	asm!	
@_RNvCs4a_1a5TABLE = constant ptr @_RNvCs4a_1a7escaped
define internal ptr @_RNvCs4a_1a7escaped(i64 %nr, ptr %a0) {
  %n = call ptr @_RNvCs4a_1a6to_asm(i64 %nr)
  %r = call { ptr, i32, i32 } asm sideeffect inteldialect "syscall", "={ax},={cx},={r11},{ax},{di},~{memory}"(ptr %n, ptr %a0)
  %v = extractvalue { ptr, i32, i32 } %r, 0
  ret ptr %v
}

define ptr @_RNvCs4a_1a6caller() {
  %n = call i64 @_RNvCs4a_1a2nr(i32 39)
  %r = call ptr @_RNvCs4a_1a7escaped(i64 %n, ptr null)
  ret ptr %r
}

; getuid passes __NR_getuid through nr to syscall2; a length of 4096 is
; no system call number and is not recorded.
; CHECK-DAG: sysarg	_RNvCs4a_1a6getuid	_RNvCs4a_1a8syscall2	0	102	_RNvCs4a_1a2nr	
; CHECK-NOT: sysarg	{{.*}}4096
define ptr @_RNvCs4a_1a6getuid() {
  %n = call i64 @_RNvCs4a_1a2nr(i32 102)
  %r = call ptr @_RNvCs4a_1a8syscall2(i64 %n, ptr null, ptr inttoptr (i64 4096 to ptr))
  ret ptr %r
}
