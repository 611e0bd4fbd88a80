// CargoOptions.cpp - the cargo options capgate forwards, as cargo arguments.
#include "Commands.h"

#include <cstdlib>
#include <filesystem>
#include <unistd.h>

namespace fs = std::filesystem;

namespace capgate {

std::string CargoOptions::workingDir() const {
  return ManifestPath.empty() ? "" : fs::absolute(ManifestPath).parent_path().string();
}

std::vector<std::string> CargoOptions::configArguments() const {
  std::vector<std::string> Args;
  for (const std::string &Value : Config) {
    // cargo reads a value ending in .toml as a file, relative to the
    // directory it runs in, which is the manifest's rather than the user's.
    bool File = Value.ends_with(".toml") && Value.find('=') == std::string::npos;
    Args.insert(Args.end(), {"--config", File ? fs::absolute(Value).string() : Value});
  }
  return Args;
}

std::vector<std::string> CargoOptions::metadataArguments() const {
  std::vector<std::string> Args;
  if (!ManifestPath.empty())
    Args.insert(Args.end(), {"--manifest-path", fs::absolute(ManifestPath).string()});
  for (const std::string &F : Features)
    Args.insert(Args.end(), {"--features", F});
  if (AllFeatures)
    Args.push_back("--all-features");
  if (NoDefaultFeatures)
    Args.push_back("--no-default-features");
  if (Locked)
    Args.push_back("--locked");
  if (Offline)
    Args.push_back("--offline");
  if (Frozen)
    Args.push_back("--frozen");
  std::vector<std::string> Configs = configArguments();
  Args.insert(Args.end(), Configs.begin(), Configs.end());
  return Args;
}

bool CargoOptions::selectsTargets() const {
  return Lib || AllBins || !Bins.empty() || Tests || Examples || AllTargets;
}

void CargoOptions::includeTestTargets() {
  if (AllTargets)
    return;
  if (selectsTargets())
    Tests = true;
  else
    AllTargets = true;
}

std::vector<std::string> CargoOptions::cargoArguments() const {
  std::vector<std::string> Args = metadataArguments();
  for (const std::string &P : Packages)
    Args.insert(Args.end(), {"--package", P});
  if (Workspace)
    Args.push_back("--workspace");
  for (const std::string &E : Exclude)
    Args.insert(Args.end(), {"--exclude", E});
  if (Lib)
    Args.push_back("--lib");
  if (AllBins)
    Args.push_back("--bins");
  for (const std::string &B : Bins)
    Args.insert(Args.end(), {"--bin", B});
  if (Tests)
    Args.push_back("--tests");
  if (Examples)
    Args.push_back("--examples");
  if (AllTargets)
    Args.push_back("--all-targets");
  if (Release)
    Args.push_back("--release");
  if (!Profile.empty())
    Args.insert(Args.end(), {"--profile", Profile});
  if (!Target.empty())
    Args.insert(Args.end(), {"--target", Target});
  if (Jobs != 0)
    Args.insert(Args.end(), {"--jobs", std::to_string(Jobs)});
  for (int I = 0; I < Verbose; ++I)
    Args.push_back("-v");
  if (Quiet)
    Args.push_back("--quiet");
  Args.insert(Args.end(), {"--color", Color});
  return Args;
}

bool CargoOptions::colourOutput() const {
  if (Color == "always")
    return true;
  if (Color == "never" || std::getenv("NO_COLOR"))
    return false;
  return isatty(STDOUT_FILENO);
}

} // namespace capgate
