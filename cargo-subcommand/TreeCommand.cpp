// TreeCommand.cpp - `cargo capgate tree`: each binary's dependency tree with
// every package's capabilities, or, with -i, the routes of one capability
// into each binary (DependencyTree.h).
#include "Commands.h"

#include "AnalysisBuild.h"
#include "DependencyTree.h"
#include "ReportBuilder.h"

#include <stdexcept>

namespace capgate {

int runTree(const CargoOptions &Options, const TreeRequest &Request) {
  TreeSettings Settings;
  // Every mistake in the request is reported before anything is built.
  try {
    Settings.Edges = parseEdgeKinds(Request.EdgeKinds);
  } catch (const std::invalid_argument &Error) {
    throw Failure{Error.what(), ExitUsage};
  }
  if (!Request.Invert.empty()) {
    Settings.Invert = capabilityArgument(Request.Invert);
  }
  if (Request.Depth >= 0)
    Settings.MaxDepth = static_cast<std::size_t>(Request.Depth);
  Settings.Prefix = Request.Prefix == "depth"  ? TreePrefix::Depth
                    : Request.Prefix == "none" ? TreePrefix::None
                                               : TreePrefix::Indent;
  Settings.Packages = Options.Packages;
  Settings.Colour = Options.colourOutput();

  Workspace Where = workspaceOf(Options);
  Settings.WorkspaceRoot = Where.Root;
  // A dev-dependency is compiled only for the tests, benches and examples
  // that use it: without them, the build has no facts for it to show.
  CargoOptions Build = Options;
  Build.AllTargets = Build.AllTargets || Settings.Edges.Dev;
  // Like report, tree builds only to read the facts: the warnings of crates
  // cargo did not compile again were shown when it did.
  Build.ReplayFreshWarnings = false;
  ReportCache Cache(Where.TargetDir);
  CargoResolve Resolve;
  std::vector<Artifact> Artifacts = analysisBuild(Build, Where, &Resolve);
  Report R = Cache.report(Artifacts, Resolve);
  writeOutput("", renderTree(R, Resolve, Settings));
  return 0;
}

} // namespace capgate
