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
//     capgate-facts <TAB> <version> <TAB> <unit> <TAB> <stored bytes> <TAB>
//     <payload bytes> <TAB> <MAC> <LF> <payload, zlib-compressed to <stored
//     bytes>>
//
//   where <unit> is cargo's compilation unit ("victim-0a1b2c3d4e5f6a7b",
//   crate name and extra filename) and <MAC> the hexadecimal
//   HMAC-SHA256, under the unit's key, of the header up to and including the
//   TAB before the MAC, followed by the stored bytes. The unit's key is
//   HMAC-SHA256(facts key, "capgate-unit" NUL <unit>), where the facts key
//   is a secret of the user's that no crate's code can read (see
//   cargo-subcommand/FactsKey.h): a block that a crate placed in the section
//   itself (a #[link_section] static, assembly, a C object) cannot carry a
//   MAC that verifies, and a block capgate wrote for one unit does not pass
//   for another's. Readers verify the MAC before they decompress anything.
//
//   The payload is a sequence of records, one per line, fields separated
//   by TAB. Fields escape backslash, TAB and LF as \\, \t and \n. The first
//   field names the record kind (see the kind namespace below). The payload
//   is compressed because symbol names repeat on many records: it is about a
//   tenth of its plain size.
//
//===----------------------------------------------------------------------===//

#ifndef CAPGATE_FACTS_H
#define CAPGATE_FACTS_H

#include "capgate/Sha256.h"

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
/// The end of the plugin's fatal error for a crate that writes into
/// SectionName itself. rustc prints LLVM's fatal errors as plain text and
/// exits 101, like any failed compilation; the wrapper looks for this text
/// to tell cargo capgate that the failure is a finding about the crate.
inline constexpr std::string_view ForgeryRefusal =
    "capgate does not compile a crate that forges them";
inline constexpr std::string_view Magic = "capgate-facts";
/// Bumped whenever a record changes meaning. Readers refuse other versions.
inline constexpr unsigned Version = 2;

/// Decompression bounds. A block declares its payload size; readers refuse
/// one that declares more than deflate can produce from its stored bytes
/// (deflate's best ratio is 1032:1) or more than any codegen unit's facts
/// need, before allocating anything, and stop inflating at the declared
/// size. A hostile block therefore costs at most its own size times the
/// ratio, and never more than the absolute cap.
inline constexpr std::size_t MaxExpansion = 1032;
inline constexpr std::size_t MaxPayload = std::size_t(1) << 30;

/// The per-unit key: what the wrapper hands the plugin for one compilation
/// unit, derived from the facts key so that a unit's key authenticates that
/// unit's facts alone.
inline std::string unitKey(std::string_view FactsKey, std::string_view Unit) {
  std::string Label("capgate-unit");
  Label += '\0';
  Label += Unit;
  sha256::Digest Key = sha256::hmac(FactsKey, Label);
  return std::string(Key.begin(), Key.end());
}

/// The crate name a unit id names: cargo's extra filename starts with '-',
/// which no crate name contains.
inline std::string_view crateOfUnit(std::string_view Unit) {
  return Unit.substr(0, Unit.find('-'));
}

