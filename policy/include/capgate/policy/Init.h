//===- capgate/policy/Init.h - A first capgate.toml -------------*- C++ -*-===//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//
//
// DESCRIPTION:
//   `cargo capgate init`: a policy granting exactly what the packages use
//   today, one commented line per grant naming a function that needs it.
//   Evaluating the same facts against the result is clean, with no unused
//   grants.
//
//===----------------------------------------------------------------------===//

#ifndef CAPGATE_POLICY_INIT_H
#define CAPGATE_POLICY_INIT_H

#include "capgate/policy/ReportFile.h"

#include <string>
#include <vector>

namespace capgate::policy {

struct InitOptions {
  /// Narrow each grant to the semver-compatible series of the version in
  /// use (`version = "^1.4.2"`), so a new major version does not inherit it.
  bool NarrowVersions = true;
  /// Paths in comments are shown relative to this directory when under it.
  std::string SourceRoot;
};

std::string generatePolicy(const std::vector<PackageReport> &Packages,
                           const InitOptions &Options = {});

} // namespace capgate::policy

#endif // CAPGATE_POLICY_INIT_H
