// One public std API per remaining capability: network, processes, reading
// and changing system state.
// RUN: %rustc-O0 --crate-type=lib --emit=llvm-ir=%t.O0.ll %s
// RUN: FileCheck %s < %t.O0.ll
// RUN: %rustc-O3 --crate-type=lib --emit=llvm-ir=%t.O3.ll %s
// RUN: FileCheck %s < %t.O3.ll

// CHECK-DAG: "capgate"="NETWORK" "capgate.via"="NETWORK: {{.*}}TcpListener{{.*}}bind{{.*}} at {{.*}}std-capabilities.rs:[[@LINE+2]]"
pub fn listen() -> bool {
    std::net::TcpListener::bind("127.0.0.1:0").is_ok()
}

// CHECK-DAG: "capgate"="NETWORK" "capgate.via"="NETWORK: {{.*}}to_socket_addrs at {{.*}}std-capabilities.rs:[[@LINE+3]]"
pub fn resolve() -> bool {
    use std::net::ToSocketAddrs;
    "localhost:80".to_socket_addrs().is_ok()
}

// CHECK-DAG: "capgate"="EXEC" "capgate.via"="EXEC: {{.*}}Command{{.*}} at {{.*}}std-capabilities.rs:[[@LINE+2]]"
pub fn run_make() -> bool {
    std::process::Command::new("make").status().is_ok()
}

// CHECK-DAG: "capgate"="READ_SYSTEM_STATE" "capgate.via"="READ_SYSTEM_STATE: std::env::var::<&str> at {{.*}}std-capabilities.rs:[[@LINE+2]]"
pub fn home() -> Option<String> {
    std::env::var("HOME").ok()
}

// CHECK-DAG: "capgate"="READ_SYSTEM_STATE" "capgate.via"="READ_SYSTEM_STATE: std::env::args at {{.*}}std-capabilities.rs:[[@LINE+2]]"
pub fn first_argument() -> Option<String> {
    std::env::args().nth(1)
}

// CHECK-DAG: "capgate"="MODIFY_SYSTEM_STATE" "capgate.via"="MODIFY_SYSTEM_STATE: std::env::set_current_dir::<&str> at {{.*}}std-capabilities.rs:[[@LINE+2]]"
pub fn go_to_tmp() -> bool {
    std::env::set_current_dir("/tmp").is_ok()
}

// CHECK-DAG: "capgate"="FILES" "capgate.via"="FILES: <std::path::Path>::exists at {{.*}}std-capabilities.rs:[[@LINE+2]]"
pub fn has_lock_file() -> bool {
    std::path::Path::new("/tmp/lock").exists()
}

// std's thread-count heuristic reads the cgroup quota under /proc and /sys.
// CHECK-DAG: "capgate"="READ_SYSTEM_STATE" "capgate.via"="READ_SYSTEM_STATE: std::thread::{{(functions::)?}}available_parallelism at {{.*}}std-capabilities.rs:[[@LINE+2]]"
pub fn cpus() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}
