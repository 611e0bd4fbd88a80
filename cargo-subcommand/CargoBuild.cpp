// CargoBuild.cpp - cargo with cargo-capgate as RUSTC_WRAPPER.
#include "CargoBuild.h"

#include "FactsKey.h"
#include "MetadataCache.h"
#include "Process.h"

#include "capgate/Sha256.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fcntl.h>
#include <stdexcept>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace capgate {

void parsePackageId(const std::string &Id, std::string &Name, std::string &Version) {
  // Forms: "registry+https://...#name@1.2.3", "path+file:///dir/name#1.2.3",
  // "path+file:///dir#name@1.2.3", and the old "name 1.2.3 (source)".
  std::size_t Hash = Id.rfind('#');
  if (Hash == std::string::npos) {
    std::size_t Space = Id.find(' ');
    Name = Id.substr(0, Space);
    Version = Space == std::string::npos ? "" : Id.substr(Space + 1, Id.find(' ', Space + 1) - Space - 1);
    return;
  }
  std::string Fragment = Id.substr(Hash + 1);
  std::size_t At = Fragment.find('@');
  if (At != std::string::npos) {
    Name = Fragment.substr(0, At);
    Version = Fragment.substr(At + 1);
  } else {
    std::string Url = Id.substr(0, Hash);
    Name = Url.substr(Url.find_last_of('/') + 1);
    Version = Fragment;
  }
}

std::string cargoProgram() {
  const char *Cargo = std::getenv("CARGO");
  return Cargo && *Cargo ? Cargo : "cargo";
}

std::vector<std::pair<PackageRef, PackageRef>> dependencyEdges(const CargoResolve &Resolve) {
  std::vector<std::pair<PackageRef, PackageRef>> Edges;
  for (const CargoResolve::Package &Package : Resolve.Packages)
    for (const CargoResolve::Dependency &Dependency : Package.Dependencies) {
      const CargoResolve::Package &Target = Resolve.Packages[Dependency.Package];
      Edges.push_back({{Package.Name, Package.Version}, {Target.Name, Target.Version}});
    }
  std::sort(Edges.begin(), Edges.end());
  Edges.erase(std::unique(Edges.begin(), Edges.end()), Edges.end());
  return Edges;
}

std::string targetUnitKey(bool BuildScript, const std::string &TargetName, const std::string &SourcePath) {
  fs::path Source = SourcePath;
  std::error_code Error;
  fs::path Canonical = fs::weakly_canonical(Source, Error);
  if (Error)
    Canonical = Source;
  // rustc's crate name: the target's, with '-' as '_'; a build script's is
  // build_script_ and the stem of its file.
  std::string CrateName = BuildScript ? "build_script_" + Source.stem().string() : TargetName;
  std::replace(CrateName.begin(), CrateName.end(), '-', '_');
  return Session::unitKey(Canonical.string(), CrateName);
}

std::map<std::string, UnitIdentity> unitIdentities(const nlohmann::json &Metadata, const CargoResolve &Resolve) {
  std::vector<bool> BuildOnlyIndex = buildOnlyPackages(Resolve);
  std::set<std::string> BuildOnly;
  for (std::size_t I = 0; I < Resolve.Packages.size(); ++I)
    if (BuildOnlyIndex[I])
      BuildOnly.insert(Resolve.Packages[I].Id);
  std::map<std::string, UnitIdentity> Units;
  for (const auto &Package : Metadata["packages"]) {
    UnitIdentity Identity;
    Identity.BuildOnly = BuildOnly.count(Package.value("id", "")) != 0;
    Identity.Package = Package.value("name", "");
    Identity.Version = Package.value("version", "");
    Identity.ManifestDir = fs::path(Package.value("manifest_path", "")).parent_path().string();
    for (const auto &Target : Package["targets"]) {
      const auto &Kinds = Target["kind"];
      Identity.TargetKind = Kinds.empty() ? "lib" : Kinds[0].get<std::string>();
      std::string Key =
          targetUnitKey(Identity.TargetKind == "custom-build", Target.value("name", ""), Target.value("src_path", ""));
      auto [Entry, Inserted] = Units.try_emplace(Key, Identity);
      if (!Inserted && Entry->second.Package != Identity.Package)
        Entry->second.AlsoClaimedBy.push_back(Identity.Package);
    }
  }
  return Units;
}

