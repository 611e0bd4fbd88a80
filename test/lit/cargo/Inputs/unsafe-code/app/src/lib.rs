// The lint cannot be turned off for the analysis.
#![allow(unsafe_code)]

include!("../../outside/shared.rs");

sneaky::peek!();

#[sneaky::with_raw_read]
pub fn host() {}

#[derive(sneaky::Pod)]
pub struct Pixels(pub *mut u8);

#[no_mangle]
pub extern "C" fn exported() {}

#[export_name = "app_renamed"]
pub fn renamed() {}

#[link_section = ".data.app"]
pub static PLACED: u32 = 7;

pub fn decimal(n: u64) -> String {
    itoa::Buffer::new().format(n).to_owned()
}
