// main.cpp - `cargo capgate`'s command line: build, report, explain, check,
// init, diff, import-cackle, trace (Commands.h does each).
//
// cargo runs `cargo-capgate capgate ARGS...` for `cargo capgate ARGS...`; the
// executable also runs as `cargo-capgate ARGS...`, and, during an analysis
// build, as cargo's RUSTC_WRAPPER (see Wrapper.cpp) and a build script's
// sandbox (Sandbox.h). Exit codes: Commands.h.
#include "Commands.h"
#include "Sandbox.h"
#include "Wrapper.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

using namespace capgate;

namespace {

/// The cargo options capgate forwards, shared by every subcommand.
void attachCargoOptions(CLI::App &Command, CargoOptions &Options) {
  // As in cargo, a repeatable option takes one value each time it is given,
  // so that `--bin app main NET` leaves `main NET` to the positionals.
  Command.add_option("--manifest-path", Options.ManifestPath, "Path to Cargo.toml");
  Command.add_option("-p,--package", Options.Packages, "Package(s) to build")->allow_extra_args(false);
  Command.add_flag("--workspace", Options.Workspace, "Build every workspace member");
  Command.add_option("--bin", Options.Bins, "Binary target(s) to build")->allow_extra_args(false);
  Command.add_flag("--all-targets", Options.AllTargets, "Also build tests, examples and benches");
  Command.add_option("-F,--features", Options.Features, "Features to activate")->allow_extra_args(false);
  Command.add_flag("--all-features", Options.AllFeatures, "Activate all features");
  Command.add_flag("--no-default-features", Options.NoDefaultFeatures, "Do not activate the default feature");
  Command.add_flag("-r,--release", Options.Release, "Build with the release profile");
  Command.add_option("--profile", Options.Profile, "Build with the given profile");
  Command.add_option("--target-dir", Options.TargetDir, "Directory for the analysis build (default: <target>/capgate)");
  Command.add_flag("--offline", Options.Offline, "Run without accessing the network");
  Command.add_flag("--locked", Options.Locked, "Require Cargo.lock to be up to date");
  Command.add_flag("-v,--verbose", Options.Verbose, "Use verbose output");
  Command.add_flag("-q,--quiet", Options.Quiet, "Do not print cargo's progress");
  Command.add_option("--color", Options.Color, "Coloring: auto, always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  Command.add_flag("--no-sandbox", Options.NoSandbox,
                   "Run build scripts and rustc without bubblewrap's sandbox (the report records it)");
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
  attachCargoOptions(*Build, BuildOptions);

  ReportRequest ReportAsked;
  CLI::App *ReportCommand = App.add_subcommand("report", "Report what each package and binary can do");
  attachCargoOptions(*ReportCommand, ReportOptions);
  ReportCommand->add_option("--format", ReportAsked.Format, "Output format: human, json, capslock, dot")
      ->check(CLI::IsMember({"human", "json", "capslock", "dot"}));
  ReportCommand->add_option("-o,--output", ReportAsked.Output, "Write the report to this file instead of stdout");
  ReportCommand->add_flag("--tests", ReportAsked.Tests,
                          "Also show what tests, benches and examples use (human, capslock and dot formats)");

  ExplainRequest ExplainAsked;
  CLI::App *Explain = App.add_subcommand(
      "explain", "Show the call path from a package or function to a capability, with file:line");
  attachCargoOptions(*Explain, ExplainOptions);
  Explain->add_option("subject", ExplainAsked.Subject, "A package name (NAME or NAME@VERSION) or a function path")
      ->required();
  Explain->add_option("capability", ExplainAsked.Capability, "A capability (FILES, NETWORK, ... or fs, net, ...)")
      ->required();
  Explain->add_option("--scope", ExplainAsked.Scope,
                      "Start from code of this scope: shipped (a package's default), build-script, proc-macro, test")
      ->check(CLI::IsMember({"shipped", "build-script", "proc-macro", "test"}));

  CargoOptions CheckCargo, InitCargo;
  CheckOptions Check;
  CLI::App *CheckCommand =
      App.add_subcommand("check", "Build with the policy enforced; fail at every crate that breaks it");
  attachCargoOptions(*CheckCommand, CheckCargo);
  CheckCommand->add_option("--policy", Check.PolicyPath, "Policy file (default: capgate.toml at the workspace root)");
  CheckCommand->add_flag("--deny-unused", Check.DenyUnused, "Treat grants that nothing uses as errors");
  CheckCommand->add_option("--baseline", Check.Baseline, "A capgate-report/2 (or /1) JSON report: fail on capabilities gained since");
  CheckCommand->add_option("--format", Check.Format, "Output format: human, sarif")
      ->check(CLI::IsMember({"human", "sarif"}));
  CheckCommand->add_option("--message-format", Check.MessageFormat, "Diagnostics from rustc and capgate: human, json")
      ->check(CLI::IsMember({"human", "json"}));
  CheckCommand->add_option("-o,--output", Check.Output, "Write the SARIF log to this file");

  std::string InitOutput;
  bool InitForce = false;
  CLI::App *Init = App.add_subcommand("init", "Write a capgate.toml granting exactly what is used today");
  attachCargoOptions(*Init, InitCargo);
  Init->add_option("-o,--output", InitOutput, "Where to write it (default: capgate.toml at the workspace root; - for stdout)");
  Init->add_flag("--force", InitForce, "Replace an existing file");

  std::string OldReport, NewReport, DiffFormat = "human";
  CLI::App *DiffCommand = App.add_subcommand("diff", "Capabilities each package and binary gained or lost");
  DiffCommand->add_option("old", OldReport, "The earlier capgate-report/2 (or /1) JSON report")->required()->check(CLI::ExistingFile);
  DiffCommand->add_option("new", NewReport, "The later capgate-report/2 (or /1) JSON report")->required()->check(CLI::ExistingFile);
  DiffCommand->add_option("--format", DiffFormat, "Output format: human, sarif")->check(CLI::IsMember({"human", "sarif"}));

  std::string CackleFile, ImportOutput;
  CLI::App *Import = App.add_subcommand("import-cackle", "Convert a Cackle cackle.toml into a capgate.toml");
  Import->add_option("file", CackleFile, "The cackle.toml")->required()->check(CLI::ExistingFile);
  Import->add_option("-o,--output", ImportOutput, "Where to write the capgate.toml (default: stdout)");

  CargoOptions TraceCargo;
  TraceRequest Trace;
  CLI::App *TraceCommand = App.add_subcommand(
      "trace", "Run a program of the build under ptrace and list what it did that the report lacks");
  attachCargoOptions(*TraceCommand, TraceCargo);
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
    if (Build->parsed())
      return runBuild(BuildOptions);
    if (ReportCommand->parsed())
      return runReport(ReportOptions, ReportAsked);
    if (Explain->parsed())
      return runExplain(ExplainOptions, ExplainAsked);
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
