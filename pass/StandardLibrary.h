//===- StandardLibrary.h - What the toolchain's std really defines -*- C++ -*-//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//
//
// FILE: StandardLibrary.h
//
// DESCRIPTION:
//   The symbols the toolchain's precompiled std, core and alloc define, read
//   from the archive symbol tables of their rlibs, and the crate
//   disambiguators those crates carry. A symbol name is chosen by whoever
//   defines it (#[export_name], #[no_mangle], #[link_name]): a call to
//   `_ZN3std2fs4read...` is a call into std only if std defines that symbol.
//   This is how the pass tells the two apart.
//
//===----------------------------------------------------------------------===//

#ifndef CAPGATE_PASS_STANDARDLIBRARY_H
#define CAPGATE_PASS_STANDARDLIBRARY_H

#include "RustSymbol.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/TargetParser/Triple.h"

#include <string>

namespace capgate {

class StandardLibrary {
public:
  /// Reads the rlibs of std, core and alloc in \p Directory. Returns false
  /// when core's is not there.
  bool read(llvm::StringRef Directory);

  /// False when the pass does not run inside a rustc whose sysroot holds
  /// the target's standard library (under opt, say): then symbol names
  /// cannot be checked, and are taken at their word.
  bool available() const { return Available; }

  /// True when std, core or alloc defines \p Symbol.
  bool defines(llvm::StringRef Symbol) const {
    return Symbols.contains(Symbol);
  }

  /// True when \p Owner is std, core or alloc of this toolchain, rather
  /// than a crate of the build that took one of their names.
  bool isToolchainCrate(const OwnerCrate &Owner) const;

  /// The directory the rlibs were read from.
  const std::string &directory() const { return Directory; }

private:
  bool Available = false;
  std::string Directory;
  llvm::StringSet<> Symbols;
  /// "name/disambiguator" of std, core and alloc.
  llvm::StringSet<> Crates;
};

/// The standard library of the rustc this plugin runs in, for \p Target;
/// read once per process.
const StandardLibrary &standardLibrary(const llvm::Triple &Target);

/// True when rustc runs with `-C symbol-mangling-version=v0`, as it does in
/// cargo capgate's analysis build: then every symbol rustc names itself is
/// a v0 symbol, and any other name was chosen by the crate.
bool manglesWithV0();

} // namespace capgate

#endif // CAPGATE_PASS_STANDARDLIBRARY_H
