// CheckCommand.cpp - `cargo capgate build` and `cargo capgate check`: the analysis build, with
// the policy enforced when there is one.
//
// The wrapper stops every crate that breaks the policy as it is compiled
// (Enforcement.h), saying so in one line. Once cargo has finished, whatever
// it recompiled, the policy is evaluated over the facts of every crate of
// the build: those cargo reported (fresh or rebuilt) and those the wrapper
// stopped (StoppedUnits.h), each verified against its seal; so the verdict
// and the list of violations never depend on what was cached. Crates that
// cargo could not build because a crate they depend on was stopped or did
// not compile are named as unchecked, never passed over in silence.
#include "Commands.h"

#include "AnalysisBuild.h"
#include "ReportBuilder.h"
#include "StoppedUnits.h"

#include "capgate/policy/CheckReport.h"
#include "capgate/policy/Diff.h"
#include "capgate/policy/Evaluate.h"
#include "capgate/policy/Policy.h"
#include "capgate/policy/ReportFile.h"
#include "capgate/policy/Sarif.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <set>

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

using PackageKey = std::pair<std::string, std::string>;

/// What the wrapper's marks say about the build.
struct StoppedSummary {
  std::vector<Artifact> Violating;
  std::size_t Forged = 0;
  std::size_t CompileErrors = 0;
  /// The packages of the units that did not compile (or forged facts),
  /// where the wrapper could name them.
  std::set<PackageKey> DidNotCompile;
  /// The packages whose build script was stopped or did not compile.
  std::set<PackageKey> BuildScripts;
};

StoppedSummary summariseStopped(const std::vector<StoppedUnit> &Units) {
  StoppedSummary Summary;
  for (const StoppedUnit &Unit : Units) {
    if (Unit.Reason != StopReason::Violations && !Unit.Output.PackageName.empty())
      Summary.DidNotCompile.insert({Unit.Output.PackageName, Unit.Output.PackageVersion});
    if (Unit.Output.Kind == "build-script")
      Summary.BuildScripts.insert({Unit.Output.PackageName, Unit.Output.PackageVersion});
    switch (Unit.Reason) {
    case StopReason::Violations:
      Summary.Violating.push_back(Unit.Output);
      break;
    case StopReason::ForgedFacts:
      ++Summary.Forged;
      break;
    case StopReason::CompileError:
      ++Summary.CompileErrors;
      break;
    }
  }
  return Summary;
}

/// The packages of the build that cargo built no code of (a build script
/// aside) because a crate they depend on (through normal or build edges),
/// or their own build script, was stopped or did not compile. The build is
/// of the packages asked for (-p, else the workspace members) and their
/// dependencies. \p Failed holds the packages with a crate that was stopped
/// or did not compile; \p FailedBuildScripts those of them whose crate was
/// their build script.
std::vector<PackageKey> uncheckedPackages(const CargoResolve &Resolve, const std::vector<Artifact> &Built,
                                          const std::set<PackageKey> &Failed,
                                          const std::set<PackageKey> &FailedBuildScripts,
                                          const CargoOptions &Options) {
  std::set<PackageKey> HasCode;
  for (const Artifact &A : Built)
    if (A.Kind != "build-script")
      HasCode.insert({A.PackageName, A.PackageVersion});
  std::vector<std::vector<int>> Closures = dependencyClosures(Resolve);
  std::set<int> Wanted;
  for (std::size_t I = 0; I < Resolve.Packages.size(); ++I) {
    const CargoResolve::Package &P = Resolve.Packages[I];
    bool Asked = Options.Packages.empty() ? P.Member
                                           : std::any_of(Options.Packages.begin(), Options.Packages.end(),
                                                         [&](const std::string &Spec) {
                                                           return Spec == P.Name || Spec == P.Name + "@" + P.Version;
                                                         });
    if (!Asked)
      continue;
    Wanted.insert(static_cast<int>(I));
    Wanted.insert(Closures[I].begin(), Closures[I].end());
  }
  std::vector<PackageKey> Unchecked;
  for (int I : Wanted) {
    PackageKey Key{Resolve.Packages[I].Name, Resolve.Packages[I].Version};
    // A package with code of its own that failed is reported as such.
    if (HasCode.count(Key) || (Failed.count(Key) && !FailedBuildScripts.count(Key)))
      continue;
    bool BehindFailure = FailedBuildScripts.count(Key) ||
                         std::any_of(Closures[I].begin(), Closures[I].end(), [&](int D) {
                           return Failed.count({Resolve.Packages[D].Name, Resolve.Packages[D].Version}) != 0;
                         });
    if (BehindFailure)
      Unchecked.push_back(Key);
  }
  return Unchecked;
}

