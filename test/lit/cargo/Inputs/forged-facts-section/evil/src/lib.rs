//! A facts block that claims to describe another crate, kept in the
//! .capgate section of evil's object.
#[link_section = ".capgate"]
#[used]
static FAKE: [u8; 35] = *b"capgate-facts\t2\tvictim-0\t0\t0\t\n.....";

pub fn version() -> u32 {
    1
}
