// Stands in for a wrapper crate such as rustix or mio: an annotated API
// (Inputs/summary-wrap.toml) whose bodies do low-level work of their own
// (here an asm! block), and generics that call back into their callers'
// code: a closure called in place, a closure boxed behind a vtable, and a
// trait the caller implements.
pub mod net {
    pub trait Resolve {
        fn resolve(&self) -> String;
    }
    pub fn dial<A: Resolve>(address: A) -> usize {
        crate::raw();
        address.resolve().len()
    }
}

pub mod termios {
    pub fn window_size() -> u32 {
        crate::raw()
    }
    pub fn with_retry<F: FnMut() -> bool>(mut attempt: F) -> bool {
        crate::raw();
        attempt() || attempt()
    }
    pub fn on_resize<F: FnMut() + 'static>(handler: F) -> Box<dyn FnMut()> {
        crate::raw();
        Box::new(handler)
    }
}

#[inline(never)]
fn raw() -> u32 {
    let value: u32;
    unsafe { std::arch::asm!("mov {0:e}, 80", out(reg) value) };
    value
}
