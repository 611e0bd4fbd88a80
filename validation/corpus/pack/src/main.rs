//! Archives: a directory packed into a .tar.gz with tar and flate2 and
//! unpacked elsewhere; a zip written and read back; bzip2 and xz round trips
//! in memory (C libraries behind -sys crates).
use std::fs::{self, File};
use std::io::{Read, Write};

fn main() {
    let work = tempfile::tempdir().expect("temporary directory");
    let source = work.path().join("source");
    fs::create_dir(&source).unwrap();
    fs::write(source.join("a.txt"), "alpha\n").unwrap();
    fs::write(source.join("b.txt"), "beta\n").unwrap();

    let archive = work.path().join("source.tar.gz");
    let encoder = flate2::write::GzEncoder::new(File::create(&archive).unwrap(), flate2::Compression::default());
    let mut builder = tar::Builder::new(encoder);
    builder.append_dir_all("source", &source).unwrap();
    builder.into_inner().unwrap().finish().unwrap();

    let target = work.path().join("unpacked");
    tar::Archive::new(flate2::read::GzDecoder::new(File::open(&archive).unwrap()))
        .unpack(&target)
        .unwrap();
    assert_eq!(fs::read_to_string(target.join("source/b.txt")).unwrap(), "beta\n");

    let zip_path = work.path().join("notes.zip");
    let mut writer = zip::ZipWriter::new(File::create(&zip_path).unwrap());
    writer.start_file("notes.txt", zip::write::FileOptions::default()).unwrap();
    writer.write_all(b"zipped notes").unwrap();
    writer.finish().unwrap();
    let mut zipped = zip::ZipArchive::new(File::open(&zip_path).unwrap()).unwrap();
    let mut text = String::new();
    zipped.by_name("notes.txt").unwrap().read_to_string(&mut text).unwrap();

    let data = b"compress me, compress me, compress me".repeat(20);
    let mut bz = Vec::new();
    bzip2::read::BzEncoder::new(&data[..], bzip2::Compression::best()).read_to_end(&mut bz).unwrap();
    let mut xz = Vec::new();
    xz2::read::XzEncoder::new(&data[..], 6).read_to_end(&mut xz).unwrap();
    let mut back = Vec::new();
    xz2::read::XzDecoder::new(&xz[..]).read_to_end(&mut back).unwrap();
    assert_eq!(back, data);
    println!("pack: tar.gz {} bytes, zip says {text:?}, bzip2 {} bytes, xz {} bytes",
             fs::metadata(&archive).unwrap().len(), bz.len(), xz.len());
}
