fn main() {
    let file = std::fs::File::open(std::env::args().next().unwrap()).unwrap();
    // mmap(PROT_READ | PROT_EXEC) through MmapInner::new(len, prot, ...).
    let code = unsafe { memmap2::MmapOptions::new().len(16).map_exec(&file) };
    // mprotect(PROT_READ | PROT_EXEC) through MmapInner::mprotect(prot).
    let jit = memmap2::MmapMut::map_anon(16).and_then(|map| map.make_exec());
    // mmap(PROT_READ) and mprotect(PROT_READ): nothing.
    let data = unsafe { memmap2::Mmap::map(&file) };
    let frozen = memmap2::MmapMut::map_anon(16).and_then(|map| map.make_read_only());
    println!("{} {} {} {}", code.is_ok(), jit.is_ok(), data.is_ok(), frozen.is_ok());
}
