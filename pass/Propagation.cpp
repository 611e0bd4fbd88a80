//===- Propagation.cpp - Capabilities reached inside one module -----------===//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//
//
// FILE: Propagation.cpp
//
// DESCRIPTION:
//   Tarjan's algorithm (iterative, so deep call chains cannot overflow the
//   stack of a rustc codegen thread) finishes strongly connected components
//   callees-first; each component's capabilities are then final once its
//   members' direct uses and its successors' results are united.
//
//===----------------------------------------------------------------------===//

#include "Propagation.h"

#include <algorithm>

namespace capgate {

namespace {

/// Returns the components in the order Tarjan's algorithm completes them,
/// which is a reverse topological order: every edge leaving a component
/// points into one listed earlier.
std::vector<std::vector<int>>
stronglyConnectedComponents(const std::vector<std::vector<int>> &Successors) {
  const int Count = static_cast<int>(Successors.size());
  std::vector<int> Index(Count, -1), LowLink(Count, 0);
  std::vector<bool> OnStack(Count, false);
  std::vector<int> Stack;
  std::vector<std::vector<int>> Components;
  int NextIndex = 0;

  struct Frame {
    int Node;
    size_t NextEdge;
  };
  std::vector<Frame> CallStack;

  for (int Start = 0; Start < Count; ++Start) {
    if (Index[Start] >= 0)
      continue;
    CallStack.push_back({Start, 0});
    Index[Start] = LowLink[Start] = NextIndex++;
    Stack.push_back(Start);
    OnStack[Start] = true;
    while (!CallStack.empty()) {
      Frame &Top = CallStack.back();
      int V = Top.Node;
      if (Top.NextEdge < Successors[V].size()) {
        int W = Successors[V][Top.NextEdge++];
        if (W < 0)
          continue;
        if (Index[W] < 0) {
          Index[W] = LowLink[W] = NextIndex++;
          Stack.push_back(W);
          OnStack[W] = true;
          CallStack.push_back({W, 0});
        } else if (OnStack[W]) {
          LowLink[V] = std::min(LowLink[V], Index[W]);
        }
        continue;
      }
      if (LowLink[V] == Index[V]) {
        std::vector<int> &Component = Components.emplace_back();
        int W;
        do {
          W = Stack.back();
          Stack.pop_back();
          OnStack[W] = false;
          Component.push_back(W);
        } while (W != V);
      }
      CallStack.pop_back();
      if (!CallStack.empty()) {
        int Parent = CallStack.back().Node;
        LowLink[Parent] = std::min(LowLink[Parent], LowLink[V]);
      }
    }
  }
  return Components;
}

} // namespace

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
