// PackageReach.cpp - per-package restricted reach over the linked call graph.
//
// The plain way, one walk per package over all it may reach, costs the sum
// of those regions: the workspace's own packages reach nearly the whole
// graph, and so does every package high in the dependency tree, which makes
// it quadratic in practice. Most of each walk is unnecessary, though: where
// everything a node can reach (following every edge) is owned by packages
// the walking package may be charged through, the restriction removes
// nothing below that node, and what it reaches is its unrestricted reach.
// So, once for the whole graph and linear in its size (over its strongly
// connected components), every node gets its unrestricted capabilities and
// the set of packages owning something it reaches (a bitset); a package's
// walk takes a node whose owner set is inside the package's allowance as a
// whole and goes below only the others: in practice only the instances of
// generics that call back into crates the package may not be charged
// through (and what leads to them). The walks share one stamp array.
#include "PackageReach.h"

#include "CargoBuild.h"

#include "capgate/Graph.h"

#include <cstdint>

namespace capgate {

ReachScope reachScopeOf(const CrateRecord &Crate) {
  if (isBuildScriptCrate(Crate.Name, Crate.Types.find("bin") != std::string::npos))
    return ReachScope::BuildScript;
  if (Crate.Types.find("proc-macro") != std::string::npos)
    return ReachScope::ProcMacro;
  if (Crate.Types.find("test") != std::string::npos)
    return ReachScope::Test;
  return ReachScope::Normal;
}

OwnedGraph ownedGraph(const FactsGraph &Graph, const CargoResolve &Resolve) {
  std::vector<int> PackageOfCrate;
  std::vector<ReachScope> ScopeOfCrate;
  for (const CrateRecord &Crate : Graph.crates()) {
    int Package = Resolve.find(Crate.Package, Crate.Version);
    PackageOfCrate.push_back(Package < 0 ? OwnedGraph::Unowned : Package);
    ScopeOfCrate.push_back(reachScopeOf(Crate));
  }
  OwnedGraph Owned;
  std::size_t Count = Graph.nodes().size();
  Owned.Owner.reserve(Count);
  Owned.Scope.reserve(Count);
  Owned.Uses.reserve(Count);
  Owned.Successors.resize(Count);
  for (std::size_t I = 0; I < Count; ++I) {
    const GraphNode &Node = Graph.nodes()[I];
    Owned.Owner.push_back(Node.Crate < 0 ? OwnedGraph::Toolchain : PackageOfCrate[Node.Crate]);
    Owned.Scope.push_back(Node.Crate < 0 ? ReachScope::Normal : ScopeOfCrate[Node.Crate]);
    CapabilitySet Uses;
    for (const Use &U : Node.Uses)
      Uses.insert(U.Cap);
    Owned.Uses.push_back(Uses);
    Owned.Successors[I].reserve(Node.Edges.size());
    for (const GraphEdge &Edge : Node.Edges)
      Owned.Successors[I].push_back(Edge.Target);
  }
  return Owned;
}

namespace {

using Word = std::uint64_t;

/// Fixed-width bitsets over the packages, one bit more for Unowned (which
/// no package may be charged through), stored side by side.
class PackageSets {
public:
  PackageSets(std::size_t Packages, std::size_t Sets)
      : Width((Packages + 1 + 63) / 64), UnownedBit(Packages), Bits(Width * Sets, 0) {}

  Word *at(std::size_t Set) { return Bits.data() + Set * Width; }
  const Word *at(std::size_t Set) const { return Bits.data() + Set * Width; }
  std::size_t width() const { return Width; }

