; Rust path rules: a prefix with an exclusion, an exact function (which
; covers its closures but nothing else beneath it), SAFE, and a trait's
; meaning outranking the type it is implemented for.
; RUN: env CAPGATE_ANNOTATIONS_DIR=%S/Inputs/annotations %capgate-opt -S %s | FileCheck %s

; std::fs::read
declare void @_RNvNtCs1_3std2fs4read()
; std::fs::Permissions::readonly (excluded)
declare void @_RNvMNtCs1_3std2fsNtB2_11Permissions8readonly()
; <std::path::Path>::exists and a closure inside it
declare void @_RNvMNtCs1_3std4pathNtB2_4Path6exists()
declare void @_RNCNvMNtCs1_3std4pathNtB4_4Path6exists0()
; <std::path::Path>::exists::helper (below the exact path: not covered)
declare void @_RNvNvMNtCs1_3std4pathNtB4_4Path6exists6helper()
; <std::fs::File as core::ops::drop::Drop>::drop
declare void @_RNvXNtCs1_3std2fsNtB2_4FileNtNtNtCs2_4core3ops4drop4Drop4drop()
; <std::fs::File as std::io::Read>::read
declare void @_RNvXNtCs1_3std2fsNtB2_4FileNtNtB4_2io4Read4read()
; std::net::TcpStream::connect::<&str> (generic arguments are ignored)
declare void @_RINvMNtCs1_3std3netNtB3_9TcpStream7connectReEB5_()

; CHECK-LABEL: define void @reads_file()
; CHECK-SAME: #[[FILES:[0-9]+]]
define void @reads_file() {
  call void @_RNvNtCs1_3std2fs4read()
  ret void
}

; CHECK-LABEL: define void @excluded_permissions() {
define void @excluded_permissions() {
  call void @_RNvMNtCs1_3std2fsNtB2_11Permissions8readonly()
  ret void
}

; CHECK-LABEL: define void @exact_function()
; CHECK-SAME: #[[FILES2:[0-9]+]]
define void @exact_function() {
  call void @_RNvMNtCs1_3std4pathNtB2_4Path6exists()
  call void @_RNCNvMNtCs1_3std4pathNtB4_4Path6exists0()
  ret void
}

; CHECK-LABEL: define void @below_exact_function() {
define void @below_exact_function() {
  call void @_RNvNvMNtCs1_3std4pathNtB4_4Path6exists6helper()
  ret void
}

; Drop::drop is SAFE, which outranks std::fs for <File as Drop>::drop.
; CHECK-LABEL: define void @drops_file() {
define void @drops_file() {
  call void @_RNvXNtCs1_3std2fsNtB2_4FileNtNtNtCs2_4core3ops4drop4Drop4drop()
  ret void
}

; Read::read means nothing by itself, so the File it reads decides.
; CHECK-LABEL: define void @reads_from_file()
; CHECK-SAME: #[[FILES3:[0-9]+]]
define void @reads_from_file() {
  call void @_RNvXNtCs1_3std2fsNtB2_4FileNtNtB4_2io4Read4read()
  ret void
}

; CHECK-LABEL: define void @connects()
; CHECK-SAME: #[[NET:[0-9]+]]
define void @connects() {
  call void @_RINvMNtCs1_3std3netNtB3_9TcpStream7connectReEB5_()
  ret void
}

; CHECK-DAG: attributes #[[FILES]] = { "capgate"="FILES" "capgate.via"="FILES: std::fs::read" }
; CHECK-DAG: attributes #[[FILES2]] = { "capgate"="FILES" "capgate.via"="FILES: <std::path::Path>::exists" }
; CHECK-DAG: attributes #[[FILES3]] = { "capgate"="FILES" "capgate.via"="FILES: <std::fs::File as std::io::Read>::read" }
; CHECK-DAG: attributes #[[NET]] = { "capgate"="NETWORK" "capgate.via"="NETWORK: <std::net::TcpStream>::connect::<&str>" }