/// The byte offset of \p Column (1-based) of line \p Line of \p File, or 0
/// when the file cannot be read.
std::size_t byteOffset(const std::string &File, unsigned Line, unsigned Column) {
  std::ifstream In(File, std::ios::binary);
  std::string Text;
  std::size_t Offset = 0;
  for (unsigned L = 1; L < Line; ++L) {
    if (!std::getline(In, Text))
      return 0;
    Offset += Text.size() + 1;
  }
  return Offset + Column - 1;
}

/// The artefact cargo would name as the target of a group's diagnostic:
/// one of the package's in the group's scope, a library first.
const Artifact *targetOf(const std::vector<Artifact> &Artifacts, const policy::Violation &V) {
  const Artifact *Found = nullptr;
  for (const Artifact &A : Artifacts) {
    if (A.PackageName != V.Package || A.PackageVersion != V.Version)
      continue;
    bool InScope = V.What == policy::Violation::Kind::Unsafe || scopeOfKind(A.Kind) == V.Where;
    if (InScope && (!Found || scopeOfKind(Found->Kind) != V.Where || A.Kind == "lib"))
      Found = &A;
    else if (!Found)
      Found = &A;
  }
  return Found;
}

/// cargo's description of a target (`target` in its JSON messages).
nlohmann::ordered_json cargoTarget(const Artifact *A, const std::string &Package) {
  std::string Kind = A ? A->Kind : "lib";
  std::string CargoKind = Kind == "build-script" ? "custom-build" : Kind;
  std::string CrateType = Kind == "lib" || Kind == "proc-macro" || Kind == "cdylib" || Kind == "staticlib" ? Kind : "bin";
  return {{"kind", {CargoKind}},
          {"crate_types", {CrateType}},
          {"name", A ? (Kind == "build-script" ? "build-script-build" : A->TargetName) : Package},
          {"src_path", A ? A->SourcePath : ""},
          {"doc", Kind == "lib"},
          {"doctest", false},
          {"test", Kind != "build-script"}};
}

