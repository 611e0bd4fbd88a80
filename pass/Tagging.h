//===- Tagging.h - Capability tags in the IR --------------------*- C++ -*-===//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//
//
// FILE: Tagging.h
//
// DESCRIPTION:
//   Marks every function that reaches a capability with two string
//   attributes, so `rustc --emit=llvm-ir` and `opt -S` show the result
//   (docs/ir-tags.md):
//
//     "capgate"="FILES,NETWORK"
//     "capgate.via"="FILES: std::fs::read at /src/lib.rs:4; NETWORK: ..."
//
//===----------------------------------------------------------------------===//

#ifndef CAPGATE_PASS_TAGGING_H
#define CAPGATE_PASS_TAGGING_H

#include "ModuleAnalysis.h"
#include "Propagation.h"

namespace capgate {

void tagFunctions(const ModuleAnalysis &Analysis,
                  const std::vector<Reach> &Reached);

} // namespace capgate

#endif // CAPGATE_PASS_TAGGING_H
