// Toolchain.h - where capgate's pieces are, and whether rustc can load them.
#pragma once

#include <string>

namespace capgate {

/// The plugin and annotations beside this executable: <prefix>/bin/cargo-capgate,
/// <prefix>/lib/libcapgate-pass.so, <prefix>/share/capgate/annotations. The
/// build tree (build/stage) has the same layout as an installation.
struct Installation {
  std::string Plugin;
  std::string Annotations;
  std::string Executable;
};

/// Locates the installation; throws std::runtime_error naming what is missing.
Installation locateInstallation();

/// Checks that rustc's LLVM has the major version the plugin was built for;
/// throws std::runtime_error naming both versions otherwise.
void checkRustcLlvm(const std::string &Rustc);

/// Runs a command and returns its standard output; throws when it cannot be
/// started or exits with an error.
std::string captureOutput(const std::string &Command);

} // namespace capgate
