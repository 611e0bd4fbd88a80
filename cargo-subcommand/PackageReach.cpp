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
// the set of packages owning something it reaches. A package's walk takes
// a node whose owner set lies inside the package's allowance at that value
// and enters only the others: in practice the instances of generics that
// call back into crates the package may not be charged through, and what
// leads to them. That is exact, not an approximation: the allowances are
// closed under dependency, so below such a node every edge is one the walk
// would have followed.
//
// Owner sets are bitsets over the packages, interned (a build has few
// distinct ones), so that a walk decides each distinct set once. The walks
// share one stamp array over the nodes.
#include "PackageReach.h"


#include "capgate/Graph.h"

#include <algorithm>
#include <cstdint>
#include <span>
#include <unordered_map>

namespace capgate {

OwnedGraph ownedGraph(const FactsGraph &Graph, const CargoResolve &Resolve,
                      const std::vector<Scope> &CrateScopes) {
  std::vector<int> PackageOfCrate;
  for (const CrateRecord &Crate : Graph.crates()) {
    int Package = Resolve.find(Crate.Package, Crate.Version);
    PackageOfCrate.push_back(Package < 0 ? OwnedGraph::Unowned : Package);
  }
  OwnedGraph Owned;
  std::size_t Count = Graph.nodes().size(), Edges = 0;
  for (const GraphNode &Node : Graph.nodes())
    Edges += Node.Edges.size();
  Owned.Owner.reserve(Count);
  Owned.Scopes.reserve(Count);
  Owned.Uses.reserve(Count);
  Owned.First.reserve(Count + 1);
  Owned.Targets.reserve(Edges);
  for (const GraphNode &Node : Graph.nodes()) {
    CapabilitySet Uses;
    for (const Use &U : Node.Uses)
      Uses.insert(U.Cap);
    if (Node.Crate < 0)
      Owned.addNode(OwnedGraph::Toolchain, Scope::Normal, Uses);
    else
      Owned.addNode(PackageOfCrate[Node.Crate], CrateScopes[Node.Crate], Uses);
    for (const GraphEdge &Edge : Node.Edges)
      Owned.addTarget(Edge.Target);
  }
  return Owned;
}

namespace {

using Word = std::uint64_t;

/// Interned sets of packages: bitsets of one width, one bit more than there
/// are packages for Unowned (which no package may be charged through).
class PackageSets {
public:
  explicit PackageSets(std::size_t Packages) : Width((Packages + 1 + 63) / 64), UnownedBit(Packages) {
    Scratch.assign(Width, 0);
    intern(); // the empty set, id 0
  }

  std::size_t width() const { return Width; }
  std::size_t size() const { return Bits.size() / Width; }
  const Word *at(std::uint32_t Id) const { return Bits.data() + std::size_t(Id) * Width; }

  /// The set being built.
  void clear() { std::fill(Scratch.begin(), Scratch.end(), 0); }
  void add(int Owner) { set(Scratch.data(), Owner); }
  void unite(std::uint32_t Id) {
    const Word *Other = at(Id);
    for (std::size_t W = 0; W < Width; ++W)
      Scratch[W] |= Other[W];
  }
  /// The id of the set built.
  std::uint32_t intern() {
    std::uint64_t Hash = 0;
    for (Word W : Scratch)
      Hash = (Hash ^ W) * 0x100000001b3ull + (Hash >> 29);
    auto [Begin, End] = Ids.equal_range(Hash);
    for (auto It = Begin; It != End; ++It)
      if (std::equal(Scratch.begin(), Scratch.end(), at(It->second)))
        return It->second;
    auto Id = static_cast<std::uint32_t>(size());
    Bits.insert(Bits.end(), Scratch.begin(), Scratch.end());
    Ids.emplace(Hash, Id);
    return Id;
  }