  void add(Word *Set, int Owner) const {
    if (Owner == OwnedGraph::Toolchain)
      return;
    std::size_t Bit = Owner == OwnedGraph::Unowned ? UnownedBit : static_cast<std::size_t>(Owner);
    Set[Bit / 64] |= Word(1) << (Bit % 64);
  }
  void unite(Word *Set, const Word *Other) const {
    for (std::size_t W = 0; W < Width; ++W)
      Set[W] |= Other[W];
  }
  bool subset(const Word *Set, const Word *Of) const {
    for (std::size_t W = 0; W < Width; ++W)
      if (Set[W] & ~Of[W])
        return false;
    return true;
  }

private:
  std::size_t Width;
  std::size_t UnownedBit;
  std::vector<Word> Bits;
};

} // namespace

std::vector<ScopeReach> packageReach(const OwnedGraph &Graph, const CargoResolve &Resolve) {
  const std::size_t Count = Graph.Owner.size();
  const std::size_t Packages = Resolve.Packages.size();

  // Unrestricted reach and reached owners, per strongly connected
  // component. Tarjan lists components successors first, so an edge
  // leaving a component points into one already numbered; an edge within
  // one compares equal once its members are numbered, which comes first.
  std::vector<std::vector<int>> Components = stronglyConnectedComponents(Graph.Successors);
  std::vector<int> ComponentOf(Count);
  std::vector<CapabilitySet> ComponentReach(Components.size());
  PackageSets ComponentOwners(Packages, Components.size());
  for (std::size_t C = 0; C < Components.size(); ++C) {
    for (int Member : Components[C])
      ComponentOf[Member] = static_cast<int>(C);
    Word *Owners = ComponentOwners.at(C);
    for (int Member : Components[C]) {
      ComponentReach[C].unite(Graph.Uses[Member]);
      ComponentOwners.add(Owners, Graph.Owner[Member]);
      for (int Target : Graph.Successors[Member])
        if (std::size_t(ComponentOf[Target]) != C) {
          ComponentReach[C].unite(ComponentReach[ComponentOf[Target]]);
          ComponentOwners.unite(Owners, ComponentOwners.at(ComponentOf[Target]));
        }
    }
  }
  // Each package's own nodes by scope, in one array (counting sort).
  auto Slot = [&](int Owner, ReachScope Scope) {
    return static_cast<std::size_t>(Owner) * ReachScopeCount + static_cast<std::size_t>(Scope);
  };
  std::vector<std::size_t> Start(Packages * ReachScopeCount + 1, 0);
  for (std::size_t I = 0; I < Count; ++I)
    if (Graph.Owner[I] >= 0)
      ++Start[Slot(Graph.Owner[I], Graph.Scope[I]) + 1];
  for (std::size_t S = 1; S < Start.size(); ++S)
    Start[S] += Start[S - 1];
  std::vector<int> Own(Start.back());
  {
    std::vector<std::size_t> Next(Start.begin(), Start.end() - 1);
    for (std::size_t I = 0; I < Count; ++I)
      if (Graph.Owner[I] >= 0)
        Own[Next[Slot(Graph.Owner[I], Graph.Scope[I])]++] = static_cast<int>(I);
  }

  std::vector<std::vector<int>> Closures = dependencyClosures(Resolve);
  std::vector<ScopeReach> Result(Packages);
  PackageSets Allowance(Packages, 1);
  Word *Allowed = Allowance.at(0);
  std::vector<std::uint32_t> Stamp(Count, 0);
  std::uint32_t Walk = 0;
  std::vector<int> Work;
  auto AllowedOwner = [&](int Owner) {
    if (Owner == OwnedGraph::Toolchain)
      return true;
    if (Owner == OwnedGraph::Unowned)
      return false;
    return (Allowed[Owner / 64] >> (Owner % 64) & 1) != 0;
  };

  for (std::size_t P = 0; P < Packages; ++P) {
    for (std::size_t S = 0; S < ReachScopeCount; ++S) {
      std::size_t First = Start[Slot(static_cast<int>(P), ReachScope(S))];
      std::size_t Last = Start[Slot(static_cast<int>(P), ReachScope(S)) + 1];
      if (First == Last)
        continue;
      // The package, what it depends on and, for its tests, its
      // dev-dependencies and what they depend on.
      std::fill(Allowed, Allowed + Allowance.width(), 0);
      Allowance.add(Allowed, static_cast<int>(P));
      for (int Dep : Closures[P])
        Allowance.add(Allowed, Dep);
      if (ReachScope(S) == ReachScope::Test)
        for (const CargoResolve::Dependency &Dep : Resolve.Packages[P].Dependencies)
          if (Dep.Dev) {
            Allowance.add(Allowed, Dep.Package);
            for (int Further : Closures[Dep.Package])
              Allowance.add(Allowed, Further);
          }

      ++Walk;
      CapabilitySet Reached;
      // A node everything below which the package may be charged through
      // contributes its unrestricted reach and is not entered.
      auto Visit = [&](int Node) {
        if (Stamp[Node] == Walk)
          return;
        Stamp[Node] = Walk;
        int C = ComponentOf[Node];
        if (Allowance.subset(ComponentOwners.at(C), Allowed)) {
          Reached.unite(ComponentReach[C]);
          return;
        }
        Reached.unite(Graph.Uses[Node]);
        Work.push_back(Node);
      };
      for (std::size_t I = First; I < Last; ++I)
        Visit(Own[I]);
      while (!Work.empty()) {
        int Current = Work.back();
        Work.pop_back();
        for (int Target : Graph.Successors[Current])
          if (AllowedOwner(Graph.Owner[Target]))
            Visit(Target);
      }
      Result[P][S] = Reached;
    }
  }
  return Result;
}

} // namespace capgate
