// main.cpp - `cargo capgate`'s command line: build, report, explain, check,
// init, diff, import-cackle, trace, tree (Commands.h does each), and help.
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
#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

using namespace capgate;

namespace {

/// What `--tests` means to a subcommand: cargo's target selection (build
/// the test targets), or the subcommand's own flag (`report --tests` shows
/// the tests and builds them, `trace --tests` traces them).
enum class TestsFlag { SelectsTestTargets, OwnedByCommand };

/// The cargo options capgate forwards, shared by every subcommand.
void attachCargoOptions(CLI::App &Command, CargoOptions &Options, TestsFlag Tests = TestsFlag::SelectsTestTargets) {
  // As in cargo, a repeatable option takes one value each time it is given,
  // so that `--bin app main NET` leaves `main NET` to the positionals.
  Command.add_option("--manifest-path", Options.ManifestPath, "Path to Cargo.toml");
  Command.add_option("-p,--package", Options.Packages, "Package(s) to build")->allow_extra_args(false);
  CLI::Option *Workspace = Command.add_flag("--workspace", Options.Workspace, "Build every workspace member");
  Command.add_option("--exclude", Options.Exclude, "Exclude packages from the build (with --workspace)")
      ->allow_extra_args(false)
      ->type_name("SPEC")
      ->needs(Workspace);
  Command.add_flag("--lib", Options.Lib, "Build only this package's library");
  Command.add_flag("--bins", Options.AllBins, "Build all binaries");
  Command.add_option("--bin", Options.Bins, "Binary target(s) to build")->allow_extra_args(false);
  if (Tests == TestsFlag::SelectsTestTargets)
    Command.add_flag("--tests", Options.Tests, "Build all test targets");
  Command.add_flag("--examples", Options.Examples, "Build all examples");
  Command.add_flag("--all-targets", Options.AllTargets, "Also build tests, examples and benches");
  Command.add_option("-F,--features", Options.Features, "Features to activate")->allow_extra_args(false);
  Command.add_flag("--all-features", Options.AllFeatures, "Activate all features");
  Command.add_flag("--no-default-features", Options.NoDefaultFeatures, "Do not activate the default feature");
  Command.add_flag("-r,--release", Options.Release, "Build with the release profile");
  Command.add_option("--profile", Options.Profile, "Build with the given profile");
  Command.add_option("--target", Options.Target, "Build for the target triple")->type_name("TRIPLE");
  Command.add_option("--target-dir", Options.TargetDir, "Directory for the analysis build (default: <target>/capgate)");
  Command.add_option("-j,--jobs", Options.Jobs, "Number of parallel jobs (default: the number of CPUs)")
      ->type_name("N")
      ->check(CLI::Validator(
          [](std::string &Value) {
            return std::strtol(Value.c_str(), nullptr, 10) == 0 ? std::string("jobs may not be 0") : std::string();
          },
          ""));
  Command.add_flag("--offline", Options.Offline, "Run without accessing the network");
  Command.add_flag("--locked", Options.Locked, "Require Cargo.lock to be up to date");
  Command.add_flag("--frozen", Options.Frozen, "Require Cargo.lock to be up to date, without the network");
  Command.add_option("--config", Options.Config, "Override a cargo configuration value (KEY=VALUE or a .toml file)")
      ->type_name("KEY=VALUE");
  Command.add_flag("-v,--verbose", Options.Verbose, "Use verbose output");
  Command.add_flag("-q,--quiet", Options.Quiet, "Do not print cargo's progress");
  CLI::Option *Color =
      Command.add_option("--color", Options.Color, "Coloring: auto, always, never (default: CARGO_TERM_COLOR, else auto)")
          ->check(CLI::IsMember({"auto", "always", "never"}));
  // cargo's own setting applies when --color is not given, as in cargo; a
  // value cargo would refuse is a usage error before anything runs.
  Command.callback([&Options, Color] {
    const char *Term = std::getenv("CARGO_TERM_COLOR");
    if (Color->count() || !Term || !*Term)
      return;
    std::string Value = Term;
    if (Value != "auto" && Value != "always" && Value != "never")
      throw CLI::ValidationError("CARGO_TERM_COLOR", "`" + Value + "` is not auto, always or never");
    Options.Color = Value;
  });
  Command.add_flag("--no-sandbox", Options.NoSandbox,
                   "Run build scripts and rustc without bubblewrap's sandbox (the report records it)");
}

/// CLI11's error messages as cargo words them: every line led by `error: `,
/// then the help of the command that was being parsed.
std::string cargoStyleFailure(const CLI::App *App, const CLI::Error &Error) {
  std::string Text;
  std::string_view Message = Error.what();
  while (!Message.empty()) {
    std::size_t End = Message.find('\n');
    Text += "error: " + std::string(Message.substr(0, End)) + "\n";
    Message = End == std::string_view::npos ? std::string_view() : Message.substr(End + 1);
  }
  std::string Command = App->get_name();
  for (const CLI::App *Subcommand : App->get_subcommands())
    Command += " " + Subcommand->get_name();
  return Text + "\nFor more information, try '" + Command + " --help'.\n";
}

/// The subcommand \p Arguments name: the first that is not an option (the
/// command itself only has -h and -V, which take no values); empty if none.
std::string subcommandOf(const std::vector<std::string> &Arguments) {
  for (const std::string &Argument : Arguments)
    if (!Argument.starts_with("-"))
      return Argument;
  return "";
}

/// \p App's subcommand called \p Name, or null.
CLI::App *subcommandNamed(CLI::App &App, const std::string &Name) {
  for (CLI::App *Command : App.get_subcommands({}))
    if (Command->get_name() == Name)
      return Command;
  return nullptr;
}

/// The number of single-character edits that turn \p From into \p To.
std::size_t editDistance(const std::string &From, const std::string &To) {
  std::vector<std::size_t> Previous(To.size() + 1), Current(To.size() + 1);
  for (std::size_t J = 0; J <= To.size(); ++J)
    Previous[J] = J;
  for (std::size_t I = 1; I <= From.size(); ++I) {
    Current[0] = I;
    for (std::size_t J = 1; J <= To.size(); ++J)
      Current[J] = std::min({Previous[J] + 1, Current[J - 1] + 1, Previous[J - 1] + (From[I - 1] != To[J - 1])});
    std::swap(Previous, Current);
  }
  return Previous[To.size()];
}

/// Says that \p Name is no subcommand of \p App, suggesting the nearest
/// one when it is near, as cargo does; returns the usage error's status.
int unrecognizedSubcommand(const CLI::App &App, const std::string &Name) {
  std::fprintf(stderr, "error: unrecognized subcommand '%s'\n", Name.c_str());
  std::string Nearest;
  std::size_t Best = 3; // Further than two edits away is no longer a typo.
  for (const CLI::App *Command : App.get_subcommands({}))
    if (std::size_t Distance = editDistance(Name, Command->get_name()); Distance < Best) {
      Best = Distance;
      Nearest = Command->get_name();
    }
  if (!Nearest.empty())
    std::fprintf(stderr, "\n  tip: did you mean '%s'?\n", Nearest.c_str());
  std::fprintf(stderr, "\nFor a list of commands, try 'cargo capgate help'.\n");
  return ExitUsage;
}

int run(int argc, char **argv) {
  // `cargo capgate X` runs `cargo-capgate capgate X`.
  std::vector<std::string> Arguments(argv + 1, argv + argc);
  if (!Arguments.empty() && Arguments.front() == "capgate")
    Arguments.erase(Arguments.begin());
  // Everything after the first `--` belongs to the program `trace` runs,
  // untouched: CLI11 never sees it, so `-- -p x` is not capgate's --package.
  std::vector<std::string> ProgramArguments;
  auto DoubleDash = std::find(Arguments.begin(), Arguments.end(), "--");
  bool HasProgramArguments = DoubleDash != Arguments.end();
  if (HasProgramArguments) {
    ProgramArguments.assign(DoubleDash + 1, Arguments.end());
    Arguments.erase(DoubleDash, Arguments.end());
  }
  std::string Subcommand = subcommandOf(Arguments);
  std::reverse(Arguments.begin(), Arguments.end()); // CLI11 parses a reversed vector.

  CLI::App App{"capgate: what every crate in your dependency tree can do, proved by call paths",
               "cargo capgate"};
  App.set_version_flag("-V,--version", "cargo-capgate " CAPGATE_VERSION);
  App.require_subcommand(1);
  App.failure_message(cargoStyleFailure);

  CargoOptions BuildOptions, ReportOptions, ExplainOptions;
  CLI::App *Build = App.add_subcommand("build", "Build with the capgate plugin (into <target>/capgate)");
  attachCargoOptions(*Build, BuildOptions);

  ReportRequest ReportAsked;
  CLI::App *ReportCommand = App.add_subcommand("report", "Report what each package and binary can do");
  attachCargoOptions(*ReportCommand, ReportOptions, TestsFlag::OwnedByCommand);
  ReportCommand->add_option("--format", ReportAsked.Format, "Output format: human, json, capslock, dot, html")
      ->check(CLI::IsMember({"human", "json", "capslock", "dot", "html"}));
  ReportCommand->add_option("-o,--output", ReportAsked.Output, "Write the report to this file instead of stdout");
  ReportCommand->add_flag("--tests", ReportAsked.Tests,
                          "Also build and show what tests, benches and examples use (human, capslock, dot and html formats)");
  ReportCommand->add_option("--capability", ReportAsked.Capability,
                            "With --format dot: draw only the routes of this capability (NETWORK, net, ...)");

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
  CheckCommand->add_option("--sarif-root", Check.SarifRoot,
                           "The directory SARIF's URIs are relative to (default: the workspace root)");

  InitRequest InitAsked;
  bool NoNarrow = false;
  CLI::App *Init = App.add_subcommand("init", "Write a capgate.toml granting exactly what is used today");
  attachCargoOptions(*Init, InitCargo);
  Init->add_option("-o,--output", InitAsked.Output, "Where to write it (default: capgate.toml at the workspace root; - for stdout)");
  Init->add_flag("--force", InitAsked.Force, "Replace an existing file");
  Init->add_flag("--no-narrow", NoNarrow, "Grant every version, not only the semver-compatible series in use");

  std::string OldReport, NewReport, DiffFormat = "human", DiffSarifRoot;
  CLI::App *DiffCommand = App.add_subcommand("diff", "Capabilities each package and binary gained or lost");
  DiffCommand->add_option("old", OldReport, "The earlier capgate-report/2 (or /1) JSON report")->required()->check(CLI::ExistingFile);
  DiffCommand->add_option("new", NewReport, "The later capgate-report/2 (or /1) JSON report")->required()->check(CLI::ExistingFile);
  DiffCommand->add_option("--format", DiffFormat, "Output format: human, sarif")->check(CLI::IsMember({"human", "sarif"}));
  DiffCommand->add_option("--sarif-root", DiffSarifRoot,
                          "The directory SARIF's URIs are relative to, with the Cargo.lock that places packages "
                          "(default: the current directory)");

  std::string CackleFile, ImportOutput;
  CLI::App *Import = App.add_subcommand("import-cackle", "Convert a Cackle cackle.toml into a capgate.toml");
  Import->add_option("file", CackleFile, "The cackle.toml")->required()->check(CLI::ExistingFile);
  Import->add_option("-o,--output", ImportOutput, "Where to write the capgate.toml (default: stdout)");

  CargoOptions TraceCargo;
  TraceRequest Trace;
  CLI::App *TraceCommand = App.add_subcommand(
      "trace", "Run a program of the build under ptrace and list what it did that the report lacks");
  attachCargoOptions(*TraceCommand, TraceCargo, TestsFlag::OwnedByCommand);
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
  TraceCommand->footer("Everything after `--` goes to the program untouched: -- PROGRAM [ARGS...], or only\n"
                       "-- ARGS with --bin or --tests.");

  std::string HelpTopic;
  CLI::App *Help = App.add_subcommand("help", "Print this message or the help of the given command");
  Help->add_option("command", HelpTopic, "The command to explain");

  CargoOptions TreeCargo;
  TreeRequest TreeAsked;
  CLI::App *Tree = App.add_subcommand(
      "tree", "Show each binary's dependency tree with every package's capabilities (-i: one capability's routes)");
  attachCargoOptions(*Tree, TreeCargo);
  Tree->add_option("-e,--edges", TreeAsked.EdgeKinds, "Dependency kinds to show: normal, build, dev, all, no-build, ... "
                                                      "(default: normal)");
  Tree->add_option("--depth", TreeAsked.Depth, "Maximum depth of the tree")->check(CLI::NonNegativeNumber);
  Tree->add_option("--prefix", TreeAsked.Prefix, "Line prefix: indent, depth, none")
      ->check(CLI::IsMember({"indent", "depth", "none"}));
  Tree->add_option("-i,--invert", TreeAsked.Invert,
                   "Show every route by which this capability (NETWORK, ... or net, ...) enters each binary");

  for (CLI::App *Command : App.get_subcommands({}))
    Command->set_version_flag("-V,--version", "cargo-capgate " CAPGATE_VERSION);

  if (!Subcommand.empty() && !subcommandNamed(App, Subcommand))
    return unrecognizedSubcommand(App, Subcommand);
  if (HasProgramArguments && !Subcommand.empty() && Subcommand != "trace") {
    std::fprintf(stderr, "error: arguments after `--` go to the program `cargo capgate trace` runs; "
                         "`%s` takes none\n", Subcommand.c_str());
    return ExitUsage;
  }
  Trace.Command = ProgramArguments;
  try {
    App.parse(Arguments);
  } catch (const CLI::ParseError &Error) {
    int Status = App.exit(Error);
    return Status == 0 ? 0 : ExitUsage;
  }
  if (Help->parsed()) {
    if (HelpTopic.empty()) {
      std::cout << App.get_formatter()->make_help(&App, App.get_name(), CLI::AppFormatMode::Normal);
      return 0;
    }
    CLI::App *Topic = subcommandNamed(App, HelpTopic);
    if (!Topic)
      return unrecognizedSubcommand(App, HelpTopic);
    std::cout << Topic->help(App.get_name());
    return 0;
  }
  try {
    if (Build->parsed())
      return runBuild(BuildOptions);
    if (ReportCommand->parsed()) {
      if (ReportAsked.Tests)
        ReportOptions.includeTestTargets();
      return runReport(ReportOptions, ReportAsked);
    }
    if (Explain->parsed())
      return runExplain(ExplainOptions, ExplainAsked);
    if (CheckCommand->parsed())
      return runCheck(CheckCargo, Check);
    if (Init->parsed()) {
      InitAsked.NarrowVersions = !NoNarrow;
      return runInit(InitCargo, InitAsked);
    }
    if (TraceCommand->parsed()) {
      Trace.Settings.Options.Stacks = !NoStacks;
      return runTrace(TraceCargo, Trace);
    }
    if (Tree->parsed())
      return runTree(TreeCargo, TreeAsked);
    if (DiffCommand->parsed())
      return runDiff(OldReport, NewReport, DiffFormat, DiffSarifRoot);
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
