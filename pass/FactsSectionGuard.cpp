//===- FactsSectionGuard.cpp - No crate writes capgate's facts ------------===//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//
//
// FILE: FactsSectionGuard.cpp
//
// DESCRIPTION:
//   rustc prints an LLVM fatal error ("rustc-LLVM ERROR: ...") and exits
//   with 101, which cargo reports as a failed compilation of the crate;
//   generic LLVM diagnostics, by contrast, rustc drops. Assembly is checked
//   by its text: an assembler macro can spell the section name in pieces,
//   which only the subcommand's authentication of blocks catches.
//
//===----------------------------------------------------------------------===//

#include "FactsSectionGuard.h"

#include "RustSymbol.h"

#include "capgate/Facts.h"

#include "llvm/ADT/Twine.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/InlineAsm.h"
#include "llvm/IR/Instructions.h"
#include "llvm/Support/ErrorHandling.h"

using namespace llvm;

namespace capgate {

namespace {

StringRef factsSection() {
  return StringRef(facts::SectionName.data(), facts::SectionName.size());
}

/// `.capgate`, and `.capgate.anything`, which a linker script could fold
/// into it.
bool isFactsSection(StringRef Section) {
  return Section.consume_front(factsSection()) &&
         (Section.empty() || Section.starts_with("."));
}

[[noreturn]] void refuse(StringRef Crate, const Twine &What) {
  reportFatalUsageError("capgate: " + Crate + " " + What + " in the " +
                        factsSection() +
                        " section, where only capgate writes the facts it "
                        "analysed; " +
                        StringRef(facts::ForgeryRefusal.data(),
                                  facts::ForgeryRefusal.size()));
}

} // namespace

void refuseFactsSectionWrites(const Module &M, StringRef Crate) {
  for (const GlobalObject &Object : M.global_objects())
    if (Object.hasSection() && isFactsSection(Object.getSection()))
      refuse(Crate, "places `" + demangleSymbol(Object.getName()) + "`");
  if (StringRef(M.getModuleInlineAsm()).contains(factsSection()))
    refuse(Crate, "writes with global_asm!");
  for (const Function &F : M)
    for (const BasicBlock &BB : F)
      for (const Instruction &I : BB)
        if (const auto *Call = dyn_cast<CallBase>(&I))
          if (const auto *Assembly =
                  dyn_cast<InlineAsm>(Call->getCalledOperand()))
            if (StringRef(Assembly->getAsmString()).contains(factsSection()))
              refuse(Crate, "writes with asm! in `" +
                                demangleSymbol(F.getName()) + "`");
}

} // namespace capgate
