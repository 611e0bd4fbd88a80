//===- CrateIdentity.h - Which crate rustc is compiling ---------*- C++ -*-===//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//
//
// FILE: CrateIdentity.h
//
// DESCRIPTION:
//   The crate and package being compiled, as rustc's command line and the
//   plugin's configuration (PluginConfig.h) describe them. Read once per process: the
//   plugin runs inside rustc, so /proc/self/cmdline is rustc's own.
//
//===----------------------------------------------------------------------===//

#ifndef CAPGATE_PASS_CRATEIDENTITY_H
#define CAPGATE_PASS_CRATEIDENTITY_H

#include <string>

namespace capgate {

struct CrateIdentity {
  /// rustc's --crate-name; empty outside rustc (for example under opt).
  std::string CrateName;
  /// rustc's --crate-type values joined with ',', plus "test" under --test.
  std::string CrateTypes;
  /// From the plugin's configuration, which cargo capgate's wrapper takes
  /// from cargo's metadata; empty when rustc does not run under it.
  std::string Package;
  std::string Version;
  std::string ManifestDir;
};

/// The identity of the crate this process compiles, computed on first use.
const CrateIdentity &currentCrate();

} // namespace capgate

#endif // CAPGATE_PASS_CRATEIDENTITY_H
