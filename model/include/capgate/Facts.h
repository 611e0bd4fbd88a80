//===- capgate/Facts.h - The facts section format ---------------*- C++ -*-===//
//
// Part of capgate. Shared by the pass plugin and the cargo subcommand.
//
//===----------------------------------------------------------------------===//
//
// FILE: Facts.h
//
// DESCRIPTION:
//   The format of the facts the pass writes into the `.capgate` section of
//   every object file, and the framing and escaping both sides use. The full
//   description, with an example, is docs/facts-format.md; this header is its
//   single implementation.
//
//   A section holds one or more blocks, one per codegen unit (the linker
//   concatenates the blocks of every object it links, so a linked binary holds
//   many). A block is
//
//     capgate-facts <TAB> <version> <TAB> <stored bytes> <TAB> <payload bytes>
//     <LF> <payload, zlib-compressed to <stored bytes>>
//
//   and the payload is a sequence of records, one per line, fields separated
//   by TAB. Fields escape backslash, TAB and LF as \\, \t and \n. The first
//   field names the record kind (see the kind namespace below). The payload
//   is compressed because symbol names repeat on many records: it is about a
//   tenth of its plain size.
//
//===----------------------------------------------------------------------===//

#ifndef CAPGATE_FACTS_H
#define CAPGATE_FACTS_H

#include <zlib.h>

#include <charconv>
#include <cstddef>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace capgate::facts {

/// The ELF section the pass writes. It is emitted without SHF_ALLOC, so the
/// linker keeps it (non-allocated sections are never garbage-collected),
/// concatenates it across objects, and it costs nothing at run time.
inline constexpr std::string_view SectionName = ".capgate";
inline constexpr std::string_view Magic = "capgate-facts";
/// Bumped whenever a record changes meaning. Readers refuse other versions.
inline constexpr unsigned Version = 1;

/// The record kinds, by their first field.
///
///   crate  name disambiguator crate-types package version manifest-dir module
///   fn     symbol linkage owner-crate owner-disambiguator path file line
///   global symbol linkage path
///   use    symbol capability callee file line callee-symbol
///   call   symbol target-symbol file line
///   ref    symbol target-symbol file line
///   root   symbol reason
///
/// `linkage` is `x` (external, one definition), `w` (weak or linkonce: a copy
/// that other objects may also hold) or `i` (internal to this object). A
/// `use` whose symbol field is empty belongs to the crate as a whole
/// (module-level assembly). A use's `callee-symbol` is the symbol of the
/// call's target when the use was read from that target's name (its
/// annotation, or NATIVE_CODE for a C function nothing explains): a reader
/// drops the use when a crate of the build defines that symbol as something
/// other than what the name says (#[no_mangle], #[export_name]). `root`
/// reasons: `ctor` (a static constructor), `used` (kept by #[used]),
/// `export` (#[no_mangle], #[export_name] or an exported C ABI).
namespace kind {
inline constexpr std::string_view Crate = "crate";
inline constexpr std::string_view Function = "fn";
inline constexpr std::string_view Global = "global";
inline constexpr std::string_view Use = "use";
inline constexpr std::string_view Call = "call";
inline constexpr std::string_view Ref = "ref";
inline constexpr std::string_view Root = "root";
} // namespace kind

/// Appends \p Field to \p Out, escaping the three characters that would break
/// the line-and-tab framing.
inline void appendEscaped(std::string &Out, std::string_view Field) {
  for (char C : Field) {
    switch (C) {
    case '\\':
      Out += "\\\\";
      break;
    case '\t':
      Out += "\\t";
      break;
    case '\n':
      Out += "\\n";
      break;
    default:
      Out += C;
    }
  }
}

/// Builds one record line from its fields.
class RecordWriter {
public:
  explicit RecordWriter(std::string &Out) : Out(Out) {}

  RecordWriter &field(std::string_view Text) {
    if (!First)
      Out += '\t';
    First = false;
    appendEscaped(Out, Text);
    return *this;
  }

  RecordWriter &field(unsigned long long Number) {
    return field(std::string_view(std::to_string(Number)));
  }

