; Ownership: a function belongs to the crate whose source it comes from,
; found through v0 impl paths. Here crate `a` instantiates code of core and
; alloc. A derived impl (macro-expanded in `a`) belongs to a; a blanket impl
; of alloc instantiated for a::Foo belongs to alloc; a trait's provided
; method belongs to the trait's crate; a legacy symbol is demangled with its
; hash removed. Each function calls out of the module, since functions
; that lead nowhere are left out of the facts.
; RUN: env CAPGATE_ANNOTATIONS_DIR=%S/Inputs/annotations %capgate-opt %s -o %t.bc
; RUN: llc -filetype=obj %t.bc -o %t.o
; RUN: %dump-facts %t.o | FileCheck %s

target triple = "x86_64-unknown-linux-gnu"

declare void @_RNvCs3_5other4func()

; CHECK: fn	_RNvXCs6xxl1lAjzDf_1aNtB2_3FooNtNtCsgEmfK2I1SDS_4core3fmt5Debug3fmtB2_	x	a	6xxl1lAjzDf	<a::Foo as core::fmt::Debug>::fmt
define void @_RNvXCs6xxl1lAjzDf_1aNtB2_3FooNtNtCsgEmfK2I1SDS_4core3fmt5Debug3fmtB2_() {
  call void @_RNvCs3_5other4func()
  ret void
}

; CHECK: fn	_RNvXsq_NtCslNYArtu3iFV_5alloc6stringNtB5_6StringNtNtCsgEmfK2I1SDS_4core3fmt7Display3fmtCs6xxl1lAjzDf_1a	x	alloc	lNYArtu3iFV	<alloc::string::String as core::fmt::Display>::fmt
define void @_RNvXsq_NtCslNYArtu3iFV_5alloc6stringNtB5_6StringNtNtCsgEmfK2I1SDS_4core3fmt7Display3fmtCs6xxl1lAjzDf_1a() {
  call void @_RNvCs3_5other4func()
  ret void
}

; <a::Foo as alloc::string::ToString>::to_string from alloc's blanket impl.
; CHECK: fn	_RNvXs_NtCslNYArtu3iFV_5alloc6stringNtCs6xxl1lAjzDf_1a3FooNtB4_8ToString9to_stringB10_	x	alloc	lNYArtu3iFV	<a::Foo as alloc::string::ToString>::to_string
define void @_RNvXs_NtCslNYArtu3iFV_5alloc6stringNtCs6xxl1lAjzDf_1a3FooNtB4_8ToString9to_stringB10_() {
  call void @_RNvCs3_5other4func()
  ret void
}

; A provided method of core::fmt::Write, for std's Adapter type.
; CHECK: fn	_RNvYINtNvNtCsjrHSEGnQ3l9_3std2io17default_write_fmt7AdapterNtNtNtNtB9_3sys5stdio4unix6StderrENtNtCsgEmfK2I1SDS_4core3fmt5Write10write_charCs6xxl1lAjzDf_1a	x	core	gEmfK2I1SDS	<std::io::default_write_fmt::Adapter<std::sys::stdio::unix::Stderr> as core::fmt::Write>::write_char
define void @_RNvYINtNvNtCsjrHSEGnQ3l9_3std2io17default_write_fmt7AdapterNtNtNtNtB9_3sys5stdio4unix6StderrENtNtCsgEmfK2I1SDS_4core3fmt5Write10write_charCs6xxl1lAjzDf_1a() {
  call void @_RNvCs3_5other4func()
  ret void
}

; A generic of std instantiated in a: std::fs::read::<&str>.
; CHECK: fn	_RINvNtCsjrHSEGnQ3l9_3std2fs4readReECs6xxl1lAjzDf_1a	x	std	jrHSEGnQ3l9	std::fs::read::<&str>
define void @_RINvNtCsjrHSEGnQ3l9_3std2fs4readReECs6xxl1lAjzDf_1a() {
  call void @_RNvCs3_5other4func()
  ret void
}

; Closures nested in closures: their empty names are the single digit 0,
; and a following 0 is the next name, not more digits of this one.
; CHECK: fn	_RINvNtNtCsjrHSEGnQ3l9_3std3sys9backtrace28___rust_begin_short_backtraceNCNCNCINvNtNtB6_6thread9lifecycle15spawn_uncheckedNCNvCscYpHPGFX848_13no_capability4mains_0yEs_000uEB1Z_	x	std	jrHSEGnQ3l9	std::sys::backtrace::__rust_begin_short_backtrace::<std::thread::lifecycle::spawn_unchecked<no_capability::main::{closure#1}, u64>::{closure#1}::{closure#0}::{closure#0}, ()>
define void @_RINvNtNtCsjrHSEGnQ3l9_3std3sys9backtrace28___rust_begin_short_backtraceNCNCNCINvNtNtB6_6thread9lifecycle15spawn_uncheckedNCNvCscYpHPGFX848_13no_capability4mains_0yEs_000uEB1Z_() {
  call void @_RNvCs3_5other4func()
  ret void
}

; A legacy symbol: mylib::util::helper.
; CHECK: fn	_ZN5mylib4util6helper17h0123456789abcdefE	x	mylib		mylib::util::helper
define void @_ZN5mylib4util6helper17h0123456789abcdefE() {
  call void @_RNvCs3_5other4func()
  ret void
}
