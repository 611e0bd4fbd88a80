// StoppedUnits.h - the units the wrapper stopped, and why, as it tells the
// driver.
//
// cargo does not report an artefact for a unit whose rustc failed, and
// skips every unit that depends on it; so when the wrapper fails a unit it
// leaves a mark in the session's findings directory (Session.h), named
// after the unit. A unit stopped for violating the policy was compiled, its
// output sealed: its mark names that output as cargo would have (an
// Artifact), so that the driver can check it with the rest of the build
// once cargo has finished, its facts verified like any artefact's. The
// findings directory is in the analysis target directory, which build
// scripts and rustc see read-only (Sandbox.h).
#pragma once

#include "CargoBuild.h"
#include "RustcInvocation.h"
#include "Session.h"

#include <filesystem>
#include <string>
#include <vector>

namespace capgate {

/// Why the wrapper stopped a unit.
enum class StopReason {
  /// Its facts are not capgate's (the plugin or the wrapper said why).
  ForgedFacts,
  /// It uses capabilities its grants do not cover.
  Violations,
  /// rustc itself failed: a compile error, cargo's to report.
  CompileError,
};

struct StoppedUnit {
  StopReason Reason = StopReason::CompileError;
  /// For Violations: what rustc produced, as an artefact of the build.
  /// For the others, the package's name and version when the wrapper knew
  /// them.
  Artifact Output;
};

/// Marks the unit of \p Invocation as stopped for \p Reason, in \p S's
/// findings directory (none when the session has none). \p Identity, when
/// given, names the unit's package; for Violations, with \p OutputFile, it
/// describes the unit's artefact.
void markStopped(const Session &S, const RustcInvocation &Invocation, StopReason Reason,
                 const UnitIdentity *Identity = nullptr, const std::string &OutputFile = "");

/// Every mark in \p FindingsDir; a mark that cannot be read is a unit
/// stopped for a reason cargo has shown (a CompileError), never a pass.
std::vector<StoppedUnit> readStoppedUnits(const std::filesystem::path &FindingsDir);

} // namespace capgate
