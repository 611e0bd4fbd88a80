//===- FactsWriter.h - The .capgate section of an object file ---*- C++ -*-===//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//
//
// FILE: FactsWriter.h
//
// DESCRIPTION:
//   Serialises a ModuleAnalysis in the facts format (capgate/Facts.h,
//   docs/facts-format.md) and places it in the module's object file.
//
//===----------------------------------------------------------------------===//

#ifndef CAPGATE_PASS_FACTSWRITER_H
#define CAPGATE_PASS_FACTSWRITER_H

#include "ModuleAnalysis.h"

#include "llvm/IR/Module.h"

#include <string>

namespace capgate {

/// The facts block for \p Analysis, framed and ready to embed.
std::string serializeFacts(const ModuleAnalysis &Analysis,
                           llvm::StringRef ModuleIdentifier);

/// Appends \p Block to the module's `.capgate` section. The section is
/// written with module-level assembly because only that can make it
/// non-allocated: a global variable always lands in memory at run time and
/// is subject to the linker's garbage collection.
void embedFacts(llvm::Module &M, llvm::StringRef Block);

} // namespace capgate

#endif // CAPGATE_PASS_FACTSWRITER_H