std::optional<std::string> identityMismatch(const std::map<std::string, UnitIdentity> &Units,
                                            const std::vector<Artifact> &Artifacts) {
  for (const Artifact &A : Artifacts) {
    auto Found = Units.find(targetUnitKey(A.Kind == "build-script", A.TargetName, A.SourcePath));
    std::string Unit = "target `" + A.TargetName + "` of " + A.PackageName + " " + A.PackageVersion;
    if (Found == Units.end())
      return "cargo built " + Unit + ", which cargo's metadata does not list";
    const UnitIdentity &Identity = Found->second;
    bool Claimed = std::find(Identity.AlsoClaimedBy.begin(), Identity.AlsoClaimedBy.end(), A.PackageName) !=
                   Identity.AlsoClaimedBy.end();
    if (!Claimed && (Identity.Package != A.PackageName || Identity.Version != A.PackageVersion ||
                     Identity.ManifestDir != A.ManifestDir))
      return "cargo built " + Unit + " from " + A.ManifestDir + ", which cargo's metadata gives to " +
             Identity.Package + " " + Identity.Version + " in " + Identity.ManifestDir;
  }
  return std::nullopt;
}

namespace {

std::string kindOf(const nlohmann::json &Message) {
  const auto &Kinds = Message["target"]["kind"];
  std::string Kind = Kinds.empty() ? "lib" : Kinds[0].get<std::string>();
  bool Test = Message["profile"].value("test", false);
  if (Kind == "custom-build")
    return "build-script";
  if (Kind == "bench" || Test)
    return "test";
  if (Kind == "bin" || Kind == "example" || Kind == "test" || Kind == "proc-macro")
    return Kind;
  // A library linked for other languages is analysed as a program too,
  // from the symbols it exports: the shared library when there is one
  // (rustc links it whole), else the static archive.
  for (const char *Linked : {"cdylib", "staticlib"})
    for (const auto &Each : Kinds)
      if (Each == Linked)
        return Linked;
  return "lib";
}

Artifact artifactOf(const nlohmann::json &Message) {
  Artifact Result;
  parsePackageId(Message.value("package_id", ""), Result.PackageName, Result.PackageVersion);
  Result.ManifestDir =
      std::filesystem::path(Message.value("manifest_path", "")).parent_path().string();
  Result.TargetName = Message["target"].value("name", "");
  Result.SourcePath = Message["target"].value("src_path", "");
  Result.Kind = kindOf(Message);
  for (const auto &File : Message["filenames"])
    Result.Files.push_back(File.get<std::string>());
  if (Message.contains("executable") && Message["executable"].is_string())
    Result.Binary = Message["executable"].get<std::string>();
  else
    // cargo names no executable for build scripts; cdylibs and proc-macros
    // are shared libraries, staticlibs archives.
    for (const std::string &File : Result.Files) {
      std::string Name = std::filesystem::path(File).filename().string();
      if ((Result.Kind == "build-script" && Name.find('.') == std::string::npos) ||
          ((Result.Kind == "cdylib" || Result.Kind == "proc-macro") && Name.ends_with(".so")) ||
          (Result.Kind == "staticlib" && Name.ends_with(".a")))
        Result.Binary = File;
    }
  return Result;
}

} // namespace

