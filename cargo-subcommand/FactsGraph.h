// FactsGraph.h - the facts of many artefacts, linked into one call graph.
//
// A FactsStore authenticates and decodes every distinct block of facts
// once: blocks are recognised by their bytes before anything is verified or
// decompressed, because the same block turns up many times (an rlib's
// objects are copied into every binary linked from it). A block whose MAC
// does not verify under the unit it claims, or that claims another unit
// than the artefact it is in, stops the reading with an error naming the
// package whose artefact holds it (capgate/Facts.h). Decoded records are
// kept as interned symbol ids.
//
// A FactsGraph is built from a set of blocks: addSection() adds the blocks of
// one `.capgate` section, link() resolves each edge's target symbol
// (internal symbols within their own block first, then program-wide) and
// computes for every node the capabilities it reaches. Several graphs (the
// whole build, then each binary on its own) can share one store. Paths are
// shortest example paths found by breadth-first search. Everything is linear
// in the size of the facts; symbols are compared as integers.
#pragma once

#include "capgate/Capability.h"
#include "capgate/Report.h"

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace capgate {

/// One crate compiled under capgate, from a `crate` record.
struct CrateRecord {
  std::string Name;
  std::string Disambiguator;
  std::string Types;
  std::string Package;
  std::string Version;
  std::string ManifestDir;
  /// cargo's unit id, whose key authenticated the record.
  std::string Unit;
};

/// Where a `.capgate` section was read: what its blocks may be, and whom
/// to name when one is not what capgate wrote.
struct FactsOrigin {
  FactsOrigin(std::string File) : File(std::move(File)) {}
  FactsOrigin(const char *File) : File(File) {}
  FactsOrigin(std::string File, std::string Package, std::string Unit, bool Linked)
      : File(std::move(File)), Package(std::move(Package)), Unit(std::move(Unit)), Linked(Linked) {}

  /// The artefact.
  std::string File;
  /// The package whose artefact it is; empty when not known.
  std::string Package;
  /// A library (Linked false): the one unit whose objects it holds, so
  /// every block must be that unit's; empty to accept any authentic block.
  /// A linked file (an executable, a shared or static library): its own
  /// unit, whose blocks are in no library of the build.
  std::string Unit;
  /// Linked: every block must be its own unit's or one already read from a
  /// library of the build, so that a block a crate put into its own section
  /// cannot pass through a binary unnoticed.
  bool Linked = false;
};

struct Use {
  Capability Cap;
  std::string Callee;
  SourceSite Site;
  /// The symbol the use was read from (its annotation, or NATIVE_CODE for
  /// an unexplained C function); empty for other uses. A view into the
  /// graph's store.
  std::string_view CalleeSymbol = {};
};

/// An interned string: an index into FactsStore's table.
using TextId = std::uint32_t;

/// The decoded records of one block, by interned ids.
struct ParsedBlock {
  struct Definition {
    TextId Symbol;
    bool Function;
    char Linkage;
    TextId OwnerName, OwnerDisambiguator, Path, File;
    unsigned Line;
  };
  struct UseRecord {
    TextId Symbol; // FactsStore::Empty for a crate-level use
    Capability Cap;
    TextId Callee, File;
    unsigned Line;
    TextId CalleeSymbol;
  };
  struct EdgeRecord {
    TextId From, To, File;
    unsigned Line;
  };
  /// The `sys*` records (capgate/Facts.h).
  struct SyscallForwardRecord {
    TextId Symbol;
    unsigned Parameter;
    TextId Through, File;
    unsigned Line;
  };
  struct SyscallArgumentRecord {
    TextId From, To;
    unsigned Index, Value;
    TextId Through, File;
    unsigned Line;
  };
  /// Index of the block's crate record in the store.
  int Crate = -1;
  std::vector<TextId> SyscallReturns;
  std::vector<SyscallForwardRecord> SyscallForwards;
  std::vector<SyscallArgumentRecord> SyscallArguments;
  std::vector<Definition> Definitions;
  std::vector<UseRecord> Uses;
  std::vector<EdgeRecord> Edges;
  std::vector<TextId> Roots;
};

class FactsStore {
public:
  static constexpr TextId Empty = 0;

  /// A store that authenticates blocks with \p FactsKey (FactsKey.h).
  explicit FactsStore(std::string FactsKey);

  /// Authenticates and decodes the blocks of one `.capgate` section (those
  /// not seen before) and returns the ids of all of its blocks, in order.
  /// Throws std::runtime_error naming \p Origin's package and file for a
  /// block capgate did not write for it, a corrupt section, or one of
  /// another format version.
  std::vector<int> addSection(std::string_view Section, const FactsOrigin &Origin);

  const ParsedBlock &block(int Id) const { return Blocks[Id]; }
  /// The blocks of every section read from \p File, or null when none was.
  const std::vector<int> *blocksOf(const std::string &File) const {
    auto Found = FileBlocks.find(File);
    return Found == FileBlocks.end() ? nullptr : &Found->second;
  }
  const CrateRecord &crate(int Id) const { return Crates[Id]; }
  /// The store's crate id of a (name, disambiguator), or -1.
  int findCrate(TextId Name, TextId Disambiguator) const;
  /// The crates named \p Name whose records carry no disambiguator: the pass
  /// found no code of theirs (a crate whose only code is generic), so
  /// nothing told it the disambiguator its symbols have. In reading order.
  const std::vector<int> &codelessCrates(TextId Name) const {
    static const std::vector<int> None;
    auto Found = CodelessByName.find(Name);
    return Found == CodelessByName.end() ? None : Found->second;
  }
  std::string_view text(TextId Id) const { return Texts[Id]; }
  /// The id of \p Text, if any record of the build holds it.
  std::optional<TextId> lookup(std::string_view Text) const {
    auto Found = TextIds.find(Text);
    return Found == TextIds.end() ? std::nullopt : std::optional<TextId>(Found->second);
  }
  std::size_t textCount() const { return Texts.size(); }

private:
  TextId intern(std::string_view Text);
  /// The key of \p Unit, derived once.
  const std::string &keyOf(const std::string &Unit);

  std::string FactsKey;
  std::unordered_map<std::string, std::string> UnitKeys;
  std::vector<ParsedBlock> Blocks;
  std::vector<CrateRecord> Crates;
  std::unordered_map<std::uint64_t, int> CrateByKey; // name id << 32 | disambiguator id
  /// Crates without a disambiguator, which only their unit tells apart.
  std::unordered_map<std::string, int> CodelessByUnit;
  std::unordered_map<TextId, std::vector<int>> CodelessByName;
  std::vector<std::string_view> Texts;
  std::unordered_map<std::string_view, TextId> TextIds;
  /// Storage behind the views: decoded payloads and unescaped fields.
  std::deque<std::string> Storage;
  /// Whole blocks (header and stored bytes) and decoded payload hash ->
  /// block id; whether a block was read from a library.
  std::unordered_map<std::string_view, int> BlockByWhole;
  std::unordered_map<std::size_t, int> BlockByPayload;
  std::vector<bool> FromLibrary;
  std::unordered_map<std::string, std::vector<int>> FileBlocks;
};

struct GraphEdge {
  int Target;
  TextId File;
  unsigned Line;
};

struct GraphNode {
  /// Views into the graph's store, which the graph keeps alive.
  std::string_view Symbol;
  std::string Path;
  /// The crate whose source this is: an index into crates(), or -1 for a
  /// crate the build did not compile (std and the rest of the toolchain).
  int Crate = -1;
  std::string OwnerName;
  /// The owner's v0 disambiguator; empty when the owner is the crate of the
  /// block that defined the node.
  std::string_view OwnerDisambiguator;
  std::string_view DefinitionFile;
  unsigned DefinitionLine = 0;
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
  /// A graph with a store of its own, authenticating with \p FactsKey.
  explicit FactsGraph(std::string FactsKey);
  /// A graph sharing \p Store with other graphs.
  explicit FactsGraph(std::shared_ptr<FactsStore> Store);

  /// Adds the blocks of one `.capgate` section. Throws std::runtime_error
  /// as FactsStore::addSection does. Blocks already added (the same object
  /// read from an rlib and from the binary it was linked into) are skipped.
  void addSection(std::string_view Section, const FactsOrigin &Origin);

  /// Adds blocks the store has already read (FactsStore::blocksOf).
  void addBlocks(const std::vector<int> &BlockIds);

  /// Resolves edges, gives a summarised function its body back when its
  /// owner is not the annotated package, and computes what every node
  /// reaches.
  void link();

  const std::vector<GraphNode> &nodes() const { return Nodes; }
  const std::vector<CrateRecord> &crates() const { return Crates; }
  /// Uses by a crate as a whole (module-level assembly), per crate index.
  const std::unordered_map<int, std::vector<Use>> &crateUses() const {
    return CrateUses;
  }
  CapabilitySet reach(int Node) const { return Reach[Node]; }
  bool empty() const { return Added.empty(); }
  const std::shared_ptr<FactsStore> &store() const { return Store; }
  SourceSite siteOf(const GraphEdge &Edge) const {
    return {std::string(Store->text(Edge.File)), Edge.Line};
  }

  /// The shortest path from any of \p Sources to a direct use of \p Cap,
  /// following calls and references; empty when there is none.
  std::vector<Hop> shortestPath(const std::vector<int> &Sources,
                                Capability Cap) const;

  /// Every node reachable from \p Sources (including them).
  std::vector<bool> reachableFrom(const std::vector<int> &Sources) const;

private:
  struct PendingEdge {
    int From;
    TextId Target;
    TextId File;
    unsigned Line;
  };

  struct PendingOwner {
    int Node;
    TextId Name, Disambiguator;
  };

  /// A raw system call of a node whose number the node's callers pass.
  struct PendingSyscallForward {
    int Node;
    unsigned Parameter;
    TextId Through, File;
    unsigned Line;
  };
  struct PendingSyscallArgument {
    int From;
    TextId Target;
    /// The target's node when it is internal to the caller's block (a
    /// local forwarder), resolved there like an edge; -1 otherwise.
    int LocalTarget;
    unsigned Index, Value;
    TextId Through, File;
    unsigned Line;
  };
  /// An annotated function's node (its annotation's summary) and the node
  /// of its body (`<symbol>.capgate.body`), from the same block.
  struct SummaryBody {
    int Summary, Body;
  };

  int graphCrate(int StoreCrate);
  int codelessOwner(TextId Name, std::string_view DefinitionFile) const;
  void addBlock(int BlockId);
  /// Charges the callers of functions that forward a system call number
  /// across codegen units (SyscallForwards.cpp).
  void chargeForwardedSyscalls();

  std::shared_ptr<FactsStore> Store;
  std::vector<GraphNode> Nodes;
  std::vector<CrateRecord> Crates;
  std::vector<int> CrateOfStoreCrate;
  std::unordered_map<int, std::vector<Use>> CrateUses;
  /// Node of each external or weak symbol, by text id; -1 when undefined.
  std::vector<int> Global;
  /// Node of each symbol of the block being added, by text id, and the ids
  /// set (to clear them after the block).
  std::vector<int> Here;
  std::vector<TextId> HereSet;
  std::vector<PendingEdge> Pending;
  std::vector<PendingOwner> OwnerPending;
  std::vector<TextId> SyscallReturns;
  std::vector<PendingSyscallForward> SyscallForwards;
  std::vector<PendingSyscallArgument> SyscallArguments;
  std::vector<SummaryBody> Summaries;
  /// Per node: internal to its object (resolved only from its own block).
  std::vector<char> InternalNode;
  std::vector<int> Added;
  std::vector<bool> HasBlock;
  std::vector<CapabilitySet> Reach;
};

} // namespace capgate
