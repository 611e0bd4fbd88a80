// Reading .capgate sections out of ELF objects and ar archives (rlibs),
// from files built byte by byte here, so that nothing depends on a linker.
#include "ObjectFile.h"
#include "TestFiles.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <utility>
#include <vector>

using namespace capgate;

namespace {

template <typename T> void put(std::string &Out, std::size_t Offset, T Value) {
  std::memcpy(Out.data() + Offset, &Value, sizeof(T));
}

/// A minimal ELF64 little-endian relocatable object with the given sections
/// (besides the null section and the section-name table).
std::string makeElf(const std::vector<std::pair<std::string, std::string>> &Sections,
                    std::uint32_t Type = 1 /* SHT_PROGBITS */) {
  std::string Names(1, '\0');
  std::vector<std::uint32_t> NameOffsets;
  for (const auto &[Name, Contents] : Sections) {
    NameOffsets.push_back(static_cast<std::uint32_t>(Names.size()));
    Names += Name;
    Names += '\0';
  }
  std::uint32_t NamesName = static_cast<std::uint32_t>(Names.size());
  Names += ".shstrtab";
  Names += '\0';

  std::string Out(64, '\0');
  Out.replace(0, 4, "\x7f" "ELF");
  Out[4] = 2; // 64-bit
  Out[5] = 1; // little-endian
  Out[6] = 1;
  put<std::uint16_t>(Out, 16, 1);  // ET_REL
  put<std::uint16_t>(Out, 18, 62); // x86-64
  put<std::uint32_t>(Out, 20, 1);
  put<std::uint16_t>(Out, 52, 64);
  std::vector<std::pair<std::uint64_t, std::uint64_t>> Placement;
  for (const auto &[Name, Contents] : Sections) {
    Placement.push_back({Out.size(), Contents.size()});
    Out += Contents;
  }
  std::uint64_t NamesOffset = Out.size();
  Out += Names;
  while (Out.size() % 8)
    Out += '\0';
  std::uint64_t HeadersOffset = Out.size();
  std::uint16_t Count = static_cast<std::uint16_t>(Sections.size() + 2);
  put<std::uint64_t>(Out, 40, HeadersOffset);
  put<std::uint16_t>(Out, 58, 64);
  put<std::uint16_t>(Out, 60, Count);
  put<std::uint16_t>(Out, 62, Count - 1);
  Out.append(64 * Count, '\0');
  for (std::size_t I = 0; I < Sections.size(); ++I) {
    std::size_t Header = HeadersOffset + 64 * (I + 1);
    put<std::uint32_t>(Out, Header, NameOffsets[I]);
    put<std::uint32_t>(Out, Header + 4, Type);
    put<std::uint64_t>(Out, Header + 0x18, Placement[I].first);
    put<std::uint64_t>(Out, Header + 0x20, Placement[I].second);
  }
  std::size_t Header = HeadersOffset + 64 * (Count - 1);
  put<std::uint32_t>(Out, Header, NamesName);
  put<std::uint32_t>(Out, Header + 4, 3); // SHT_STRTAB
  put<std::uint64_t>(Out, Header + 0x18, NamesOffset);
  put<std::uint64_t>(Out, Header + 0x20, Names.size());
  return Out;
}

/// An ar archive of the given members (name, contents), as rlibs are.
std::string makeArchive(const std::vector<std::pair<std::string, std::string>> &Members) {
  std::string Out = "!<arch>\n";
  for (const auto &[Name, Contents] : Members) {
    char Header[61];
    std::snprintf(Header, sizeof Header, "%-16s%-12s%-6s%-6s%-8s%-10zu`\n", (Name + "/").c_str(), "0",
                  "0", "0", "644", Contents.size());
    Out.append(Header, 60);
    Out += Contents;
    if (Contents.size() % 2)
      Out += '\n';
  }
  return Out;
}

std::vector<std::string> texts(const FactsSections &Found) {
  return {Found.Sections.begin(), Found.Sections.end()};
}

} // namespace

TEST(ObjectFile, FindsTheSectionInAnObject) {
  test::TemporaryDirectory Dir;
  std::string File = Dir.write("a.o", makeElf({{".text", "code"}, {".capgate", "facts"}, {".data", "d"}}));
  EXPECT_EQ(texts(readFactsSections(File)), std::vector<std::string>{"facts"});
}