namespace {

std::vector<std::string> splitList(std::string_view List) {
  std::vector<std::string> Items;
  while (!List.empty()) {
    std::size_t Colon = List.find(':');
    if (Colon)
      Items.emplace_back(List.substr(0, Colon));
    List = Colon == List.npos ? std::string_view() : List.substr(Colon + 1);
  }
  return Items;
}

/// Puts \p From at \p To atomically: a hard link, or a copy across file
/// systems, renamed into place.
void linkInto(const fs::path &From, const fs::path &To) {
  fs::path Temporary = To;
  Temporary += ".tmp." + std::to_string(getpid());
  std::error_code Error;
  fs::remove(Temporary, Error);
  fs::create_hard_link(From, Temporary, Error);
  if (Error)
    fs::copy_file(From, Temporary, fs::copy_options::overwrite_existing);
  fs::rename(Temporary, To);
  // When To already was a link to From, rename does nothing and leaves
  // Temporary.
  fs::remove(Temporary, Error);
}

bool hasWhitespace(const std::string &Text) {
  return std::any_of(Text.begin(), Text.end(), [](unsigned char C) { return std::isspace(C); });
}

/// Where the copies of the plugin for the session directory \p Session go:
/// the session directory itself, unless its path has whitespace in it (a
/// workspace under "My Projects"). rustc splits -Zllvm-plugins at
/// whitespace, so they then go to a directory of their own, named after the
/// session directory, under capgate's in the user's cache.
fs::path pluginDirectory(const std::string &Session) {
  if (!hasWhitespace(Session))
    return Session;
  const char *Cache = std::getenv("XDG_CACHE_HOME");
  const char *Home = std::getenv("HOME");
  fs::path Base = Cache && *Cache == '/' ? fs::path(Cache) : Home && *Home ? fs::path(Home) / ".cache" : fs::path();
  fs::path Directory = Base / "capgate" / "plugins" / textDigest(Session).substr(0, 16);
  if (Base.empty() || hasWhitespace(Directory.string()))
    throw std::runtime_error("rustc cannot load a plugin from a path with whitespace in it, such as " + Session +
                             ", and there is no cache directory without (XDG_CACHE_HOME or HOME/.cache); "
                             "pass a --target-dir without whitespace");
  fs::create_directories(Directory);
  return Directory;
}

/// Makes \p Digest's copy of the plugin for the session directory \p Session
/// (pluginDirectory): a hard link to the installed plugin, or a copy across
/// file systems. Older digests' copies go. The copy is made again on every
/// build rather than trusted because of its name: whatever wrote to the
/// directory since (an unsandboxed build script, for one under the user's
/// cache) must not choose the plugin rustc loads.
std::string pluginForDigest(const Installation &Tools, const std::string &Session, const std::string &Digest) {
  fs::path Directory = pluginDirectory(Session);
  fs::path Plugin = Directory / ("plugin-" + Digest + ".so");
  std::error_code Error;
  for (const auto &Entry : fs::directory_iterator(Directory, Error)) {
    std::string Name = Entry.path().filename().string();
    if (Name.starts_with("plugin-") && Entry.path() != Plugin)
      fs::remove(Entry.path(), Error);
  }
  linkInto(Tools.Plugin, Plugin);
  return Plugin.string();
}

/// An exclusive lock on a session directory, held while it lives.
class SessionLock {
public:
  explicit SessionLock(const std::string &Directory) {
    std::string Path = (fs::path(Directory) / "lock").string();
    Descriptor = open(Path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (Descriptor < 0)
      throw std::runtime_error("cannot open " + Path + ": " + std::strerror(errno));
    if (flock(Descriptor, LOCK_EX | LOCK_NB) == 0)
      return;
    std::fprintf(stderr, "note: capgate: waiting for another cargo capgate build in %s\n",
                 fs::path(Directory).parent_path().c_str());
    while (flock(Descriptor, LOCK_EX) != 0)
      if (errno != EINTR)
        throw std::runtime_error("cannot lock " + Path + ": " + std::strerror(errno));
  }
  SessionLock(const SessionLock &) = delete;
  SessionLock &operator=(const SessionLock &) = delete;
  ~SessionLock() { close(Descriptor); }

private:
  int Descriptor = -1;
};

/// Whether rustc's diagnostics that capgate shows should be coloured: cargo's
/// --color among \p CargoArguments, and under `auto` whether stderr is a
/// terminal, as cargo decides.
bool colourDiagnostics(const std::vector<std::string> &CargoArguments) {
  auto Color = std::find(CargoArguments.begin(), CargoArguments.end(), "--color");
  std::string Choice = Color != CargoArguments.end() && Color + 1 != CargoArguments.end() ? *(Color + 1) : "auto";
  return Choice == "always" || (Choice == "auto" && isatty(STDERR_FILENO));
}

/// The diagnostics of a build with JSON messages, shown as cargo would
/// show them except for the warnings cargo replays from units it found
/// fresh: those were shown when the unit was compiled. cargo sends a unit's
/// diagnostics before its artefact, which says whether it was fresh.
class HeldDiagnostics {
public:
  void take(const nlohmann::json &Message) {
    std::string Reason = Message.value("reason", "");
    if (Reason == "compiler-message") {
      nlohmann::json Diagnostic = Message.value("message", nlohmann::json::object());
      if (!Diagnostic.is_object() || !Diagnostic.contains("rendered") || !Diagnostic["rendered"].is_string())
        return;
      std::string Rendered = Diagnostic["rendered"].get<std::string>();
      // Errors at once: a failing build must say why, fresh or not.
      if (Diagnostic.value("level", "").starts_with("error"))
        std::fputs(Rendered.c_str(), stderr);
      else
        Held[unitOf(Message)].push_back(std::move(Rendered));
    } else if (Reason == "compiler-artifact") {
      auto Found = Held.find(unitOf(Message));
      if (Found == Held.end())
        return;
      if (!Message.value("fresh", false))
        show(Found->second);
      Held.erase(Found);
    }
  }
  /// The warnings of units that never finished (the build failed first).
  void showRest() {
    for (const auto &[Unit, Diagnostics] : Held)
      show(Diagnostics);
    Held.clear();
  }

private:
  static std::string unitOf(const nlohmann::json &Message) {
    nlohmann::json Target = Message.value("target", nlohmann::json::object());
    if (!Target.is_object())
      return Message.value("package_id", "");
    return Message.value("package_id", "") + "\n" + Target.value("src_path", "") + "\n" +
           Target.value("kind", nlohmann::json::array()).dump();
  }
  static void show(const std::vector<std::string> &Diagnostics) {
    for (const std::string &Rendered : Diagnostics)
      std::fputs(Rendered.c_str(), stderr);
  }

