; Running the pass twice on one module (an explicit pipeline plus the
; pipeline-start hook, or LTO over analysed modules) writes the facts once.
; RUN: env CAPGATE_ANNOTATIONS_DIR=%S/Inputs/annotations %capgate-opt -S %s | env CAPGATE_ANNOTATIONS_DIR=%S/Inputs/annotations %capgate-opt -S | FileCheck %s

; CHECK-COUNT-1: module asm ".pushsection .capgate
; CHECK-NOT: module asm ".pushsection .capgate
; CHECK: !capgate.analyzed = !{}

define void @f() {
  ret void
}
