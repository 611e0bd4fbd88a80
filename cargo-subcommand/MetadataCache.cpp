// MetadataCache.cpp - cargo metadata's answer and what it was made from.
#include "MetadataCache.h"

#include "CargoBuild.h"
#include "MacFile.h"
#include "Process.h"
#include "Toolchain.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cstdlib>
#include <chrono>
#include <filesystem>
#include <set>
#include <string_view>
#include <sys/stat.h>

extern char **environ;

namespace fs = std::filesystem;

namespace capgate {

namespace {

constexpr std::string_view Format = "capgate-metadata-cache 2";

/// Variables that describe the terminal or the shell session, which cargo
/// does not read: a new terminal must not cost a `cargo metadata`.
bool describesTerminal(std::string_view Name) {
  static const std::set<std::string_view> Names{"_",       "PWD",     "OLDPWD",   "SHLVL",    "TERM",
                                                "COLUMNS", "LINES",   "COLORTERM", "DISPLAY", "WINDOWID",
                                                "LS_COLORS"};
  return Names.count(Name) || Name.starts_with("SSH_") || Name.starts_with("TERM_") || Name.starts_with("TMUX");
}

/// The digest of what the answer depends on besides files.
std::string fingerprintOf(const std::vector<std::string> &Arguments, const std::string &WorkingDir,
                          const std::string &RustcVersion) {
  std::vector<std::string> Environment;
  for (char **Entry = environ; *Entry; ++Entry) {
    std::string_view Variable(*Entry);
    if (!describesTerminal(Variable.substr(0, Variable.find('='))))
      Environment.emplace_back(Variable);
  }
  std::sort(Environment.begin(), Environment.end());
  Fingerprint Print;
  Print.add(Format);
  Print.add(CAPGATE_VERSION);
  Print.add(RustcVersion);
  Print.add(cargoProgram());
  Print.add(WorkingDir);
  Print.add(Arguments);
  Print.add(Environment);
  return Print.hex();
}

/// What is at \p Path, as text: "-" for nothing. Any change to a file (its
/// contents, or another file in its place) changes it. \p Changed, when
/// given, gets the later of its modification and change times, in
/// nanoseconds since the epoch.
std::string statusOf(const std::string &Path, long long *Changed = nullptr) {
  struct stat Status;
  if (stat(Path.c_str(), &Status) != 0)
    return "-";
  auto Nanoseconds = [](const struct timespec &Time) { return Time.tv_sec * 1'000'000'000LL + Time.tv_nsec; };
  if (Changed)
    *Changed = std::max(Nanoseconds(Status.st_mtim), Nanoseconds(Status.st_ctim));
  return fmt::format("{} {} {:o} {} {}.{:09} {}.{:09}", Status.st_dev, Status.st_ino, Status.st_mode, Status.st_size,
                     Status.st_mtim.tv_sec, Status.st_mtim.tv_nsec, Status.st_ctim.tv_sec, Status.st_ctim.tv_nsec);
}

/// Adds to \p Paths the directories where the workspace manifest
/// \p Manifest's member globs ("crates/*") look: from the glob's literal
/// part down as many levels as it has more, so that a member appearing
/// anywhere a glob would find it changes one of them.
void addMemberGlobDirectories(const fs::path &Manifest, std::set<std::string> &Paths) {
  toml::table Parsed;
  try {
    Parsed = toml::parse_file(Manifest.string());
  } catch (const toml::parse_error &) {
    return; // cargo has just read it, and it is an input itself.
  }
  for (const char *List : {"members", "default-members", "exclude"}) {
    const toml::array *Patterns = Parsed["workspace"][List].as_array();
    if (!Patterns)
      continue;
    for (const toml::node &Pattern : *Patterns) {
      std::optional<std::string> Text = Pattern.value<std::string>();
      if (!Text)
        continue;
      fs::path Literal = Manifest.parent_path();
      int Depth = 0;
      for (const fs::path &Component : fs::path(*Text))
        if (Depth || Component.string().find_first_of("*?[") != std::string::npos)
          ++Depth;
        else
          Literal /= Component;
      // Every directory within Depth levels of Literal.
      std::vector<std::pair<fs::path, int>> Pending{{Literal, 0}};
      while (!Pending.empty()) {
        auto [Directory, Level] = Pending.back();
        Pending.pop_back();
        Paths.insert(Directory.string());
        std::error_code Error;
        if (Level < Depth)
          for (const auto &Entry : fs::directory_iterator(Directory, Error))
            if (Entry.is_directory(Error))
              Pending.push_back({Entry.path(), Level + 1});
      }
    }
  }
}

/// The files and directories whose status the answer depends on.
std::set<std::string> inputsOf(const nlohmann::json &Metadata, const std::vector<std::string> &Arguments,
                               const fs::path &WorkingDir) {
  std::set<std::string> Paths;
  // cargo looks for its configuration from the working directory up, and
  // for the workspace from the manifest's directory up; rustup looks for a
  // toolchain file from the working directory up.
  auto WithAncestors = [&](fs::path Directory) {
    for (;;) {
      for (const char *Name : {".cargo/config", ".cargo/config.toml", "Cargo.toml", "rust-toolchain",
                               "rust-toolchain.toml"})
        Paths.insert((Directory / Name).string());
      if (Directory.parent_path() == Directory)
        break;
      Directory = Directory.parent_path();
    }
  };
  WithAncestors(WorkingDir);
  for (std::size_t I = 0; I + 1 < Arguments.size(); ++I)
    if (Arguments[I] == "--manifest-path")
      WithAncestors(fs::absolute(WorkingDir / Arguments[I + 1]).parent_path());
    else if (Arguments[I] == "--config")
      Paths.insert((WorkingDir / Arguments[I + 1]).string()); // a file, unless it is KEY=VALUE
  // The cargo `cargo capgate` names in $CARGO; a cargo found on PATH is
  // rustup's, whose toolchain rustc's `-vV` names.
  if (std::string Cargo = cargoProgram(); Cargo.find('/') != std::string::npos)
    Paths.insert(Cargo);
  const char *Home = std::getenv("HOME");
  auto HomeOf = [&](const char *Variable, const char *Default) {
    const char *Set = std::getenv(Variable);
    return Set && *Set ? fs::path(Set) : fs::path(Home ? Home : "/") / Default;
  };
  for (const char *Name : {"config", "config.toml"})
    Paths.insert((HomeOf("CARGO_HOME", ".cargo") / Name).string());
  Paths.insert((HomeOf("RUSTUP_HOME", ".rustup") / "settings.toml").string());

  fs::path Root = Metadata.value("workspace_root", "");
  Paths.insert((Root / "Cargo.lock").string());
  addMemberGlobDirectories(Root / "Cargo.toml", Paths);
  std::set<std::string> Members;
  for (const auto &Id : Metadata.value("workspace_members", nlohmann::json::array()))
    Members.insert(Id.get<std::string>());
  for (const auto &Package : Metadata.at("packages")) {
    fs::path Manifest = Package.value("manifest_path", "");
    fs::path Directory = Manifest.parent_path();
    Paths.insert(Manifest.string());
    Paths.insert(Directory.string());
    // Where cargo discovers targets by their files.
    Paths.insert((Directory / "src").string());
    for (const char *Discovered : {"src/bin", "examples", "tests", "benches"}) {
      fs::path Place = Directory / Discovered;
      Paths.insert(Place.string());
      std::error_code Error;
      for (const auto &Entry : fs::directory_iterator(Place, Error))
        if (Entry.is_directory(Error))
          Paths.insert(Entry.path().string());
    }
    if (Members.count(Package.value("id", "")))
      for (fs::path Up = Directory; Up != Root && Up.parent_path() != Up; Up = Up.parent_path())
        Paths.insert(Up.parent_path().string());
  }
  return Paths;
}

/// The parts of `cargo metadata`'s answer that capgate reads (parseResolve
/// in BuildOnly.h, unitIdentities in CargoBuild.h): a third of its size, so
/// the cache is read back in a third of the time.
nlohmann::json essentialMetadata(const nlohmann::json &Metadata) {
  auto Pick = [](const nlohmann::json &From, std::initializer_list<const char *> Keys) {
    nlohmann::json Picked = nlohmann::json::object();
    for (const char *Key : Keys)
      if (From.is_object() && From.contains(Key))
        Picked[Key] = From[Key];
    return Picked;
  };
  nlohmann::json Essential = Pick(Metadata, {"workspace_root", "workspace_members"});
  Essential["packages"] = nlohmann::json::array();
  for (const auto &Package : Metadata.value("packages", nlohmann::json::array())) {
    nlohmann::json Kept = Pick(Package, {"id", "name", "version", "manifest_path"});
    Kept["targets"] = nlohmann::json::array();
    for (const auto &Target : Package.value("targets", nlohmann::json::array()))
      Kept["targets"].push_back(Pick(Target, {"kind", "name", "src_path"}));
    Essential["packages"].push_back(std::move(Kept));
  }
  if (Metadata.contains("resolve") && Metadata["resolve"].is_object()) {
    nlohmann::json Nodes = nlohmann::json::array();
    for (const auto &Node : Metadata["resolve"].value("nodes", nlohmann::json::array())) {
      nlohmann::json Kept = Pick(Node, {"id"});
      Kept["deps"] = nlohmann::json::array();
      for (const auto &Dependency : Node.value("deps", nlohmann::json::array())) {
        nlohmann::json Edge = Pick(Dependency, {"pkg"});
        if (Dependency.contains("dep_kinds")) {
          Edge["dep_kinds"] = nlohmann::json::array();
          for (const auto &Kind : Dependency["dep_kinds"])
            Edge["dep_kinds"].push_back(Pick(Kind, {"kind"}));
        }
        Kept["deps"].push_back(std::move(Edge));
      }
      Nodes.push_back(std::move(Kept));
    }
    Essential["resolve"] = {{"nodes", std::move(Nodes)}};
  }
  return Essential;
}

std::string runCargoMetadata(const std::vector<std::string> &Arguments, const std::string &WorkingDir) {
  std::vector<std::string> Command{cargoProgram(), "metadata", "--format-version", "1"};
  Command.insert(Command.end(), Arguments.begin(), Arguments.end());
  return captureOutput(Command, WorkingDir);
}

std::string cacheKey(const std::string &FactsKey) { return macFileKey(FactsKey, "capgate-metadata-cache"); }

/// The cached answer, when its fingerprint is \p Fingerprint and no input
/// has changed.
std::optional<std::string> cachedAnswer(const std::string &CachePath, const std::string &FactsKey,
                                        const std::string &Fingerprint) {
  MacFileContents Cached = readMacFile(CachePath, cacheKey(FactsKey));
  if (Cached.State != MacFileContents::Valid)
    return std::nullopt;
  // The format's line, the fingerprint's, one line an input (its status, a
  // tab, its path), an empty line, and the answer.
  std::string_view Body = Cached.Body;
  auto NextLine = [&]() {
    std::size_t End = Body.find('\n');
    std::string_view Line = Body.substr(0, End);
    Body = End == std::string_view::npos ? std::string_view() : Body.substr(End + 1);
    return Line;
  };
  if (NextLine() != Format || NextLine() != "fingerprint " + Fingerprint)
    return std::nullopt;
  for (std::string_view Line = NextLine(); !Line.empty(); Line = NextLine()) {
    std::size_t Tab = Line.find('\t');
    if (Tab == std::string_view::npos || statusOf(std::string(Line.substr(Tab + 1))) != Line.substr(0, Tab))
      return std::nullopt;
  }
  return std::string(Body);
}

} // namespace

CargoMetadata cachedCargoMetadata(const std::vector<std::string> &MetadataArguments, const std::string &WorkingDir,
                                  const std::string &RustcVersion, const std::string &CachePath,
                                  const std::string &FactsKey) {
  fs::path Working = fs::absolute(WorkingDir.empty() ? fs::current_path() : fs::path(WorkingDir));
  std::string Fingerprint = fingerprintOf(MetadataArguments, Working.string(), RustcVersion);
  CargoMetadata Result;
  if (std::optional<std::string> Answer = cachedAnswer(CachePath, FactsKey, Fingerprint)) {
    Result.Json = nlohmann::json::parse(*Answer, nullptr, /*allow_exceptions=*/false);
    if (Result.Json.is_object()) {
      Result.FromCache = true;
      return Result;
    }
  }
  auto Start = std::chrono::duration_cast<std::chrono::nanoseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count();
  nlohmann::json Full = nlohmann::json::parse(runCargoMetadata(MetadataArguments, WorkingDir));
  // What a cached answer gives, so that a hit and a miss read the same.
  Result.Json = essentialMetadata(Full);
  std::string Answer = Result.Json.dump();
  std::string Body = std::string(Format) + "\nfingerprint " + Fingerprint + "\n";
  for (const std::string &Path : inputsOf(Full, MetadataArguments, Working)) {
    long long Changed = 0;
    std::string Status = statusOf(Path, &Changed);
    // An input that changed while cargo ran may have been read before or
    // after its change (the second's slack is for file systems that keep
    // times in whole seconds); and a path a line cannot hold cannot be
    // checked.
    if (Changed + 1'000'000'000LL >= Start || Path.find_first_of("\t\n") != std::string::npos) {
      forgetCargoMetadata(CachePath);
      return Result;
    }
    Body += Status + '\t' + Path + '\n';
  }
  Body += '\n' + Answer;
  // A cache that cannot be written is no error.
  try {
    writeMacFile(CachePath, cacheKey(FactsKey), Body);
  } catch (const std::runtime_error &) {
  }
  return Result;
}

void forgetCargoMetadata(const std::string &CachePath) {
  std::error_code Error;
  fs::remove(CachePath, Error);
}

} // namespace capgate
