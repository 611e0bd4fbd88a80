// AnalysisBuild.h - what the subcommands share: the workspace being analysed,
// the analysis build, the policy, and writing output.
#pragma once

#include "BuildOnly.h"
#include "CargoBuild.h"
#include "Commands.h"
#include "Session.h"

#include "capgate/policy/Policy.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace capgate {

/// The workspace being analysed, from `cargo metadata`.
struct Workspace {
  std::string Root;
  /// --target-dir, or <cargo's target>/capgate.
  std::string TargetDir;
  /// What the analysis build's session starts from (the policy, the
  /// policy's [api] tables); runAnalysisBuild fills in the rest.
  Session Settings;
};

/// Writes \p Text to \p Path through a temporary file renamed into place, so
/// that a reader never sees half a file.
void writeOutputFile(const std::string &Path, const std::string &Text);
/// writeOutputFile, or stdout for "-" or no path.
void writeOutput(const std::string &Path, const std::string &Text);

Workspace workspaceOf(const CargoOptions &Options);

/// Where the wrapper marks the units it stopped with a finding (Session.h).
std::filesystem::path findingsDirectory(const Workspace &Where);

/// Prints how many crates the wrapper stopped for carrying facts capgate
/// did not write (the plugin has named each), if any, and returns that
/// number. Crates stopped for breaking a policy are `check`'s to report.
std::size_t printForgedFacts(std::size_t Forged);

/// Runs the analysis build. cargo's own failure is a Failure with status
/// 101, or 1 when the wrapper stopped a crate for forging facts; \p Status,
/// when given, receives cargo's status instead. \p Resolve, when given,
/// receives cargo's resolve (BuildOnly.h), which reports need for blame.
std::vector<Artifact> analysisBuild(const CargoOptions &Options, const Workspace &Where, CargoResolve *Resolve,
                                    std::vector<std::string> ExtraCargoArguments = {}, int *Status = nullptr,
                                    bool JsonMessages = false);

/// A capability given on the command line, by name or alias (NETWORK, net);
/// an unknown one is a usage error naming the nearest capability.
Capability capabilityArgument(const std::string &Name);

/// The policy file: --policy, or capgate.toml at the workspace root.
std::string policyPathOf(const std::string &Given, const Workspace &Where);

/// Loads the policy at \p Path, or fails with its errors printed; with
/// \p Known, a grant for a package not among them is an error too.
policy::Policy loadPolicyOrFail(const std::string &Path, std::optional<std::vector<std::string>> Known = {});

/// Points the pass at the policy's [api] tables, if it has any, through the
/// session. They change what the pass reports, so they are part of the
/// session's digest (cargo rebuilds, compiler caches miss); and they get a
/// target directory of their own, named by their content, so that a report
/// without them and a check with them do not rebuild each other's crates.
void applyApiAnnotations(const policy::Policy &Policy, Workspace &Where);

} // namespace capgate
