// FactsKey.cpp - creating and reading the facts key.
#include "FactsKey.h"

#include "capgate/Facts.h"
#include "capgate/Sha256.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <stdexcept>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace capgate {

namespace {

constexpr std::size_t KeySize = 32;

std::string keyFile() { return factsKeyDirectory() + "/facts.key"; }

std::runtime_error failure(const std::string &What) {
  return std::runtime_error(What + ": " + std::strerror(errno));
}

} // namespace

std::string factsKeyDirectory() {
  const char *Data = std::getenv("XDG_DATA_HOME");
  if (Data && *Data == '/')
    return std::string(Data) + "/capgate";
  const char *Home = std::getenv("HOME");
  if (!Home || !*Home)
    throw std::runtime_error("neither XDG_DATA_HOME nor HOME is set: capgate keeps the key that "
                             "authenticates its facts under one of them");
  return std::string(Home) + "/.local/share/capgate";
}

std::string readFactsKey() {
  std::string Path = keyFile();
  int Descriptor = open(Path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (Descriptor < 0)
    throw failure("cannot read capgate's facts key " + Path);
  struct stat Status;
  std::string Key(KeySize, '\0');
  bool Private = fstat(Descriptor, &Status) == 0 && S_ISREG(Status.st_mode) &&
                 Status.st_uid == geteuid() && (Status.st_mode & 077) == 0;
  ssize_t Read = Private ? read(Descriptor, Key.data(), KeySize + 1) : -1;
  close(Descriptor);
  if (!Private)
    throw std::runtime_error("capgate's facts key " + Path +
                             " is not a file only you can read; remove it, and capgate makes a new one");
  if (Read != static_cast<ssize_t>(KeySize) || Status.st_size != static_cast<off_t>(KeySize))
    throw std::runtime_error("capgate's facts key " + Path + " is not " + std::to_string(KeySize) +
                             " bytes long; remove it, and capgate makes a new one");
  return Key;
}

std::string ensureFactsKey() {
  std::string Directory = factsKeyDirectory();
  std::error_code Error;
  fs::create_directories(Directory, Error);
  if (Error)
    throw std::runtime_error("cannot create " + Directory + ": " + Error.message());
  // Only the key's own directory is made private; its parents are the
  // user's, as XDG lays them out.
  if (chmod(Directory.c_str(), 0700) != 0)
    throw failure("cannot make " + Directory + " private");
  std::string Path = keyFile();
  if (access(Path.c_str(), F_OK) == 0)
    return readFactsKey();
  // Written whole under a temporary name, then linked into place: link()
  // fails if another build got there first, and then both use its key.
  std::string Key(KeySize, '\0');
  if (getrandom(Key.data(), KeySize, 0) != static_cast<ssize_t>(KeySize))
    throw failure("cannot draw random bytes for capgate's facts key");
  std::string Temporary = Path + ".new." + std::to_string(getpid());
  int Descriptor = open(Temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (Descriptor < 0)
    throw failure("cannot create " + Temporary);
  bool Written = write(Descriptor, Key.data(), KeySize) == static_cast<ssize_t>(KeySize) && fsync(Descriptor) == 0;
  close(Descriptor);
  if (!Written) {
    unlink(Temporary.c_str());
    throw failure("cannot write " + Temporary);
  }
  int Linked = link(Temporary.c_str(), Path.c_str());
  int LinkError = errno;
  unlink(Temporary.c_str());
  if (Linked != 0 && LinkError != EEXIST) {
    errno = LinkError;
    throw failure("cannot create capgate's facts key " + Path);
  }
  return readFactsKey();
}

std::string unitKeyHex(const std::string &FactsKey, const std::string &Unit) {
  std::string Key = facts::unitKey(FactsKey, Unit);
  return sha256::toHex(Key.data(), Key.size());
}

} // namespace capgate
