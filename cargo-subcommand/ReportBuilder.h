// ReportBuilder.h - building the report (capgate/Report.h) of an analysis
// build; Renderings.h prints it.
#pragma once

#include "CargoBuild.h"
#include "FactsGraph.h"

#include "capgate/Report.h"

#include <future>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace capgate {

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

/// Per capability, the packages whose own code in \p Program uses it on a
/// path from \p Roots: who brings the capability into the program. A
/// node's package is its owning crate's (name and version, as the package
/// rows have it), so two versions of one crate are two packages. Code of
/// the toolchain (std and the rest, owned by no package) is no contributor:
/// a use inside it is charged to the packages whose code calls into it,
/// through any number of toolchain functions, as a package's own use of
/// std's API is. Crate-level uses (module-level assembly) count as the
/// program's capabilities do, reached or not.
/// Each list is sorted and holds a package once. Linear in the size of
/// the graph (times the number of capabilities for the toolchain's uses).
std::map<Capability, std::vector<PackageRef>> binaryContributors(const FactsGraph &Program,
                                                                 const std::vector<int> &Roots);

/// The package name to show for a node's owner.
std::string packageOf(const FactsGraph &Graph, int Crate, const std::string &OwnerName);

/// The report of a target directory's last build, kept there. Made before
/// the build, it reads and parses the cache in the background while cargo
/// runs, so that a no-op report spends no time of its own on that.
class ReportCache {
public:
  /// The reading is waited for, if need be, when the object goes.
  explicit ReportCache(const std::string &TargetDir);

  /// loadFacts and buildReport, or, when none of \p Artifacts has changed
  /// since the last report into the target directory (the same files with
  /// the same contents, each still verified against its seal), that report
  /// again from the cache. A no-op build changes no artefact, so its report
  /// costs no facts decoding. The cache is MAC'd: one changed by anything
  /// but capgate is ignored, with a note. Digests of files unchanged since
  /// the last report (same inode, size, modification and change times) come
  /// from a MAC'd digest cache, so that a no-op report does not hash every
  /// rlib. Call it once.
  Report report(const std::vector<Artifact> &Artifacts, const CargoResolve &Resolve);

private:
  struct Cached {
    bool Forged = false;
    std::string Key;
    std::optional<capgate::Report> Report;
  };
  std::string TargetDir;
  std::future<Cached> Reading;
};

/// What the build made of one crate of a facts graph.
struct CrateOrigin {
  /// Where its code runs.
  Scope Where = Scope::Normal;
  /// The artefact its compilation unit produced; null when none of the
  /// build's artefacts is its unit's output.
  const Artifact *Output = nullptr;
};

/// The origin of every crate of \p Graph, by crate index: where its code
/// runs by the artefact cargo built it as (an example is a binary to
/// rustc), else by how rustc compiled it.
std::vector<CrateOrigin> crateOrigins(const std::vector<Artifact> &Artifacts, const FactsGraph &Graph);

/// The facts of one linked artefact (a program, a build script, a
/// proc-macro, a cdylib) on their own, from the blocks \p Whole's store
/// read from it, linked again. Throws std::runtime_error when it has none.
FactsGraph programGraph(const FactsGraph &Whole, const Artifact &A);

/// Where a binary of cargo kind \p Kind runs: a build script, a
/// proc-macro, a test (tests, benches, examples) or shipped code.
Scope scopeOfKind(const std::string &Kind);

} // namespace capgate
