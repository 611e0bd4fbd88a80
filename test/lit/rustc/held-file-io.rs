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
// CHECK-NOT: "capgate.via"="FILES: <std::fs::File as held_file_io::
// CHECK-NOT: "capgate.via"="FILES: <std::fs::File>::try_clone
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

// Another crate's trait implemented for File (byteorder's WriteBytesExt is
// the real case) is that crate's code, not std::fs: it is followed, and what
// it does (write_all on the held file) is nothing. Duplicating the
// descriptor is nothing either.
pub trait WriteU16Ext: Write {
    fn write_u16_le(&mut self, value: u16) -> std::io::Result<()> {
        self.write_all(&value.to_le_bytes())
    }
}
impl<W: Write> WriteU16Ext for W {}

#[inline(never)]
pub fn record(file: &mut std::fs::File) -> std::io::Result<std::fs::File> {
    file.write_u16_le(7)?;
    file.try_clone()
}
