// A global allocator of its own: std's allocations for println! reach it.
use std::alloc::{GlobalAlloc, Layout, System};

struct Noisy;

unsafe impl GlobalAlloc for Noisy {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = std::env::var_os("NOISY");
        System.alloc(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static GLOBAL: Noisy = Noisy;

fn main() {
    println!("{}", String::from("hello"));
}
