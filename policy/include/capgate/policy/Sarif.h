//===- capgate/policy/Sarif.h - SARIF 2.1.0 output --------------*- C++ -*-===//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//
//
// DESCRIPTION:
//   `--format sarif`: violations, unused grants and capability diffs as a
//   SARIF 2.1.0 log, so CI code scanning shows them inline. Rules:
//     capgate/capability-not-allowed  a use the policy does not grant
//     capgate/unsafe-not-allowed      unsafe code the policy does not allow
//     capgate/unused-grant            a grant nothing needs
//     capgate/capability-gained       a package or binary gained a capability
//     capgate/capability-lost         ... lost one (level "note")
//
//===----------------------------------------------------------------------===//

#ifndef CAPGATE_POLICY_SARIF_H
#define CAPGATE_POLICY_SARIF_H

#include "capgate/policy/Diff.h"
#include "capgate/policy/Evaluate.h"

#include <string>

namespace capgate::policy {

struct SarifOptions {
  /// Paths under this directory are written relative to it, with uriBaseId
  /// %SRCROOT%; others as file:// URIs.
  std::string SourceRoot;
  /// Where a result with no source location points (a binary's change, a
  /// violation the facts give no site for): the lock file is what changed.
  std::string FallbackUri = "Cargo.lock";
  std::string ToolVersion = "0.1.0";
};

std::string sarifForEvaluation(const Evaluation &E, const Policy &P,
                               bool DenyUnused, const SarifOptions &Options = {});
/// \p New supplies use sites for the capabilities a package gained.
std::string sarifForDiff(const ReportDiff &D, const Report &New,
                         const SarifOptions &Options = {});

} // namespace capgate::policy

#endif // CAPGATE_POLICY_SARIF_H
