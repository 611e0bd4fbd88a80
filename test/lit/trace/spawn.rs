// Spawning /bin/true is EXEC (the vfork-like clone3 of posix_spawn and the
// execve of the child); what the child does between the two (resetting
// signal handlers) is the spawn phase and not counted, and /bin/true's own
// start-up is another program's and not traced. The exit status passes
// through.
// REQUIRES: capgate-trace-tool, ptrace
// RUN: %rustc -o %t %s
// RUN: %exit-code %capgate-trace-tool run -o %t.txt -- %t | FileCheck --check-prefix=EXIT %s
// RUN: FileCheck %s < %t.txt

// EXIT: true
// EXIT: exit: 7

// CHECK: capgate trace: {{.*}} exited with status 7
// CHECK: in 2 processes
// CHECK: capabilities: EXEC
// CHECK-NEXT: EXEC
// CHECK-NEXT: clone3({{.*}}flags=CLONE_VM|CLONE_VFORK) = [[CHILD:[0-9]+]]  [creates a process; pid [[PID:[0-9]+]] tid [[PID]]]
// CHECK: execve("/bin/true", {{.*}}) = 0  [/bin/true; pid [[CHILD]] tid [[CHILD]]]
// CHECK: not counted, spawn phase (in children before they exec): MODIFY_SYSTEM_STATE
// CHECK-NOT: other-program

fn main() {
    let status = std::process::Command::new("/bin/true").status().unwrap();
    println!("{}", status.success());
    std::process::exit(7);
}