  ~RecordWriter() { Out += '\n'; }

private:
  std::string &Out;
  bool First = true;
};

/// Compresses a payload and wraps it in its block header.
inline std::string frameBlock(std::string_view Payload) {
  uLongf StoredSize = compressBound(Payload.size());
  std::string Stored(StoredSize, '\0');
  // Level 1: nearly all of the size reduction at a fraction of the time,
  // which rustc pays for every codegen unit.
  if (compress2(reinterpret_cast<Bytef *>(Stored.data()), &StoredSize,
                reinterpret_cast<const Bytef *>(Payload.data()), Payload.size(),
                1) != Z_OK)
    StoredSize = 0;
  Stored.resize(StoredSize);
  std::string Block(Magic);
  Block += '\t';
  Block += std::to_string(Version);
  Block += '\t';
  Block += std::to_string(Stored.size());
  Block += '\t';
  Block += std::to_string(Payload.size());
  Block += '\n';
  Block += Stored;
  return Block;
}

/// Splits a record line into unescaped fields. Fields without escapes (all
/// but a rare few) are views into \p Line; the others are unescaped into
/// \p Scratch (a deque, so that growing it moves no string), which must
/// outlive the fields.
inline void splitRecord(std::string_view Line, std::vector<std::string_view> &Fields,
                        std::deque<std::string> &Scratch) {
  Fields.clear();
  Scratch.clear();
  std::size_t Start = 0;
  while (true) {
    std::size_t End = Line.find('\t', Start);
    std::string_view Field = Line.substr(Start, End == Line.npos ? Line.npos : End - Start);
    if (Field.find('\\') == Field.npos) {
      Fields.push_back(Field);
    } else {
      std::string &Unescaped = Scratch.emplace_back();
      for (std::size_t I = 0; I < Field.size(); ++I) {
        char C = Field[I];
        if (C == '\\' && I + 1 < Field.size()) {
          char Next = Field[++I];
          C = Next == 't' ? '\t' : Next == 'n' ? '\n' : Next;
        }
        Unescaped += C;
      }
      Fields.push_back(Unescaped);
    }
    if (End == Line.npos)
      break;
    Start = End + 1;
  }
}

/// One framed block found in a section, decompressed.
struct Block {
  unsigned Version = 0;
  std::string Payload;
};

/// Parses an unsigned decimal field; false unless all of \p Text is one.
template <typename Number>
bool parseNumber(std::string_view Text, Number &Out) {
  auto [End, Status] =
      std::from_chars(Text.data(), Text.data() + Text.size(), Out);
  return Status == std::errc() && End == Text.data() + Text.size();
}

/// One block as the section stores it, not yet decompressed: readers that
/// meet the same block many times (an rlib's objects are copied into every
/// binary linked from it) can recognise it by its stored bytes and decode it
/// once.
struct StoredBlock {
  unsigned Version = 0;
  /// The compressed payload; empty for a block of another version.
  std::string_view Stored;
  std::size_t PlainSize = 0;
  /// Where the block's header starts in the section.
  std::size_t Offset = 0;
};

