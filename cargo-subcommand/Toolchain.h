// Toolchain.h - where capgate's pieces are, and whether rustc can load them.
#pragma once

#include "capgate/Sha256.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace capgate {

/// The plugin and annotations beside this executable: <prefix>/bin/cargo-capgate,
/// <prefix>/lib/libcapgate-pass.so, <prefix>/share/capgate/annotations,
/// <prefix>/libexec/capgate/rustc-launcher. The build tree (build/stage) has
/// the same layout as an installation.
struct Installation {
  std::string Plugin;
  std::string Annotations;
  std::string Executable;
  /// The static program cargo runs as RUSTC_WRAPPER (RustcLauncher.cpp).
  std::string Launcher;
};

/// Locates the installation; throws std::runtime_error naming what is missing.
Installation locateInstallation();

/// Checks that rustc's LLVM has the major version the plugin was built for;
/// throws std::runtime_error naming both versions otherwise. Returns
/// `rustc -vV`'s output.
std::string checkRustcLlvm(const std::string &Rustc);

/// SHA-256 over a sequence of fields, each preceded by its length, so that
/// no two sequences hash alike. A compiler cache keys on analysisDigest's
/// (it names the plugin on rustc's command line), so it must be collision
/// resistant: a crate that could make two sets of annotations collide could
/// have its facts computed under one served under the other.
class Fingerprint {
public:
  void add(std::string_view Text);
  /// A list: its length, then each item.
  void add(const std::vector<std::string> &List);
  /// A file by name and content; a file that cannot be read is an error
  /// (std::runtime_error), not an empty file.
  void addFile(const std::string &File, const std::string &Name);
  /// The digest, as hex text; once.
  std::string hex();

private:
  void addLength(std::uint64_t Size);
  sha256::Hasher Hash;
};

/// What the facts of an analysis build depend on besides the sources, which
/// cargo does not track: capgate's version, the plugin, the annotation files
/// the plugin will read (the *.toml files of \p AnnotationsDir, then
/// \p ExtraAnnotations, which include the policy's [api] tables), and
/// \p KeyName, which names the key the facts are authenticated with. The
/// SHA-256 of their content, as hex text. Throws std::runtime_error when a
/// file cannot be read.
std::string analysisDigest(const Installation &Tools, const std::string &AnnotationsDir,
                           const std::vector<std::string> &ExtraAnnotations, const std::string &KeyName);

/// The SHA-256 of \p Text, as hex text.
std::string textDigest(std::string_view Text);

/// Makes cargo rebuild everything in \p TargetDir when it was last built
/// with a different analysisDigest (a new plugin or changed annotations):
/// cargo would otherwise reuse artefacts whose facts are stale. Returns true
/// when it did so. A target directory capgate never built is left alone.
bool refreshStaleTargetDir(const std::string &TargetDir, const std::string &Identity);

/// Makes cargo rebuild, and rustc analyse again, every unit in \p TargetDir.
void forgetBuiltUnits(const std::string &TargetDir);

} // namespace capgate
