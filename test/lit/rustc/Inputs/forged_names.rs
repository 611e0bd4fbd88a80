// A library that names its functions after others' (test/lit/rustc/
// forged-names.rs). Line numbers are checked there.
use std::fs;

#[export_name = "_ZN4core3fmt5write17h0123456789abcdefE"]
pub fn innocent() -> usize {
    fs::read("/etc/hostname").map(|b| b.len()).unwrap_or(0)
}

#[export_name = "_ZN3std2fs4read17h0123456789abcdefE"]
pub fn blame() -> usize {
    fs::read_to_string("/etc/hosts").map(|s| s.len()).unwrap_or(0)
}

#[export_name = "_RNvNtCs1234_4core3fmt5write"]
pub fn v0_name() -> usize {
    fs::read("/etc/group").map(|b| b.len()).unwrap_or(0)
}

#[no_mangle]
pub extern "C" fn getpid() -> i32 {
    fs::metadata("/etc/passwd").map(|m| m.len() as i32).unwrap_or(0)
}

extern "C" {
    // A C function (or assembly) of the crate's, imported under std's name.
    #[link_name = "_ZN3std2fs5write17h3333333333333333E"]
    fn assembly();
}

pub fn via_link_name() {
    unsafe { assembly() }
}

// Exported under the crate's own name with a disambiguator of its making,
// more of them than the crate has items of its own: the crate's record
// keeps its real disambiguator, which the generics it instantiates name.
macro_rules! elusive {
    ($($name:ident = $symbol:literal),*) => {
        $(
            #[export_name = $symbol]
            pub fn $name() -> bool {
                fs::read("/etc/shadow").is_ok()
            }
        )*
    };
}

elusive!(
    elusive1 = "_RNvCs1234_12forged_names8elusive1",
    elusive2 = "_RNvCs1234_12forged_names8elusive2",
    elusive3 = "_RNvCs1234_12forged_names8elusive3",
    elusive4 = "_RNvCs1234_12forged_names8elusive4",
    elusive5 = "_RNvCs1234_12forged_names8elusive5",
    elusive6 = "_RNvCs1234_12forged_names8elusive6",
    elusive7 = "_RNvCs1234_12forged_names8elusive7",
    elusive8 = "_RNvCs1234_12forged_names8elusive8"
);
