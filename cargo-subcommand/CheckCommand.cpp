// CheckCommand.cpp - `cargo capgate build` and `cargo capgate check`: the analysis build, with
// the policy enforced when there is one.
#include "Commands.h"

#include "AnalysisBuild.h"
#include "ReportBuilder.h"

#include "capgate/policy/Diff.h"
#include "capgate/policy/Evaluate.h"
#include "capgate/policy/Policy.h"
#include "capgate/policy/ReportFile.h"
#include "capgate/policy/Sarif.h"

#include <cstdio>

namespace fs = std::filesystem;

namespace capgate {

namespace {

/// SARIF's URIs are relative to --sarif-root or the workspace root; a
/// dependency's findings are placed on the workspace's Cargo.lock; code the
/// build generates into the target directory is not the repository's.
policy::SarifOptions sarifOptions(const CheckOptions &Check, const Workspace &Where) {
  policy::SarifOptions Options;
  Options.SourceRoot = Check.SarifRoot.empty() ? Where.Root : Check.SarifRoot;
  Options.LockFile = (fs::path(Where.Root) / "Cargo.lock").string();
  Options.GeneratedDirs = {Where.TargetDir};
  Options.ToolVersion = CAPGATE_VERSION;
  return Options;
}

} // namespace

int runBuild(const CargoOptions &Options) {
  Workspace Where = workspaceOf(Options);
  if (fs::exists(policyPathOf("", Where)))
    return runCheck(Options, CheckOptions{});
  analysisBuild(Options, Where, nullptr);
  return 0;
}

int runCheck(const CargoOptions &Options, const CheckOptions &Check) {
  Workspace Where = workspaceOf(Options);
  std::string PolicyPath = fs::absolute(policyPathOf(Check.PolicyPath, Where)).string();
  policy::Policy Policy = loadPolicyOrFail(PolicyPath);
  applyApiAnnotations(Policy, Where);

  Where.Settings.PolicyPath = PolicyPath;
  // Keep going past a violating crate, so that every violation is reported.
  std::vector<std::string> Extra{"--keep-going"};
  int Status = 0;
  CargoResolve Resolve;
  std::vector<Artifact> Artifacts =
      analysisBuild(Options, Where, &Resolve, Extra, &Status, Check.MessageFormat == "json");
  if (Status != 0) {
    // The wrapper marks a crate "facts" when its facts are not capgate's
    // (it has said which, and why), else with its violations' count.
    Findings Found = printFindings(Where, PolicyPath);
    if (Found.Violating == 0 && Found.Forged == 0)
      throw Failure{"", ExitCargo};
    return policy::ExitViolations;
  }

  FactsGraph Graph = loadFacts(Artifacts, Where.TargetDir);
  Report Facts = buildReport(Artifacts, Graph, Resolve);
  // Now that the build's packages are known, a grant for a package that is
  // not in it is an error too (a typo, or a dependency that went away).
  Policy = loadPolicyOrFail(PolicyPath, Facts.packageNames());
  policy::Evaluation Result = policy::evaluate(Policy, Facts.Packages);
  int Exit = Result.exitCode(Check.DenyUnused);
  // One SARIF log for the violations and the baseline's diff together.
  policy::SarifLog Sarif(sarifOptions(Check, Where));
  Sarif.addEvaluation(Result, Policy, Check.DenyUnused);
  std::string Text = policy::renderEvaluation(Result, Policy, Check.DenyUnused);
  if (!Check.Baseline.empty()) {
    policy::ReportDiff Diff = policy::diffReports(policy::loadReport(Check.Baseline), Facts);
    Sarif.addDiff(Diff, Facts);
    Text += policy::renderDiff(Diff);
    Exit = std::max(Exit, Diff.exitCode());
  }
  if (Check.Format == "sarif")
    writeOutput(Check.Output, Sarif.str());
  // With the SARIF log in a file, people still read the diagnostics.
  if (Check.Format != "sarif" || (!Check.Output.empty() && Check.Output != "-"))
    std::fputs(Text.c_str(), stderr);
  return Exit;
}

} // namespace capgate
