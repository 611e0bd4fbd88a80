//===- capgate/policy/Diff.h - What changed between two reports -*- C++ -*-===//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//
//
// DESCRIPTION:
//   `cargo capgate diff OLD NEW` and `check --baseline`: the capabilities
//   each package (its own code, and what it reaches) and each binary gained
//   or lost, and packages that started or stopped containing unsafe code —
//   the view to read after `cargo update`. Packages are matched by name, so
//   a version bump is a change of one package; binaries by package, name and
//   kind.
//
//===----------------------------------------------------------------------===//

#ifndef CAPGATE_POLICY_DIFF_H
#define CAPGATE_POLICY_DIFF_H

#include "capgate/policy/ReportFile.h"

#include <array>
#include <string>
#include <vector>

namespace capgate::policy {

/// How the human table groups a package's scopes: what ships (normal code
/// of a package that is not build-only), what runs at build time
/// (build scripts, proc-macros, a build-only package's library code), and
/// tests.
enum class View { Shipped, BuildTime, Test };
inline constexpr std::size_t NumViews = 3;
inline constexpr std::array<View, NumViews> AllViews{View::Shipped, View::BuildTime, View::Test};

/// \p P's direct (or, with \p Transitive, transitive) capabilities in \p V.
CapabilitySet viewCapabilities(const PackageReport &P, View V, bool Transitive);

struct ViewChange {
  CapabilitySet GainedDirect, LostDirect;
  CapabilitySet GainedTransitive, LostTransitive;

  bool gained() const { return !GainedDirect.empty() || !GainedTransitive.empty(); }
  bool lost() const { return !LostDirect.empty() || !LostTransitive.empty(); }
};

struct PackageChange {
  std::string Name;
  /// The versions present before and after ("" when absent), comma-joined
  /// when several versions of the package are in the graph.
  std::string OldVersion, NewVersion;
  std::array<ViewChange, NumViews> Views;
  bool GainedUnsafe = false, LostUnsafe = false;

  ViewChange &view(View V) { return Views[static_cast<std::size_t>(V)]; }
  const ViewChange &view(View V) const { return Views[static_cast<std::size_t>(V)]; }
  bool gained() const {
    for (const ViewChange &Each : Views)
      if (Each.gained())
        return true;
    return GainedUnsafe;
  }
};

struct BinaryChange {
  std::string Name, Package, Kind;
  /// False when the binary is new (or gone): everything counts as changed.
  bool InOld = true, InNew = true;
  CapabilitySet Gained, Lost;
};

struct ReportDiff {
  /// Only packages and binaries whose capabilities changed, by name.
  std::vector<PackageChange> Packages;
  std::vector<BinaryChange> Binaries;

  /// Anything gained: the diff's exit code is 1 then.
  bool gained() const;
  bool empty() const { return Packages.empty() && Binaries.empty(); }
  int exitCode() const { return gained() ? ExitViolations : ExitClean; }
};

ReportDiff diffReports(const Report &Old, const Report &New);

/// One line per change, e.g.
///   package ureq 2.9.1 -> 2.10.0: gained NETWORK
///   binary app (app, bin): gained NETWORK
/// and a summary; "no capability changes" when empty.
std::string renderDiff(const ReportDiff &D);

} // namespace capgate::policy

#endif // CAPGATE_POLICY_DIFF_H
