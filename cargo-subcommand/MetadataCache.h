// MetadataCache.h - cargo metadata's answer, kept until something it read
// changes.
//
// Every analysis build needs `cargo metadata`: the identity of every unit
// (which package wrote it, of which kind, whether it only runs at build
// time) comes from there, never from a crate. But cargo reads the manifest
// of every crate its sources hold each time it runs, so with Debian's
// directory source of 1,514 crates `cargo metadata` costs 0.45 s, as much
// as the rest of a no-op report together. It answers the same until one of
// its inputs changes, so capgate keeps the answer beside what it was made
// from:
//
//  - capgate's version, rustc's `-vV` (the toolchain, which the cargo that
//    runs belongs to), the cargo program, its arguments, its working
//    directory, and the environment (less the variables that describe the
//    terminal);
//  - the status (device, inode, mode, size, modification and change time)
//    of the cargo program and of every file cargo reads or looks for: the
//    config and toolchain files and Cargo.toml of the working directory, of
//    the manifest's directory and of all their ancestors, cargo's and
//    rustup's own files, the lock file, each package's manifest, and the
//    directories cargo finds targets in (the package's, src, src/bin,
//    examples, tests, benches, and their subdirectories), for workspace
//    members every directory up to the workspace root, and the directories
//    the workspace's member globs search, as deep as they search.
//
// An edit changes a file's change time, which no process of the user's can
// set back, so no change hides behind the same status. An answer whose
// inputs changed while cargo ran is not kept.
//
// Unit identities are a security input, so the cache is MAC'd (MacFile.h):
// something that can write the target directory (a build script run
// without the sandbox) cannot make capgate take its word for them. And the
// driver checks, after every build from a cached answer, that each unit
// cargo built has the identity the answer gives it (identityMismatch in
// CargoBuild.h), and builds again from a fresh one if not.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace capgate {

struct CargoMetadata {
  /// `cargo metadata --format-version 1`'s output, as much of it as
  /// capgate reads: workspace_root, workspace_members, each package's id,
  /// name, version, manifest_path and targets (kind, name, src_path), and
  /// the resolve's nodes (id, deps: pkg, dep_kinds: kind).
  nlohmann::json Json;
  /// Whether it came from the cache.
  bool FromCache = false;
};

/// `cargo metadata --format-version 1` with \p MetadataArguments in
/// \p WorkingDir (the current directory when empty), from the cache at
/// \p CachePath when nothing it was made from has changed, else cargo's,
/// which is then kept there. \p RustcVersion is `rustc -vV`'s output.
/// Throws std::runtime_error when cargo fails (it has said why on stderr).
CargoMetadata cachedCargoMetadata(const std::vector<std::string> &MetadataArguments, const std::string &WorkingDir,
                                  const std::string &RustcVersion, const std::string &CachePath,
                                  const std::string &FactsKey);

/// Removes the cache at \p CachePath.
void forgetCargoMetadata(const std::string &CachePath);

} // namespace capgate
