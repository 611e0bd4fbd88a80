// Wrapper.cpp - adding the plugin to every rustc invocation cargo makes.
//
// cargo calls `$RUSTC_WRAPPER rustc ARGS...` for every crate it compiles,
// build scripts and proc-macros included; RUSTC_WRAPPER is the launcher the
// driver linked into <target>/capgate-session (RustcLauncher.cpp), which
// takes the dynamic loader's variables out of the environment and runs
// `cargo-capgate --capgate-session <dir> ... -- rustc ARGS...`. The wrapper
// then:
//
//  1. reads the session the driver wrote (Session.h): the plugin, the
//     annotations, the user's own wrapper, the policy, and the identity of
//     every compilation unit. Nothing comes from the wrapper's environment,
//     which a build script's `cargo:rustc-env` lines can set;
//  2. parses rustc's command line (RustcInvocation.h), which cargo writes;
//  3. finds the unit's identity in the session by its canonical source path
//     and crate name;
//  4. gives rustc an environment whose CAPGATE_* variables come from the
//     session and the identity only (the plugin reads them once, as rustc
//     loads it), and, for the build's own units, CAPGATE_UNIT_KEY, the key
//     the plugin MACs the unit's facts with (FactsKey.h);
//  5. builds rustc's command: the user's wrapper, rustc, cargo's arguments,
//     and
//       -Zllvm-plugins=<plugin>        the pass, at a path that names the
//                                      digest of the plugin and annotations,
//                                      so compiler caches key on them
//       -Csymbol-mangling-version=v0   so the pass can tell which crate wrote what
//       -Zinline-mir=no                so calls stay where the source put them
//       -Cdebuginfo=line-tables-only   file:line for the facts, and no more:
//                                      the analysis build has its own target
//                                      directory, and full debug info (the
//                                      dev profile's default) cost it a
//                                      quarter of a cold build
//                                      (docs/benchmarks.md);
//       --force-warn=unsafe_code       rustc's account of the unsafe code
//                                      (UnsafeScan.h)
//  6. runs rustc as a child and waits for it, taking the unsafe_code
//     warnings out of its output;
//  7. once rustc has succeeded, records the unit's unsafe code, seals what
//     rustc wrote (Seals.h), and checks the crate against the policy.
// rustc's queries (`-vV`, `--print`) run unchanged, through the user's wrapper.
// RUSTC_BOOTSTRAP=1 is set by the driver for the whole build.
#include "Wrapper.h"

#include "Enforcement.h"
#include "FactsKey.h"
#include "RustcInvocation.h"
#include "Sandbox.h"
#include "Seals.h"
#include "Session.h"
#include "StoppedUnits.h"
#include "UnsafeScan.h"

#include "capgate/Facts.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;

