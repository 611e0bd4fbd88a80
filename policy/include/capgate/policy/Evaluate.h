//===- capgate/policy/Evaluate.h - Checking facts against a policy -*- C++ -*-//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//
//
// DESCRIPTION:
//   Every violation (not only the first): each use of a capability the
//   package's grants do not cover in that scope, and unsafe code the policy
//   does not allow, each with the policy line that would allow it. Grants
//   nothing needs are reported as unused (warnings, or errors with
//   --deny-unused).
//
//===----------------------------------------------------------------------===//

#ifndef CAPGATE_POLICY_EVALUATE_H
#define CAPGATE_POLICY_EVALUATE_H

#include "capgate/policy/Policy.h"
#include "capgate/policy/ReportFile.h"

#include <optional>
#include <string>
#include <vector>

namespace capgate::policy {

/// The edit to the policy that would allow a violation: set `Key = Value`
/// in table `Table`. Line is the existing key's line (to be replaced), or 0
/// when the key is new; TableLine is the table header's line, or 0 when the
/// table is new too.
struct PolicyFix {
  std::string Table;
  std::string Key;
  std::string Value;
  unsigned Line = 0;
  unsigned TableLine = 0;
  /// For a list key (`allow`, `build.allow`, ...): the list's items as
  /// Value writes them, unquoted, so that fixes for one key can be merged.
  std::vector<std::string> Items;

  /// `allow = ["fs", "net"]`
  std::string text() const { return Key + " = " + Value; }
};

struct Violation {
  enum class Kind { Capability, Unsafe };
  Kind What = Kind::Capability;
  std::string Package;
  std::string Version;
  Scope Where = Scope::Normal;
  /// The package is build-only: its normal code is held to `build.allow`.
  bool BuildOnly = false;
  /// Set for Kind::Capability.
  std::optional<Capability> Cap;
  /// The use site; empty/0 when the facts name none.
  std::string Function, Callee, File;
  unsigned Line = 0;
  PolicyFix Fix;
  /// Why an existing grant does not apply (a version requirement that does
  /// not match), or empty.
  std::string Note;

  /// One line: "package `ureq` 2.9.1 may not use NETWORK: `ureq::get`
  /// calls `std::net::TcpStream::connect`".
  std::string message() const;
};

struct UnusedGrant {
  std::string Package;
  Scope Where = Scope::Normal;
  /// The capability granted, or nullopt for allow_unsafe or a whole table.
  std::optional<Capability> Cap;
  /// Position in the policy file.
  SourcePos Pos;
  std::string Message;
};

struct Evaluation {
  std::vector<Violation> Violations;
  std::vector<UnusedGrant> Unused;

  /// True when the check fails: violations, or unused grants under
  /// --deny-unused.
  bool failed(bool DenyUnused) const {
    return !Violations.empty() || (DenyUnused && !Unused.empty());
  }
  int exitCode(bool DenyUnused) const {
    return failed(DenyUnused) ? ExitViolations : ExitClean;
  }
};

Evaluation evaluate(const Policy &P, const std::vector<PackageReport> &Packages);

/// The source line \p Line of \p File, or empty when it cannot be read.
std::string sourceLineOf(const std::string &File, unsigned Line);

/// Human rendering, rustc style: an `error:` per violation with the use
/// site (and its source line when the file can be read), the policy line
/// that would allow it; a `warning:` (an `error:` under DenyUnused) per
/// unused grant; and a summary line. Empty when everything is clean.
std::string renderEvaluation(const Evaluation &E, const Policy &P,
                             bool DenyUnused);

} // namespace capgate::policy

#endif // CAPGATE_POLICY_EVALUATE_H
