//===- FactsSectionGuard.h - No crate writes capgate's facts -----*- C++ -*-===//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//
//
// FILE: FactsSectionGuard.h
//
// DESCRIPTION:
//   The `.capgate` section holds the facts the pass writes. A crate that
//   puts bytes there itself (#[link_section] on a static or a function,
//   global_asm! or asm! that switches to the section, perhaps to .incbin a
//   prepared block) is forging facts, and its compilation stops with an
//   error naming it. The subcommand's authentication of every block is the
//   defence that does not depend on reading the crate's assembly; this is
//   the early, clear error.
//
//===----------------------------------------------------------------------===//

#ifndef CAPGATE_PASS_FACTSSECTIONGUARD_H
#define CAPGATE_PASS_FACTSSECTIONGUARD_H

#include "llvm/ADT/StringRef.h"
#include "llvm/IR/Module.h"

namespace capgate {

/// Stops the compilation (a fatal error rustc prints and exits 101 on) when
/// \p M writes into the facts section; \p Crate names the culprit.
void refuseFactsSectionWrites(const llvm::Module &M, llvm::StringRef Crate);

} // namespace capgate

#endif // CAPGATE_PASS_FACTSSECTIONGUARD_H
