// MacFile.h - files of capgate's own that it must notice anyone else changing.
//
// capgate keeps several files in the analysis target directory between runs
// (the report cache, the digest cache, the record of each unit's unsafe
// code, cargo's metadata). Whatever can write that directory (a build
// script run without the sandbox) could change them, so each is MAC'd: the
// file is the hexadecimal HMAC-SHA-256 of its body, a line feed, and the
// body. The HMAC's key is derived from the facts key and the file's purpose,
// so that no file of one kind passes for another's.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace capgate {

/// The key the files for \p Purpose are MAC'd with, derived from \p FactsKey.
std::string macFileKey(std::string_view FactsKey, std::string_view Purpose);

struct MacFileContents {
  enum StateKind {
    /// There is no such file (or it cannot be read).
    Missing,
    /// There is one, but its MAC does not verify: capgate did not write it
    /// with this key.
    Forged,
    Valid
  };
  StateKind State = Missing;
  /// The body, when Valid.
  std::string Body;
};

/// Reads \p Path and verifies its MAC under \p Key (macFileKey).
MacFileContents readMacFile(const std::filesystem::path &Path, std::string_view Key);

/// Writes \p Body with its MAC under \p Key to \p Path, whole or not at all
/// (a temporary file renamed into place). Throws std::runtime_error when it
/// cannot.
void writeMacFile(const std::filesystem::path &Path, std::string_view Key, std::string_view Body);

} // namespace capgate
