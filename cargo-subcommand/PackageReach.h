// PackageReach.h - what each package's own code reaches, blamed in
// dependency direction.
//
// A package's `transitive` set is the union of what its own nodes reach
// when an edge is followed only into nodes owned by the package itself, by
// the toolchain (std, core, alloc: code the build did not compile) or by
// one of the packages it depends on (BuildOnly.h's dependencyClosures; for
// its test scope also its dev-dependencies and theirs). Code that reached
// it as a callback - a closure, trait impl or generic argument supplied by a
// crate that depends on it or by an unrelated one - is not followed: it is
// its supplier's own node, and charged there. once_cell's get_or_init,
// instantiated with bat's closure, is once_cell's node; the closure is bat's.
// Binaries' reachability is not this: it follows every edge (FactsGraph).
#pragma once

#include "BuildOnly.h"
#include "FactsGraph.h"

#include "capgate/Capability.h"
#include "capgate/Report.h"

#include <array>
#include <cstdint>
#include <vector>

namespace capgate {

/// The call graph as PackageReach walks it: per node its owning package
/// (an index into CargoResolve::Packages), the scope of the crate it was
/// compiled for, its own uses and its successors, all of them side by side
/// (no allocation per node).
struct OwnedGraph {
  /// Code the build did not compile: every package may be charged through it.
  static constexpr int Toolchain = -1;
  /// A crate of no package of the resolve: followed from no package.
  static constexpr int Unowned = -2;

  std::vector<int> Owner;
  std::vector<Scope> Scopes;
  std::vector<CapabilitySet> Uses;
  /// Node I's successors are Targets[First[I]] up to Targets[First[I + 1]].
  std::vector<std::uint32_t> First{0};
  std::vector<int> Targets;

  std::size_t size() const { return Owner.size(); }
  /// Adds a node; its successors are the targets added after it.
  void addNode(int NodeOwner, Scope NodeScope, CapabilitySet NodeUses) {
    Owner.push_back(NodeOwner);
    Scopes.push_back(NodeScope);
    Uses.push_back(NodeUses);
    First.push_back(First.back());
  }
  /// Adds a successor of the last node added.
  void addTarget(int Target) {
    Targets.push_back(Target);
    ++First.back();
  }
};

/// The OwnedGraph of a linked \p Graph: a node's owner is the package of
/// its owning crate's record (name and version) in \p Resolve, its scope
/// the one \p CrateScopes gives that crate (per index of Graph.crates()).
OwnedGraph ownedGraph(const FactsGraph &Graph, const CargoResolve &Resolve,
                      const std::vector<Scope> &CrateScopes);

/// Per scope: the capabilities a package's own code in that scope reaches.
using ScopeReach = std::array<CapabilitySet, NumScopes>;

/// Per package of \p Resolve: its transitive set per scope (empty for a
/// scope it has no code in). Linear-ish: see PackageReach.cpp.
std::vector<ScopeReach> packageReach(const OwnedGraph &Graph, const CargoResolve &Resolve);

} // namespace capgate
