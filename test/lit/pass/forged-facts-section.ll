; Only the pass writes the .capgate section. A crate that places a static
; there itself (#[link_section = ".capgate"]), perhaps holding a block that
; claims another crate's identity, stops its compilation with an error
; naming it. rustc prints LLVM's fatal errors ("rustc-LLVM ERROR: ...") and
; exits with 101; test/lit/rustc/forged-facts-section.rs shows that, and the
; assembly forms.
; RUN: not %capgate-opt -disable-output %s 2>&1 | FileCheck %s
; A section the linker could be told to fold into it is refused alike.
; RUN: sed 's/".capgate"/".capgate.blocks"/' %s > %t.ll
; RUN: not %capgate-opt -disable-output %t.ll 2>&1 | FileCheck --check-prefix=SUFFIX %s

target triple = "x86_64-unknown-linux-gnu"

; CHECK: LLVM ERROR: capgate: forged-facts-section places `evil::FAKE` in the .capgate section, where only capgate writes the facts it analysed; capgate does not compile a crate that forges them
; SUFFIX: LLVM ERROR: capgate: forged-facts-section places `evil::FAKE` in the .capgate section
@_RNvCs1_4evil4FAKE = constant [13 x i8] c"capgate-facts", section ".capgate"
