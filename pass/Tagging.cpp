//===- Tagging.cpp - Capability tags in the IR ----------------------------===//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//
//
// FILE: Tagging.cpp
//
// DESCRIPTION:
//   String attributes are ignored by code generation and by the inliner's
//   compatibility checks, so tagging never changes what rustc produces.
//
//===----------------------------------------------------------------------===//

#include "Tagging.h"

#include "llvm/IR/Function.h"

using namespace llvm;

namespace capgate {

void tagFunctions(const ModuleAnalysis &Analysis,
                  const std::vector<Reach> &Reached) {
  const std::vector<Node> &Nodes = Analysis.nodes();
  for (size_t I = 0; I < Nodes.size(); ++I) {
    const auto *F = dyn_cast<Function>(Nodes[I].Value);
    // A summarised function is tagged with what calling it means, not
    // with what its body does.
    if (!F || Nodes[I].Body || Reached[I].Capabilities.empty())
      continue;
    std::string Names, Via;
    Reached[I].Capabilities.forEach([&](Capability Cap) {
      const Reason &Why = Reached[I].Reasons[static_cast<size_t>(Cap)];
      if (!Names.empty()) {
        Names += ',';
        Via += "; ";
      }
      Names += capabilityName(Cap);
      Via += std::string(capabilityName(Cap)) + ": " + Why.Via;
      if (Why.Site.Line)
        Via += " at " + Why.Site.File + ":" + std::to_string(Why.Site.Line);
    });
    // The model holds const pointers; tagging is the one place that writes.
    auto *Mutable = const_cast<Function *>(F);
    Mutable->addFnAttr("capgate", Names);
    Mutable->addFnAttr("capgate.via", Via);
  }
}

} // namespace capgate
