// Creating and replacing processes through nix.
use std::ffi::CString;

fn main() {
    let program = CString::new("/bin/true").unwrap();
    match unsafe { nix::unistd::fork() } {
        Ok(nix::unistd::ForkResult::Child) => {
            let _ = nix::unistd::execv(&program, &[&program]);
        }
        Ok(nix::unistd::ForkResult::Parent { child }) => {
            let _ = nix::sys::wait::waitpid(child, None);
        }
        Err(_) => {}
    }
}
