// Reading, writing and seeking a File the caller already holds is not FILES:
// the capability was used when the file was opened (found in review of
// validation/corpus: byteorder's ReadBytesExt for File, mio's pipe writes).
// RUN: %rustc-O0 --crate-type=lib --emit=llvm-ir=%t.O0.ll %s
// RUN: FileCheck %s < %t.O0.ll
// RUN: %rustc-O3 --crate-type=lib --emit=llvm-ir=%t.O3.ll %s
// RUN: FileCheck %s < %t.O3.ll

use std::io::{Read, Seek, SeekFrom, Write};

// CHECK-DAG: "capgate"="FILES" "capgate.via"="FILES: <std::fs::File>::open::<&str> at {{.*}}held-file-io.rs:[[@LINE+3]]"
#[inline(never)]
pub fn open_config() -> std::io::Result<std::fs::File> {
    std::fs::File::open("/etc/hostname")
}

// CHECK-NOT: "capgate.via"="FILES: <std::fs::File as std::io::
// CHECK-NOT: "capgate.via"="FILES: <&std::fs::File as std::io::
#[inline(never)]
pub fn header(file: &mut std::fs::File) -> std::io::Result<[u8; 4]> {
    let mut magic = [0u8; 4];
    file.seek(SeekFrom::Start(0))?;
    file.read_exact(&mut magic)?;
    Ok(magic)
}

#[inline(never)]
pub fn append(mut file: &std::fs::File, line: &str) -> std::io::Result<()> {
    file.write_all(line.as_bytes())?;
    file.flush()?;
    file.sync_data()
}
