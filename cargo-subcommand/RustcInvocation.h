// RustcInvocation.h - what one rustc command line asks for.
//
// The wrapper learns everything about a compilation from rustc's command
// line, which cargo writes: a build script can add --cfg, -L, -l and link
// arguments to it, but cannot change the crate name, the source file, the
// crate types or the output directory.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace capgate {

struct RustcInvocation {
  std::string CrateName;
  /// --crate-type values, split at commas, in order.
  std::vector<std::string> CrateTypes;
  /// --test: a test harness.
  bool Test = false;
  std::string OutDir;
  /// -C extra-filename: cargo's per-unit suffix ("-0a1b2c3d4e5f6a7b").
  std::string ExtraFilename;
  /// --emit asks for a linked output (rlib, executable, shared library).
  bool Links = false;
  /// --error-format=json: cargo parses rustc's diagnostics as JSON.
  bool JsonErrors = false;
  /// The crate root as given (relative to rustc's working directory, or
  /// absolute); empty when there is none ("-" reads the source from stdin).
  std::string Source;
  /// -vV, -V, --version or --print: rustc compiles nothing.
  bool Query = false;

  /// cargo's name for the compilation unit: crate name and extra filename,
  /// "victim-0a1b2c3d4e5f6a7b".
  std::string unitId() const { return CrateName + ExtraFilename; }
  /// Whether rustc builds an executable (no --crate-type is a binary).
  bool binary() const;
  bool procMacro() const;
};

/// Parses the arguments after rustc itself.
RustcInvocation parseRustcInvocation(const std::vector<std::string> &Arguments);

/// The file rustc wrote the crate's code to, once it has run: the rlib, the
/// executable, the shared library or the static archive.
std::optional<std::string> outputOf(const RustcInvocation &Invocation);

} // namespace capgate