  std::map<std::string, std::vector<std::string>> Held;
};

/// Links the installed launcher into the session directory, unless it is
/// already there; a copy across file systems. Left in place, it keeps its
/// modification time, which cargo's cache of rustc's version keys on.
void installLauncher(const Installation &Tools, const Session &S) {
  fs::path Launcher = S.launcher();
  std::error_code Error;
  if (!fs::equivalent(Tools.Launcher, Launcher, Error))
    linkInto(Tools.Launcher, Launcher);
}

/// Runs cargo build for the session \p S (runAnalysisBuild); its exit
/// status.
int runCargoBuild(const Session &S, const std::vector<std::string> &CargoArguments, const std::string &TargetDir,
                  const std::string &WorkingDir, std::vector<Artifact> &Artifacts, bool JsonMessages,
                  bool ReplayFreshWarnings) {
  bool HoldDiagnostics = !JsonMessages && !ReplayFreshWarnings;
  int Pipe[2];
  if (pipe(Pipe) != 0)
    throw std::runtime_error(std::string("cannot create a pipe: ") + std::strerror(errno));
  pid_t Child = fork();
  if (Child < 0)
    throw std::runtime_error(std::string("cannot start cargo: ") + std::strerror(errno));
  if (Child == 0) {
    // cargo finds its configuration (.cargo/config.toml: sources, offline
    // mode, wrappers) from the directory it runs in; run it where the
    // manifest is, as if the user had run cargo there.
    if (!WorkingDir.empty() && chdir(WorkingDir.c_str()) != 0) {
      std::fprintf(stderr, "error: cannot enter %s: %s\n", WorkingDir.c_str(), std::strerror(errno));
      _exit(101);
    }
    dup2(Pipe[1], STDOUT_FILENO);
    close(Pipe[0]);
    close(Pipe[1]);
    // Everything capgate's wrapper needs is in the session; a CAPGATE_*
    // variable its rustc sees can then only come from a build script.
    for (const std::string &Name : capgateVariables())
      unsetenv(Name.c_str());
    setenv("RUSTC_WRAPPER", S.launcher().c_str(), 1);
    unsetenv("CARGO_BUILD_RUSTC_WRAPPER");
    // The plugin needs -Z flags; stable rustc accepts them with this.
    setenv("RUSTC_BOOTSTRAP", "1", 1);
    // With LTO, rlibs would hold bitcode instead of objects, and the facts
    // with them; analysis builds do not need LTO's optimisations.
    setenv("CARGO_PROFILE_DEV_LTO", "false", 1);
    setenv("CARGO_PROFILE_RELEASE_LTO", "false", 1);
    std::string Cargo = cargoProgram();
    // Diagnostics come as JSON when capgate decides which to show.
    std::string MessageFormat = "--message-format=json-render-diagnostics";
    if (JsonMessages)
      MessageFormat = "--message-format=json";
    else if (HoldDiagnostics)
      MessageFormat = colourDiagnostics(CargoArguments) ? "--message-format=json-diagnostic-rendered-ansi"
                                                        : "--message-format=json";
    std::vector<std::string> Command{Cargo, "build", MessageFormat, "--target-dir", TargetDir};
    Command.insert(Command.end(), CargoArguments.begin(), CargoArguments.end());
    std::vector<char *> Exec;
    for (std::string &Argument : Command)
      Exec.push_back(Argument.data());
    Exec.push_back(nullptr);
    execvp(Cargo.c_str(), Exec.data());
    std::fprintf(stderr, "error: cannot run %s: %s\n", Cargo.c_str(), std::strerror(errno));
    _exit(101);
  }
  close(Pipe[1]);
  FILE *Messages = fdopen(Pipe[0], "r");
  HeldDiagnostics Held;
  char *Line = nullptr;
  std::size_t Capacity = 0;
  while (getline(&Line, &Capacity, Messages) >= 0) {
    nlohmann::json Message = nlohmann::json::parse(Line, nullptr, /*allow_exceptions=*/false);
    if (JsonMessages || Message.is_discarded() || !Message.is_object())
      std::fputs(Line, stdout); // Asked for, or a build script's stray output.
    if (Message.is_discarded() || !Message.is_object())
      continue;
    if (HoldDiagnostics)
      Held.take(Message);
    if (Message.value("reason", "") == "compiler-artifact")
      Artifacts.push_back(artifactOf(Message));
  }
  std::free(Line);
  std::fclose(Messages);
  Held.showRest();
  int Status = 0;
  waitpid(Child, &Status, 0);
  return WIFEXITED(Status) ? WEXITSTATUS(Status) : 101;
}

} // namespace

int runAnalysisBuild(const Installation &Tools, const std::string &RustcVersion,
                     const std::vector<std::string> &CargoArguments,
                     const std::vector<std::string> &MetadataArguments, const std::string &TargetDir,
                     const std::string &WorkingDir, Session Settings, std::vector<Artifact> &Artifacts,
                     CargoResolve &Resolve, bool JsonMessages, bool ReplayFreshWarnings) {
  // The session: what the user's environment says (this process is the
  // user's, not a build script's), then the identity of every unit.
  Session &S = Settings;
  S.TargetDir = TargetDir;
  S.Directory = (fs::path(TargetDir) / "capgate-session").string();
  S.Executable = Tools.Executable;
  const char *Annotations = std::getenv("CAPGATE_ANNOTATIONS_DIR");
  S.AnnotationsDir = Annotations && *Annotations ? Annotations : Tools.Annotations;
  if (const char *Extra = std::getenv("CAPGATE_EXTRA_ANNOTATIONS")) {
    std::vector<std::string> Files = splitList(Extra);
    S.ExtraAnnotations.insert(S.ExtraAnnotations.begin(), Files.begin(), Files.end());
  }
  // Chain a wrapper the user already has, such as sccache.
  const char *Existing = std::getenv("RUSTC_WRAPPER");
  if (!Existing)
    Existing = std::getenv("CARGO_BUILD_RUSTC_WRAPPER");
  S.InnerWrapper = Existing ? Existing : "";
  const char *Path = std::getenv("PATH");
  S.SearchPath = Path ? Path : "";
  S.FactsKeyDirectory = factsKeyDirectory();
  // Facts are MAC'd with the facts key: under another key (a new one, or a
  // compiler cache shared with another user) the artefacts in the target
  // directory or the cache would be rejected as forged, so a new key means
  // a rebuild and a cache miss. A MAC of a constant names the key without
  // revealing it.
  std::string FactsKey = readFactsKey();
  std::string KeyName = sha256::toHex(sha256::hmac(FactsKey, "capgate analysis digest"));
  S.Digest = analysisDigest(Tools, S.AnnotationsDir, S.ExtraAnnotations, KeyName);
  // Before the build, which may still have to fetch dependencies: online
  // unless the user asked otherwise, as `cargo build` itself.
  fs::create_directories(S.Directory);
  std::string MetadataCache = (fs::path(S.Directory) / "metadata-cache").string();
  auto Identify = [&]() {
    CargoMetadata Metadata = cachedCargoMetadata(MetadataArguments, WorkingDir, RustcVersion, MetadataCache, FactsKey);
    Resolve = parseResolve(Metadata.Json);
    S.Units = unitIdentities(Metadata.Json, Resolve);
    return Metadata.FromCache;
  };
  bool FromCache = Identify();
  // One capgate build per target directory at a time, from here until cargo
  // exits: another would replace the session (its policy, its plugin) under
  // this build's wrappers. cargo's own lock comes too late for that.
  SessionLock Lock(S.Directory);
  if (refreshStaleTargetDir(TargetDir, S.Digest))
    std::fprintf(stderr, "note: capgate's plugin, annotations or facts key changed since %s was built; "
                         "rebuilding every crate\n", TargetDir.c_str());
  S.Plugin = pluginForDigest(Tools, S.Directory, S.Digest);
  S.write();
  installLauncher(Tools, S);

  int Status =
      runCargoBuild(S, CargoArguments, TargetDir, WorkingDir, Artifacts, JsonMessages, ReplayFreshWarnings);
  // A cached answer missed an input if cargo built a unit it does not give
  // the identity cargo does: that unit was compiled as someone else's.
  if (std::optional<std::string> Mismatch = FromCache ? identityMismatch(S.Units, Artifacts) : std::nullopt) {
    std::fprintf(stderr, "note: capgate: %s, though nothing that cargo's cached metadata was made from has "
                         "changed; building every crate again with fresh metadata\n", Mismatch->c_str());
    forgetCargoMetadata(MetadataCache);
    forgetBuiltUnits(TargetDir);
    fs::remove_all(S.FindingsDir);
    fs::create_directories(S.FindingsDir);
    Identify();
    S.write();
    Artifacts.clear();
    Status = runCargoBuild(S, CargoArguments, TargetDir, WorkingDir, Artifacts, JsonMessages, ReplayFreshWarnings);
  }
  std::set<std::pair<std::string, std::string>> BuildOnly;
  for (const auto &[Key, Unit] : S.Units)
    if (Unit.BuildOnly)
      BuildOnly.insert({Unit.Package, Unit.Version});
  for (Artifact &A : Artifacts)
    A.BuildOnly = BuildOnly.count({A.PackageName, A.PackageVersion}) != 0;
  return Status;
}

} // namespace capgate
