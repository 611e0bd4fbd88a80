// ReportCommand.cpp - `cargo capgate report`: what each package and binary can do.
#include "Commands.h"

#include "AnalysisBuild.h"
#include "Renderings.h"
#include "ReportBuilder.h"

#include "capgate/ReportJson.h"

namespace capgate {

int runReport(const CargoOptions &Given, const ReportRequest &Request) {
  const std::string &Format = Request.Format, &Output = Request.Output;
  // The report builds only to read the facts: the warnings of crates cargo
  // did not compile again were shown when it did.
  CargoOptions Options = Given;
  Options.ReplayFreshWarnings = false;
  Workspace Where = workspaceOf(Options);
  CargoResolve Resolve;
  std::vector<Artifact> Artifacts = analysisBuild(Options, Where, &Resolve);
  Report R = cachedReport(Artifacts, Resolve, Where.TargetDir);
  R.Sandbox = !Options.NoSandbox;
  if (Format == "dot")
    R.Dependencies = dependencyEdges(Options.metadataArguments(), Options.workingDir());
  std::string Text = Format == "json"       ? writeReportJson(R)
                     : Format == "capslock" ? renderCapslock(R, Request.Tests)
                     : Format == "dot"      ? renderDot(R, Request.Tests)
                                            : renderHuman(R, Output.empty() && Options.colourOutput(), Request.Tests);
  writeOutput(Output, Text);
  return 0;
}

} // namespace capgate
