extern "Rust" {
    // evil::innocent, by the name it was exported under.
    #[link_name = "_ZN4core3fmt5write17h0123456789abcdefE"]
    fn core_write() -> usize;
}

fn main() {
    let total = evil::innocent() + evil::blame() + evil::getpid() as usize;
    let aliased = unsafe { core_write() };
    evil::via_link_name();
    println!("{}", total + aliased);
}
