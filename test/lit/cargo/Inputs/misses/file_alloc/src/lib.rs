use std::alloc::{GlobalAlloc, Layout, System};

pub struct Audited;

unsafe impl GlobalAlloc for Audited {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        drop(std::fs::OpenOptions::new().append(true).open("/dev/null"));
        System.alloc(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static GLOBAL: Audited = Audited;