/// A group as cargo's `compiler-message`: rustc's diagnostic shape, with
/// every site as a span (the first primary), and the package's merged
/// policy edit as a help.
nlohmann::ordered_json compilerMessage(const policy::ViolationGroup &Group, const policy::PackageViolations &Package,
                                       const std::string &PolicyFile, const std::vector<Artifact> &Artifacts,
                                       const CargoResolve &Resolve, std::size_t ShownSites) {
  const policy::Violation &First = Group.first();
  nlohmann::ordered_json Spans = nlohmann::ordered_json::array();
  for (const policy::Violation &V : Group.Sites) {
    if (V.File.empty() || V.Line == 0)
      continue;
    std::string Source = policy::sourceLineOf(V.File, V.Line);
    policy::SiteColumn Column = Source.empty() ? policy::SiteColumn{} : policy::siteColumn(Source, policy::siteNeedle(V));
    std::size_t Start = byteOffset(V.File, V.Line, Column.Column);
    nlohmann::ordered_json Text = nlohmann::ordered_json::array();
    if (!Source.empty())
      Text.push_back({{"text", Source},
                      {"highlight_start", Column.Column},
                      {"highlight_end", Column.Column + Column.Width}});
    Spans.push_back({{"file_name", V.File},
                     {"byte_start", Start},
                     {"byte_end", Start + Column.Width},
                     {"line_start", V.Line},
                     {"line_end", V.Line},
                     {"column_start", Column.Column},
                     {"column_end", Column.Column + Column.Width},
                     {"is_primary", Spans.empty()},
                     {"text", Text},
                     {"label", policy::siteLabel(V)},
                     {"suggested_replacement", nullptr},
                     {"suggestion_applicability", nullptr},
                     {"expansion", nullptr}});
  }
  auto Child = [](std::string Level, std::string Message) {
    return nlohmann::ordered_json{{"message", std::move(Message)},
                                  {"code", nullptr},
                                  {"level", std::move(Level)},
                                  {"spans", nlohmann::ordered_json::array()},
                                  {"children", nlohmann::ordered_json::array()},
                                  {"rendered", nullptr}};
  };
  nlohmann::ordered_json Children = nlohmann::ordered_json::array();
  if (!First.Note.empty())
    Children.push_back(Child("note", First.Note));
  std::string Help = policy::renderPackageFix(Package, PolicyFile);
  std::string HelpMessage = Help.substr(std::string_view("help: ").size());
  HelpMessage.pop_back(); // The rendering's final newline.
  Children.push_back(Child("help", HelpMessage));
  std::string Rendered = policy::renderGroup(Group, ShownSites) + Help;
  int Index = Resolve.find(First.Package, First.Version);
  const Artifact *Target = targetOf(Artifacts, First);
  nlohmann::ordered_json Message{
      {"reason", "compiler-message"},
      {"package_id", Index >= 0 ? Resolve.Packages[Index].Id : First.Package + "@" + First.Version},
      {"manifest_path", Target ? (fs::path(Target->ManifestDir) / "Cargo.toml").string() : ""},
      {"target", cargoTarget(Target, First.Package)},
      {"message",
       {{"$message_type", "diagnostic"},
        {"message", Group.message()},
        {"code", {{"code", "capgate::policy"}, {"explanation", nullptr}}},
        {"level", "error"},
        {"spans", Spans},
        {"children", Children},
        {"rendered", Rendered}}}};
  return Message;
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
  // Keep going past a violating crate, so that every crate that can be
  // compiled is.
  std::vector<std::string> Extra{"--keep-going"};
  int Status = 0;
  CargoResolve Resolve;
  bool Json = Check.MessageFormat == "json";
  std::vector<Artifact> Artifacts = analysisBuild(Options, Where, &Resolve, Extra, &Status, Json);

  StoppedSummary Stopped = summariseStopped(readStoppedUnits(findingsDirectory(Where)));
  // cargo failed for a reason of its own: a crate that does not compile, or
  // a failure no unit of the wrapper's accounts for (a build script that
  // fails when run, a manifest error). cargo has said what.
  bool CargoFailed =
      Status != 0 && (Stopped.CompileErrors > 0 || (Stopped.Violating.empty() && Stopped.Forged == 0));
  printForgedFacts(Stopped.Forged);

  // The crates the wrapper stopped were compiled and sealed: their facts
  // are checked with the rest.
  std::set<PackageKey> Failed = Stopped.DidNotCompile, FailedBuildScripts = Stopped.BuildScripts;
  for (const Artifact &A : Stopped.Violating)
    Failed.insert({A.PackageName, A.PackageVersion});
  Artifacts.insert(Artifacts.end(), Stopped.Violating.begin(), Stopped.Violating.end());
  std::vector<PackageKey> Unchecked;
  if (Status != 0)
    Unchecked = uncheckedPackages(Resolve, Artifacts, Failed, FailedBuildScripts, Options);

  Report Facts;
  try {
    FactsGraph Graph = loadFacts(Artifacts, Where.TargetDir);
    Facts = buildReport(Artifacts, Graph, Resolve);
  } catch (const std::runtime_error &Error) {
    // The facts of what cargo did build cannot be read: a finding (1), or,
    // when cargo failed on its own, cargo's failure, which it has shown.
    if (!CargoFailed)
      throw;
    std::fprintf(stderr, "error: %s\n", Error.what());
    return ExitCargo;
  }
  // Now that the build's packages are known, a grant for a package that is
  // not in it is an error too (a typo, or a dependency that went away).
  // When cargo could not build all of them, the resolve says which exist.
  std::vector<std::string> Known = Facts.packageNames();
  if (Status != 0)
    for (const CargoResolve::Package &P : Resolve.Packages)
      Known.push_back(P.Name);
  Policy = loadPolicyOrFail(PolicyPath, Known);
  policy::Evaluation Result = policy::evaluate(Policy, Facts.Packages);
  if (Status != 0)
    // A grant to a package cargo did not build may well be used.
    std::erase_if(Result.Unused, [&](const policy::UnusedGrant &U) {
      return std::none_of(Facts.Packages.begin(), Facts.Packages.end(),
                          [&](const PackageReport &P) { return P.Name == U.Package; });
    });
  int Exit = Result.exitCode(Check.DenyUnused);

  std::size_t ShownSites = Options.Verbose > 0 ? 0 : policy::DefaultShownSites;
  // With JSON messages the violations are on stdout; stderr keeps the rest.
  std::string Human = Json ? policy::renderUnused(Result, Policy, Check.DenyUnused) + policy::renderSummary(Result)
                           : policy::renderCheck(Result, Policy, Check.DenyUnused, ShownSites);
  if (Json) {
    // One compiler-message per group, on stdout with cargo's own messages.
    for (const policy::PackageViolations &Package : policy::groupViolations(Result))
      for (const policy::ViolationGroup &Group : Package.Groups)
        std::cout << compilerMessage(Group, Package, Policy.File, Artifacts, Resolve, ShownSites).dump() << "\n";
    std::cout << std::flush;
  }
  // One SARIF log for the violations and the baseline's diff together.
  policy::SarifLog Sarif(sarifOptions(Check, Where));
  Sarif.addEvaluation(Result, Policy, Check.DenyUnused);
  if (!Check.Baseline.empty()) {
    policy::ReportDiff Changes = policy::diffReports(policy::loadReport(Check.Baseline), Facts);
    Human += policy::renderDiff(Changes);
    Sarif.addDiff(Changes, Facts);
    Exit = std::max(Exit, Changes.exitCode());
  }
  if (Check.Format == "sarif")
    writeOutput(Check.Output, Sarif.str());
  std::fputs(Human.c_str(), stderr);

  if (!Unchecked.empty()) {
    std::string Names;
    for (const auto &[Name, Version] : Unchecked)
      Names += (Names.empty() ? "" : ", ") + Name + " " + Version;
    std::fprintf(stderr,
                 "error: capgate: %zu package%s not checked: cargo could not build %s, because a crate %s "
                 "depend%s on was stopped or did not compile: %s\n",
                 Unchecked.size(), Unchecked.size() == 1 ? " was" : "s were", Unchecked.size() == 1 ? "it" : "them",
                 Unchecked.size() == 1 ? "it" : "they", Unchecked.size() == 1 ? "s" : "", Names.c_str());
    Exit = std::max(Exit, policy::ExitViolations);
  }
  if (Stopped.Forged)
    Exit = std::max(Exit, ExitIncomplete);
  if (CargoFailed)
    return ExitCargo;
  if (Status != 0 && Exit == 0)
    // The wrapper stopped a crate, yet the whole build shows no violation:
    // never a pass that the build itself contradicts.
    throw Failure{"capgate: cargo failed although no crate breaks the policy", ExitCargo};
  if (Exit == 0 && Human.empty() && !Options.Quiet)
    std::fprintf(stderr, "capgate: %zu package%s checked against %s: no violations\n", Facts.Packages.size(),
                 Facts.Packages.size() == 1 ? "" : "s", policy::displayPath(PolicyPath).c_str());
  return Exit;
}

} // namespace capgate
