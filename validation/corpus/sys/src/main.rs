//! Talking to the operating system below std: nix and rustix for process
//! identity and file metadata, dirs for the home directory, a memory-mapped
//! file, Ctrl-C and signal handlers installed, the CPU count.
use std::io::Write;

fn main() {
    let pid = nix::unistd::getpid();
    let uname = nix::sys::utsname::uname().expect("uname");
    let mut file = tempfile::NamedTempFile::new().expect("temporary file");
    file.write_all(b"mapped bytes").unwrap();
    file.flush().unwrap();
    let stat = rustix::fs::statat(rustix::fs::cwd(), file.path(), rustix::fs::AtFlags::empty()).expect("stat");
    let map = unsafe { memmap2::Mmap::map(file.as_file()).expect("mmap") };
    let home = dirs::home_dir();
    ctrlc::set_handler(|| std::process::exit(130)).expect("Ctrl-C handler");
    let flag = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    signal_hook::flag::register(signal_hook::consts::SIGUSR1, flag.clone()).expect("SIGUSR1");
    println!(
        "sys: pid {} on {} ({} cpus), {} bytes mapped of {}, uid {}, home {}",
        pid,
        uname.sysname().to_string_lossy(),
        num_cpus::get(),
        map.len(),
        stat.st_size,
        rustix::process::getuid().as_raw(),
        home.map_or("unknown".into(), |h| h.display().to_string())
    );
}
