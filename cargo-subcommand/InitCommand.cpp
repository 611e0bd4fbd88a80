// InitCommand.cpp - `cargo capgate init`: a policy granting what is used today.
#include "Commands.h"

#include "AnalysisBuild.h"
#include "ReportBuilder.h"

#include "capgate/policy/Init.h"

#include <cstdio>

namespace fs = std::filesystem;

namespace capgate {

int runInit(const CargoOptions &Options, const InitRequest &Request) {
  Workspace Where = workspaceOf(Options);
  std::string Path = Request.Output.empty() ? (fs::path(Where.Root) / "capgate.toml").string() : Request.Output;
  if (Path != "-" && fs::exists(Path) && !Request.Force)
    throw Failure{Path + " already exists; pass --force to replace it", ExitUsage};
  CargoResolve Resolve;
  std::vector<Artifact> Artifacts = analysisBuild(Options, Where, &Resolve);
  FactsGraph Graph = loadFacts(Artifacts, Where.TargetDir);
  Report Facts = buildReport(Artifacts, Graph, Resolve);
  writeOutput(Path, policy::generatePolicy(Facts.Packages, {Request.NarrowVersions, Where.Root}));
  if (Path != "-")
    std::fprintf(stderr, "wrote %s\n", Path.c_str());
  return 0;
}

} // namespace capgate
