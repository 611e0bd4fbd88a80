//===- StandardLibrary.cpp - What the toolchain's std really defines ------===//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//
//
// FILE: StandardLibrary.cpp
//
// DESCRIPTION:
//   rustc's rlibs are GNU ar archives whose first member ("/", or "/SYM64/")
//   is the archive symbol table: a big-endian count, that many member
//   offsets, then the symbol names, NUL-terminated. Only that member is read
//   (under 100 KB for std), once per rustc process. The sysroot is rustc's
//   own (its --sysroot, or the toolchain its executable belongs to), never
//   anything from the environment, which a build script can set.
//
//===----------------------------------------------------------------------===//

#include "StandardLibrary.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <fstream>
#include <iterator>
#include <optional>

using namespace llvm;

namespace capgate {

namespace {

/// rustc's command-line arguments: the plugin runs inside rustc.
SmallVector<std::string, 64> commandLine() {
  std::ifstream File("/proc/self/cmdline", std::ios::binary);
  std::string Raw((std::istreambuf_iterator<char>(File)),
                  std::istreambuf_iterator<char>());
  SmallVector<StringRef, 64> Parts;
  StringRef(Raw).split(Parts, '\0', -1, /*KeepEmpty=*/false);
  SmallVector<std::string, 64> Arguments;
  for (StringRef Part : Parts)
    Arguments.push_back(Part.str());
  return Arguments;
}

/// The value of a "--opt value" or "--opt=value" argument, the last one
/// given.
std::optional<std::string> optionValue(ArrayRef<std::string> Arguments,
                                       StringRef Option) {
  std::optional<std::string> Value;
  for (size_t I = 0; I < Arguments.size(); ++I) {
    StringRef Argument = Arguments[I];
    if (Argument == Option && I + 1 < Arguments.size())
      Value = Arguments[++I];
    else if (Argument.consume_front(Option) && Argument.consume_front("="))
      Value = Argument.str();
  }
  return Value;
}

uint64_t bigEndian(StringRef Bytes, size_t Offset, unsigned Width) {
  uint64_t Value = 0;
  for (unsigned I = 0; I < Width; ++I)
    Value = Value << 8 | static_cast<unsigned char>(Bytes[Offset + I]);
  return Value;
}

/// Adds the names in the symbol table of the archive at \p Path to
/// \p Symbols. False when the file is no archive with a symbol table.
bool readArchiveSymbols(StringRef Path, StringSet<> &Symbols) {
  std::ifstream File(Path.str(), std::ios::binary);
  char Header[8 + 60];
  if (!File.read(Header, sizeof(Header)) ||
      StringRef(Header, 8) != "!<arch>\n")
    return false;
  StringRef Member(Header + 8, 60);
  StringRef Name = Member.take_front(16).rtrim(' ');
  unsigned Width = Name == "/" ? 4 : Name == "/SYM64/" ? 8 : 0;
  uint64_t Size = 0;
  if (!Width || Member.substr(48, 10).trim(' ').getAsInteger(10, Size) ||
      Size > (64u << 20))
    return false;
  std::string Table(Size, '\0');
  if (!File.read(Table.data(), Size) || Size < Width)
    return false;
  uint64_t Count = bigEndian(Table, 0, Width);
  if (Count > (Size - Width) / Width)
    return false;
  StringRef Names = StringRef(Table).drop_front(Width * (Count + 1));
  for (uint64_t I = 0; I < Count && !Names.empty(); ++I) {
    auto [Symbol, Rest] = Names.split('\0');
    Symbols.insert(Symbol);
    Names = Rest;
  }
  return true;
}

/// The rlibs of \p Crate in \p Directory (lib<crate>-<hash>.rlib).
SmallVector<std::string, 1> rlibsOf(StringRef Directory, StringRef Crate) {
  SmallVector<std::string, 1> Found;
  std::error_code Error;
  std::string Prefix = ("lib" + Crate + "-").str();
  for (sys::fs::directory_iterator It(Directory, Error), End;
       !Error && It != End; It.increment(Error)) {
    StringRef File = sys::path::filename(It->path());
    if (File.starts_with(Prefix) && File.ends_with(".rlib"))
      Found.push_back(It->path());
  }
  return Found;
}

/// The sysroot of the rustc this process is: its --sysroot, or the
/// toolchain directory its executable lies in (<sysroot>/bin/rustc).
std::string sysroot(ArrayRef<std::string> Arguments) {
  if (std::optional<std::string> Given = optionValue(Arguments, "--sysroot"))
    return *Given;
  SmallString<256> Executable;
  if (sys::fs::real_path("/proc/self/exe", Executable))
    return "";
  return sys::path::parent_path(sys::path::parent_path(Executable)).str();
}

} // namespace

bool StandardLibrary::read(StringRef LibraryDirectory) {
  SmallVector<std::string, 1> Core = rlibsOf(LibraryDirectory, "core");
  if (Core.empty())
    return false;
  StringSet<> Read;
  for (StringRef Crate : {"core", "alloc", "std"})
    for (const std::string &Rlib : rlibsOf(LibraryDirectory, Crate))
      if (!readArchiveSymbols(Rlib, Read))
        return false;
  // The crates' own disambiguators, as their v0 symbols spell them.
  for (const auto &Entry : Read) {
    StringRef Symbol = Entry.getKey();
    if (!Symbol.starts_with("_R"))
      continue;
    OwnerCrate Owner = ownerOfSymbol(Symbol, "");
    if (isStandardLibraryCrate(Owner.Name))
      Crates.insert(Owner.Name + "/" + Owner.Disambiguator);
  }
  Symbols = std::move(Read);
  Directory = LibraryDirectory.str();
  Available = true;
  return true;
}

bool StandardLibrary::isToolchainCrate(const OwnerCrate &Owner) const {
  if (!isStandardLibraryCrate(Owner.Name))
    return false;
  // Legacy symbols carry no disambiguator; nor does anything under opt.
  if (!Available || Owner.Disambiguator.empty())
    return true;
  return Crates.contains(Owner.Name + "/" + Owner.Disambiguator);
}

const StandardLibrary &standardLibrary(const Triple &Target) {
  // Read by whichever codegen thread comes first; every module of one rustc
  // process has the same target.
  static const StandardLibrary Library = [&] {
    StandardLibrary Read;
    SmallVector<std::string, 64> Arguments = commandLine();
    std::string Root = sysroot(Arguments);
    if (Root.empty())
      return Read;
    // rustc's --target names the directory; without it, the host's target
    // is the module's, which for the hosts Rust supports is spelt the same.
    std::string TargetName = Target.str();
    if (std::optional<std::string> Given = optionValue(Arguments, "--target"))
      TargetName = sys::path::stem(*Given).str();
    SmallString<256> Directory(Root);
    sys::path::append(Directory, "lib", "rustlib", TargetName, "lib");
    Read.read(Directory);
    return Read;
  }();
  return Library;
}

bool manglesWithV0() {
  static const bool V0 = [] {
    // The last -C symbol-mangling-version given is the one rustc uses.
    SmallVector<std::string, 64> Arguments = commandLine();
    bool Found = false;
    for (size_t I = 0; I < Arguments.size(); ++I) {
      StringRef Argument = Arguments[I];
      if (Argument == "-C" && I + 1 < Arguments.size())
        Argument = Arguments[++I];
      else
        Argument.consume_front("-C");
      if (Argument.consume_front("symbol-mangling-version="))
        Found = Argument == "v0";
    }
    return Found;
  }();
  return V0;
}

} // namespace capgate
