// Toolchain.cpp - locating the plugin and checking rustc's LLVM.
#include "Toolchain.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <vector>
#include <regex>
#include <stdexcept>

namespace fs = std::filesystem;

namespace capgate {

Installation locateInstallation() {
  fs::path Self = fs::read_symlink("/proc/self/exe");
  fs::path Prefix = Self.parent_path().parent_path();
  Installation Found{(Prefix / "lib" / "libcapgate-pass.so").string(),
                     (Prefix / "share" / "capgate" / "annotations").string(),
                     Self.string(),
                     (Prefix / "libexec" / "capgate" / "rustc-launcher").string()};
  if (!fs::exists(Found.Plugin))
    throw std::runtime_error("the capgate plugin is missing: expected " + Found.Plugin +
                             " beside " + Self.string());
  if (!fs::is_directory(Found.Annotations))
    throw std::runtime_error("the capgate annotations are missing: expected " +
                             Found.Annotations);
  if (!fs::exists(Found.Launcher))
    throw std::runtime_error("capgate's rustc launcher is missing: expected " + Found.Launcher);
  return Found;
}

namespace {

/// FNV-1a, 64 bits: a stamp, not a defence against anyone.
struct Fingerprint {
  std::uint64_t Hash = 14695981039346656037ull;
  void add(std::string_view Text) {
    for (unsigned char C : Text)
      Hash = (Hash ^ C) * 1099511628211ull;
    Hash = (Hash ^ 0xff) * 1099511628211ull; // field separator
  }
  void addFile(const fs::path &File) {
    std::ifstream In(File, std::ios::binary);
    std::ostringstream Text;
    Text << In.rdbuf();
    add(File.string());
    add(Text.str());
  }
};

} // namespace

std::string analysisDigest(const Installation &Tools, const std::string &AnnotationsDir,
                           const std::vector<std::string> &ExtraAnnotations) {
  Fingerprint Print;
  Print.add(CAPGATE_VERSION);
  Print.addFile(Tools.Plugin);
  std::error_code Error;
  std::vector<fs::path> Files;
  for (const auto &Entry : fs::directory_iterator(AnnotationsDir, Error))
    if (Entry.path().extension() == ".toml")
      Files.push_back(Entry.path());
  std::sort(Files.begin(), Files.end());
  Files.insert(Files.end(), ExtraAnnotations.begin(), ExtraAnnotations.end());
  for (const fs::path &File : Files)
    Print.addFile(File);
  char Text[17];
  std::snprintf(Text, sizeof Text, "%016llx", static_cast<unsigned long long>(Print.Hash));
  return Text;
}

std::string textDigest(std::string_view Text) {
  Fingerprint Print;
  Print.add(Text);
  char Hex[17];
  std::snprintf(Hex, sizeof Hex, "%016llx", static_cast<unsigned long long>(Print.Hash));
  return Hex;
}

bool refreshStaleTargetDir(const std::string &TargetDir, const std::string &Identity) {
  fs::path Stamp = fs::path(TargetDir) / ".capgate-stamp";
  std::string Previous;
  if (std::ifstream In(Stamp); In)
    std::getline(In, Previous);
  bool Stale = !Previous.empty() && Previous != Identity;
  if (Stale) {
    // Without its fingerprints cargo rebuilds every unit, and without the
    // incremental caches rustc runs LLVM (and the plugin) on every codegen
    // unit instead of reusing objects with the old facts in them. They are
    // in <target>/<profile> or, cross-compiling, <target>/<triple>/<profile>.
    std::error_code Error;
    auto Clear = [&](const fs::path &Profile) {
      fs::remove_all(Profile / ".fingerprint", Error);
      fs::remove_all(Profile / "incremental", Error);
    };
    for (const auto &Profile : fs::directory_iterator(TargetDir, Error)) {
      if (!Profile.is_directory())
        continue;
      Clear(Profile.path());
      for (const auto &Nested : fs::directory_iterator(Profile.path(), Error))
        if (Nested.is_directory() && fs::exists(Nested.path() / ".fingerprint"))
          Clear(Nested.path());
    }
  }
  if (Previous != Identity) {
    std::error_code Error;
    fs::create_directories(TargetDir, Error);
    std::ofstream(Stamp) << Identity << "\n";
  }
  return Stale;
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
