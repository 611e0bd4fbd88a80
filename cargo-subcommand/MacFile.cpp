// MacFile.cpp - reading and writing MAC'd files.
#include "MacFile.h"

#include "capgate/Sha256.h"

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

namespace fs = std::filesystem;

namespace capgate {

namespace {

std::string macOf(std::string_view Key, std::string_view Body) { return sha256::toHex(sha256::hmac(Key, Body)); }

} // namespace

std::string macFileKey(std::string_view FactsKey, std::string_view Purpose) {
  sha256::Digest Key = sha256::hmac(FactsKey, Purpose);
  return std::string(Key.begin(), Key.end());
}

MacFileContents readMacFile(const fs::path &Path, std::string_view Key) {
  MacFileContents Contents;
  std::ifstream In(Path, std::ios::binary);
  if (!In)
    return Contents;
  std::ostringstream Text;
  Text << In.rdbuf();
  std::string File = std::move(Text).str();
  Contents.State = MacFileContents::Forged;
  if (File.size() < 65 || File[64] != '\n')
    return Contents;
  std::string_view Body = std::string_view(File).substr(65);
  if (!sha256::equalConstantTime(std::string_view(File).substr(0, 64), macOf(Key, Body)))
    return Contents;
  Contents.State = MacFileContents::Valid;
  Contents.Body = File.substr(65);
  return Contents;
}

void writeMacFile(const fs::path &Path, std::string_view Key, std::string_view Body) {
  fs::path Temporary = Path;
  Temporary += ".tmp." + std::to_string(getpid());
  {
    std::ofstream Out(Temporary, std::ios::binary | std::ios::trunc);
    Out << macOf(Key, Body) << '\n' << Body;
    if (!Out.flush()) {
      std::error_code Error;
      fs::remove(Temporary, Error);
      throw std::runtime_error("cannot write " + Temporary.string());
    }
  }
  std::error_code Error;
  fs::rename(Temporary, Path, Error);
  if (Error) {
    fs::remove(Temporary, Error);
    throw std::runtime_error("cannot write " + Path.string() + ": " + Error.message());
  }
}

} // namespace capgate
