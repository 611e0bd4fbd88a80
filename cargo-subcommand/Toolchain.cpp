// Toolchain.cpp - locating the plugin and checking rustc's LLVM.
#include "Toolchain.h"

#include <array>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <regex>
#include <stdexcept>

namespace fs = std::filesystem;

namespace capgate {

Installation locateInstallation() {
  fs::path Self = fs::read_symlink("/proc/self/exe");
  fs::path Prefix = Self.parent_path().parent_path();
  Installation Found{(Prefix / "lib" / "libcapgate-pass.so").string(),
                     (Prefix / "share" / "capgate" / "annotations").string(),
                     Self.string()};
  if (!fs::exists(Found.Plugin))
    throw std::runtime_error("the capgate plugin is missing: expected " + Found.Plugin +
                             " beside " + Self.string());
  if (!fs::is_directory(Found.Annotations))
    throw std::runtime_error("the capgate annotations are missing: expected " +
                             Found.Annotations);
  return Found;
}

std::string captureOutput(const std::string &Command) {
  std::unique_ptr<FILE, int (*)(FILE *)> Pipe(popen(Command.c_str(), "r"), pclose);
  if (!Pipe)
    throw std::runtime_error("cannot run `" + Command + "`");
  std::string Output;
  std::array<char, 4096> Buffer;
  while (std::size_t Read = fread(Buffer.data(), 1, Buffer.size(), Pipe.get()))
    Output.append(Buffer.data(), Read);
  int Status = pclose(Pipe.release());
  if (Status != 0)
    throw std::runtime_error("`" + Command + "` failed");
  return Output;
}

void checkRustcLlvm(const std::string &Rustc) {
  std::string Version = captureOutput("'" + Rustc + "' -vV");
  std::smatch Match;
  if (!std::regex_search(Version, Match, std::regex(R"(LLVM version: ((\d+)[\d.]*))")))
    throw std::runtime_error("`" + Rustc + " -vV` names no LLVM version; capgate needs an "
                             "LLVM-based rustc");
  if (Match[2].str() != CAPGATE_LLVM_MAJOR)
    throw std::runtime_error("capgate's plugin was built against LLVM " CAPGATE_LLVM_VERSION
                             ", but " + Rustc + " uses LLVM " + Match[1].str() +
                             "; rebuild capgate against LLVM " + Match[2].str() +
                             " (scripts/setup installs llvm-" + Match[2].str() + "-dev)");
}

} // namespace capgate
