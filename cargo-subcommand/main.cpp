// main.cpp - `cargo capgate`: build, report, explain, check, trace.
//
// cargo runs `cargo-capgate capgate ARGS...` for `cargo capgate ARGS...`; the
// executable also runs as `cargo-capgate ARGS...`, and, during an analysis
// build, as cargo's RUSTC_WRAPPER (see Wrapper.cpp).
//
// Exit codes: 0 success; 1 policy violations, capabilities gained against a
// baseline, capabilities seen at run time that the report lacks, a report
// that could not be completed, or facts or artefacts capgate did not write
// (docs/security.md); 2 usage or configuration errors, or a program
// that cannot be traced; 101 cargo failed.
#include "CargoBuild.h"
#include "FactsKey.h"
#include "Report.h"
#include "Sandbox.h"
#include "Session.h"
#include "Toolchain.h"
#include "Trace.h"
#include "Wrapper.h"

#include "capgate/policy/CackleImport.h"
#include "capgate/policy/Diagnostic.h"
#include "capgate/policy/Diff.h"
#include "capgate/policy/Evaluate.h"
#include "capgate/policy/Init.h"
#include "capgate/policy/Policy.h"
#include "capgate/policy/Report.h"
#include "capgate/policy/Sarif.h"

#include <CLI/CLI.hpp>
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
using namespace capgate;

namespace {

constexpr int ExitIncomplete = 1;
constexpr int ExitUsage = 2;
constexpr int ExitCargo = 101;

/// An error to report and the exit status it calls for.
struct Failure {
  std::string Message;
  int Status;
};

/// The cargo options capgate forwards, shared by every subcommand.
struct CargoOptions {
  std::string ManifestPath;
  std::vector<std::string> Packages;
  bool Workspace = false;
  std::vector<std::string> Bins;
  bool AllTargets = false;
  std::vector<std::string> Features;
  bool AllFeatures = false;
  bool NoDefaultFeatures = false;
  bool Release = false;
  std::string Profile;
  std::string TargetDir;
  bool Offline = false;
  bool Locked = false;
  int Verbose = 0;
  bool Quiet = false;
  std::string Color = "auto";
  bool NoSandbox = false;

  void attach(CLI::App &Command) {
    Command.add_option("--manifest-path", ManifestPath, "Path to Cargo.toml");
    Command.add_option("-p,--package", Packages, "Package(s) to build");
    Command.add_flag("--workspace", Workspace, "Build every workspace member");
    Command.add_option("--bin", Bins, "Binary target(s) to build");
    Command.add_flag("--all-targets", AllTargets, "Also build tests, examples and benches");
    Command.add_option("-F,--features", Features, "Features to activate");
    Command.add_flag("--all-features", AllFeatures, "Activate all features");
    Command.add_flag("--no-default-features", NoDefaultFeatures, "Do not activate the default feature");
    Command.add_flag("-r,--release", Release, "Build with the release profile");
    Command.add_option("--profile", Profile, "Build with the given profile");
    Command.add_option("--target-dir", TargetDir, "Directory for the analysis build (default: <target>/capgate)");
    Command.add_flag("--offline", Offline, "Run without accessing the network");
    Command.add_flag("--locked", Locked, "Require Cargo.lock to be up to date");
    Command.add_flag("-v,--verbose", Verbose, "Use verbose output");
    Command.add_flag("-q,--quiet", Quiet, "Do not print cargo's progress");
    Command.add_option("--color", Color, "Coloring: auto, always, never")
        ->check(CLI::IsMember({"auto", "always", "never"}));
    Command.add_flag("--no-sandbox", NoSandbox,
                     "Run build scripts and rustc without bubblewrap's sandbox (the report records it)");
  }

  /// The directory cargo runs in: the manifest's, so that its
  /// .cargo/config.toml applies, or the current one.
  std::string workingDir() const {
    return ManifestPath.empty() ? "" : fs::absolute(ManifestPath).parent_path().string();
  }

