//===- capgate/Graph.h - Strongly connected components ----------*- C++ -*-===//
//
// Part of capgate. Shared by the pass plugin and the cargo subcommand.
//
//===----------------------------------------------------------------------===//
//
// FILE: Graph.h
//
// DESCRIPTION:
//   Tarjan's algorithm over a graph given as successor lists, iterative so
//   that deep call chains cannot overflow the stack (the pass runs on a rustc
//   codegen thread). Both sides propagate capabilities over call graphs
//   with it: within a module in the pass, across crates in the subcommand.
//
//===----------------------------------------------------------------------===//

#ifndef CAPGATE_GRAPH_H
#define CAPGATE_GRAPH_H

#include <algorithm>
#include <vector>

namespace capgate {

/// Returns the strongly connected components of the graph whose node I has
/// successors Successors[I] (negative entries are ignored), in the order
/// Tarjan's algorithm completes them: a reverse topological order, in which
/// every edge leaving a component points into one listed earlier.
inline std::vector<std::vector<int>>
stronglyConnectedComponents(const std::vector<std::vector<int>> &Successors) {
  const int Count = static_cast<int>(Successors.size());
  std::vector<int> Index(Count, -1), LowLink(Count, 0);
  std::vector<bool> OnStack(Count, false);
  std::vector<int> Stack;
  std::vector<std::vector<int>> Components;
  int NextIndex = 0;

  struct Frame {
    int Node;
    std::size_t NextEdge;
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

} // namespace capgate

#endif // CAPGATE_GRAPH_H
