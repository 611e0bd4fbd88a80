/// Called from C: whether the host has a name.
#[no_mangle]
pub extern "C" fn shared_has_hostname() -> bool {
    std::fs::metadata("/etc/hostname").is_ok()
}
