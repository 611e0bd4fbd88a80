//===- Propagation.cpp - Capabilities reached inside one module -----------===//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//
//
// FILE: Propagation.cpp
//
// DESCRIPTION:
//   Tarjan's algorithm (capgate/Graph.h) finishes strongly connected
//   components callees-first; each component's capabilities are then final
//   once its members' direct uses and its successors' results are united.
//
//===----------------------------------------------------------------------===//

#include "Propagation.h"

#include "capgate/Graph.h"

namespace capgate {

std::vector<Reach> propagate(const ModuleAnalysis &Analysis) {
  const std::vector<Node> &Nodes = Analysis.nodes();
  std::vector<std::vector<int>> Successors(Nodes.size());
  for (size_t I = 0; I < Nodes.size(); ++I)
    for (const Edge &E : Nodes[I].Edges)
      Successors[I].push_back(Analysis.nodeIndex(E.Target));

  std::vector<Reach> Result(Nodes.size());
  std::vector<CapabilitySet> Direct(Nodes.size());
  for (size_t I = 0; I < Nodes.size(); ++I) {
    for (const DirectUse &Use : Nodes[I].Uses) {
      if (Direct[I].contains(Use.Cap))
        continue;
      Direct[I].insert(Use.Cap);
      Result[I].Reasons[static_cast<size_t>(Use.Cap)] = {Use.Callee, Use.Site};
    }
    Result[I].Capabilities = Direct[I];
  }

  std::vector<int> ComponentOf(Nodes.size(), -1);
  std::vector<std::vector<int>> Components =
      stronglyConnectedComponents(Successors);
  for (size_t C = 0; C < Components.size(); ++C) {
    const std::vector<int> &Members = Components[C];
    for (int Member : Members)
      ComponentOf[Member] = static_cast<int>(C);

    CapabilitySet Reached;
    for (int Member : Members) {
      Reached.unite(Direct[Member]);
      for (int Target : Successors[Member])
        if (Target >= 0 && ComponentOf[Target] != static_cast<int>(C))
          Reached.unite(Result[Target].Capabilities);
    }

    // Explain each capability a member lacks directly by its first edge
    // that leads there, preferring edges out of the component (whose
    // explanations are already complete) over edges within it.
    for (int Member : Members) {
      Reach &MemberReach = Result[Member];
      Reached.without(Direct[Member]).forEach([&](Capability Cap) {
        const Edge *Chosen = nullptr;
        for (int Pass = 0; Pass < 2 && !Chosen; ++Pass) {
          for (size_t E = 0; E < Successors[Member].size() && !Chosen; ++E) {
            int Target = Successors[Member][E];
            if (Target < 0)
              continue;
            bool Inside = ComponentOf[Target] == static_cast<int>(C);
            bool Leads =
                Inside ? Pass == 1 &&
                             (Direct[Target].contains(Cap) || Target != Member)
                       : Pass == 0 && Result[Target].Capabilities.contains(Cap);
            if (Leads)
              Chosen = &Nodes[Member].Edges[E];
          }
        }
        if (Chosen)
          MemberReach.Reasons[static_cast<size_t>(Cap)] = {
              Nodes[Analysis.nodeIndex(Chosen->Target)].Path, Chosen->Site};
      });
      MemberReach.Capabilities = Reached;
    }
  }
  return Result;
}

} // namespace capgate