/// The record kinds, by their first field.
///
///   crate  name disambiguator crate-types package version manifest-dir module
///          unit
///   fn     symbol linkage owner-crate owner-disambiguator path file line
///   global symbol linkage path
///   use    symbol capability callee file line callee-symbol
///   call   symbol target-symbol file line
///   ref    symbol target-symbol file line
///   root   symbol reason
///   sysret symbol
///   sysfwd symbol parameter through file line
///   sysarg symbol target-symbol index value through file line
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
/// The `sys*` records let the reader charge a raw system call made in one
/// codegen unit with the number another unit of the crate passes
/// (docs/facts-format.md): `sysret` a function that returns its one
/// parameter; `sysfwd` a raw system call at file:line of `symbol`, charged
/// SYSTEM_CALLS by its `use`, whose number is parameter `parameter` passed
/// through the functions `through` (symbols separated by spaces); `sysarg`
/// a call at file:line passing constant `value` as argument `index`
/// through `through`.
namespace kind {
inline constexpr std::string_view Crate = "crate";
inline constexpr std::string_view Function = "fn";
inline constexpr std::string_view Global = "global";
inline constexpr std::string_view Use = "use";
inline constexpr std::string_view Call = "call";
inline constexpr std::string_view Ref = "ref";
inline constexpr std::string_view Root = "root";
inline constexpr std::string_view SyscallReturn = "sysret";
inline constexpr std::string_view SyscallForward = "sysfwd";
inline constexpr std::string_view SyscallArgument = "sysarg";
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

/// Compresses a payload and wraps it in its block header, authenticated
/// with \p UnitKey (the raw key, unitKey()). An empty key (the plugin run
/// outside `cargo capgate`, by opt or rustc by hand) leaves the MAC field
/// empty: such a block is readable by the test tools, and every reader that
/// authenticates refuses it.
inline std::string frameBlock(std::string_view Payload, std::string_view Unit,
                              std::string_view UnitKey) {
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
  appendEscaped(Block, Unit);
  Block += '\t';
  Block += std::to_string(Stored.size());
  Block += '\t';
  Block += std::to_string(Payload.size());
  Block += '\t';
  if (!UnitKey.empty())
    Block += sha256::toHex(
        sha256::Hmac(UnitKey).update(Block).update(Stored).finish());
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

/// Parses an unsigned decimal field; false unless all of \p Text is one.
template <typename Number>
bool parseNumber(std::string_view Text, Number &Out) {
  auto [End, Status] =
      std::from_chars(Text.data(), Text.data() + Text.size(), Out);
  return Status == std::errc() && End == Text.data() + Text.size();
}

/// One block as the section stores it, not yet authenticated or
/// decompressed: readers that meet the same block many times (an rlib's
/// objects are copied into every binary linked from it) can recognise it by
/// its bytes and verify and decode it once.
struct StoredBlock {
  unsigned Version = 0;
  /// The unit the block claims to describe (unescaped).
  std::string Unit;
  /// The compressed payload; empty for a block of another version.
  std::string_view Stored;
  std::size_t PlainSize = 0;
  /// The MAC as written (hexadecimal; empty when the plugin had no key).
  std::string_view Mac;
  /// What the MAC covers before the stored bytes: the header up to and
  /// including the TAB before the MAC.
  std::string_view Signed;
  /// The whole block, header and stored bytes.
  std::string_view Whole;
  /// Where the block's header starts in the section.
  std::size_t Offset = 0;
};

/// Splits the contents of a `.capgate` section into stored blocks without
/// decompressing them. Padding NUL bytes between blocks (alignment a linker
/// may insert) are skipped. Every size is checked against the section before
/// it is used. On malformed input, returns false and describes the problem
/// in \p Error; blocks split before the problem are still in \p Blocks. A
/// block of another version is returned (with no stored bytes) for the
/// caller to refuse by name.
inline bool splitStoredBlocks(std::string_view Section,
                              std::vector<StoredBlock> &Blocks,
                              std::string &Error) {
  // Longer than any header capgate writes (a unit id is a crate name and a
  // 17-character suffix); a "header" without a line feed in this many bytes
  // is not one.
  constexpr std::size_t MaxHeader = 4096;
  std::size_t Pos = 0;
  while (Pos < Section.size()) {
    if (Section[Pos] == '\0') {
      ++Pos;
      continue;
    }
    std::string_view Rest = Section.substr(Pos);
    std::size_t HeaderEnd = Rest.substr(0, MaxHeader).find('\n');
    if (Rest.substr(0, Magic.size()) != Magic || Rest.size() <= Magic.size() ||
        Rest[Magic.size()] != '\t') {
      Error = "no capgate-facts block header at byte " + std::to_string(Pos);
      return false;
    }
    if (HeaderEnd == Rest.npos) {
      Error = "capgate-facts block header at byte " + std::to_string(Pos) +
              " has no end";
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
    auto Malformed = [&] {
      Error = "malformed capgate-facts block header at byte " +
              std::to_string(Pos);
      return false;
    };
    if (Fields.empty() || !parseNumber(Fields[0], Parsed.Version))
      return Malformed();
    if (Parsed.Version != Version) {
      Blocks.push_back(Parsed);
      Error = "a block of facts format version " +
              std::to_string(Parsed.Version) + " (this capgate reads version " +
              std::to_string(Version) + ")";
      return false;
    }
    std::size_t StoredSize = 0;
    if (Fields.size() != 5 ||
        !parseNumber(Fields[2], StoredSize) ||
        !parseNumber(Fields[3], Parsed.PlainSize))
      return Malformed();
    std::vector<std::string_view> UnitField;
    std::deque<std::string> Scratch;
    splitRecord(Fields[1], UnitField, Scratch);
    Parsed.Unit = std::string(UnitField.front());
    Parsed.Mac = Fields[4];
    std::string_view Stored = Rest.substr(HeaderEnd + 1);
    if (StoredSize > Stored.size()) {
      Error = "capgate-facts block at byte " + std::to_string(Pos) +
              " is truncated (" + std::to_string(StoredSize) +
              " bytes declared, " + std::to_string(Stored.size()) + " present)";
      return false;
    }
    if (Parsed.PlainSize > MaxPayload || StoredSize > compressBound(MaxPayload) ||
        Parsed.PlainSize / MaxExpansion > StoredSize) {
      Error = "capgate-facts block at byte " + std::to_string(Pos) +
              " declares " + std::to_string(Parsed.PlainSize) +
              " bytes of payload in " + std::to_string(StoredSize) +
              " stored bytes, more than they can hold";
      return false;
    }
    Parsed.Stored = Stored.substr(0, StoredSize);
    Parsed.Signed = Rest.substr(0, HeaderEnd - Parsed.Mac.size());
    Parsed.Whole = Rest.substr(0, HeaderEnd + 1 + StoredSize);
    Blocks.push_back(std::move(Parsed));
    Pos += HeaderEnd + 1 + StoredSize;
  }
  return true;
}

/// Whether \p Block carries a MAC that verifies under \p UnitKey (the raw
/// key of the unit it claims, unitKey()).
inline bool authenticBlock(const StoredBlock &Block, std::string_view UnitKey) {
  std::string Mac;
  if (Block.Mac.size() != 64 || !sha256::fromHex(Block.Mac, Mac))
    return false;
  sha256::Digest Expected =
      sha256::Hmac(UnitKey).update(Block.Signed).update(Block.Stored).finish();
  return sha256::equalConstantTime(
      Mac, std::string_view(reinterpret_cast<const char *>(Expected.data()),
                            Expected.size()));
}

/// Decompresses a stored block's payload into \p Payload, producing at most
/// the declared size (splitStoredBlocks bounded it). On failure, returns
/// false and describes the problem in \p Error.
inline bool decodeBlock(const StoredBlock &Stored, std::string &Payload,
                        std::string &Error) {
  Payload.assign(Stored.PlainSize, '\0');
  z_stream Stream{};
  if (inflateInit(&Stream) != Z_OK) {
    Error = "cannot start zlib";
    return false;
  }
  Stream.next_in =
      reinterpret_cast<Bytef *>(const_cast<char *>(Stored.Stored.data()));
  Stream.avail_in = static_cast<uInt>(Stored.Stored.size());
  Stream.next_out = reinterpret_cast<Bytef *>(Payload.data());
  Stream.avail_out = static_cast<uInt>(Payload.size());
  int Status = inflate(&Stream, Z_FINISH);
  bool Complete = Status == Z_STREAM_END && Stream.total_out == Payload.size() &&
                  Stream.avail_in == 0;
  inflateEnd(&Stream);
  if (!Complete) {
    Error = "capgate-facts block at byte " + std::to_string(Stored.Offset) +
            " is corrupt (its compressed payload does not decode to the " +
            std::to_string(Stored.PlainSize) + " bytes its header declares)";
    return false;
  }
  return true;
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
