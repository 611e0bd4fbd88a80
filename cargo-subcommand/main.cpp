// main.cpp - `cargo capgate`: build, report, explain.
//
// cargo runs `cargo-capgate capgate ARGS...` for `cargo capgate ARGS...`; the
// executable also runs as `cargo-capgate ARGS...`, and, during an analysis
// build, as cargo's RUSTC_WRAPPER (see Wrapper.cpp).
//
// Exit codes: 0 success, 1 a report could not be completed or the path asked
// for does not exist, 2 usage or configuration errors, 101 cargo failed.
#include "CargoBuild.h"
#include "Report.h"
#include "Toolchain.h"
#include "Wrapper.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
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

  bool colourOutput() const {
    if (Color == "always")
      return true;
    if (Color == "never" || std::getenv("NO_COLOR"))
      return false;
    return isatty(STDOUT_FILENO);
  }
};

/// The analysis target directory: --target-dir, or <cargo's target>/capgate.
std::string analysisTargetDir(const CargoOptions &Options) {
  if (!Options.TargetDir.empty())
    return fs::absolute(Options.TargetDir).string();
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
  return (fs::path(Metadata.at("target_directory").get<std::string>()) / "capgate").string();
}

/// Runs the analysis build and loads its facts.
std::vector<Artifact> analysisBuild(const CargoOptions &Options) {
  if (!Options.ManifestPath.empty() && !fs::exists(Options.ManifestPath))
    throw Failure{"manifest path `" + Options.ManifestPath + "` does not exist", ExitUsage};
  Installation Tools;
  try {
    Tools = locateInstallation();
    const char *Rustc = std::getenv("RUSTC");
    checkRustcLlvm(Rustc ? Rustc : "rustc");
  } catch (const std::runtime_error &Error) {
    throw Failure{Error.what(), ExitUsage};
  }
  std::string TargetDir = analysisTargetDir(Options);
  std::vector<Artifact> Artifacts;
  int Status = runAnalysisBuild(Tools, Options.cargoArguments(), TargetDir, Options.workingDir(), Artifacts);
  if (Status != 0)
    throw Failure{"", ExitCargo}; // cargo's own error has been shown.
  return Artifacts;
}

/// Writes \p Text to \p Path through a temporary file renamed into place, so
/// that a reader never sees half a report; "-" or empty is stdout.
void writeOutput(const std::string &Path, const std::string &Text) {
  if (Path.empty() || Path == "-") {
    std::cout << Text << std::flush;
    return;
  }
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

int runReport(const CargoOptions &Options, const std::string &Format, const std::string &Output) {
  std::vector<Artifact> Artifacts = analysisBuild(Options);
  FactsGraph Graph = loadFacts(Artifacts);
  Report R = buildReport(Artifacts, Graph);
  std::string Text = Format == "json"       ? renderJson(R)
                     : Format == "capslock" ? renderCapslock(R)
                     : Format == "dot"      ? renderDot(R)
                                            : renderHuman(R, Output.empty() && Options.colourOutput());
  writeOutput(Output, Text);
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
  std::vector<Artifact> Artifacts = analysisBuild(Options);
  FactsGraph Graph = loadFacts(Artifacts);
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
  Build->set_version_flag("-V,--version", "cargo-capgate " CAPGATE_VERSION);

  std::string Format = "human", Output;
  CLI::App *ReportCommand = App.add_subcommand("report", "Report what each package and binary can do");
  ReportOptions.attach(*ReportCommand);
  ReportCommand->add_option("--format", Format, "Output format: human, json, capslock, dot")
      ->check(CLI::IsMember({"human", "json", "capslock", "dot"}));
  ReportCommand->add_option("-o,--output", Output, "Write the report to this file instead of stdout");
  ReportCommand->set_version_flag("-V,--version", "cargo-capgate " CAPGATE_VERSION);

  std::string Subject, CapabilityName;
  CLI::App *Explain = App.add_subcommand(
      "explain", "Show the call path from a package or function to a capability, with file:line");
  ExplainOptions.attach(*Explain);
  Explain->add_option("subject", Subject, "A package name or a function path")->required();
  Explain->add_option("capability", CapabilityName, "A capability (FILES, NETWORK, ... or fs, net, ...)")
      ->required();
  Explain->set_version_flag("-V,--version", "cargo-capgate " CAPGATE_VERSION);

  try {
    App.parse(Arguments);
  } catch (const CLI::ParseError &Error) {
    int Status = App.exit(Error);
    return Status == 0 ? 0 : ExitUsage;
  }
  try {
    if (Build->parsed()) {
      analysisBuild(BuildOptions);
      return 0;
    }
    if (ReportCommand->parsed())
      return runReport(ReportOptions, Format, Output);
    return runExplain(ExplainOptions, Subject, CapabilityName);
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
  if (std::getenv(WrapperMarker) && argc > 1 && std::string(argv[1]) != "capgate")
    runAsRustcWrapper(argc, argv);
  return run(argc, argv);
}
