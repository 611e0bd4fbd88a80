// Session.cpp - the session file the wrapper reads.
#include "Session.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string_view>
#include <unistd.h>

extern char **environ;

namespace fs = std::filesystem;

namespace capgate {

namespace {

constexpr const char *SessionFile = "session.json";
constexpr const char *LauncherFile = "rustc-wrapper";
/// The launcher's one line: the cargo-capgate it starts.
constexpr const char *ExecutableFile = "executable";

/// Writes \p Text to \p Path through a temporary file renamed into place, so
/// that a wrapper never reads half a session.
void writeAtomically(const fs::path &Path, const std::string &Text, fs::perms Permissions) {
  fs::path Temporary = Path;
  Temporary += ".tmp." + std::to_string(getpid());
  {
    std::ofstream Out(Temporary, std::ios::binary | std::ios::trunc);
    Out << Text;
    if (!Out.flush())
      throw std::runtime_error("cannot write " + Temporary.string());
  }
  fs::permissions(Temporary, Permissions);
  fs::rename(Temporary, Path);
}

} // namespace

void Session::write() const {
  fs::create_directories(Directory);
  nlohmann::json Units = nlohmann::json::object();
  for (const auto &[Key, Unit] : this->Units)
    Units[Key] = {{"package", Unit.Package},
                  {"version", Unit.Version},
                  {"manifest_dir", Unit.ManifestDir},
                  {"target_kind", Unit.TargetKind},
                  {"also_claimed_by", Unit.AlsoClaimedBy},
                  {"build_only", Unit.BuildOnly}};
  nlohmann::json File{{"version", 1},
                      {"directory", Directory},
                      {"target_dir", TargetDir},
                      {"executable", Executable},
                      {"plugin", Plugin},
                      {"annotations_dir", AnnotationsDir},
                      {"extra_annotations", ExtraAnnotations},
                      {"digest", Digest},
                      {"inner_wrapper", InnerWrapper},
                      {"search_path", SearchPath},
                      {"policy", PolicyPath},
                      {"findings_dir", FindingsDir},
                      {"facts_key_directory", FactsKeyDirectory},
                      {"sandbox", Sandbox},
                      {"build_script_network", BuildScriptNetwork},
                      {"units", Units}};
  writeAtomically(fs::path(Directory) / SessionFile, File.dump(1), fs::perms::owner_read | fs::perms::owner_write);

  writeAtomically(fs::path(Directory) / ExecutableFile, Executable + "\n",
                  fs::perms::owner_read | fs::perms::owner_write);
}

std::string Session::program(const std::string &Name) const {
  if (Name.empty() || Name.find('/') != std::string::npos)
    return Name;
  std::size_t Start = 0;
  while (Start <= SearchPath.size()) {
    std::size_t Colon = std::min(SearchPath.find(':', Start), SearchPath.size());
    // An empty entry is the current directory, as for execvp.
    fs::path Directory = Colon == Start ? fs::path(".") : fs::path(SearchPath.substr(Start, Colon - Start));
    fs::path Candidate = Directory / Name;
    if (access(Candidate.c_str(), X_OK) == 0 && !fs::is_directory(Candidate))
      return fs::absolute(Candidate).string();
    Start = Colon + 1;
  }
  return Name;
}

std::string Session::launcher() const { return (fs::path(Directory) / LauncherFile).string(); }

Session Session::read(const std::string &Directory) {
  fs::path Path = fs::path(Directory) / SessionFile;
  std::ifstream In(Path, std::ios::binary);
  if (!In)
    throw std::runtime_error("cannot read capgate's session file " + Path.string() +
                             "; run the build through `cargo capgate`");
  nlohmann::json File = nlohmann::json::parse(In, nullptr, /*allow_exceptions=*/false);
  if (File.is_discarded() || !File.is_object() || File.value("version", 0) != 1)
    throw std::runtime_error("capgate's session file " + Path.string() + " is not one this capgate wrote");
  try {
    Session S;
    S.Directory = File.at("directory").get<std::string>();
    S.TargetDir = File.at("target_dir").get<std::string>();
    S.Executable = File.at("executable").get<std::string>();
    S.Plugin = File.at("plugin").get<std::string>();
    S.AnnotationsDir = File.at("annotations_dir").get<std::string>();
    S.ExtraAnnotations = File.at("extra_annotations").get<std::vector<std::string>>();
    S.Digest = File.at("digest").get<std::string>();
    S.InnerWrapper = File.at("inner_wrapper").get<std::string>();
    S.SearchPath = File.at("search_path").get<std::string>();
    S.PolicyPath = File.at("policy").get<std::string>();
    S.FindingsDir = File.at("findings_dir").get<std::string>();
    S.FactsKeyDirectory = File.at("facts_key_directory").get<std::string>();
    S.Sandbox = File.at("sandbox").get<bool>();
    S.BuildScriptNetwork = File.at("build_script_network").get<std::vector<std::string>>();
    for (const auto &[Key, Unit] : File.at("units").items())
      S.Units[Key] = {Unit.at("package").get<std::string>(), Unit.at("version").get<std::string>(),
                      Unit.at("manifest_dir").get<std::string>(), Unit.at("target_kind").get<std::string>(),
                      Unit.at("also_claimed_by").get<std::vector<std::string>>(), Unit.at("build_only").get<bool>()};
    return S;
  } catch (const nlohmann::json::exception &Error) {
    throw std::runtime_error("capgate's session file " + Path.string() + " is damaged: " + Error.what());
  }
}

std::vector<std::string> capgateVariables() {
  std::vector<std::string> Names;
  for (char **Entry = environ; *Entry; ++Entry)
    if (std::string_view(*Entry).starts_with("CAPGATE_"))
      Names.emplace_back(*Entry, std::strcspn(*Entry, "="));
  std::sort(Names.begin(), Names.end());
  return Names;
}

} // namespace capgate
