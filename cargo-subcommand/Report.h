// Report.h - what each package and binary can do, and the ways to print it.
#pragma once

#include "CargoBuild.h"
#include "FactsGraph.h"

#include <map>
#include <string>
#include <vector>

namespace capgate {

struct UseReport {
  Capability Cap;
  std::string Function;
  std::string Callee;
  SourceSite Site;
  /// Where the package's code ran: normal, build-script, proc-macro, test.
  std::string Scope;
};

struct PackageReport {
  std::string Name;
  std::string Version;
  CapabilitySet Direct;
  CapabilitySet Transitive;
  std::vector<UseReport> Uses;
  std::vector<SourceSite> UnsafeSites;
};

struct PathHop {
  std::string Function;
  std::string Package;
  SourceSite Site;
};

struct BinaryReport {
  std::string Name;
  std::string Package;
  std::string Kind;
  CapabilitySet Capabilities;
  std::map<Capability, std::vector<PathHop>> Paths;
};

struct Report {
  std::vector<PackageReport> Packages;
  std::vector<BinaryReport> Binaries;
  /// Calls between packages (caller, callee), for the dot graph.
  std::vector<std::pair<std::string, std::string>> Calls;
  /// Dependencies between packages (dependent, dependency), from cargo's
  /// resolve, for the dot graph; empty when not asked for.
  std::vector<std::pair<std::string, std::string>> Dependencies;
  /// Whether build scripts and rustc ran in bubblewrap's sandbox
  /// (Sandbox.h); false under --no-sandbox.
  bool Sandbox = true;
};

/// Loads the facts of every artefact of the analysis build in \p TargetDir
/// into one graph, after verifying each artefact against its seal (Seals.h)
/// and each block of facts against its MAC (capgate/Facts.h); libraries
/// are read before the files linked from them. Every file is hashed: this
/// is what `check` uses, which never relies on a cache. Throws
/// std::runtime_error naming the package responsible when an artefact has
/// no facts, unreadable ones, facts capgate did not write for it, or was
/// changed after rustc wrote it: a report missing or misattributing part of
/// the build would mislead.
FactsGraph loadFacts(const std::vector<Artifact> &Artifacts, const std::string &TargetDir);

/// Builds the report of a finished analysis build, whose cargo resolve
/// (runAnalysisBuild) is \p Resolve.
Report buildReport(const std::vector<Artifact> &Artifacts, const FactsGraph &Graph, const CargoResolve &Resolve);

/// The package name to show for a node's owner.
std::string packageOf(const FactsGraph &Graph, int Crate, const std::string &OwnerName);

/// loadFacts and buildReport, or, when none of \p Artifacts has changed
/// since the last report into \p TargetDir (the same files with the same
/// contents, each still verified against its seal), that report again from
/// its cache there. A no-op build changes no artefact, so its report costs
/// no facts decoding. The cache is MAC'd: one changed by anything but
/// capgate is ignored, with a note. Digests of files unchanged since the
/// last report (same inode, size, modification and change times) come from
/// a MAC'd digest cache, so that a no-op report does not hash every rlib.
Report cachedReport(const std::vector<Artifact> &Artifacts, const CargoResolve &Resolve, const std::string &TargetDir);

std::string renderJson(const Report &R);
std::string renderCapslock(const Report &R);
std::string renderDot(const Report &R);
std::string renderHuman(const Report &R, bool Colour);

} // namespace capgate
