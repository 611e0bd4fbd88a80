//===- Propagation.h - Capabilities reached inside one module ---*- C++ -*-===//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//
//
// FILE: Propagation.h
//
// DESCRIPTION:
//   Computes, for every node of a ModuleAnalysis, the capabilities it reaches
//   through calls and references within the module, and for each capability
//   the first site in the node's own code that leads to it. Strongly
//   connected components are handled together, in one linear pass.
//
//===----------------------------------------------------------------------===//

#ifndef CAPGATE_PASS_PROPAGATION_H
#define CAPGATE_PASS_PROPAGATION_H

#include "ModuleAnalysis.h"

#include <array>
#include <vector>

namespace capgate {

/// Why a node reaches one capability: the callee at the first site that
/// leads there, and that site.
struct Reason {
  std::string Via;
  DebugSite Site;
};

struct Reach {
  CapabilitySet Capabilities;
  std::array<Reason, NumCapabilities> Reasons;
};

/// Returns one Reach per node of \p Analysis, in node order.
std::vector<Reach> propagate(const ModuleAnalysis &Analysis);

} // namespace capgate

#endif // CAPGATE_PASS_PROPAGATION_H