TEST(ObjectFile, AnObjectWithoutTheSectionHasNoFacts) {
  test::TemporaryDirectory Dir;
  std::string File = Dir.write("a.o", makeElf({{".text", "code"}, {".capgatex", "not ours"}}));
  EXPECT_TRUE(readFactsSections(File).Sections.empty());
}

TEST(ObjectFile, NoBitsSectionsAreSkipped) {
  test::TemporaryDirectory Dir;
  std::string File = Dir.write("a.o", makeElf({{".capgate", "x"}}, 8 /* SHT_NOBITS */));
  EXPECT_TRUE(readFactsSections(File).Sections.empty());
}

TEST(ObjectFile, EveryObjectMemberOfAnArchive) {
  // An rlib: objects with facts, rustc's metadata (not ELF), an odd-sized
  // member that needs the padding byte, and an object without facts.
  test::TemporaryDirectory Dir;
  std::string File = Dir.write(
      "libx.rlib", makeArchive({{"x-cgu.0.rcgu.o", makeElf({{".capgate", "first"}})},
                                {"lib.rmeta", "rust metadata, odd size"},
                                {"x-cgu.1.rcgu.o", makeElf({{".text", "t"}})},
                                {"x-cgu.2.rcgu.o", makeElf({{".capgate", "second"}})}}));
  EXPECT_EQ(texts(readFactsSections(File)), (std::vector<std::string>{"first", "second"}));
}

TEST(ObjectFile, NotAnObjectIsAnError) {
  test::TemporaryDirectory Dir;
  std::string File = Dir.write("notes.txt", "hello");
  try {
    readFactsSections(File);
    FAIL() << "expected an error";
  } catch (const std::runtime_error &Error) {
    EXPECT_NE(std::string(Error.what()).find("notes.txt: not an ELF object or archive"), std::string::npos)
        << Error.what();
  }
}

TEST(ObjectFile, MissingFileIsAnError) {
  EXPECT_THROW(readFactsSections("/nonexistent/capgate/a.o"), std::runtime_error);
}

TEST(ObjectFile, SectionPastTheEndIsAnError) {
  test::TemporaryDirectory Dir;
  std::string Object = makeElf({{".capgate", "facts"}});
  // Declare the section far larger than the file.
  std::uint64_t HeadersOffset;
  std::memcpy(&HeadersOffset, Object.data() + 40, 8);
  put<std::uint64_t>(Object, HeadersOffset + 64 + 0x20, 1u << 30);
  std::string File = Dir.write("a.o", Object);
  EXPECT_THROW(readFactsSections(File), std::runtime_error);
}

TEST(ObjectFile, TruncatedArchiveMemberIsAnError) {
  test::TemporaryDirectory Dir;
  std::string Archive = makeArchive({{"a.o", makeElf({{".capgate", "facts"}})}});
  std::string File = Dir.write("liba.rlib", Archive.substr(0, Archive.size() - 100));
  EXPECT_THROW(readFactsSections(File), std::runtime_error);
}

TEST(ObjectFile, HostileOffsetsAreErrorsNotCrashes) {
  // A build script can bundle any bytes into its crate's rlib: offsets
  // and sizes that overflow when added, and names that run off the end.
  test::TemporaryDirectory Dir;
  std::string Object = makeElf({{".capgate", "facts"}});
  std::uint64_t HeadersOffset;
  std::memcpy(&HeadersOffset, Object.data() + 40, 8);
  auto Expect = [&](std::string Changed, const char *What) {
    std::string File = Dir.write("a.o", Changed);
    EXPECT_THROW(readFactsSections(File), std::runtime_error) << What;
    File = Dir.write("liba.rlib", makeArchive({{"a.o", Changed}}));
    EXPECT_THROW(readFactsSections(File), std::runtime_error) << What;
  };
  std::string Changed = Object;
  put<std::uint64_t>(Changed, HeadersOffset + 64 + 0x18, ~std::uint64_t(0) - 2);
  Expect(Changed, "section offset that wraps");
  Changed = Object;
  put<std::uint64_t>(Changed, 40, ~std::uint64_t(0) - 10);
  Expect(Changed, "section headers that wrap");
  Changed = Object;
  put<std::uint32_t>(Changed, HeadersOffset + 64, 0xfffffff0u);
  Expect(Changed, "name offset outside the file");
  std::string Archive = makeArchive({{"a.o", Object}});
  Archive.replace(8 + 48, 10, "12x4      ");
  EXPECT_THROW(readFactsSections(Dir.write("libb.rlib", Archive)), std::runtime_error);
}
