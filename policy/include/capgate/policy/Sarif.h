//===- capgate/policy/Sarif.h - SARIF 2.1.0 output --------------*- C++ -*-===//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//
//
// DESCRIPTION:
//   `--format sarif`: violations, unused grants and capability diffs as a
//   SARIF 2.1.0 log that GitHub code scanning can place. Rules:
//     capgate/capability-not-allowed  a use the policy does not grant
//     capgate/unsafe-not-allowed      unsafe code the policy does not allow
//     capgate/unused-grant            a grant nothing needs
//     capgate/capability-gained       a package or binary gained a capability
//     capgate/capability-lost         ... lost one (level "note")
//
//   Every artifact URI is relative to %SRCROOT%, the source root. A finding
//   is one result per (package, capability, scope) with the number of its
//   sites; it is placed at its first site under the source root, and a
//   finding in a dependency, whose files lie elsewhere, on the policy's line
//   for that package or else on the package's entry in Cargo.lock, with the
//   real sites in the message and as related locations. Each result carries
//   a partial fingerprint of what it is about (rule, package, capability,
//   scope), not of where it is, so code scanning matches it across runs and
//   machines.
//
//===----------------------------------------------------------------------===//

#ifndef CAPGATE_POLICY_SARIF_H
#define CAPGATE_POLICY_SARIF_H

#include "capgate/policy/Diff.h"
#include "capgate/policy/Evaluate.h"

#include <memory>
#include <string>
#include <vector>

namespace capgate::policy {

struct SarifOptions {
  /// The directory %SRCROOT% stands for (the repository code scanning
  /// shows); relative to the current directory, which is the default.
  std::string SourceRoot;
  /// The lock file whose [[package]] entries anchor findings in packages
  /// outside the source root; default: Cargo.lock in the source root.
  std::string LockFile;
  /// Directories inside the source root whose files are not the
  /// repository's (the target directory, where build scripts generate
  /// code): a finding there is anchored as a dependency's is.
  std::vector<std::string> GeneratedDirs;
  std::string ToolVersion = "0.1.0";
};

/// One SARIF log, so that `check --baseline` writes its violations and its
/// diff as one document.
class SarifLog {
public:
  explicit SarifLog(const SarifOptions &Options = {});
  ~SarifLog();
  SarifLog(const SarifLog &) = delete;
  SarifLog &operator=(const SarifLog &) = delete;

  void addEvaluation(const Evaluation &E, const Policy &P, bool DenyUnused);
  /// \p New supplies use sites for the capabilities a package gained.
  void addDiff(const ReportDiff &D, const Report &New);
  std::string str() const;

private:
  class Builder;
  std::unique_ptr<Builder> Impl;
};

std::string sarifForEvaluation(const Evaluation &E, const Policy &P,
                               bool DenyUnused, const SarifOptions &Options = {});
std::string sarifForDiff(const ReportDiff &D, const Report &New,
                         const SarifOptions &Options = {});

} // namespace capgate::policy

#endif // CAPGATE_POLICY_SARIF_H
