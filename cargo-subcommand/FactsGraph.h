// FactsGraph.h - the facts of many artefacts, linked into one call graph.
//
// Every block of every .capgate section adds its functions, globals, uses and
// edges. link() then resolves each edge's target symbol (internal symbols
// within their own block first, then program-wide), and computes for every
// node the capabilities it reaches. Paths are shortest example paths found by
// breadth-first search. Everything is linear in the size of the facts.
#pragma once

#include "capgate/Capability.h"

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace capgate {

struct SourceSite {
  std::string File;
  unsigned Line = 0;
};

/// One crate compiled under capgate, from a `crate` record.
struct CrateRecord {
  std::string Name;
  std::string Disambiguator;
  std::string Types;
  std::string Package;
  std::string Version;
  std::string ManifestDir;
};

struct Use {
  Capability Cap;
  std::string Callee;
  SourceSite Site;
};

struct GraphEdge {
  int Target;
  SourceSite Site;
};

struct GraphNode {
  std::string Symbol;
  std::string Path;
  /// The crate whose source this is: an index into crates(), or -1 for a
  /// crate the build did not compile (std and the rest of the toolchain).
  int Crate = -1;
  std::string OwnerName;
  /// The owner's v0 disambiguator; empty when the owner is the crate of the
  /// block that defined the node.
  std::string OwnerDisambiguator;
  SourceSite Definition;
  std::vector<Use> Uses;
  std::vector<GraphEdge> Edges;
  bool Root = false;
};

/// One hop of an example path: a function, where it makes the next call
/// (or the use), and finally the callee that is the capability.
struct Hop {
  std::string Function;
  int Crate = -1;
  std::string OwnerName;
  SourceSite Site;
};

class FactsGraph {
public:
  /// Adds the blocks of one `.capgate` section. \p Origin names the artefact
  /// in error messages. Throws std::runtime_error for a corrupt section or
  /// one of another format version. Blocks already added (the same object
  /// read from an rlib and from the binary it was linked into) are skipped.
  void addSection(std::string_view Section, const std::string &Origin);

  /// Resolves edges and computes what every node reaches.
  void link();

  const std::vector<GraphNode> &nodes() const { return Nodes; }
  const std::vector<CrateRecord> &crates() const { return Crates; }
  /// Uses by a crate as a whole (module-level assembly), per crate index.
  const std::unordered_map<int, std::vector<Use>> &crateUses() const {
    return CrateUses;
  }
  CapabilitySet reach(int Node) const { return Reach[Node]; }
  bool empty() const { return Blocks == 0; }

  /// The shortest path from any of \p Sources to a direct use of \p Cap,
  /// following calls and references; empty when there is none.
  std::vector<Hop> shortestPath(const std::vector<int> &Sources,
                                Capability Cap) const;

  /// Every node reachable from \p Sources (including them).
  std::vector<bool> reachableFrom(const std::vector<int> &Sources) const;

private:
  struct PendingEdge {
    int From;
    std::string Target;
    int Block;
    SourceSite Site;
  };

  int crateIndex(const CrateRecord &Record);

  std::vector<GraphNode> Nodes;
  std::vector<CrateRecord> Crates;
  std::unordered_map<std::string, int> CrateByKey;
  std::unordered_map<int, std::vector<Use>> CrateUses;
  std::unordered_map<std::string, int> Global;
  std::unordered_map<std::string, int> Local; // block id + '\n' + symbol
  std::vector<PendingEdge> Pending;
  std::unordered_set<std::size_t> SeenBlocks;
  std::vector<CapabilitySet> Reach;
  int Blocks = 0;
};

} // namespace capgate
