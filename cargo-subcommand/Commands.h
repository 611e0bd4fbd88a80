// Commands.h - what each `cargo capgate` subcommand does, given what its
// command line asked for (main.cpp parses it).
//
// Exit codes: 0 success; 1 policy violations, capabilities gained against a
// baseline, capabilities seen at run time that the report lacks, a report
// that could not be completed, or facts or artefacts capgate did not write
// (docs/security.md); 2 usage or configuration errors, or a program
// that cannot be traced; 101 cargo failed.
#pragma once

#include "TraceRun.h"

#include "capgate/policy/Diagnostic.h"

#include <string>
#include <vector>

namespace capgate {

constexpr int ExitIncomplete = 1;
using policy::ExitUsage;
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
  /// Whether compiler warnings of units cargo did not compile again are
  /// shown, as cargo replays them. Commands that build only to read the
  /// facts (report, explain) turn this off: their warnings were shown when
  /// the units were compiled.
  bool ReplayFreshWarnings = true;

  /// The directory cargo runs in: the manifest's, so that its
  /// .cargo/config.toml applies, or the current one.
  std::string workingDir() const;
  std::vector<std::string> cargoArguments() const;
  /// The options of cargoArguments() that `cargo metadata` takes too.
  std::vector<std::string> metadataArguments() const;
  /// Whether to colour what goes to stdout (--color, NO_COLOR, a terminal).
  bool colourOutput() const;
};

/// What `check` (and `build` under a policy) was asked for.
struct CheckOptions {
  std::string PolicyPath;
  bool DenyUnused = false;
  std::string Baseline;
  std::string Format = "human";
  std::string MessageFormat = "human";
  std::string Output;
};

/// What `trace` was asked for, beyond the cargo options.
struct TraceRequest {
  /// After `--`: the program and its arguments, or, with --bin or --tests,
  /// the arguments alone.
  std::vector<std::string> Command;
  bool Tests = false;
  TraceSettings Settings;
  std::string Output;
};

/// What `report` was asked for, beyond the cargo options.
struct ReportRequest {
  /// human, json, capslock or dot.
  std::string Format = "human";
  std::string Output;
  /// Show tests, benches and examples too (--tests).
  bool Tests = false;
};

/// What `explain` was asked for, beyond the cargo options.
struct ExplainRequest {
  /// A package (NAME or NAME@VERSION), or a function by its full path or
  /// its last segments.
  std::string Subject;
  std::string Capability;
  /// shipped, build-script, proc-macro or test: the scope of the package's
  /// code to start from (shipped when empty), or the one a function must be
  /// in (any when empty).
  std::string Scope;
};

/// `build`: an analysis build; under a policy (capgate.toml at the
/// workspace root), a check.
int runBuild(const CargoOptions &Options);
int runReport(const CargoOptions &Options, const ReportRequest &Request);
int runExplain(const CargoOptions &Options, const ExplainRequest &Request);
/// Builds with the policy enforced at every crate as rustc compiles it,
/// then checks what the build as a whole shows (crates cargo did not need to
/// recompile, unsafe code, unused grants) and, with a baseline, what was
/// gained since.
int runCheck(const CargoOptions &Options, const CheckOptions &Check);
int runInit(const CargoOptions &Options, const std::string &Output, bool Force);
int runDiff(const std::string &Old, const std::string &New, const std::string &Format);
int runImportCackle(const std::string &File, const std::string &Output);
int runTrace(const CargoOptions &Options, const TraceRequest &Request);

/// Prints a configuration error as the policy library renders it.
void printConfigError(const policy::ConfigError &Error);

} // namespace capgate