namespace capgate {

namespace {

std::string environment(const char *Name) {
  const char *Value = std::getenv(Name);
  return Value ? Value : "";
}

/// What the launcher passed: the session, what it took out of the
/// environment, and rustc's command.
struct LauncherArguments {
  std::string SessionDirectory;
  std::optional<std::string> LibraryPath;
  std::vector<std::string> Removed;
  std::vector<std::string> Rustc;
};

LauncherArguments parseLauncherArguments(const std::vector<std::string> &Arguments) {
  LauncherArguments Parsed;
  std::size_t I = 0;
  for (; I + 1 < Arguments.size() && Arguments[I] != "--"; I += 2) {
    const std::string &Option = Arguments[I], &Value = Arguments[I + 1];
    if (Option == SessionOption)
      Parsed.SessionDirectory = Value;
    else if (Option == "--capgate-library-path")
      Parsed.LibraryPath = Value;
    else if (Option == "--capgate-removed")
      for (std::size_t Start = 0; Start < Value.size();) {
        std::size_t Comma = std::min(Value.find(',', Start), Value.size());
        Parsed.Removed.push_back(Value.substr(Start, Comma - Start));
        Start = Comma + 1;
      }
    else
      break;
  }
  if (I >= Arguments.size() || Arguments[I] != "--" || Parsed.SessionDirectory.empty()) {
    std::fprintf(stderr, "error: capgate: cargo-capgate %s is for capgate's rustc launcher only\n", SessionOption);
    std::exit(2);
  }
  Parsed.Rustc.assign(Arguments.begin() + static_cast<long>(I) + 1, Arguments.end());
  return Parsed;
}

[[noreturn]] void execute(std::vector<std::string> &Command) {
  std::vector<char *> Exec;
  for (std::string &Argument : Command)
    Exec.push_back(Argument.data());
  Exec.push_back(nullptr);
  execvp(Exec[0], Exec.data());
  std::fprintf(stderr, "error: capgate: cannot run %s: %s\n", Exec[0], std::strerror(errno));
  _exit(101);
}

/// Step 3: the unit of the build this compilation is, or none for a
/// compilation cargo's metadata does not list (a build script's probe, such
/// as autocfg's, which it runs through RUSTC_WRAPPER too).
std::optional<UnitIdentity> identityOf(const Session &S, const RustcInvocation &Invocation) {
  if (Invocation.Source.empty() || Invocation.CrateName.empty())
    return std::nullopt;
  std::error_code Error;
  fs::path Source = fs::weakly_canonical(fs::absolute(Invocation.Source), Error);
  if (Error)
    return std::nullopt;
  auto Found = S.Units.find(Session::unitKey(Source.string(), Invocation.CrateName));
  if (Found == S.Units.end())
    return std::nullopt;
  return Found->second;
}

/// Who to name in a warning about a compilation's environment.
std::string responsible(const std::optional<UnitIdentity> &Identity, const RustcInvocation &Invocation) {
  if (Identity)
    return Identity->Package + "'s build script";
  return "the build script that compiles `" + Invocation.CrateName + "`";
}

bool samePath(const std::string &A, const std::string &B) {
  std::error_code Error;
  return A == B || fs::weakly_canonical(A, Error) == fs::weakly_canonical(B, Error);
}

/// Step 4: removes every CAPGATE_* variable rustc would inherit and sets
/// the plugin's configuration from the session and the unit's identity.
/// The driver removed CAPGATE_* from cargo's environment, so any found here
/// came from a build script's `cargo:rustc-env`; so did CARGO_PKG_NAME and
/// its kind when they disagree with cargo's metadata.
void setPluginEnvironment(const Session &S, const RustcInvocation &Invocation,
                          const std::optional<UnitIdentity> &Identity) {
  for (const std::string &Name : capgateVariables()) {
    std::fprintf(stderr, "warning: capgate: %s sets %s for its compilation; capgate ignores it\n",
                 responsible(Identity, Invocation).c_str(), Name.c_str());
    unsetenv(Name.c_str());
  }
  if (Identity) {
    struct Expected {
      const char *Variable;
      std::string Value;
      bool Path;
    };
    for (const Expected &E : {Expected{"CARGO_PKG_NAME", Identity->Package, false},
                              Expected{"CARGO_PKG_VERSION", Identity->Version, false},
                              Expected{"CARGO_MANIFEST_DIR", Identity->ManifestDir, true},
                              Expected{"CARGO_CRATE_NAME", Invocation.CrateName, false}}) {
      const char *Value = std::getenv(E.Variable);
      if (Value && !(E.Path ? samePath(Value, E.Value) : E.Value == Value))
        std::fprintf(stderr,
                     "warning: capgate: %s sets %s=%s for its compilation; capgate attributes `%s` to "
                     "package %s %s, as cargo's metadata says\n",
                     responsible(Identity, Invocation).c_str(), E.Variable, Value,
                     Invocation.CrateName.c_str(), Identity->Package.c_str(), Identity->Version.c_str());
    }
  }
  std::string Extra;
  for (const std::string &File : S.ExtraAnnotations)
    Extra += (Extra.empty() ? "" : ":") + File;
  setenv("CAPGATE_ANNOTATIONS_DIR", S.AnnotationsDir.c_str(), 1);
  setenv("CAPGATE_EXTRA_ANNOTATIONS", Extra.c_str(), 1);
  setenv("CAPGATE_UNIT", Invocation.unitId().c_str(), 1);
  setenv("CAPGATE_PACKAGE", Identity ? Identity->Package.c_str() : "", 1);
  setenv("CAPGATE_PACKAGE_VERSION", Identity ? Identity->Version.c_str() : "", 1);
  setenv("CAPGATE_MANIFEST_DIR", Identity ? Identity->ManifestDir.c_str() : "", 1);
}

/// Step 6: runs \p Command as a child; returns its exit status.
int runChild(std::vector<std::string> &Command) {
  pid_t Child = fork();
  if (Child == 0)
    execute(Command);
  int Status = 0;
  if (Child < 0) {
    std::fprintf(stderr, "error: capgate: cannot start %s: %s\n", Command[0].c_str(), std::strerror(errno));
    return 101;
  }
  while (waitpid(Child, &Status, 0) < 0)
    if (errno != EINTR)
      return 101;
  return WIFEXITED(Status) ? WEXITSTATUS(Status) : 101;
}

} // namespace

void runAsRustcWrapper(std::vector<std::string> Arguments) {
  LauncherArguments Launcher = parseLauncherArguments(Arguments);
  std::vector<std::string> &Rustc = Launcher.Rustc;
  if (Rustc.empty()) {
    std::fprintf(stderr, "error: capgate: started as RUSTC_WRAPPER without a rustc\n");
    std::exit(2);
  }
  // cargo's LD_LIBRARY_PATH (rustup's toolchain, the directories of the
  // libraries proc-macros need), which the launcher kept from this process,
  // is rustc's again.
  if (Launcher.LibraryPath)
    setenv("LD_LIBRARY_PATH", Launcher.LibraryPath->c_str(), 1);
  // 1. The session.
  Session S;
  try {
    S = Session::read(Launcher.SessionDirectory);
  } catch (const std::exception &Error) {
    std::fprintf(stderr, "error: capgate: %s\n", Error.what());
    std::exit(2);
  }
  // The facts key's directory is the one the driver found, not one a build
  // script chose with cargo:rustc-env=XDG_DATA_HOME (or HOME): the wrapper
  // reads the key from there, and the sandbox hides it from there
  // (FactsKey.h and Sandbox.h find it through XDG_DATA_HOME).
  setenv("XDG_DATA_HOME", fs::path(S.FactsKeyDirectory).parent_path().c_str(), 1);
  // 2. rustc's command line.
  Arguments.assign(Rustc.begin() + 1, Rustc.end());
  RustcInvocation Invocation = parseRustcInvocation(Arguments);

  std::vector<std::string> Command;
  // Chain the wrapper the user had configured (sccache, say).
  // Both found with the driver's PATH, and rustc gets it back: a build
  // script's PATH would choose the programs that compile its crate.
  if (!S.InnerWrapper.empty())
    Command.push_back(S.program(S.InnerWrapper));
  Command.insert(Command.end(), Rustc.begin(), Rustc.end());
  Command[S.InnerWrapper.empty() ? 0 : 1] = S.program(Rustc.front());
  std::string InheritedPath = environment("PATH");
  setenv("PATH", S.SearchPath.c_str(), 1);
  if (Invocation.Query)
    execute(Command);

  // 3. Who wrote the code.
  std::optional<UnitIdentity> Identity = identityOf(S, Invocation);
  if (Identity && !Identity->AlsoClaimedBy.empty()) {
    std::string Others;
    for (const std::string &Other : Identity->AlsoClaimedBy)
      Others += ", " + Other;
    std::fprintf(stderr,
                 "error: capgate: %s is crate `%s` of more than one package (%s%s); capgate cannot tell "
                 "whose code it compiles\n",
                 Invocation.Source.c_str(), Invocation.CrateName.c_str(), Identity->Package.c_str(),
                 Others.c_str());
    std::exit(1);
  }
  // 4. rustc's environment.
  for (const std::string &Name : Launcher.Removed)
    std::fprintf(stderr, "warning: capgate: %s sets %s for its compilation; capgate removes it\n",
                 responsible(Identity, Invocation).c_str(), Name.c_str());
  if (InheritedPath != S.SearchPath)
    std::fprintf(stderr, "warning: capgate: %s sets PATH for its compilation; capgate gives rustc cargo's\n",
                 responsible(Identity, Invocation).c_str());
  setPluginEnvironment(S, Invocation, Identity);
  // The unit's key for its facts (FactsKey.h), for the build's own units
  // compiled where cargo puts them. A build script's own rustc runs (a
  // probe, or a crate's sources compiled again with the build script's
  // choice of flags) get none: their facts, and any file they write, could
  // otherwise pass for the crate's.
  std::string FactsKey;
  bool Sealed = Identity && isUnitOutputDirectory(S.TargetDir, Invocation.OutDir);
  if (Sealed) {
    try {
      FactsKey = readFactsKey();
    } catch (const std::exception &Error) {
      std::fprintf(stderr, "error: capgate: %s\n", Error.what());
      std::exit(2);
    }
    setenv("CAPGATE_UNIT_KEY", unitKeyHex(FactsKey, Invocation.unitId()).c_str(), 1);
  }
  // 5. The command.
  Command.push_back("-Zllvm-plugins=" + S.Plugin);
  Command.push_back("-Csymbol-mangling-version=v0");
  Command.push_back("-Zinline-mir=no");
  // Last on the command line, so it wins over the profile's setting.
  Command.push_back("-Cdebuginfo=line-tables-only");
  // rustc's own account of the unit's unsafe code (UnsafeScan.h), read from
  // its JSON diagnostics, which cargo always asks for; recorded, like the
  // seals, for the build's own units only (a build script compiling a
  // crate's sources again, with its own --cfg, must not replace the
  // crate's record).
  bool RecordUnsafe = Sealed && Invocation.JsonErrors;
  bool ProcMacros = false;
  if (RecordUnsafe) {
    Command.push_back(UnsafeLintFlag);
    try {
      ProcMacros = startUnsafeRecord(S.Directory, FactsKey, Invocation.unitId(), Arguments);
    } catch (const std::exception &Error) {
      std::fprintf(stderr, "error: capgate: cannot record the unsafe code of `%s` (package %s): %s\n",
                   Invocation.CrateName.c_str(), Identity->Package.c_str(), Error.what());
      std::exit(101);
    }
  }
  // In bubblewrap's sandbox (Sandbox.h): proc-macros run inside rustc.
  Command = sandboxedRustc(S, std::move(Command));
  // 6. rustc.
  UnsafeLintFilter Lint(fs::current_path().string());
  // The plugin refuses to compile a crate that writes into the facts
  // section itself; that failure is a finding about the crate, which the
  // driver reports as one (exit 1), not as a broken build.
  bool Forged = false;
  int Status = RecordUnsafe ? runFilteringStderr(Command,
                                                 [&](const std::string &Line) {
                                                   Forged |= Line.find(facts::ForgeryRefusal) != std::string::npos;
                                                   return Lint.filter(Line);
                                                 })
                            : runChild(Command);
  if (Status != 0) {
    // The driver tells a crate that forges facts, and one that does not
    // compile, from one capgate stopped for its violations. A build
    // script's own rustc runs (probes) may fail as they please.
    if (Forged)
      markStopped(S, Invocation, StopReason::ForgedFacts);
    else if (Sealed)
      markStopped(S, Invocation, StopReason::CompileError, &*Identity);
    std::exit(Status);
  }
  // 7. What rustc produced: its seals, before anything else can touch what
  // rustc wrote ...
  if (Sealed) {
    try {
      sealArtefacts(S.Directory, FactsKey, Invocation);
    } catch (const std::exception &Error) {
      std::fprintf(stderr, "error: capgate: cannot seal what rustc wrote for `%s`: %s\n",
                   Invocation.CrateName.c_str(), Error.what());
      std::exit(101);
    }
  }
  // ... its unsafe code (printing the expansion runs the crate's
  // proc-macros again, so only once the seals are made) ...
  if (RecordUnsafe) {
    try {
      std::optional<std::string> Output = outputOf(Invocation);
      finishUnsafeRecord(S.Directory, FactsKey, Invocation.unitId(), ProcMacros, Rustc, std::move(Lint.Sites),
                         Output ? sourcesOf(*Output, Identity->Package, Identity->ManifestDir)
                                : std::vector<std::string>{},
                         [&](std::vector<std::string> Expansion) { return sandboxedRustc(S, std::move(Expansion)); });
    } catch (const std::exception &Error) {
      std::fprintf(stderr, "error: capgate: cannot record the unsafe code of `%s` (package %s): %s\n",
                   Invocation.CrateName.c_str(), Identity->Package.c_str(), Error.what());
      std::exit(101);
    }
  }
  // ... and the policy.
  if (!S.PolicyPath.empty() && Identity)
    Status = enforcePolicy(S, Invocation, *Identity);
  // Last, since everything above reads the executable rustc linked: a build
  // script's launcher, which runs it in the sandbox.
  if (Status == 0) {
    try {
      installBuildScriptLauncher(S, Invocation, Identity);
    } catch (const std::exception &Error) {
      std::fprintf(stderr, "error: capgate: cannot put the sandbox's launcher in front of `%s`: %s\n",
                   Invocation.CrateName.c_str(), Error.what());
      std::exit(101);
    }
  }
  std::exit(Status);
}

} // namespace capgate