  /// Sets \p Owner's bit in \p Set (Width words); the toolchain has none.
  void set(Word *Set, int Owner) const {
    if (Owner == OwnedGraph::Toolchain)
      return;
    std::size_t Bit = Owner == OwnedGraph::Unowned ? UnownedBit : static_cast<std::size_t>(Owner);
    Set[Bit / 64] |= Word(1) << (Bit % 64);
  }
  bool subset(std::uint32_t Id, const Word *Of) const {
    const Word *Set = at(Id);
    for (std::size_t W = 0; W < Width; ++W)
      if (Set[W] & ~Of[W])
        return false;
    return true;
  }

private:
  std::size_t Width;
  std::size_t UnownedBit;
  std::vector<Word> Bits;
  std::vector<Word> Scratch;
  std::unordered_multimap<std::uint64_t, std::uint32_t> Ids;
};

} // namespace

std::vector<ScopeReach> packageReach(const OwnedGraph &Graph, const CargoResolve &Resolve) {
  const std::size_t Count = Graph.size();
  const std::size_t Packages = Resolve.Packages.size();
  auto Successors = [&](std::size_t Node) {
    return std::span<const int>(Graph.Targets.data() + Graph.First[Node], Graph.First[Node + 1] - Graph.First[Node]);
  };

  // Per node, its component's unrestricted reach and owner set. Tarjan
  // completes a component after every component its edges leave to, so a
  // target without a set yet is in the component being completed.
  constexpr std::uint32_t Pending = ~std::uint32_t(0);
  std::vector<CapabilitySet> Unrestricted(Count);
  std::vector<std::uint32_t> OwnersOf(Count, Pending);
  PackageSets Sets(Packages);
  forEachStronglyConnectedComponent(
      static_cast<int>(Count), Successors, [&](const int *Begin, const int *End) {
        CapabilitySet Reached;
        Sets.clear();
        std::uint32_t LastUnited = Pending;
        for (const int *Member = Begin; Member != End; ++Member) {
          Reached.unite(Graph.Uses[*Member]);
          Sets.add(Graph.Owner[*Member]);
          for (int Target : Successors(*Member))
            if (std::uint32_t Owners = OwnersOf[Target]; Owners != Pending) {
              Reached.unite(Unrestricted[Target]);
              // Successive edges often lead to one set.
              if (Owners != LastUnited)
                Sets.unite(LastUnited = Owners);
            }
        }
        std::uint32_t Owners = Sets.intern();
        for (const int *Member = Begin; Member != End; ++Member) {
          Unrestricted[*Member] = Reached;
          OwnersOf[*Member] = Owners;
        }
      });

  // Each package's own nodes by scope, in one array (counting sort).
  auto Slot = [&](std::size_t Package, std::size_t Scope) { return Package * NumScopes + Scope; };
  std::vector<std::size_t> Start(Packages * NumScopes + 1, 0);
  for (std::size_t I = 0; I < Count; ++I)
    if (Graph.Owner[I] >= 0)
      ++Start[Slot(Graph.Owner[I], static_cast<std::size_t>(Graph.Scopes[I])) + 1];
  for (std::size_t S = 1; S < Start.size(); ++S)
    Start[S] += Start[S - 1];
  std::vector<int> Own(Start.back());
  {
    std::vector<std::size_t> Next(Start.begin(), Start.end() - 1);
    for (std::size_t I = 0; I < Count; ++I)
      if (Graph.Owner[I] >= 0)
        Own[Next[Slot(Graph.Owner[I], static_cast<std::size_t>(Graph.Scopes[I]))]++] = static_cast<int>(I);
  }

  std::vector<std::vector<int>> Closures = dependencyClosures(Resolve);
  std::vector<ScopeReach> Result(Packages);
  std::vector<Word> Allowed(Sets.width());
  std::vector<std::uint32_t> Stamp(Count, 0);
  // Per owner set, the walk that last decided it and whether it lies
  // inside that walk's allowance.
  std::vector<std::uint32_t> Decided(Sets.size(), 0);
  std::vector<bool> Inside(Sets.size(), false);
  std::uint32_t Walk = 0;
  std::vector<int> Work;

  for (std::size_t P = 0; P < Packages; ++P) {
    for (std::size_t S = 0; S < NumScopes; ++S) {
      std::size_t First = Start[Slot(P, S)], Last = Start[Slot(P, S) + 1];
      if (First == Last)
        continue;
      // The package, what it depends on and, for its tests, its
      // dev-dependencies and what they depend on.
      std::fill(Allowed.begin(), Allowed.end(), 0);
      Sets.set(Allowed.data(), static_cast<int>(P));
      for (int Dep : Closures[P])
        Sets.set(Allowed.data(), Dep);
      if (Scope(S) == Scope::Test)
        for (const CargoResolve::Dependency &Dep : Resolve.Packages[P].Dependencies)
          if (Dep.Dev) {
            Sets.set(Allowed.data(), Dep.Package);
            for (int Further : Closures[Dep.Package])
              Sets.set(Allowed.data(), Further);
          }
      auto AllowedOwner = [&](int Owner) {
        if (Owner == OwnedGraph::Toolchain)
          return true;
        if (Owner == OwnedGraph::Unowned)
          return false;
        return (Allowed[Owner / 64] >> (Owner % 64) & 1) != 0;
      };

      ++Walk;
      CapabilitySet Reached;
      // A node everything below which the package may be charged through
      // contributes its unrestricted reach and is not entered.
      auto Visit = [&](int Node) {
        if (Stamp[Node] == Walk)
          return;
        Stamp[Node] = Walk;
        std::uint32_t Owners = OwnersOf[Node];
        if (Decided[Owners] != Walk) {
          Decided[Owners] = Walk;
          Inside[Owners] = Sets.subset(Owners, Allowed.data());
        }
        if (Inside[Owners]) {
          Reached.unite(Unrestricted[Node]);
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
        for (int Target : Successors(Current))
          if (AllowedOwner(Graph.Owner[Target]))
            Visit(Target);
      }
      Result[P][S] = Reached;
    }
  }
  return Result;
}

} // namespace capgate
