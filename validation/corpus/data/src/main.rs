//! Data handling that needs nothing from the outside world but the clock, the
//! time zone and randomness: serde through JSON, TOML and CSV, hashing and
//! encodings, versions, iterator tools, a parallel sum on rayon's pool.
use itertools::Itertools;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::Digest;

#[derive(Debug, Serialize, Deserialize, PartialEq)]
struct Crate {
    name: String,
    version: String,
    downloads: u64,
}

#[derive(Debug, thiserror::Error)]
enum CheckError {
    #[error("checksum mismatch")]
    Checksum,
}

fn main() -> anyhow::Result<()> {
    let crates = vec![
        Crate { name: "serde".into(), version: "1.0.152".into(), downloads: 300 },
        Crate { name: "regex".into(), version: "1.7.1".into(), downloads: 200 },
    ];
    let json = serde_json::to_string(&crates)?;
    let back: Vec<Crate> = serde_json::from_str(&json)?;
    let toml_text = toml::to_string(&std::collections::BTreeMap::from([("first", &back[0])]))?;
    let mut writer = csv::Writer::from_writer(Vec::new());
    for c in &back {
        writer.serialize(c)?;
    }
    let csv_text = String::from_utf8(writer.into_inner()?)?;
    let digest = hex::encode(sha2::Sha256::digest(csv_text.as_bytes()));
    if digest.len() != 64 {
        return Err(CheckError::Checksum.into());
    }
    let newest = back.iter().map(|c| semver::Version::parse(&c.version).unwrap()).max().unwrap();
    let names = back.iter().map(|c| c.name.as_str()).sorted().join(",");
    let total: u64 = (1..=10_000u64).into_par_iter().sum();
    let id = uuid::Uuid::new_v4();
    let roll: u8 = rand::random();
    let now = chrono::Local::now();
    println!(
        "data: {names} newest {newest} sum {total} toml {} bytes sha256 {} base64 {} id {} roll {roll} at {}",
        toml_text.len(),
        &digest[..12],
        base64::encode(&digest[..6]),
        id.get_version_num(),
        now.format("%Y")
    );
    Ok(())
}
