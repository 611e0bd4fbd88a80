// AnalysisBuild.cpp - what the subcommands share: the workspace, the analysis
// build, the policy, and writing output.
#include "AnalysisBuild.h"

#include "FactsKey.h"
#include "Process.h"
#include "Sandbox.h"
#include "StoppedUnits.h"
#include "Toolchain.h"

#include "capgate/policy/Policy.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <future>
#include <iostream>
#include <optional>
#include <unistd.h>

namespace fs = std::filesystem;

namespace capgate {

namespace {

Session withSandbox(const CargoOptions &Options, const Workspace &Where);

} // namespace

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

void writeOutput(const std::string &Path, const std::string &Text) {
  if (Path.empty() || Path == "-")
    std::cout << Text << std::flush;
  else
    writeOutputFile(Path, Text);
}

Workspace workspaceOf(const CargoOptions &Options) {
  if (!Options.ManifestPath.empty() && !fs::exists(Options.ManifestPath))
    throw Failure{"manifest path `" + Options.ManifestPath + "` does not exist", ExitUsage};
  // --config can move the target directory (build.target-dir), so it
  // applies here too.
  std::vector<std::string> Command{cargoProgram(), "metadata", "--no-deps", "--format-version", "1", "--offline"};
  if (!Options.ManifestPath.empty())
    Command.insert(Command.end(), {"--manifest-path", fs::absolute(Options.ManifestPath).string()});
  std::vector<std::string> Configs = Options.configArguments();
  Command.insert(Command.end(), Configs.begin(), Configs.end());
  ProcessResult Cargo;
  try {
    Cargo = runProcess(Command, Options.workingDir());
  } catch (const std::runtime_error &Error) {
    throw Failure{Error.what(), ExitCargo};
  }
  if (Cargo.Status != 0)
    throw Failure{"", ExitCargo}; // cargo has said why on stderr.
  auto Metadata = nlohmann::json::parse(Cargo.Output);
  Workspace Found;
  Found.Root = Metadata.at("workspace_root").get<std::string>();
  Found.TargetDir = !Options.TargetDir.empty()
                        ? fs::absolute(Options.TargetDir).string()
                        : (fs::path(Metadata.at("target_directory").get<std::string>()) / "capgate").string();
  return Found;
}

fs::path findingsDirectory(const Workspace &Where) { return fs::path(Where.TargetDir) / "capgate-findings"; }

std::size_t printForgedFacts(std::size_t Forged) {
  if (Forged)
    std::fprintf(stderr, "error: capgate: %zu crate%s carr%s capgate facts that capgate did not write for %s\n",
                 Forged, Forged == 1 ? "" : "s", Forged == 1 ? "ies" : "y", Forged == 1 ? "it" : "them");
  return Forged;
}

std::vector<Artifact> analysisBuild(const CargoOptions &Options, const Workspace &Where, CargoResolve *Resolve,
                                    std::vector<std::string> ExtraCargoArguments, int *Status, bool JsonMessages) {
  // rustc's version is asked while the sandbox is probed; a wrong LLVM is
  // still the first error reported.
  const char *Rustc = std::getenv("RUSTC");
  std::future<std::string> Version =
      std::async(std::launch::async, checkRustcLlvm, std::string(Rustc ? Rustc : "rustc"));
  std::optional<Session> Sandboxed;
  std::exception_ptr SandboxFailure;
  try {
    Sandboxed = withSandbox(Options, Where);
  } catch (...) {
    SandboxFailure = std::current_exception();
  }
  Installation Tools;
  std::string RustcVersion;
  try {
    RustcVersion = Version.get();
    Tools = locateInstallation();
    // Before the build: the wrapper derives every unit's key from it.
    ensureFactsKey();
  } catch (const std::runtime_error &Error) {
    throw Failure{Error.what(), ExitUsage};
  }
  if (SandboxFailure)
    std::rethrow_exception(SandboxFailure);
  std::vector<std::string> Arguments = Options.cargoArguments();
  Arguments.insert(Arguments.end(), ExtraCargoArguments.begin(), ExtraCargoArguments.end());
  Session Settings = std::move(*Sandboxed);
  fs::path Findings = findingsDirectory(Where);
  fs::remove_all(Findings);
  fs::create_directories(Findings);
  Settings.FindingsDir = Findings.string();
  std::vector<Artifact> Artifacts;
  int Result = 0;
  CargoResolve Unused;
  try {
    Result = runAnalysisBuild(Tools, RustcVersion, Arguments, Options.metadataArguments(), Where.TargetDir,
                              Options.workingDir(), Settings, Artifacts, Resolve ? *Resolve : Unused, JsonMessages,
                              Options.ReplayFreshWarnings);
  } catch (const std::runtime_error &Error) {
    // cargo metadata or cargo itself could not run; cargo has said why.
    throw Failure{Error.what(), ExitCargo};
  }
  if (Status)
    *Status = Result;
  else if (Result != 0) {
    // A crate the wrapper stopped because it forges facts is a finding
    // about that crate (the plugin has named it), not a broken build.
    std::size_t Forged = 0;
    for (const StoppedUnit &Unit : readStoppedUnits(findingsDirectory(Where)))
      Forged += Unit.Reason == StopReason::ForgedFacts;
    if (printForgedFacts(Forged))
      throw Failure{"", ExitIncomplete};
    throw Failure{"", ExitCargo}; // cargo's own error has been shown.
  }
  return Artifacts;
}

Capability capabilityArgument(const std::string &Name) {
  std::optional<Capability> Cap = parseCapability(Name, /*AcceptAlias=*/true);
  if (Cap)
    return *Cap;
  std::string Message = "unknown capability `" + Name + "`";
  std::string_view Suggestion = suggestCapability(Name);
  if (!Suggestion.empty())
    Message += " (did you mean `" + std::string(Suggestion) + "`?)";
  throw Failure{Message, ExitUsage};
}

std::string policyPathOf(const std::string &Given, const Workspace &Where) {
  return Given.empty() ? (fs::path(Where.Root) / "capgate.toml").string() : Given;
}

void printConfigError(const policy::ConfigError &Error) {
  std::string Text = Error.render();
  if (!Text.ends_with("\n"))
    Text += "\n";
  std::fputs(Text.c_str(), stderr);
}

policy::Policy loadPolicyOrFail(const std::string &Path, std::optional<std::vector<std::string>> Known) {
  if (!fs::exists(Path))
    throw Failure{"no policy at " + Path + " (`cargo capgate init` writes one)", ExitUsage};
  try {
    return policy::loadPolicy(Path, {std::move(Known)});
  } catch (const policy::ConfigError &Error) {
    printConfigError(Error);
    throw Failure{"", ExitUsage};
  }
}


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

namespace {

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

} // namespace

} // namespace capgate
