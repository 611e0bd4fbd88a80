// ObjectFile.cpp - ELF64 and ar parsing for .capgate sections.
//
// The files may be hostile (a build script can bundle any bytes into its
// crate's rlib as a native library's member): every offset and size is
// checked against the data before use, without overflowing.
#include "ObjectFile.h"

#include "capgate/Facts.h"

#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace capgate {

namespace {

/// Whether [Offset, Offset + Size) lies within \p Data.
bool within(std::string_view Data, std::uint64_t Offset, std::uint64_t Size) {
  return Offset <= Data.size() && Size <= Data.size() - Offset;
}

template <typename T> T readField(std::string_view Data, std::uint64_t Offset) {
  if (!within(Data, Offset, sizeof(T)))
    throw std::runtime_error("truncated ELF header");
  T Value;
  std::memcpy(&Value, Data.data() + Offset, sizeof(T));
  return Value;
}

bool isElf(std::string_view Data) {
  return Data.size() >= 64 && Data.substr(0, 4) == "\x7f"
                                                   "ELF";
}

void collectElfSections(std::string_view Object,
                        std::vector<std::string_view> &Out) {
  // Only 64-bit little-endian ELF is produced on the targets capgate runs on.
  if (Object[4] != 2 || Object[5] != 1)
    throw std::runtime_error("not a 64-bit little-endian ELF file");
  auto SectionOffset = readField<std::uint64_t>(Object, 0x28);
  auto EntrySize = readField<std::uint16_t>(Object, 0x3A);
  auto Count = readField<std::uint16_t>(Object, 0x3C);
  auto NamesIndex = readField<std::uint16_t>(Object, 0x3E);
  if (Count == 0)
    return;
  if (EntrySize < 0x28 || !within(Object, SectionOffset, static_cast<std::uint64_t>(Count) * EntrySize))
    throw std::runtime_error("ELF section headers outside the file");
  auto Header = [&](std::size_t Index) {
    return SectionOffset + Index * static_cast<std::uint64_t>(EntrySize);
  };
  auto NamesOffset = readField<std::uint64_t>(Object, Header(NamesIndex) + 0x18);
  for (std::size_t Index = 0; Index < Count; ++Index) {
    auto NameOffset = readField<std::uint32_t>(Object, Header(Index));
    auto Type = readField<std::uint32_t>(Object, Header(Index) + 4);
    auto Offset = readField<std::uint64_t>(Object, Header(Index) + 0x18);
    auto Size = readField<std::uint64_t>(Object, Header(Index) + 0x20);
    if (!within(Object, NamesOffset, NameOffset) || NamesOffset + NameOffset >= Object.size())
      throw std::runtime_error("section name outside the file");
    // The name, NUL included, read no further than the file goes.
    std::string_view Name = Object.substr(NamesOffset + NameOffset, facts::SectionName.size() + 1);
    if (Name.substr(0, facts::SectionName.size()) != facts::SectionName ||
        Name.size() <= facts::SectionName.size() || Name.back() != '\0' || Type == 8 /* SHT_NOBITS */)
      continue;
    if (!within(Object, Offset, Size))
      throw std::runtime_error(".capgate section extends past the end of the file");
    Out.push_back(Object.substr(Offset, Size));
  }
}

void collectArchiveSections(std::string_view Archive,
                            std::vector<std::string_view> &Out) {
  std::size_t Pos = 8;
  while (Pos + 60 <= Archive.size()) {
    std::string_view Header = Archive.substr(Pos, 60);
    std::string_view SizeField = Header.substr(48, 10);
    SizeField = SizeField.substr(0, SizeField.find(' '));
    std::size_t Size = 0;
    auto [End, Status] = std::from_chars(SizeField.data(), SizeField.data() + SizeField.size(), Size);
    if (SizeField.empty() || Status != std::errc() || End != SizeField.data() + SizeField.size())
      throw std::runtime_error("malformed archive member header at byte " + std::to_string(Pos));
    std::size_t Start = Pos + 60;
    if (!within(Archive, Start, Size))
      throw std::runtime_error("archive member extends past the end of the file");
    std::string_view Member = Archive.substr(Start, Size);
    // rlibs also hold rustc's metadata (lib.rmeta) and symbol tables.
    if (isElf(Member))
      collectElfSections(Member, Out);
    Pos = Start + Size + (Size & 1);
  }
}

} // namespace

FactsSections readFactsSections(const std::string &Path) {
  int Descriptor = open(Path.c_str(), O_RDONLY | O_CLOEXEC);
  struct stat Status;
  if (Descriptor < 0 || fstat(Descriptor, &Status) != 0) {
    std::string Reason = std::strerror(errno);
    if (Descriptor >= 0)
      close(Descriptor);
    throw std::runtime_error("cannot read " + Path + ": " + Reason);
  }
  std::size_t Size = static_cast<std::size_t>(Status.st_size);
  void *Address = Size ? mmap(nullptr, Size, PROT_READ, MAP_PRIVATE, Descriptor, 0) : nullptr;
  close(Descriptor);
  if (Address == MAP_FAILED)
    throw std::runtime_error("cannot map " + Path + ": " + std::strerror(errno));
  FactsSections Result;
  Result.Mapping = std::shared_ptr<const void>(Address, [Size](const void *Mapped) {
    if (Mapped)
      munmap(const_cast<void *>(Mapped), Size);
  });
  std::string_view Data(static_cast<const char *>(Address), Size);
  try {
    if (Data.substr(0, 8) == "!<arch>\n")
      collectArchiveSections(Data, Result.Sections);
    else if (isElf(Data))
      collectElfSections(Data, Result.Sections);
    else
      throw std::runtime_error("not an ELF object or archive");
  } catch (const std::exception &Error) {
    throw std::runtime_error(Path + ": " + Error.what());
  }
  return Result;
}

} // namespace capgate
