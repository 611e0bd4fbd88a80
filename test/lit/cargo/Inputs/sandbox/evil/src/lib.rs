// What the build script generated in OUT_DIR.
include!(concat!(env!("OUT_DIR"), "/generated.rs"));

pub fn answer() -> u32 {
    victim::answer() + GENERATED
}
