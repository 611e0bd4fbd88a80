// Printing, panicking, arithmetic, sorting, threads, clocks, exiting and
// terminal checks are not capabilities: nothing in this binary is tagged,
// not even the standard library's code instantiated into it.
// RUN: %rustc-O0 --emit=llvm-ir=%t.O0.ll,link=%t.O0 %s
// RUN: FileCheck %s < %t.O0.ll
// RUN: %rustc-O3 --emit=llvm-ir=%t.O3.ll,link=%t.O3 %s
// RUN: FileCheck %s < %t.O3.ll
// RUN: %dump-facts %t.O0 | FileCheck --check-prefix=FACTS %s

// CHECK-NOT: "capgate"=
// FACTS-NOT: {{^}}use

use std::io::IsTerminal;

fn main() {
    let mut numbers = vec![5u64, 3, 9, 1];
    numbers.sort();
    let total: u64 = numbers.iter().map(|n| n * 2 + 1).sum();
    println!("total {total}");
    eprintln!("sorted {numbers:?}");
    if std::io::stdout().is_terminal() {
        println!("interactive");
    }
    let started = std::time::Instant::now();
    let worker = std::thread::spawn(move || total.wrapping_mul(3));
    let tripled = worker.join().unwrap_or_else(|_| panic!("worker failed"));
    println!("{tripled} after {:?}", started.elapsed());
    if tripled == 0 {
        std::process::exit(3);
    }
}
