// Seals.cpp - sealing rustc's outputs and verifying them.
#include "Seals.h"

#include "MacFile.h"
#include "RustcInvocation.h"

#include "capgate/Facts.h"
#include "capgate/Sha256.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;

namespace capgate {

namespace {

/// The SHA-256 of an open file's contents, raw.
std::string hashDescriptor(int Descriptor, std::size_t Size, const std::string &Path) {
  sha256::Hasher Hasher;
  if (Size) {
    void *Address = mmap(nullptr, Size, PROT_READ, MAP_PRIVATE, Descriptor, 0);
    if (Address == MAP_FAILED)
      throw std::runtime_error("cannot map " + Path + ": " + std::strerror(errno));
    madvise(Address, Size, MADV_SEQUENTIAL);
    Hasher.update(Address, Size);
    munmap(Address, Size);
  }
  sha256::Digest Digest = Hasher.finish();
  return std::string(Digest.begin(), Digest.end());
}

/// The MAC that seals \p Digest as the file \p Name of \p Unit.
std::string sealMac(const std::string &FactsKey, const std::string &Unit, const std::string &Name,
                    const std::string &Digest) {
  std::string Message("capgate-seal");
  for (const std::string *Part : {&Unit, &Name, &Digest}) {
    Message += '\0';
    Message += *Part;
  }
  sha256::Digest Mac = sha256::hmac(FactsKey, Message);
  return sha256::toHex(Mac);
}

} // namespace

bool isUnitOutputDirectory(const std::string &TargetDir, const std::string &OutDir) {
  std::error_code Error;
  fs::path Target = fs::weakly_canonical(TargetDir, Error);
  fs::path Out = fs::weakly_canonical(OutDir.empty() ? fs::path(".") : fs::path(OutDir), Error);
  if (Error)
    return false;
  std::vector<std::string> Parts;
  for (const fs::path &Part : Out.lexically_relative(Target))
    Parts.push_back(Part.string());
  if (Parts.empty() || Parts.front() == ".." || Parts.front() == ".")
    return false;
  std::size_t Size = Parts.size();
  if ((Size == 2 || Size == 3) && (Parts.back() == "deps" || Parts.back() == "examples"))
    return true;
  return (Size == 3 || Size == 4) && Parts[Size - 2] == "build";
}

std::string sealsDirectory(const std::string &SessionDir) { return (fs::path(SessionDir) / "seals").string(); }

void sealArtefacts(const std::string &SessionDir, const std::string &FactsKey, const RustcInvocation &Invocation) {
  std::string Unit = Invocation.unitId();
  std::string Stem = Invocation.CrateName + Invocation.ExtraFilename;
  fs::path OutDir = Invocation.OutDir.empty() ? fs::path(".") : fs::path(Invocation.OutDir);
  std::string Seals = sealsDirectory(SessionDir);
  fs::create_directories(Seals);
  for (const std::string &Name : {"lib" + Stem + ".rlib", "lib" + Stem + ".rmeta", Stem, "lib" + Stem + ".so",
                                  "lib" + Stem + ".a", Stem + ".d"}) {
    fs::path File = OutDir / Name;
    int Descriptor = open(File.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (Descriptor < 0)
      continue; // Not an output of this crate type.
    struct stat Status;
    std::string Digest;
    try {
      if (fstat(Descriptor, &Status) != 0 || !S_ISREG(Status.st_mode))
        throw std::runtime_error(File.string() + " is not a regular file");
      Digest = hashDescriptor(Descriptor, static_cast<std::size_t>(Status.st_size), File.string());
    } catch (...) {
      close(Descriptor);
      throw;
    }
    close(Descriptor);
    // One line per seal, appended in one write: the same contents may be
    // sealed by several units, or again by a rebuild.
    std::string Line = Unit + "\t" + Name + "\t" + sealMac(FactsKey, Unit, Name, Digest) + "\n";
    fs::path Seal = fs::path(Seals) / sha256::toHex(Digest.data(), Digest.size());
    int Out = open(Seal.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (Out < 0 || write(Out, Line.data(), Line.size()) != static_cast<ssize_t>(Line.size())) {
      std::string Reason = std::strerror(errno);
      if (Out >= 0)
        close(Out);
      throw std::runtime_error("cannot seal " + File.string() + " in " + Seal.string() + ": " + Reason);
    }
    close(Out);
  }
}

SealChecker::SealChecker(std::string FactsKey, std::string SessionDir, std::string DigestCache)
    : FactsKey(std::move(FactsKey)), Seals(sealsDirectory(SessionDir)), CachePath(std::move(DigestCache)) {
  if (CachePath.empty())
    return;
  // A cache whose MAC does not verify is not used at all.
  MacFileContents Contents = readMacFile(CachePath, macFileKey(this->FactsKey, "capgate-digest-cache"));
  if (Contents.State != MacFileContents::Valid)
    return;
  // One entry a line.
  std::istringstream Lines(Contents.Body);
  FileKey Key;
  std::string Digest;
  while (Lines >> std::get<0>(Key) >> std::get<1>(Key) >> std::get<2>(Key) >> std::get<3>(Key) >>
         std::get<4>(Key) >> std::get<5>(Key) >> std::get<6>(Key) >> Digest) {
    std::string Raw;
    if (sha256::fromHex(Digest, Raw) && Raw.size() == 32)
      Cache[Key] = Raw;
  }
}

std::string SealChecker::digestOf(const std::string &File) {
  int Descriptor = open(File.c_str(), O_RDONLY | O_CLOEXEC);
  struct stat Status;
  if (Descriptor < 0 || fstat(Descriptor, &Status) != 0) {
    std::string Reason = std::strerror(errno);
    if (Descriptor >= 0)
      close(Descriptor);
    throw std::runtime_error("cannot read " + File + ": " + Reason);
  }
  FileKey Key{Status.st_dev,          Status.st_ino,          Status.st_size, Status.st_mtim.tv_sec,
              Status.st_mtim.tv_nsec, Status.st_ctim.tv_sec, Status.st_ctim.tv_nsec};
  if (auto Found = Computed.find(Key); Found != Computed.end()) {
    close(Descriptor);
    return Found->second;
  }
  if (!CachePath.empty())
    if (auto Found = Cache.find(Key); Found != Cache.end()) {
      close(Descriptor);
      Used[Key] = Found->second;
      return Found->second;
    }
  std::string Digest;
  try {
    Digest = hashDescriptor(Descriptor, static_cast<std::size_t>(Status.st_size), File);
  } catch (...) {
    close(Descriptor);
    throw;
  }
  close(Descriptor);
  Computed[Key] = Digest;
  // Any write to a file moves its change time to the present, which no
  // one but root can set back, so an entry whose change time is still the
  // file's vouches for its contents. The kernel stamps change times from a
  // coarse clock, though: a file changed in the last seconds could change
  // again without its change time moving, so it is not cached yet.
  if (!CachePath.empty() && Status.st_ctim.tv_sec + 2 < std::time(nullptr))
    Used[Key] = Digest;
  return Digest;
}

std::string SealChecker::verify(const std::string &File, const std::string &Package, const std::string &CrateName,
                                const std::string &TargetDir) {
  std::string Digest = digestOf(File);
  std::string Name = fs::path(File).filename().string();
  std::ifstream In(fs::path(Seals) / sha256::toHex(Digest.data(), Digest.size()));
  std::string Line;
  while (std::getline(In, Line)) {
    std::size_t Tab = Line.find('\t'), Second = Line.find('\t', Tab + 1);
    if (Tab == std::string::npos || Second == std::string::npos)
      continue;
    std::string Unit = Line.substr(0, Tab), SealedName = Line.substr(Tab + 1, Second - Tab - 1);
    if (!sha256::equalConstantTime(Line.substr(Second + 1), sealMac(FactsKey, Unit, SealedName, Digest)))
      continue;
    if (facts::crateOfUnit(Unit) != CrateName)
      continue;
    // cargo copies executables and shared libraries out of deps/ under the
    // name without the unit's suffix (deps/app-0a1b... -> app), and a build
    // script to build-script-build, the crate name spelt with dashes.
    std::string Suffix = Unit.substr(CrateName.size());
    std::string Uplifted = SealedName;
    if (std::size_t At = Uplifted.find(Suffix); !Suffix.empty() && At != std::string::npos)
      Uplifted.erase(At, Suffix.size());
    auto Underscored = [](std::string Text) {
      std::replace(Text.begin(), Text.end(), '-', '_');
      return Text;
    };
    if (SealedName == Name || Uplifted == Name || Underscored(Uplifted) == Underscored(Name))
      return Unit;
  }
  throw std::runtime_error("capgate: " + Package + "'s artefact " + File +
                           " is not what rustc wrote for it (no seal of this capgate's matches its contents): "
                           "it was changed after it was built, or built without `cargo capgate`; remove the "
                           "analysis target directory (`cargo clean --target-dir " + TargetDir +
                           "`) and build again");
}

void SealChecker::save() {
  if (CachePath.empty() || Used == Cache)
    return;
  std::string Body;
  for (const auto &[Key, Digest] : Used)
    Body += std::to_string(std::get<0>(Key)) + " " + std::to_string(std::get<1>(Key)) + " " +
            std::to_string(std::get<2>(Key)) + " " + std::to_string(std::get<3>(Key)) + " " +
            std::to_string(std::get<4>(Key)) + " " + std::to_string(std::get<5>(Key)) + " " +
            std::to_string(std::get<6>(Key)) + " " + sha256::toHex(Digest.data(), Digest.size()) + "\n";
  // A cache that cannot be written is no error.
  try {
    writeMacFile(CachePath, macFileKey(FactsKey, "capgate-digest-cache"), Body);
  } catch (const std::runtime_error &) {
  }
}

} // namespace capgate
