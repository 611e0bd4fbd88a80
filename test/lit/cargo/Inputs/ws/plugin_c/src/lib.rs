/// Exported: what a host program can call.
#[no_mangle]
pub extern "C" fn plugin_cleanup() -> bool {
    std::fs::remove_file("/tmp/plugin.lock").is_ok()
}

/// Not exported and not called: not part of the cdylib's capabilities.
#[allow(dead_code)]
fn never_called() -> bool {
    std::process::Command::new("true").status().is_ok()
}
