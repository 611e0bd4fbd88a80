// ReportCommand.cpp - `cargo capgate report`: what each package and binary can do.
#include "Commands.h"

#include "AnalysisBuild.h"
#include "Renderings.h"
#include "ReportBuilder.h"

#include "capgate/ReportJson.h"

namespace capgate {

namespace {

/// --capability's capability, by name or alias; checked before the build so
/// that a typo costs no build.
std::optional<Capability> capabilityAsked(const ReportRequest &Request) {
  if (Request.Capability.empty())
    return std::nullopt;
  if (Request.Format != "dot")
    throw Failure{"--capability draws the routes of one capability in the dot picture; use it with --format dot",
                  ExitUsage};
  return capabilityArgument(Request.Capability);
}

} // namespace

int runReport(const CargoOptions &Given, const ReportRequest &Request) {
  const std::string &Format = Request.Format, &Output = Request.Output;
  // The report builds only to read the facts: the warnings of crates cargo
  // did not compile again were shown when it did.
  CargoOptions Options = Given;
  Options.ReplayFreshWarnings = false;
  std::optional<Capability> Only = capabilityAsked(Request);
  Workspace Where = workspaceOf(Options);
  ReportCache Cache(Where.TargetDir);
  CargoResolve Resolve;
  std::vector<Artifact> Artifacts = analysisBuild(Options, Where, &Resolve);
  Report R = Cache.report(Artifacts, Resolve);
  R.Sandbox = !Options.NoSandbox;
  if (Format == "dot")
    R.Dependencies = dependencyEdges(Resolve);
  std::string Text = Format == "json"       ? writeReportJson(R)
                     : Format == "capslock" ? renderCapslock(R, Request.Tests)
                     : Format == "dot"      ? renderDot(R, Request.Tests, Only)
                     : Format == "html"     ? renderHtml(R, Request.Tests)
                                            : renderHuman(R, Output.empty() && Options.colourOutput(), Request.Tests);
  writeOutput(Output, Text);
  return 0;
}

} // namespace capgate