/// Splits the contents of a `.capgate` section into stored blocks without
/// decompressing them. Padding NUL bytes between blocks (alignment a linker
/// may insert) are skipped. On malformed input, returns false and describes
/// the problem in \p Error; blocks split before the problem are still in
/// \p Blocks. A block of another version is returned (with no stored bytes)
/// for the caller to refuse by name.
inline bool splitStoredBlocks(std::string_view Section,
                              std::vector<StoredBlock> &Blocks,
                              std::string &Error) {
  std::size_t Pos = 0;
  while (Pos < Section.size()) {
    if (Section[Pos] == '\0') {
      ++Pos;
      continue;
    }
    std::string_view Rest = Section.substr(Pos);
    std::size_t HeaderEnd = Rest.find('\n');
    if (HeaderEnd == Rest.npos || Rest.substr(0, Magic.size()) != Magic ||
        Rest.size() <= Magic.size() || Rest[Magic.size()] != '\t') {
      Error = "no capgate-facts block header at byte " + std::to_string(Pos);
      return false;
    }
    std::vector<std::string_view> Fields;
    std::string_view Header =
        Rest.substr(Magic.size() + 1, HeaderEnd - Magic.size() - 1);
    for (std::size_t Start = 0;;) {
      std::size_t Tab = Header.find('\t', Start);
      Fields.push_back(Header.substr(Start, Tab - Start));
      if (Tab == Header.npos)
        break;
      Start = Tab + 1;
    }
    StoredBlock Parsed;
    Parsed.Offset = Pos;
    std::size_t StoredSize = 0;
    if (Fields.empty() || !parseNumber(Fields[0], Parsed.Version)) {
      Error =
          "malformed capgate-facts block header at byte " + std::to_string(Pos);
      return false;
    }
    if (Parsed.Version != Version) {
      Blocks.push_back(Parsed);
      Error = "facts format version " + std::to_string(Parsed.Version) +
              " (this capgate reads version " + std::to_string(Version) + ")";
      return false;
    }
    if (Fields.size() != 3 || !parseNumber(Fields[1], StoredSize) ||
        !parseNumber(Fields[2], Parsed.PlainSize)) {
      Error =
          "malformed capgate-facts block header at byte " + std::to_string(Pos);
      return false;
    }
    std::string_view Stored = Rest.substr(HeaderEnd + 1);
    if (StoredSize > Stored.size()) {
      Error = "capgate-facts block at byte " + std::to_string(Pos) +
              " is truncated (" + std::to_string(StoredSize) +
              " bytes declared, " + std::to_string(Stored.size()) + " present)";
      return false;
    }
    Parsed.Stored = Stored.substr(0, StoredSize);
    Blocks.push_back(Parsed);
    Pos += HeaderEnd + 1 + StoredSize;
  }
  return true;
}

/// Decompresses a stored block's payload into \p Payload. On failure,
/// returns false and describes the problem in \p Error.
inline bool decodeBlock(const StoredBlock &Stored, std::string &Payload,
                        std::string &Error) {
  Payload.resize(Stored.PlainSize);
  uLongf Produced = Stored.PlainSize;
  if (uncompress(reinterpret_cast<Bytef *>(Payload.data()), &Produced,
                 reinterpret_cast<const Bytef *>(Stored.Stored.data()),
                 Stored.Stored.size()) != Z_OK ||
      Produced != Stored.PlainSize) {
    Error = "capgate-facts block at byte " + std::to_string(Stored.Offset) +
            " is corrupt (its compressed payload does not decode)";
    return false;
  }
  return true;
}

/// Splits the contents of a `.capgate` section into blocks, decompressed.
/// Padding NUL bytes between blocks are skipped. On malformed input, returns
/// false and describes the problem in \p Error; blocks parsed before the
/// problem are still in \p Blocks. A block of another version is returned
/// undecoded (empty payload) for the caller to refuse by name.
inline bool splitBlocks(std::string_view Section, std::vector<Block> &Blocks,
                        std::string &Error) {
  std::vector<StoredBlock> Stored;
  bool Complete = splitStoredBlocks(Section, Stored, Error);
  for (const StoredBlock &Each : Stored) {
    Block Parsed;
    Parsed.Version = Each.Version;
    if (Each.Version == Version && !decodeBlock(Each, Parsed.Payload, Error))
      return false;
    Blocks.push_back(std::move(Parsed));
  }
  return Complete;
}

/// Calls \p Visit with the fields of every record in a block payload, as a
/// vector of views valid during the call.
template <typename Fn>
void forEachRecord(std::string_view Payload, Fn &&Visit) {
  std::vector<std::string_view> Fields;
  std::deque<std::string> Scratch;
  std::size_t Pos = 0;
  while (Pos < Payload.size()) {
    std::size_t End = Payload.find('\n', Pos);
    if (End == Payload.npos)
      End = Payload.size();
    if (End > Pos) {
      splitRecord(Payload.substr(Pos, End - Pos), Fields, Scratch);
      Visit(Fields);
    }
    Pos = End + 1;
  }
}

} // namespace capgate::facts

#endif // CAPGATE_FACTS_H
