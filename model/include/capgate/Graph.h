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
#include <iterator>
#include <vector>

namespace capgate {

/// Calls \p Visit(Begin, End) with the members of each strongly connected
/// component of the graph of \p Count nodes whose node I has successors
/// \p SuccessorsOf(I) (indexable, with size(); negative entries are
/// ignored), in the order Tarjan's algorithm completes them: a reverse
/// topological order, in which every edge leaving a component points into
/// one visited earlier. Allocates nothing per component.
template <typename SuccessorsFn, typename VisitFn>
void forEachStronglyConnectedComponent(int Count, SuccessorsFn &&SuccessorsOf, VisitFn &&Visit) {
  std::vector<int> Index(Count, -1), LowLink(Count, 0);
  std::vector<bool> OnStack(Count, false);
  std::vector<int> Stack;
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
      const auto &Successors = SuccessorsOf(V);
      if (Top.NextEdge < Successors.size()) {
        int W = Successors[Top.NextEdge++];
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
        std::size_t First = Stack.size();
        do
          --First;
        while (Stack[First] != V);
        for (std::size_t I = First; I < Stack.size(); ++I)
          OnStack[Stack[I]] = false;
        Visit(Stack.data() + First, Stack.data() + Stack.size());
        Stack.resize(First);
      }
      CallStack.pop_back();
      if (!CallStack.empty()) {
        int Parent = CallStack.back().Node;
        LowLink[Parent] = std::min(LowLink[Parent], LowLink[V]);
      }
    }
  }
}

/// Returns the strongly connected components of the graph whose node I has
/// successors Successors[I] (negative entries are ignored), in the order
/// Tarjan's algorithm completes them: a reverse topological order, in which
/// every edge leaving a component points into one listed earlier.
inline std::vector<std::vector<int>>
stronglyConnectedComponents(const std::vector<std::vector<int>> &Successors) {
  std::vector<std::vector<int>> Components;
  forEachStronglyConnectedComponent(
      static_cast<int>(Successors.size()), [&](int Node) -> const std::vector<int> & { return Successors[Node]; },
      // Members in the order they leave Tarjan's stack, as they always were
      // listed (the pass's explanations choose edges in that order).
      [&](const int *Begin, const int *End) {
        Components.emplace_back(std::make_reverse_iterator(End), std::make_reverse_iterator(Begin));
      });
  return Components;
}

} // namespace capgate

#endif // CAPGATE_GRAPH_H
