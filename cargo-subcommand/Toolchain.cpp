// Toolchain.cpp - locating the plugin and checking rustc's LLVM.
#include "Toolchain.h"

#include "Process.h"

#include "capgate/Sha256.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
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

void Fingerprint::addLength(std::uint64_t Size) {
  unsigned char Length[8];
  for (int I = 0; I < 8; ++I)
    Length[I] = static_cast<unsigned char>(Size >> (8 * I));
  Hash.update(Length, sizeof Length);
}

void Fingerprint::add(std::string_view Text) {
  addLength(Text.size());
  Hash.update(Text);
}

void Fingerprint::add(const std::vector<std::string> &List) {
  addLength(List.size());
  for (const std::string &Item : List)
    add(Item);
}

void Fingerprint::addFile(const std::string &File, const std::string &Name) {
  // Read in pieces, not whole: the plugin can be tens of megabytes, and
  // this runs on every build.
  std::ifstream In(File, std::ios::binary);
  std::error_code Error;
  std::uintmax_t Size = fs::file_size(File, Error);
  if (!In || Error)
    throw std::runtime_error("cannot read " + File);
  add(Name);
  addLength(Size);
  std::vector<char> Piece(1 << 20);
  std::uintmax_t Read = 0;
  while (In.read(Piece.data(), static_cast<std::streamsize>(Piece.size())) || In.gcount() > 0) {
    Hash.update(Piece.data(), static_cast<std::size_t>(In.gcount()));
    Read += static_cast<std::uintmax_t>(In.gcount());
  }
  if (Read != Size)
    throw std::runtime_error(File + " changed while capgate read it");
}

std::string Fingerprint::hex() { return sha256::toHex(Hash.finish()); }

std::string analysisDigest(const Installation &Tools, const std::string &AnnotationsDir,
                           const std::vector<std::string> &ExtraAnnotations, const std::string &KeyName) {
  Fingerprint Print;
  Print.add(CAPGATE_VERSION);
  Print.add(KeyName);
  Print.addFile(Tools.Plugin, "plugin");
  // The directory's files by name (the plugin reads them in name order),
  // so that the digest does not depend on where they are installed; the
  // extra files by their full names, in the order given.
  std::error_code Error;
  std::vector<fs::path> Files;
  for (const auto &Entry : fs::directory_iterator(AnnotationsDir, Error))
    if (Entry.path().extension() == ".toml")
      Files.push_back(Entry.path());
  std::sort(Files.begin(), Files.end());
  Print.add(std::to_string(Files.size()));
  for (const fs::path &File : Files)
    Print.addFile(File.string(), File.filename().string());
  for (const std::string &File : ExtraAnnotations)
    Print.addFile(File, File);
  return Print.hex();
}

std::string textDigest(std::string_view Text) { return sha256::toHex(sha256::hash(Text)); }

void forgetBuiltUnits(const std::string &TargetDir) {
  // Without its fingerprints cargo rebuilds every unit, and without the
  // incremental caches rustc runs LLVM (and the plugin) on every codegen
  // unit instead of reusing objects with the old facts in them. They are in
  // <target>/<profile> or, cross-compiling, <target>/<triple>/<profile>.
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

bool refreshStaleTargetDir(const std::string &TargetDir, const std::string &Identity) {
  fs::path Stamp = fs::path(TargetDir) / ".capgate-stamp";
  std::string Previous;
  if (std::ifstream In(Stamp); In)
    std::getline(In, Previous);
  bool Stale = !Previous.empty() && Previous != Identity;
  if (Stale)
    forgetBuiltUnits(TargetDir);
  if (Previous != Identity) {
    std::error_code Error;
    fs::create_directories(TargetDir, Error);
    std::ofstream(Stamp) << Identity << "\n";
  }
  return Stale;
}

std::string checkRustcLlvm(const std::string &Rustc) {
  std::string Version = captureOutput({Rustc, "-vV"});
  std::smatch Match;
  if (!std::regex_search(Version, Match, std::regex(R"(LLVM version: ((\d+)[\d.]*))")))
    throw std::runtime_error("`" + Rustc + " -vV` names no LLVM version; capgate needs an "
                             "LLVM-based rustc");
  if (Match[2].str() != CAPGATE_LLVM_MAJOR)
    throw std::runtime_error("capgate's plugin was built against LLVM " CAPGATE_LLVM_VERSION
                             ", but " + Rustc + " uses LLVM " + Match[1].str() +
                             "; rebuild capgate against LLVM " + Match[2].str() +
                             " (scripts/setup installs llvm-" + Match[2].str() + "-dev)");
  return Version;
}

} // namespace capgate
