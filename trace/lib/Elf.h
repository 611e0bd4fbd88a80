// capgate trace: just enough ELF64 reading to symbolise addresses, find the
// program's main and check that a return address follows a call.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace capgate::trace {

struct ElfSymbol {
  std::uint64_t Value = 0, Size = 0;
  std::string Name;
};

struct ElfSegment {
  std::uint64_t Offset = 0, VAddr = 0, FileSize = 0, MemSize = 0;
  bool Executable = false;
};

/// A mapped ELF file: its PT_LOAD segments and its function symbols (from
/// .symtab and .dynsym). Only 64-bit little-endian files are read.
class ElfImage {
public:
  /// nullptr when the file cannot be read or is not such an ELF file.
  static std::shared_ptr<const ElfImage> load(const std::string &Path);
  ~ElfImage();
  ElfImage(const ElfImage &) = delete;
  ElfImage &operator=(const ElfImage &) = delete;

  const std::string &path() const { return Path; }
  std::uint64_t entry() const { return Entry; }
  /// Has a PT_INTERP: dynamically linked, so its system calls normally go
  /// through a shared libc.
  bool dynamic() const { return HasInterp; }
  const std::vector<ElfSegment> &segments() const { return Loads; }
  const std::vector<ElfSymbol> &functions() const { return Functions; }

  /// The function containing \p VAddr (link-time address), or nullptr.
  const ElfSymbol *symbolAt(std::uint64_t VAddr) const;
  /// The first function named exactly \p Name.
  const ElfSymbol *find(std::string_view Name) const;
  /// Link-time address of a file offset inside a PT_LOAD segment.
  std::optional<std::uint64_t> vaddrOfOffset(std::uint64_t Offset) const;
  /// Copies file bytes backing [VAddr, VAddr+Size); false outside the file.
  bool read(std::uint64_t VAddr, void *Out, std::size_t Size) const;

private:
  ElfImage() = default;
  std::string Path;
  const unsigned char *Data = nullptr;
  std::size_t Length = 0;
  std::uint64_t Entry = 0;
  bool HasInterp = false;
  std::vector<ElfSegment> Loads;
  std::vector<ElfSymbol> Functions; // sorted by Value
};

} // namespace capgate::trace
