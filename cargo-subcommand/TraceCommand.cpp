// TraceCommand.cpp - `cargo capgate trace`: run a program of the build under the tracer.
#include "Commands.h"

#include "AnalysisBuild.h"
#include "ReportBuilder.h"

#include <iostream>
#include <set>

namespace fs = std::filesystem;

namespace capgate {

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
  ReportCache Cache(Where.TargetDir);
  CargoResolve Resolve;
  std::vector<Artifact> Artifacts = analysisBuild(Options, Where, &Resolve, Extra);
  Report R = Cache.report(Artifacts, Resolve);
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
