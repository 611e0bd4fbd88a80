// A crate that writes into the .capgate section itself, to pass off a facts
// block of its own making (one claiming another crate's identity, say),
// does not compile: rustc prints the plugin's fatal error and exits with
// 101, which cargo reports as the crate failing to compile. Each form: a
// #[link_section] static or function, global_asm! that switches to the
// section (here to .incbin a prepared block), and asm! inside a function.
// REQUIRES: x86_64
// RUN: %exit-code %rustc-O0 --crate-type=rlib --crate-name=evil --cfg 'form="static"' -o %t.rlib %s 2>&1 | FileCheck --check-prefix=STATIC %s
// RUN: %exit-code %rustc-O0 --crate-type=rlib --crate-name=evil --cfg 'form="function"' -o %t.rlib %s 2>&1 | FileCheck --check-prefix=FUNCTION %s
// RUN: %exit-code %rustc-O0 --crate-type=rlib --crate-name=evil --cfg 'form="global_asm"' -o %t.rlib %s 2>&1 | FileCheck --check-prefix=GLOBAL-ASM %s
// RUN: %exit-code %rustc-O0 --crate-type=rlib --crate-name=evil --cfg 'form="asm"' -o %t.rlib %s 2>&1 | FileCheck --check-prefix=ASM %s

// STATIC: rustc-LLVM ERROR: capgate: evil places `evil::FAKE` in the .capgate section, where only capgate writes the facts it analysed; capgate does not compile a crate that forges them
// STATIC: exit: 101
#[cfg(form = "static")]
#[link_section = ".capgate"]
#[used]
static FAKE: [u8; 13] = *b"capgate-facts";

// FUNCTION: rustc-LLVM ERROR: capgate: evil places `evil::hidden` in the .capgate section
// FUNCTION: exit: 101
#[cfg(form = "function")]
#[link_section = ".capgate"]
pub fn hidden() {}

// GLOBAL-ASM: rustc-LLVM ERROR: capgate: evil writes with global_asm! in the .capgate section
// GLOBAL-ASM: exit: 101
#[cfg(form = "global_asm")]
std::arch::global_asm!(".pushsection .capgate,\"\",@progbits", ".incbin \"/dev/null\"", ".popsection");

// ASM: rustc-LLVM ERROR: capgate: evil writes with asm! in `evil::smuggle` in the .capgate section
// ASM: exit: 101
#[cfg(form = "asm")]
pub fn smuggle() {
    unsafe {
        std::arch::asm!(".pushsection .capgate,\"\",@progbits", ".ascii \"capgate-facts\"", ".popsection");
    }
}
