//===- RustSymbol.h - Rust symbol names: demangling and ownership -*- C++ -*-=//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//
//
// FILE: RustSymbol.h
//
// DESCRIPTION:
//   What capgate needs to know about a symbol name: whether it is a Rust
//   symbol, its readable path, the crate whose source the function comes from
//   (which, for a generic instantiated in another crate, is not the crate
//   being compiled), and the normalised paths annotation rules match against.
//
//===----------------------------------------------------------------------===//

#ifndef CAPGATE_PASS_RUSTSYMBOL_H
#define CAPGATE_PASS_RUSTSYMBOL_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace capgate {

/// The crate a function's code was written in. The disambiguator is the v0
/// crate-root disambiguator (base-62 text); it tells apart two crates of the
/// same name, such as two versions of one package, and is empty for legacy
/// symbols.
struct OwnerCrate {
  std::string Name;
  std::string Disambiguator;
  /// A v0 symbol with an instantiating-crate suffix: a generic instance
  /// that may be defined in any crate of the build, not only the owner's.
  bool SharedInstance = false;
  /// The instantiating crate, for a shared instance.
  std::string Instantiator;
  std::string InstantiatorDisambiguator;
};

/// True for v0 (`_R...`) and legacy (`_ZN...17h<hash>E`) Rust symbols.
bool isRustSymbol(llvm::StringRef Symbol);

/// The readable path of a Rust symbol (LLVM's demangler for both schemes,
/// with the legacy hash suffix removed); the symbol itself for other names.
std::string demangleSymbol(llvm::StringRef Symbol);

/// The crate whose source defines \p Symbol. For v0 symbols this follows
/// impl paths, so `<alloc::vec::Vec<a::Foo> as Debug>::fmt` belongs to
/// alloc and a derived `<a::Foo as Debug>::fmt` to a. Legacy symbols do not
/// encode impl paths; the demangled path gives a best guess. Returns an
/// empty name when the symbol cannot be understood.
OwnerCrate ownerOfSymbol(llvm::StringRef Symbol, llvm::StringRef Demangled);

/// The paths annotation rules are matched against, most specific first:
/// generic arguments removed, `<T>::m` as `T::m`, and `<T as Trait>::m` as
/// `Trait::m` followed by `T::m` (a trait's meaning, such as Drop::drop,
/// outranks the type it is implemented for); `T::m` is left out when T is a
/// standard-library type and Trait another crate's, since that impl is not
/// std's code.
llvm::SmallVector<std::string, 2> matchCandidates(llvm::StringRef Demangled);

/// The functions a v0 symbol names as types, in its generic arguments or an
/// impl's self type, at any depth: a function passed by name to a generic
/// (`.map(std::fs::read)`) is its "function item" type, so
/// `<Option<PathBuf>>::map::<_, std::fs::read<PathBuf>>` yields
/// `std::fs::read::<std::path::PathBuf>`. Each is demangled as a call to it
/// would be. Closures are not function items; legacy symbols yield nothing.
llvm::SmallVector<std::string, 1> functionTypeArguments(llvm::StringRef Symbol);

/// True when \p Crate is part of the Rust toolchain's own library, whose
/// functions carry no capability unless an annotation names them.
bool isStandardLibraryCrate(llvm::StringRef Crate);

} // namespace capgate

#endif // CAPGATE_PASS_RUSTSYMBOL_H
