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
  /// --exclude: packages left out of --workspace.
  std::vector<std::string> Exclude;
  /// Target selection: --lib, --bins, --bin NAME..., --tests, --examples,
  /// --all-targets. None selected is cargo's default (library and binaries).
  bool Lib = false;
  bool AllBins = false;
  std::vector<std::string> Bins;
  bool Tests = false;
  bool Examples = false;
  bool AllTargets = false;
  std::vector<std::string> Features;
  bool AllFeatures = false;
  bool NoDefaultFeatures = false;
  bool Release = false;
  std::string Profile;
  /// --target: the triple to build for (cargo then puts the artefacts under
  /// <target-dir>/<triple>/<profile>).
  std::string Target;
  std::string TargetDir;
  /// -j/--jobs; 0 for cargo's default.
  int Jobs = 0;
  bool Offline = false;
  bool Locked = false;
  bool Frozen = false;
  /// --config KEY=VALUE or PATH, in the order given.
  std::vector<std::string> Config;
  int Verbose = 0;
  bool Quiet = false;
  /// --color, else CARGO_TERM_COLOR, else auto (main.cpp).
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
  /// The --config options, which every cargo command takes; a file among
  /// them made absolute, since cargo runs in workingDir().
  std::vector<std::string> configArguments() const;
  /// Whether any of the target selection options was given.
  bool selectsTargets() const;
  /// Adds the test targets to what the build compiles: cargo's --tests
  /// beside the targets selected, or, when none were, every target (as
  /// --all-targets), so that the library and binaries are still built.
  void includeTestTargets();
  /// Whether to colour what goes to stdout (Color; under auto, NO_COLOR
  /// turns it off, and it is on only for a terminal).
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
  /// The directory SARIF's URIs are relative to; default: the workspace root.
  std::string SarifRoot;
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
  /// human, json, capslock, dot or html.
  std::string Format = "human";
  std::string Output;
  /// Show tests, benches and examples too (--tests); the build then
  /// compiles them too (CargoOptions::includeTestTargets).
  bool Tests = false;
  /// --capability: the dot picture draws only this capability's routes.
  std::string Capability;
};

/// What `tree` was asked for, beyond the cargo options.
struct TreeRequest {
  /// -e: the dependency kinds to follow, as `cargo tree` spells them.
  std::vector<std::string> EdgeKinds;
  /// --depth: the deepest level to print; negative for every level.
  int Depth = -1;
  /// --prefix: indent, depth or none.
  std::string Prefix = "indent";
  /// -i: the capability whose routes into each binary to show instead;
  /// empty for the whole tree.
  std::string Invert;
};

/// What `init` was asked for, beyond the cargo options.
struct InitRequest {
  /// Where to write the policy: empty for capgate.toml at the workspace
  /// root, - for stdout.
  std::string Output;
  bool Force = false;
  /// Narrow each grant to the semver-compatible series in use (off with
  /// --no-narrow).
  bool NarrowVersions = true;
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
/// Builds with the policy enforced at every crate as rustc compiles it (a
/// crate that breaks it is stopped), then checks every crate of the build,
/// whether cargo recompiled it or not, with unsafe code and unused grants,
/// and, with a baseline, what was gained since (CheckCommand.cpp).
int runCheck(const CargoOptions &Options, const CheckOptions &Check);
int runInit(const CargoOptions &Options, const InitRequest &Request);
/// \p SarifRoot: the directory SARIF's URIs are relative to, and whose
/// Cargo.lock places packages' results; default: the current directory.
int runDiff(const std::string &Old, const std::string &New, const std::string &Format,
            const std::string &SarifRoot = "");
int runImportCackle(const std::string &File, const std::string &Output);
int runTrace(const CargoOptions &Options, const TraceRequest &Request);
/// Prints each binary's dependency tree, or with -i the routes of one
/// capability into each binary (DependencyTree.h).
int runTree(const CargoOptions &Options, const TreeRequest &Request);

/// Prints a configuration error as the policy library renders it.
void printConfigError(const policy::ConfigError &Error);

} // namespace capgate
