// Session.h - what the driver tells its RUSTC_WRAPPER, through a channel that
// no crate of the build can set.
//
// cargo passes a build script's `cargo:rustc-env=NAME=VALUE` lines to every
// rustc invocation of that package, wrapper included, so the wrapper and the
// plugin may not trust any environment variable for their configuration or
// for the identity of the crate they compile. Instead the driver writes a
// session file into the analysis target directory (which sandboxed build
// scripts and rustc cannot write) and points RUSTC_WRAPPER at a launcher
// beside it (RustcLauncher.cpp, a static program, so that no LD_PRELOAD a
// build script sets can run code in it) that passes the session directory
// on the command line. cargo reads RUSTC_WRAPPER from its own environment
// and configuration, never from a build script.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace capgate {

/// Who wrote the code of one compilation unit, from `cargo metadata`
/// (cargo's resolve for the build's features), never from CARGO_PKG_*.
struct UnitIdentity {
  std::string Package;
  std::string Version;
  std::string ManifestDir;
  /// cargo's first target kind: lib, bin, proc-macro, custom-build, ...
  std::string TargetKind;
  /// Other packages with a target of the same source file and crate name
  /// (a manifest can point its target at another package's file): such a
  /// compilation cannot be attributed, and the wrapper refuses it.
  std::vector<std::string> AlsoClaimedBy;
  /// The package's code only runs at build time (buildOnlyPackages in
  /// CargoBuild.h): its library code is held to `build.allow`.
  bool BuildOnly = false;
};

struct Session {
  /// <analysis target dir>/capgate-session: this file, the launcher, and
  /// anything else the wrapper must be able to trust.
  std::string Directory;
  /// The analysis target directory.
  std::string TargetDir;
  /// cargo-capgate itself.
  std::string Executable;
  /// The plugin rustc loads, at a path that names its digest (so that a
  /// compiler cache, which hashes rustc's arguments, keys on it).
  std::string Plugin;
  std::string AnnotationsDir;
  std::vector<std::string> ExtraAnnotations;
  /// Digest of the plugin, the annotation files and the policy's [api]
  /// tables: everything besides the sources that the facts depend on.
  std::string Digest;
  /// The RUSTC_WRAPPER the user had (sccache, say), or empty.
  std::string InnerWrapper;
  /// PATH as the driver had it. The wrapper finds programs with it, and
  /// gives it to rustc: PATH in the wrapper's own environment is a build
  /// script's to set (cargo:rustc-env=PATH=<its OUT_DIR>), and would choose
  /// the inner wrapper, rustc's linker, or rustc itself.
  std::string SearchPath;
  /// The policy enforced while compiling, or empty.
  std::string PolicyPath;
  /// Where the wrapper marks each unit whose compilation it stopped or
  /// that did not compile: a file named after the unit, saying why and,
  /// for a unit stopped for its violations, where its artefact is
  /// (StoppedUnits.h).
  std::string FindingsDir;
  /// factsKeyDirectory() as the driver computed it. The wrapper must use
  /// this, never compute it again: HOME and XDG_DATA_HOME in its own
  /// environment are a build script's to set (cargo:rustc-env).
  std::string FactsKeyDirectory;
  /// Whether build scripts and rustc run under bubblewrap.
  bool Sandbox = true;
  /// Packages whose build scripts the policy grants NETWORK.
  std::vector<std::string> BuildScriptNetwork;
  /// The identity of every compilation unit of the build, keyed by
  /// unitKey(canonical source path, crate name).
  std::map<std::string, UnitIdentity> Units;

  static std::string unitKey(const std::string &SourcePath, const std::string &CrateName) {
    return SourcePath + '\n' + CrateName;
  }

  /// \p Name as an absolute path: itself when it has a '/', else the first
  /// executable of that name in SearchPath; \p Name unchanged when there is
  /// none (running it then fails, naming it).
  std::string program(const std::string &Name) const;

  /// Writes the session file and the name of the executable the launcher
  /// starts (each atomically).
  void write() const;
  /// Where the launcher cargo runs as RUSTC_WRAPPER goes: the driver links
  /// the installed one there.
  std::string launcher() const;
  /// Reads the session file of \p Directory; throws std::runtime_error.
  static Session read(const std::string &Directory);
};

/// The names of the CAPGATE_* variables in this process's environment,
/// sorted. The session replaces them all: the driver removes them before
/// cargo starts, so the wrapper and a build script's sandbox can only find
/// ones a build script set (cargo:rustc-env).
std::vector<std::string> capgateVariables();

} // namespace capgate
