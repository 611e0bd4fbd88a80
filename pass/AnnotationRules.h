//===- AnnotationRules.h - What a callee means, from annotations -*- C++
//-*-===//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//
//
// FILE: AnnotationRules.h
//
// DESCRIPTION:
//   The rules read from the annotation files (docs/annotations.md): Rust path
//   prefixes with exclusions, exact Rust functions, and C symbols, each
//   mapped to capabilities or to SAFE. Loaded once per process and then only
//   read, so every codegen-unit thread can share one instance.
//
//===----------------------------------------------------------------------===//

#ifndef CAPGATE_PASS_ANNOTATIONRULES_H
#define CAPGATE_PASS_ANNOTATIONRULES_H

#include "capgate/Capability.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace capgate {

/// What the annotations say about one callee.
struct Verdict {
  CapabilitySet Capabilities;
  /// SAFE: the callee carries no capability and propagation stops at it.
  bool Safe = false;

  /// True when the annotations say anything that replaces analysing the
  /// callee's own body.
  bool decided() const { return Safe || !Capabilities.empty(); }
};

class AnnotationRules {
public:
  /// Loads every `*.toml` in \p Directory (in name order) and then each of
  /// \p ExtraFiles. On failure returns false with a message naming the file,
  /// line and column in \p Error.
  bool load(llvm::StringRef Directory, llvm::ArrayRef<std::string> ExtraFiles,
            std::string &Error);

  /// Loads one annotation file; see load().
  bool loadFile(llvm::StringRef Path, std::string &Error);

  /// Classifies a Rust callee by its match candidates (matchCandidates());
  /// the first candidate the rules decide wins.
  Verdict classifyRust(llvm::ArrayRef<std::string> Candidates) const;

  /// Classifies a non-Rust (C ABI) symbol. \p Known is set when any rule
  /// names the symbol, so an unexplained one can be told apart.
  Verdict classifyC(llvm::StringRef Symbol, bool &Known) const;

  size_t numRules() const { return NumRules; }

  /// How a Rust path pattern applies: to everything under it (Include), to
  /// nothing under it (Exclude, carving out part of an Include), or to that
  /// one function and its closures (Exact).
  enum class EntryKind { Include, Exclude, Exact };
  void addRustRule(llvm::StringRef Pattern, EntryKind Kind, Capability Cap);
  /// A C symbol, or with a trailing '*' every symbol with that prefix.
  void addCRule(llvm::StringRef Symbol, Capability Cap);

private:
  struct Entry {
    EntryKind Kind;
    Capability Cap;
  };

  Verdict classifyPath(llvm::StringRef Path) const;

  llvm::StringMap<std::vector<Entry>> RustPatterns;
  llvm::StringMap<std::vector<Capability>> CSymbols;
  std::vector<std::pair<std::string, Capability>> CPrefixes;
  size_t NumRules = 0;
};

} // namespace capgate

#endif // CAPGATE_PASS_ANNOTATIONRULES_H