  std::vector<std::string> cargoArguments() const {
    std::vector<std::string> Args;
    if (!ManifestPath.empty())
      Args.insert(Args.end(), {"--manifest-path", fs::absolute(ManifestPath).string()});
    for (const std::string &P : Packages)
      Args.insert(Args.end(), {"--package", P});
    if (Workspace)
      Args.push_back("--workspace");
    for (const std::string &B : Bins)
      Args.insert(Args.end(), {"--bin", B});
    if (AllTargets)
      Args.push_back("--all-targets");
    for (const std::string &F : Features)
      Args.insert(Args.end(), {"--features", F});
    if (AllFeatures)
      Args.push_back("--all-features");
    if (NoDefaultFeatures)
      Args.push_back("--no-default-features");
    if (Release)
      Args.push_back("--release");
    if (!Profile.empty())
      Args.insert(Args.end(), {"--profile", Profile});
    if (Offline)
      Args.push_back("--offline");
    if (Locked)
      Args.push_back("--locked");
    for (int I = 0; I < Verbose; ++I)
      Args.push_back("-v");
    if (Quiet)
      Args.push_back("--quiet");
    Args.insert(Args.end(), {"--color", Color});
    return Args;
  }

  /// The options of cargoArguments() that `cargo metadata` takes too.
  std::vector<std::string> metadataArguments() const {
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

  bool colourOutput() const {
    if (Color == "always")
      return true;
    if (Color == "never" || std::getenv("NO_COLOR"))
      return false;
    return isatty(STDOUT_FILENO);
  }
};

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

/// Runs the analysis build. cargo's own failure is a Failure with status
/// 101, or 1 when the wrapper stopped a crate for forging facts; \p Status,
/// when given, receives cargo's status instead. \p Resolve, when given,
/// receives cargo's resolve (for the report: blame and build_only).
Session withSandbox(const CargoOptions &Options, const Workspace &Where);

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
  CargoResolve Unused;
  int Result = 0;
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

/// The policy-level view of a report: the policy library reads the same
/// capgate-report/1 shape that tools do.
policy::Report policyReportOf(const Report &R) { return policy::parseReport(renderJson(R), "report"); }

/// The policy file: --policy, or capgate.toml at the workspace root.
std::string policyPathOf(const std::string &Given, const Workspace &Where) {
  return Given.empty() ? (fs::path(Where.Root) / "capgate.toml").string() : Given;
}

/// Prints a configuration error as the policy library renders it.
void printConfigError(const policy::ConfigError &Error) {
  std::string Text = Error.render();
  if (!Text.ends_with("\n"))
    Text += "\n";
  std::fputs(Text.c_str(), stderr);
}

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

int runReport(const CargoOptions &Options, const std::string &Format, const std::string &Output) {
  Workspace Where = workspaceOf(Options);
  CargoResolve Resolve;
  std::vector<Artifact> Artifacts = analysisBuild(Options, Where, &Resolve);
  Report R = cachedReport(Artifacts, Resolve, Where.TargetDir);
  R.Sandbox = !Options.NoSandbox;
  if (Format == "dot")
    R.Dependencies = dependencyEdges(Options.metadataArguments(), Options.workingDir());
  std::string Text = Format == "json"       ? renderJson(R)
                     : Format == "capslock" ? renderCapslock(R)
                     : Format == "dot"      ? renderDot(R)
                                            : renderHuman(R, Output.empty() && Options.colourOutput());
  writeOutput(Output, Text);
  return 0;
}

/// What `check` (and `build` under a policy) was asked for.
struct CheckOptions {
  std::string PolicyPath;
  bool DenyUnused = false;
  std::string Baseline;
  std::string Format = "human";
  std::string MessageFormat = "human";
  std::string Output;
};

/// Builds with the policy enforced at every crate as rustc compiles it,
/// then checks what the build as a whole shows (crates cargo did not need to
/// recompile, unsafe code, unused grants) and, with a baseline, what was
/// gained since.
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
  policy::Report Facts = policyReportOf(buildReport(Artifacts, Graph, Resolve));
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
  policy::Report Facts = policyReportOf(buildReport(Artifacts, Graph, Resolve));
  writeOutput(Path, policy::generatePolicy(Facts.Packages, {true, Where.Root}));
  if (Path != "-")
    std::fprintf(stderr, "wrote %s\n", Path.c_str());
  return 0;
}

int runDiff(const std::string &Old, const std::string &New, const std::string &Format) {
  policy::Report Before = policy::loadReport(Old), After = policy::loadReport(New);
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

/// What `trace` was asked for, beyond the cargo options.
struct TraceRequest {
  /// After `--`: the program and its arguments, or, with --bin or --tests,
  /// the arguments alone.
  std::vector<std::string> Command;
  bool Tests = false;
  TraceSettings Settings;
  std::string Output;
};

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

int run(int argc, char **argv) {
  // `cargo capgate X` runs `cargo-capgate capgate X`.
  std::vector<std::string> Arguments(argv + 1, argv + argc);
  if (!Arguments.empty() && Arguments.front() == "capgate")
    Arguments.erase(Arguments.begin());
  std::reverse(Arguments.begin(), Arguments.end()); // CLI11 parses a reversed vector.

  CLI::App App{"capgate: what every crate in your dependency tree can do, proved by call paths",
               "cargo capgate"};
  App.set_version_flag("-V,--version", "cargo-capgate " CAPGATE_VERSION);
  App.require_subcommand(1);

  CargoOptions BuildOptions, ReportOptions, ExplainOptions;
  CLI::App *Build = App.add_subcommand("build", "Build with the capgate plugin (into <target>/capgate)");
  BuildOptions.attach(*Build);

  std::string Format = "human", Output;
  CLI::App *ReportCommand = App.add_subcommand("report", "Report what each package and binary can do");
  ReportOptions.attach(*ReportCommand);
  ReportCommand->add_option("--format", Format, "Output format: human, json, capslock, dot")
      ->check(CLI::IsMember({"human", "json", "capslock", "dot"}));
  ReportCommand->add_option("-o,--output", Output, "Write the report to this file instead of stdout");

  std::string Subject, CapabilityName;
  CLI::App *Explain = App.add_subcommand(
      "explain", "Show the call path from a package or function to a capability, with file:line");
  ExplainOptions.attach(*Explain);
  Explain->add_option("subject", Subject, "A package name or a function path")->required();
  Explain->add_option("capability", CapabilityName, "A capability (FILES, NETWORK, ... or fs, net, ...)")
      ->required();

  CargoOptions CheckCargo, InitCargo;
  CheckOptions Check;
  CLI::App *CheckCommand =
      App.add_subcommand("check", "Build with the policy enforced; fail at every crate that breaks it");
  CheckCargo.attach(*CheckCommand);
  CheckCommand->add_option("--policy", Check.PolicyPath, "Policy file (default: capgate.toml at the workspace root)");
  CheckCommand->add_flag("--deny-unused", Check.DenyUnused, "Treat grants that nothing uses as errors");
  CheckCommand->add_option("--baseline", Check.Baseline, "A capgate-report/1 JSON report: fail on capabilities gained since");
  CheckCommand->add_option("--format", Check.Format, "Output format: human, sarif")
      ->check(CLI::IsMember({"human", "sarif"}));
  CheckCommand->add_option("--message-format", Check.MessageFormat, "Diagnostics from rustc and capgate: human, json")
      ->check(CLI::IsMember({"human", "json"}));
  CheckCommand->add_option("-o,--output", Check.Output, "Write the SARIF log to this file");

  std::string InitOutput;
  bool InitForce = false;
  CLI::App *Init = App.add_subcommand("init", "Write a capgate.toml granting exactly what is used today");
  InitCargo.attach(*Init);
  Init->add_option("-o,--output", InitOutput, "Where to write it (default: capgate.toml at the workspace root; - for stdout)");
  Init->add_flag("--force", InitForce, "Replace an existing file");

  std::string OldReport, NewReport, DiffFormat = "human";
  CLI::App *DiffCommand = App.add_subcommand("diff", "Capabilities each package and binary gained or lost");
  DiffCommand->add_option("old", OldReport, "The earlier capgate-report/1 JSON report")->required()->check(CLI::ExistingFile);
  DiffCommand->add_option("new", NewReport, "The later capgate-report/1 JSON report")->required()->check(CLI::ExistingFile);
  DiffCommand->add_option("--format", DiffFormat, "Output format: human, sarif")->check(CLI::IsMember({"human", "sarif"}));

  std::string CackleFile, ImportOutput;
  CLI::App *Import = App.add_subcommand("import-cackle", "Convert a Cackle cackle.toml into a capgate.toml");
  Import->add_option("file", CackleFile, "The cackle.toml")->required()->check(CLI::ExistingFile);
  Import->add_option("-o,--output", ImportOutput, "Where to write the capgate.toml (default: stdout)");

  CargoOptions TraceCargo;
  TraceRequest Trace;
  CLI::App *TraceCommand = App.add_subcommand(
      "trace", "Run a program of the build under ptrace and list what it did that the report lacks");
  TraceCargo.attach(*TraceCommand);
  TraceCommand->add_flag("--tests", Trace.Tests, "Trace every test executable of the selected packages");
  TraceCommand->add_option("--format", Trace.Settings.Format, "Output format: human, json")
      ->check(CLI::IsMember({"human", "json"}));
  TraceCommand->add_option("-o,--output", Trace.Output, "Write the trace report to this file");
  TraceCommand->add_flag("--show-all", Trace.Settings.ShowAll,
                         "List the runtime's, spawns' and other programs' system calls in full");
  TraceCommand->add_flag("--follow-execs", Trace.Settings.Options.FollowExecs,
                         "Keep tracing the programs the program runs (reported, not counted)");
  bool NoStacks = false;
  TraceCommand->add_flag("--no-stacks", NoStacks, "Do not record user-space stacks");
  TraceCommand->add_option("command", Trace.Command,
                           "After `--`: PROGRAM [ARGS...], or only ARGS with --bin or --tests");

  for (CLI::App *Command : App.get_subcommands({}))
    Command->set_version_flag("-V,--version", "cargo-capgate " CAPGATE_VERSION);

  try {
    App.parse(Arguments);
  } catch (const CLI::ParseError &Error) {
    int Status = App.exit(Error);
    return Status == 0 ? 0 : ExitUsage;
  }
  try {
    if (Build->parsed()) {
      // Under a policy, a build is a check.
      Workspace Where = workspaceOf(BuildOptions);
      if (fs::exists(policyPathOf("", Where)))
        return runCheck(BuildOptions, CheckOptions{});
      analysisBuild(BuildOptions, Where, nullptr);
      return 0;
    }
    if (ReportCommand->parsed())
      return runReport(ReportOptions, Format, Output);
    if (Explain->parsed())
      return runExplain(ExplainOptions, Subject, CapabilityName);
    if (CheckCommand->parsed())
      return runCheck(CheckCargo, Check);
    if (Init->parsed())
      return runInit(InitCargo, InitOutput, InitForce);
    if (TraceCommand->parsed()) {
      Trace.Settings.Options.Stacks = !NoStacks;
      return runTrace(TraceCargo, Trace);
    }
    if (DiffCommand->parsed())
      return runDiff(OldReport, NewReport, DiffFormat);
    return runImportCackle(CackleFile, ImportOutput);
  } catch (const policy::ConfigError &Error) {
    printConfigError(Error);
    return ExitUsage;
  } catch (const Failure &Error) {
    if (!Error.Message.empty())
      std::fprintf(stderr, "error: %s\n", Error.Message.c_str());
    return Error.Status;
  } catch (const std::exception &Error) {
    std::fprintf(stderr, "error: %s\n", Error.what());
    return ExitIncomplete;
  }
}

} // namespace

int main(int argc, char **argv) {
  // cargo runs a build script's launcher, which runs
  // `cargo-capgate --capgate-run-build-script ...` (Sandbox.h).
  if (argc > 1 && std::string(argv[1]) == RunBuildScriptOption)
    runBuildScript(argc, argv);
  // cargo runs the session's launcher as RUSTC_WRAPPER, which runs
  // `cargo-capgate --capgate-session DIR ... -- rustc ARGS...`.
  if (argc > 1 && std::string(argv[1]) == SessionOption)
    runAsRustcWrapper(std::vector<std::string>(argv + 1, argv + argc));
  return run(argc, argv);
}
