//===- capgate/policy/CheckReport.h - A check's verdict, for people -*- C++ -*-//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//
//
// DESCRIPTION:
//   What `cargo capgate check` prints once the build has finished: one
//   diagnostic per (package, capability, scope) with how many places use
//   it and the first few of them, rustc style (` --> file:line:col`, the
//   source line, a caret under the call), and after each package's
//   diagnostics one edit to the policy that grants everything the package
//   needs. Evaluate.h finds the violations, one per use site; this file
//   groups and renders them.
//
//===----------------------------------------------------------------------===//

#ifndef CAPGATE_POLICY_CHECKREPORT_H
#define CAPGATE_POLICY_CHECKREPORT_H

#include "capgate/policy/Evaluate.h"

#include <string>
#include <vector>

namespace capgate::policy {

/// The violations of one package of one kind: a capability in a scope, or
/// unsafe code. Sites holds every use site, in the evaluation's order.
struct ViolationGroup {
  std::vector<Violation> Sites;

  const Violation &first() const { return Sites.front(); }
  /// "package `ureq` 2.9.1 may not use NETWORK (12 sites)".
  std::string message() const;
};

/// A package's groups and the one policy edit that allows them all.
struct PackageViolations {
  std::string Package;
  std::string Version;
  std::vector<ViolationGroup> Groups;
  /// One fix per (table, key): the items of every group's fix for a list
  /// key merged into one list, in the order they were first needed.
  std::vector<PolicyFix> Fixes;
};

/// \p E's violations by package (in order of first appearance), each
/// package's by (capability, scope), each group's sites in source order.
std::vector<PackageViolations> groupViolations(const Evaluation &E);

/// Where a use site is shown: its 1-based column and how many characters
/// the caret covers. The facts give file and line only, so the column is
/// where \p Line (the source line) names the callee (`Command::new` for
/// `<std::process::Command>::new::<&str>`), else the line's first
/// non-blank character with a caret of one.
struct SiteColumn {
  unsigned Column = 1;
  unsigned Width = 1;
};
SiteColumn siteColumn(const std::string &Line, const std::string &Callee);

/// What a site's caret points at: the callee, or `unsafe`.
std::string siteNeedle(const Violation &V);

/// \p Path relative to the current directory when it is inside it, as
/// rustc shows the files of the workspace it is run in.
std::string displayPath(const std::string &Path);

/// What a site does, for the label under its caret: "`f` calls `g`".
std::string siteLabel(const Violation &V);

/// A group rendered as rustc renders an error: the first \p ShownSites
/// sites (all, when 0) with their source lines and carets, then how many
/// more there are.
std::string renderGroup(const ViolationGroup &G, std::size_t ShownSites);

/// The merged edit of \p Package, as the lines to write into the policy
/// file \p PolicyFile, each table header followed by its keys, with a TOML
/// comment naming the line replaced or the table extended.
std::string renderPackageFix(const PackageViolations &Package, const std::string &PolicyFile);

/// The unused grants, a `warning:` each (an `error:` under DenyUnused).
std::string renderUnused(const Evaluation &E, const Policy &P, bool DenyUnused);

/// "capgate: 3 violations (86 sites) in 2 packages, 0 unused grants", or
/// empty when there is nothing to report.
std::string renderSummary(const Evaluation &E);

/// The whole verdict: every package's groups and merged edit, the unused
/// grants, and the summary line; empty when there is nothing to report.
std::string renderCheck(const Evaluation &E, const Policy &P, bool DenyUnused, std::size_t ShownSites);

/// How many sites a group shows unless --verbose asks for all of them.
inline constexpr std::size_t DefaultShownSites = 3;

} // namespace capgate::policy

#endif // CAPGATE_POLICY_CHECKREPORT_H
