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
  return Args;
}

std::vector<std::string> CargoOptions::cargoArguments() const {
  std::vector<std::string> Args = metadataArguments();
  for (const std::string &P : Packages)
    Args.insert(Args.end(), {"--package", P});
  if (Workspace)
    Args.push_back("--workspace");
  for (const std::string &B : Bins)
    Args.insert(Args.end(), {"--bin", B});
  if (AllTargets)
    Args.push_back("--all-targets");
  if (Release)
    Args.push_back("--release");
  if (!Profile.empty())
    Args.insert(Args.end(), {"--profile", Profile});
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
