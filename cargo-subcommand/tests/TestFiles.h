// TestFiles.h - temporary files for the unit tests.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include <unistd.h>

namespace capgate::test {

/// A directory of its own per test, removed afterwards.
class TemporaryDirectory {
public:
  TemporaryDirectory() {
    std::string Pattern = (std::filesystem::temp_directory_path() / "capgate-unit-XXXXXX").string();
    Path = mkdtemp(Pattern.data());
  }
  ~TemporaryDirectory() { std::filesystem::remove_all(Path); }

  std::string write(const std::string &Name, std::string_view Contents) const {
    std::filesystem::path File = Path / Name;
    std::filesystem::create_directories(File.parent_path());
    std::ofstream(File, std::ios::binary) << Contents;
    return File.string();
  }

  std::filesystem::path Path;
};

} // namespace capgate::test
