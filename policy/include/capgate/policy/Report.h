//===- capgate/policy/Report.h - Facts about packages -----------*- C++ -*-===//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//
//
// DESCRIPTION:
//   What the policy is checked against: per package, the capabilities its
//   own code uses in each scope, with the uses (function, callee, file:line),
//   and whether it contains unsafe code; per binary, what it can reach.
//   The subcommand fills these structs from its own model; parseReport()
//   fills them from a `capgate-report/1` JSON report (design.md), reading
//   the optional fields the policy needs (docs/policy.md, "Input").
//
//===----------------------------------------------------------------------===//

#ifndef CAPGATE_POLICY_REPORT_H
#define CAPGATE_POLICY_REPORT_H

#include "capgate/Capability.h"
#include "capgate/policy/Diagnostic.h"
#include "capgate/policy/Policy.h"

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace capgate::policy {

struct UseSite {
  Capability Cap = Capability::Unanalyzed;
  Scope Where = Scope::Normal;
  /// The package's function that uses the capability.
  std::string Function;
  /// What it calls (or references) that carries the capability.
  std::string Callee;
  std::string File;
  unsigned Line = 0;
};

struct UnsafeSite {
  std::string File;
  unsigned Line = 0;
};

struct PackageFacts {
  std::string Name;
  std::string Version;
  /// Capabilities the package's own code uses, per scope (index by Scope).
  std::array<CapabilitySet, NumScopes> Direct;
  CapabilitySet Transitive;
  bool Unsafe = false;
  std::vector<UnsafeSite> UnsafeSites;
  std::vector<UseSite> Uses;

  CapabilitySet &direct(Scope S) { return Direct[static_cast<std::size_t>(S)]; }
  const CapabilitySet &direct(Scope S) const {
    return Direct[static_cast<std::size_t>(S)];
  }
  /// The union over scopes: the report's `direct`.
  CapabilitySet allDirect() const;
  /// Adds a use, and its capability to direct(U.Where).
  void addUse(UseSite U);
};

struct BinaryFacts {
  std::string Name;
  std::string Package;
  /// bin, build-script, test, example, cdylib, proc-macro.
  std::string Kind;
  CapabilitySet Capabilities;
};

struct Report {
  std::vector<PackageFacts> Packages;
  std::vector<BinaryFacts> Binaries;

  std::vector<std::string> packageNames() const;
};

/// Parses a `capgate-report/1` document. Throws ConfigError (with line and
/// column for malformed JSON) when it is not one.
Report parseReport(std::string_view Json, const std::string &File);
Report loadReport(const std::string &Path);

} // namespace capgate::policy

#endif // CAPGATE_POLICY_REPORT_H
