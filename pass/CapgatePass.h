//===- CapgatePass.h - The capgate module pass ------------------*- C++ -*-===//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//
//
// FILE: CapgatePass.h
//
// DESCRIPTION:
//   Analyses one module (one rustc codegen unit): classifies every call and
//   reference, propagates capabilities inside the module, tags functions in
//   the IR and embeds the facts in the object file. Stateless between runs,
//   so rustc may run it on several codegen units at once.
//
//===----------------------------------------------------------------------===//

#ifndef CAPGATE_PASS_CAPGATEPASS_H
#define CAPGATE_PASS_CAPGATEPASS_H

#include "llvm/IR/PassManager.h"

namespace capgate {

class CapgatePass : public llvm::PassInfoMixin<CapgatePass> {
public:
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  /// Run even on functions marked optnone (rustc's -Copt-level=0).
  static bool isRequired() { return true; }
};

} // namespace capgate

#endif // CAPGATE_PASS_CAPGATEPASS_H
