//===- capgate/policy/CackleImport.h - cackle.toml to capgate.toml -*- C++ -*-//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//
//
// DESCRIPTION:
//   `cargo capgate import-cackle`: converts a Cackle (cargo-acl)
//   configuration into an equivalent capgate.toml and says, with the Cackle
//   file's line numbers, what it could not map or mapped approximately. The
//   mapping is documented in docs/policy.md ("Migrating from Cackle").
//
//===----------------------------------------------------------------------===//

#ifndef CAPGATE_POLICY_CACKLEIMPORT_H
#define CAPGATE_POLICY_CACKLEIMPORT_H

#include "capgate/Capability.h"
#include "capgate/policy/Diagnostic.h"

#include <string>
#include <string_view>
#include <vector>

namespace capgate::policy {

struct ImportNote {
  std::string File;
  unsigned Line = 0;
  unsigned Column = 0;
  std::string Message;

  /// `FILE:LINE:COL: note: MESSAGE`
  std::string render() const;
};

struct CackleImport {
  /// A complete capgate.toml (version = 1).
  std::string PolicyText;
  /// What was dropped or mapped approximately, in file order.
  std::vector<ImportNote> Notes;
};

/// The capabilities a Cackle API name stands for: its built-in std APIs
/// (fs, net, process, env, terminate), capgate's own names and aliases, and
/// "crate::api" imports by their last segment. Empty when unknown.
/// \p Known is set when the name is recognised (terminate maps to nothing).
std::vector<Capability> cackleApiCapabilities(std::string_view Api,
                                              bool &Known);

/// Throws ConfigError for malformed TOML or a file that is not a Cackle
/// configuration (no [common] version and no [pkg]/[api] tables).
CackleImport importCackle(std::string_view Text, const std::string &File);
CackleImport importCackleFile(const std::string &Path);

} // namespace capgate::policy

#endif // CAPGATE_POLICY_CACKLEIMPORT_H
