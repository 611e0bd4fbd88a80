// Threads are followed: files opened by four worker threads are seen, each
// from its own thread, and none counts as runtime.
// REQUIRES: capgate-trace-tool, ptrace
// RUN: %rustc -o %t %s
// RUN: %capgate-trace-tool run --json -o %t.json -- %t
// RUN: FileCheck %s < %t.json

// CHECK: "capabilities": [
// CHECK-NEXT: "FILES"
// CHECK-NEXT: ],
// CHECK: "call": "openat(AT_FDCWD, \"/dev/null\", O_RDONLY|O_CLOEXEC)",
// CHECK-NEXT: "capability": "FILES",
// CHECK-NEXT: "count": 4,
// CHECK: "phase": "main",
// CHECK: "threads": 5

fn main() {
    let workers: Vec<_> = (0..4)
        .map(|_| std::thread::spawn(|| std::fs::File::open("/dev/null").unwrap()))
        .collect();
    for worker in workers {
        worker.join().unwrap();
    }
}
