// Commands.cpp - the subcommands of `cargo capgate`.
#include "Commands.h"

#include "CargoBuild.h"
#include "FactsKey.h"
#include "Report.h"
#include "Sandbox.h"
#include "Session.h"
#include "Toolchain.h"

#include "capgate/ReportJson.h"
#include "capgate/policy/CackleImport.h"
#include "capgate/policy/Diff.h"
#include "capgate/policy/Evaluate.h"
#include "capgate/policy/Init.h"
#include "capgate/policy/Policy.h"
#include "capgate/policy/Report.h"
#include "capgate/policy/Sarif.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <set>
#include <unistd.h>

namespace fs = std::filesystem;

namespace capgate {

std::string CargoOptions::workingDir() const {
  return ManifestPath.empty() ? "" : fs::absolute(ManifestPath).parent_path().string();
}

std::vector<std::string> CargoOptions::metadataArguments() const {
  std::vector<std::string> Args;
  if (!ManifestPath.empty())
    Args.insert(Args.end(), {"--manifest-path", fs::absolute(ManifestPath).string()});
  for (const std::string &F : Features)
    Args.insert(Args.end(), {"--features", F});
  if (AllFeatures)
    Args.push_back("--all-features");
  if (NoDefaultFeatures)
    Args.push_back("--no-default-features");
  if (Locked)
    Args.push_back("--locked");
  if (Offline)
    Args.push_back("--offline");
  return Args;
}

std::vector<std::string> CargoOptions::cargoArguments() const {
  std::vector<std::string> Args = metadataArguments();
  for (const std::string &P : Packages)
    Args.insert(Args.end(), {"--package", P});
  if (Workspace)
    Args.push_back("--workspace");
  for (const std::string &B : Bins)
    Args.insert(Args.end(), {"--bin", B});
  if (AllTargets)
    Args.push_back("--all-targets");
  if (Release)
    Args.push_back("--release");
  if (!Profile.empty())
    Args.insert(Args.end(), {"--profile", Profile});
  for (int I = 0; I < Verbose; ++I)
    Args.push_back("-v");
  if (Quiet)
    Args.push_back("--quiet");
  Args.insert(Args.end(), {"--color", Color});
  return Args;
}

bool CargoOptions::colourOutput() const {
  if (Color == "always")
    return true;
  if (Color == "never" || std::getenv("NO_COLOR"))
    return false;
  return isatty(STDOUT_FILENO);
}

namespace {

/// Writes \p Text to \p Path through a temporary file renamed into place, so
/// that a reader never sees half a file.
void writeOutputFile(const std::string &Path, const std::string &Text) {
  std::string Temporary = Path + ".tmp." + std::to_string(getpid());
  {
    std::ofstream Out(Temporary, std::ios::binary);
    Out << Text;
    if (!Out.flush())
      throw Failure{"cannot write " + Temporary, ExitIncomplete};
  }
  std::error_code Error;
  fs::rename(Temporary, Path, Error);
  if (Error) {
    fs::remove(Temporary);
    throw Failure{"cannot write " + Path + ": " + Error.message(), ExitIncomplete};
  }
}

/// writeOutputFile, or stdout for "-" or no path.
void writeOutput(const std::string &Path, const std::string &Text) {
  if (Path.empty() || Path == "-")
    std::cout << Text << std::flush;
  else
    writeOutputFile(Path, Text);
}

/// The workspace being analysed, from `cargo metadata`.
struct Workspace {
  std::string Root;
  /// --target-dir, or <cargo's target>/capgate.
  std::string TargetDir;
  /// What the analysis build's session starts from (the policy, the
  /// policy's [api] tables); runAnalysisBuild fills in the rest.
  Session Settings;
};

Workspace workspaceOf(const CargoOptions &Options) {
  if (!Options.ManifestPath.empty() && !fs::exists(Options.ManifestPath))
    throw Failure{"manifest path `" + Options.ManifestPath + "` does not exist", ExitUsage};
  std::string Command = "cargo metadata --no-deps --format-version 1 --offline";
  if (!Options.ManifestPath.empty())
    Command = "cd '" + Options.workingDir() + "' && " + Command;
  std::string Output;
  try {
    Output = captureOutput(Command);
  } catch (const std::exception &) {
    throw Failure{"", ExitCargo}; // cargo has said why on stderr.
  }
  auto Metadata = nlohmann::json::parse(Output);
  Workspace Found;
  Found.Root = Metadata.at("workspace_root").get<std::string>();
  Found.TargetDir = !Options.TargetDir.empty()
                        ? fs::absolute(Options.TargetDir).string()
                        : (fs::path(Metadata.at("target_directory").get<std::string>()) / "capgate").string();
  return Found;
}

/// Where the wrapper marks the units it stopped with a finding (Session.h).
fs::path findingsDirectory(const Workspace &Where) { return fs::path(Where.TargetDir) / "capgate-findings"; }

/// What the wrapper found while compiling, by kind.
struct Findings {
  std::size_t Violating = 0;
  std::size_t Forged = 0;
};

/// Counts the wrapper's marks and prints one summary line per kind; the
/// policy's path, when given, is named in the violations' line.
Findings printFindings(const Workspace &Where, const std::string &PolicyPath) {
  Findings Found;
  std::error_code Error;
  for (const fs::directory_entry &Mark : fs::directory_iterator(findingsDirectory(Where), Error)) {
    std::string Kind;
    std::ifstream(Mark.path()) >> Kind;
    ++(Kind == "facts" ? Found.Forged : Found.Violating);
  }
  if (Found.Forged)
    std::fprintf(stderr, "error: capgate: %zu crate%s carr%s capgate facts that capgate did not write for %s\n",
                 Found.Forged, Found.Forged == 1 ? "" : "s", Found.Forged == 1 ? "ies" : "y",
                 Found.Forged == 1 ? "it" : "them");
  if (Found.Violating)
    std::fprintf(stderr, "error: capgate: %zu crate%s use%s capabilities that the policy in %s does not grant\n",
                 Found.Violating, Found.Violating == 1 ? "" : "s", Found.Violating == 1 ? "s" : "",
                 PolicyPath.c_str());
  return Found;
}

Session withSandbox(const CargoOptions &Options, const Workspace &Where);

/// Runs the analysis build. cargo's own failure is a Failure with status
/// 101, or 1 when the wrapper stopped a crate for forging facts; \p Status,
/// when given, receives cargo's status instead. \p Resolve, when given,
/// receives cargo's resolve (BuildOnly.h), which reports need for blame.
std::vector<Artifact> analysisBuild(const CargoOptions &Options, const Workspace &Where, CargoResolve *Resolve,
                                    std::vector<std::string> ExtraCargoArguments = {},
                                    int *Status = nullptr, bool JsonMessages = false) {
  Installation Tools;
  try {
    Tools = locateInstallation();
    const char *Rustc = std::getenv("RUSTC");
    checkRustcLlvm(Rustc ? Rustc : "rustc");
    // Before the build: the wrapper derives every unit's key from it.
    ensureFactsKey();
  } catch (const std::runtime_error &Error) {
    throw Failure{Error.what(), ExitUsage};
  }
  std::vector<std::string> Arguments = Options.cargoArguments();
  Arguments.insert(Arguments.end(), ExtraCargoArguments.begin(), ExtraCargoArguments.end());
  Session Settings = withSandbox(Options, Where);
  fs::path Findings = findingsDirectory(Where);
  fs::remove_all(Findings);
  fs::create_directories(Findings);
  Settings.FindingsDir = Findings.string();
  std::vector<Artifact> Artifacts;
  int Result = 0;
  CargoResolve Unused;
  try {
    Result = runAnalysisBuild(Tools, Arguments, Options.metadataArguments(), Where.TargetDir,
                              Options.workingDir(), Settings, Artifacts, Resolve ? *Resolve : Unused, JsonMessages);
  } catch (const std::runtime_error &Error) {
    // cargo metadata or cargo itself could not run; cargo has said why.
    throw Failure{Error.what(), ExitCargo};
  }
  if (Status)
    *Status = Result;
  else if (Result != 0) {
    // A crate the wrapper stopped because it forges facts is a finding
    // about that crate (the plugin has named it), not a broken build.
    if (printFindings(Where, "").Forged)
      throw Failure{"", ExitIncomplete};
    throw Failure{"", ExitCargo}; // cargo's own error has been shown.
  }
  return Artifacts;
}

/// The policy file: --policy, or capgate.toml at the workspace root.
std::string policyPathOf(const std::string &Given, const Workspace &Where) {
  return Given.empty() ? (fs::path(Where.Root) / "capgate.toml").string() : Given;
}

} // namespace

void printConfigError(const policy::ConfigError &Error) {
  std::string Text = Error.render();
  if (!Text.ends_with("\n"))
    Text += "\n";
  std::fputs(Text.c_str(), stderr);
}

namespace {

policy::Policy loadPolicyOrFail(const std::string &Path, std::optional<std::vector<std::string>> Known = {}) {
  if (!fs::exists(Path))
    throw Failure{"no policy at " + Path + " (`cargo capgate init` writes one)", ExitUsage};
  try {
    return policy::loadPolicy(Path, {std::move(Known)});
  } catch (const policy::ConfigError &Error) {
    printConfigError(Error);
    throw Failure{"", ExitUsage};
  }
}

/// The session settings of \p Where with the sandbox's: whether there is one
/// (--no-sandbox), and which build scripts the policy (the one being
/// enforced, or else capgate.toml at the workspace root, if there is one)
/// lets use the network. Checks that bubblewrap works here, and that no
/// build script of an earlier unsandboxed build escapes it.
Session withSandbox(const CargoOptions &Options, const Workspace &Where) {
  Session Settings = Where.Settings;
  Settings.Sandbox = !Options.NoSandbox;
  if (!Settings.Sandbox) {
    std::fprintf(stderr, "warning: capgate: build scripts and rustc run outside the sandbox (--no-sandbox)\n");
    return Settings;
  }
  try {
    requireSandbox();
  } catch (const std::runtime_error &Error) {
    throw Failure{Error.what(), ExitUsage};
  }
  std::string PolicyPath = Settings.PolicyPath.empty() ? policyPathOf("", Where) : Settings.PolicyPath;
  if (fs::exists(PolicyPath))
    Settings.BuildScriptNetwork = buildScriptNetworkGrants(loadPolicyOrFail(PolicyPath));
  removeUnlaunchedBuildScripts(Where.TargetDir);
  return Settings;
}

/// Points the pass at the policy's [api] tables, if it has any, through the
/// session. They change what the pass reports, so they are part of the
/// session's digest (cargo rebuilds, compiler caches miss); and they get a
/// target directory of their own, named by their content, so that a report
/// without them and a check with them do not rebuild each other's crates.
void applyApiAnnotations(const policy::Policy &Policy, Workspace &Where) {
  std::string Annotations = policy::annotationToml(Policy);
  if (Annotations.empty())
    return;
  Where.TargetDir += "-api-" + textDigest(Annotations).substr(0, 16);
  fs::create_directories(Where.TargetDir);
  std::string File = (fs::path(Where.TargetDir) / "policy-annotations.toml").string();
  writeOutputFile(File, Annotations);
  Where.Settings.ExtraAnnotations.push_back(File);
}

} // namespace

int runBuild(const CargoOptions &Options) {
  Workspace Where = workspaceOf(Options);
  if (fs::exists(policyPathOf("", Where)))
    return runCheck(Options, CheckOptions{});
  analysisBuild(Options, Where, nullptr);
  return 0;
}

int runReport(const CargoOptions &Options, const ReportRequest &Request) {
  const std::string &Format = Request.Format, &Output = Request.Output;
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
  std::string Text = Check.Format == "sarif" ? policy::sarifForEvaluation(Result, Policy, Check.DenyUnused)
                                             : policy::renderEvaluation(Result, Policy, Check.DenyUnused);
  if (!Check.Baseline.empty()) {
    policy::ReportDiff Diff = policy::diffReports(policy::loadReport(Check.Baseline), Facts);
    Text += Check.Format == "sarif" ? policy::sarifForDiff(Diff, Facts) : policy::renderDiff(Diff);
    Exit = std::max(Exit, Diff.exitCode());
  }
  if (Check.Format == "sarif")
    writeOutput(Check.Output, Text);
  else
    std::fputs(Text.c_str(), stderr);
  return Exit;
}

int runInit(const CargoOptions &Options, const std::string &Output, bool Force) {
  Workspace Where = workspaceOf(Options);
  std::string Path = Output.empty() ? (fs::path(Where.Root) / "capgate.toml").string() : Output;
  if (Path != "-" && fs::exists(Path) && !Force)
    throw Failure{Path + " already exists; pass --force to replace it", ExitUsage};
  CargoResolve Resolve;
  std::vector<Artifact> Artifacts = analysisBuild(Options, Where, &Resolve);
  FactsGraph Graph = loadFacts(Artifacts, Where.TargetDir);
  Report Facts = buildReport(Artifacts, Graph, Resolve);
  writeOutput(Path, policy::generatePolicy(Facts.Packages, {true, Where.Root}));
  if (Path != "-")
    std::fprintf(stderr, "wrote %s\n", Path.c_str());
  return 0;
}

int runDiff(const std::string &Old, const std::string &New, const std::string &Format) {
  Report Before = policy::loadReport(Old), After = policy::loadReport(New);
  policy::ReportDiff Diff = policy::diffReports(Before, After);
  std::cout << (Format == "sarif" ? policy::sarifForDiff(Diff, After) : policy::renderDiff(Diff));
  return Diff.exitCode();
}

int runImportCackle(const std::string &File, const std::string &Output) {
  policy::CackleImport Imported = policy::importCackleFile(File);
  writeOutput(Output, Imported.PolicyText);
  for (const policy::ImportNote &Note : Imported.Notes)
    std::fprintf(stderr, "%s\n", Note.render().c_str());
  return 0;
}

int runExplain(const CargoOptions &Options, const std::string &Subject, const std::string &CapabilityName) {
  std::optional<Capability> Cap = parseCapability(CapabilityName, /*AcceptAlias=*/true);
  if (!Cap) {
    std::string Message = "unknown capability `" + CapabilityName + "`";
    std::string_view Suggestion = suggestCapability(CapabilityName);
    if (!Suggestion.empty())
      Message += " (did you mean `" + std::string(Suggestion) + "`?)";
    throw Failure{Message, ExitUsage};
  }
  Workspace Where = workspaceOf(Options);
  std::vector<Artifact> Artifacts = analysisBuild(Options, Where, nullptr);
  FactsGraph Graph = loadFacts(Artifacts, Where.TargetDir);
  std::vector<int> Sources;
  for (std::size_t I = 0; I < Graph.nodes().size(); ++I) {
    const GraphNode &Node = Graph.nodes()[I];
    bool Matches = packageOf(Graph, Node.Crate, Node.OwnerName) == Subject || Node.Path == Subject ||
                   (Node.Path.size() > Subject.size() && Node.Path.ends_with("::" + Subject));
    if (Matches)
      Sources.push_back(static_cast<int>(I));
  }
  if (Sources.empty())
    throw Failure{"no package or function named `" + Subject + "` in this build", ExitIncomplete};
  std::vector<Hop> Path = Graph.shortestPath(Sources, *Cap);
  if (Path.empty()) {
    std::cout << Subject << " does not reach " << capabilityName(*Cap) << "\n";
    return 0;
  }
  std::cout << Subject << " reaches " << capabilityName(*Cap) << ":\n";
  for (std::size_t I = 0; I < Path.size(); ++I) {
    const Hop &H = Path[I];
    std::string Package = I + 1 < Path.size() ? packageOf(Graph, H.Crate, H.OwnerName) : "";
    std::cout << "  " << (I == 0 ? "   " : "-> ") << H.Function;
    if (!Package.empty())
      std::cout << "  [" << Package << "]";
    if (!H.Site.File.empty())
      std::cout << "\n       at " << H.Site.File << (H.Site.Line ? ":" + std::to_string(H.Site.Line) : "");
    std::cout << "\n";
  }
  return 0;
}

namespace {

/// Whether an artefact is a program a user runs: a binary or an example.
bool isProgram(const Artifact &A) { return A.Kind == "bin" || A.Kind == "example"; }

/// The names of the programs of a build, sorted, for error messages.
std::string programNames(const std::vector<Artifact> &Artifacts) {
  std::set<std::string> Sorted;
  for (const Artifact &A : Artifacts)
    if (isProgram(A))
      Sorted.insert(A.TargetName);
  std::string Names;
  for (const std::string &Name : Sorted)
    Names += (Names.empty() ? "`" : ", `") + Name + "`";
  return Names.empty() ? "none" : Names;
}

const BinaryReport &staticReportOf(const Report &R, const Artifact &A) {
  for (const BinaryReport &B : R.Binaries)
    if (B.Name == A.TargetName && B.Package == A.PackageName && B.Kind == A.Kind)
      return B;
  throw Failure{"the report has no binary `" + A.TargetName + "` of package " + A.PackageName, ExitIncomplete};
}

/// The artefact a program named on the command line is: a path to one of the
/// build's executables, or the name of one of its binary targets.
const Artifact *artifactNamed(const std::vector<Artifact> &Artifacts, const std::string &Program) {
  std::error_code Error;
  bool IsPath = Program.find('/') != std::string::npos;
  fs::path Wanted = IsPath ? fs::weakly_canonical(Program, Error) : fs::path();
  for (const Artifact &A : Artifacts) {
    if (A.Binary.empty() || !(isProgram(A) || A.Kind == "test"))
      continue;
    if (IsPath ? fs::weakly_canonical(A.Binary, Error) == Wanted : A.TargetName == Program)
      return &A;
  }
  return nullptr;
}

std::vector<TraceTarget> traceTargetsOf(const std::vector<Artifact> &Artifacts, const Report &R,
                                        const CargoOptions &Options, const TraceRequest &Request) {
  std::vector<TraceTarget> Targets;
  auto Add = [&](const Artifact &A, std::vector<std::string> Argv) {
    Targets.push_back({std::move(Argv), &A, A.Kind == "test" ? A.ManifestDir : "", &staticReportOf(R, A)});
  };
  auto WithArguments = [&](const std::string &Program, std::size_t Skip) {
    std::vector<std::string> Argv{Program};
    Argv.insert(Argv.end(), Request.Command.begin() + static_cast<long>(Skip), Request.Command.end());
    return Argv;
  };
  if (Request.Tests) {
    for (const Artifact &A : Artifacts)
      if (A.Kind == "test" && !A.Binary.empty())
        Add(A, WithArguments(A.Binary, 0));
    if (Targets.empty())
      throw Failure{"the build has no test executables", ExitUsage};
    return Targets;
  }
  if (!Options.Bins.empty()) {
    for (const Artifact &A : Artifacts)
      if (A.Kind == "bin" && A.TargetName == Options.Bins.front())
        Add(A, WithArguments(A.Binary, 0));
    if (Targets.empty())
      throw Failure{"no binary `" + Options.Bins.front() + "` in this build; its programs: " +
                        programNames(Artifacts), ExitUsage};
    return Targets;
  }
  if (Request.Command.empty()) {
    // Like `cargo run`: the program is implied when there is only one.
    for (const Artifact &A : Artifacts)
      if (A.Kind == "bin" && !A.Binary.empty())
        Add(A, {A.Binary});
    if (Targets.size() != 1)
      throw Failure{"name the program to trace after `--`, or pick one with --bin; this build's programs: " +
                        programNames(Artifacts), ExitUsage};
    return Targets;
  }
  const std::string &Program = Request.Command.front();
  if (const Artifact *A = artifactNamed(Artifacts, Program)) {
    Add(*A, WithArguments(A->Binary, 1));
    return Targets;
  }
  // A program built elsewhere from the same sources (plain `cargo build`'s
  // target/debug/NAME) is held against the report of the binary of that
  // name; say so, since capgate did not analyse that file itself.
  std::string Name = fs::path(Program).filename().string();
  if (Program.find('/') != std::string::npos && fs::exists(Program))
    for (const Artifact &A : Artifacts)
      if (isProgram(A) && A.TargetName == Name) {
        std::fprintf(stderr,
                     "warning: %s is not the executable capgate analysed (%s); comparing it with the "
                     "report of binary `%s`, which was built from the same sources\n",
                     Program.c_str(), A.Binary.c_str(), Name.c_str());
        Add(A, WithArguments(Program, 1));
        return Targets;
      }
  throw Failure{"`" + Program + "` is not a program of this build, so there is no static report to compare " +
                    "it with; this build's programs: " + programNames(Artifacts),
                ExitUsage};
}

} // namespace

int runTrace(const CargoOptions &Options, const TraceRequest &Request) {
  if (Request.Tests && !Options.Bins.empty())
    throw Failure{"--tests and --bin exclude each other", ExitUsage};
  if (Options.Bins.size() > 1)
    throw Failure{"trace runs one binary; --bin was given " + std::to_string(Options.Bins.size()) + " times",
                  ExitUsage};
  Workspace Where = workspaceOf(Options);
  std::vector<std::string> Extra;
  if (Request.Tests)
    Extra.push_back("--tests");
  CargoResolve Resolve;
  std::vector<Artifact> Artifacts = analysisBuild(Options, Where, &Resolve, Extra);
  Report R = cachedReport(Artifacts, Resolve, Where.TargetDir);
  std::vector<TraceTarget> Targets = traceTargetsOf(Artifacts, R, Options, Request);
  TraceOutcome Outcome;
  try {
    Outcome = traceTargets(Targets, Request.Settings);
  } catch (const trace::TraceError &Error) {
    throw Failure{std::string("cannot trace: ") + Error.what(), ExitUsage};
  }
  if (Request.Output.empty() || Request.Output == "-")
    (Request.Settings.Format == "json" ? std::cout : std::cerr) << Outcome.Text << std::flush;
  else
    writeOutputFile(Request.Output, Outcome.Text);
  if (Outcome.FailedPrograms)
    std::fprintf(stderr, "warning: %u of %zu traced program%s exited with a non-zero status\n",
                 Outcome.FailedPrograms, Targets.size(), Targets.size() == 1 ? "" : "s");
  if (Outcome.FalseNegatives) {
    std::fprintf(stderr,
                 "error: capgate: %u capabilit%s seen at run time %s missing from the static report\n",
                 Outcome.FalseNegatives, Outcome.FalseNegatives == 1 ? "y" : "ies",
                 Outcome.FalseNegatives == 1 ? "is" : "are");
    return ExitIncomplete;
  }
  return 0;
}

} // namespace capgate
