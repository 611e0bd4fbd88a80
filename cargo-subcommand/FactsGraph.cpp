// FactsGraph.cpp - loading, linking and walking capgate facts.
#include "FactsGraph.h"

#include "capgate/Facts.h"
#include "capgate/Graph.h"

#include <algorithm>
#include <charconv>
#include <deque>
#include <functional>
#include <stdexcept>
#include <unordered_set>

namespace capgate {

namespace {

unsigned parseLine(const std::string &Text) {
  unsigned Line = 0;
  std::from_chars(Text.data(), Text.data() + Text.size(), Line);
  return Line;
}

std::string field(const std::vector<std::string_view> &Fields, std::size_t I) {
  return I < Fields.size() ? std::string(Fields[I]) : std::string();
}

} // namespace

int FactsGraph::crateIndex(const CrateRecord &Record) {
  std::string Key = Record.Name + '\n' + Record.Disambiguator;
  auto [Found, Inserted] = CrateByKey.try_emplace(Key, static_cast<int>(Crates.size()));
  if (Inserted)
    Crates.push_back(Record);
  return Found->second;
}

void FactsGraph::addSection(std::string_view Section, const std::string &Origin) {
  std::vector<facts::Block> Parsed;
  std::string Error;
  if (!facts::splitBlocks(Section, Parsed, Error))
    throw std::runtime_error(Origin + ": unreadable capgate facts: " + Error);
  for (const facts::Block &Block : Parsed) {
    if (!SeenBlocks.insert(std::hash<std::string>{}(Block.Payload)).second)
      continue;
    int BlockId = Blocks++;
    int BlockCrate = -1;
    // Symbols of this block: node index, or -1 for a copy of a function
    // another block already defined (its records would only repeat).
    std::unordered_map<std::string, int> Here;
    facts::forEachRecord(Block.Payload, [&](const std::vector<std::string_view> &F) {
      std::string_view Kind = F[0];
      if (Kind == facts::kind::Crate) {
        BlockCrate = crateIndex({field(F, 1), field(F, 2), field(F, 3), field(F, 4),
                                 field(F, 5), field(F, 6)});
        return;
      }
      if (BlockCrate < 0)
        throw std::runtime_error(Origin + ": capgate facts block without a crate record");
      if (Kind == facts::kind::Function || Kind == facts::kind::Global) {
        std::string Symbol = field(F, 1);
        bool Internal = field(F, 2) == "i";
        std::string LocalKey = std::to_string(BlockId) + '\n' + Symbol;
        if (!Internal && Global.count(Symbol)) {
          Here[Symbol] = -1;
          return;
        }
        int Id = static_cast<int>(Nodes.size());
        GraphNode &Node = Nodes.emplace_back();
        Node.Symbol = Symbol;
        if (Kind == facts::kind::Function) {
          Node.OwnerName = field(F, 3);
          Node.Path = field(F, 5);
          Node.OwnerDisambiguator = field(F, 4);
          Node.Definition = {field(F, 6), parseLine(field(F, 7))};
          // Resolved in link(), once every crate record has been read.
          Node.Crate = BlockCrate;
        } else {
          Node.Path = field(F, 3).empty() ? Symbol : field(F, 3);
          Node.Crate = BlockCrate;
          Node.OwnerName = Crates[BlockCrate].Name;
        }
        (Internal ? Local[LocalKey] : Global[Symbol]) = Id;
        Here[Symbol] = Id;
        return;
      }
      if (Kind == facts::kind::Use) {
        std::optional<Capability> Cap = parseCapability(field(F, 2));
        if (!Cap)
          throw std::runtime_error(Origin + ": unknown capability '" + field(F, 2) +
                                   "' in capgate facts");
        Use U{*Cap, field(F, 3), {field(F, 4), parseLine(field(F, 5))}};
        if (field(F, 1).empty()) {
          CrateUses[BlockCrate].push_back(std::move(U));
          return;
        }
        auto Owner = Here.find(field(F, 1));
        if (Owner != Here.end() && Owner->second >= 0)
          Nodes[Owner->second].Uses.push_back(std::move(U));
        return;
      }
      if (Kind == facts::kind::Call || Kind == facts::kind::Ref) {
        auto Owner = Here.find(field(F, 1));
        if (Owner != Here.end() && Owner->second >= 0)
          Pending.push_back({Owner->second, field(F, 2), BlockId,
                             {field(F, 3), parseLine(field(F, 4))}});
        return;
      }
      if (Kind == facts::kind::Root) {
        // A root defined here, or (for a copy skipped above) the one
        // definition kept of it.
        auto Owner = Here.find(field(F, 1));
        if (Owner != Here.end() && Owner->second >= 0)
          Nodes[Owner->second].Root = true;
        else if (auto Defined = Global.find(field(F, 1)); Defined != Global.end())
          Nodes[Defined->second].Root = true;
      }
      // Unknown record kinds are skipped: later versions may add kinds
      // without changing the meaning of these.
    });
  }
}

void FactsGraph::link() {
  // Owners outside the build (std, core, alloc and the toolchain's other
  // crates) have no crate record: their code was precompiled.
  for (GraphNode &Node : Nodes) {
    if (Node.OwnerDisambiguator.empty()) {
      if (!Node.OwnerName.empty() && Node.OwnerName != Crates[Node.Crate].Name)
        Node.Crate = -1;
      else
        Node.OwnerName = Crates[Node.Crate].Name;
      continue;
    }
    auto Owner = CrateByKey.find(Node.OwnerName + '\n' + Node.OwnerDisambiguator);
    Node.Crate = Owner == CrateByKey.end() ? -1 : Owner->second;
  }
  for (PendingEdge &Edge : Pending) {
    auto InBlock = Local.find(std::to_string(Edge.Block) + '\n' + Edge.Target);
    int Target = -1;
    if (InBlock != Local.end())
      Target = InBlock->second;
    else if (auto Defined = Global.find(Edge.Target); Defined != Global.end())
      Target = Defined->second;
    // A target defined nowhere in the build is std's or a C library's, and
    // the pass already classified the call by its annotations.
    if (Target >= 0)
      Nodes[Edge.From].Edges.push_back({Target, std::move(Edge.Site)});
  }
  Pending.clear();

  // A C symbol the pass could not explain is native code only if no crate
  // of the build defines it (a #[no_mangle] Rust function, say).
  for (GraphNode &Node : Nodes)
    std::erase_if(Node.Uses, [&](const Use &U) {
      return U.Cap == Capability::NativeCode && Global.count(U.Callee);
    });

  std::vector<std::vector<int>> Successors(Nodes.size());
  for (std::size_t I = 0; I < Nodes.size(); ++I)
    for (const GraphEdge &Edge : Nodes[I].Edges)
      Successors[I].push_back(Edge.Target);
  Reach.assign(Nodes.size(), CapabilitySet());
  std::vector<int> ComponentOf(Nodes.size(), -1);
  std::vector<std::vector<int>> Components = stronglyConnectedComponents(Successors);
  for (std::size_t C = 0; C < Components.size(); ++C) {
    CapabilitySet Reached;
    for (int Member : Components[C]) {
      ComponentOf[Member] = static_cast<int>(C);
      for (const Use &U : Nodes[Member].Uses)
        Reached.insert(U.Cap);
    }
    for (int Member : Components[C])
      for (int Target : Successors[Member])
        if (ComponentOf[Target] != static_cast<int>(C))
          Reached.unite(Reach[Target]);
    for (int Member : Components[C])
      Reach[Member] = Reached;
  }
}

std::vector<bool> FactsGraph::reachableFrom(const std::vector<int> &Sources) const {
  std::vector<bool> Seen(Nodes.size(), false);
  std::vector<int> Work;
  for (int Source : Sources)
    if (!Seen[Source]) {
      Seen[Source] = true;
      Work.push_back(Source);
    }
  while (!Work.empty()) {
    int Current = Work.back();
    Work.pop_back();
    for (const GraphEdge &Edge : Nodes[Current].Edges)
      if (!Seen[Edge.Target]) {
        Seen[Edge.Target] = true;
        Work.push_back(Edge.Target);
      }
  }
  return Seen;
}

std::vector<Hop> FactsGraph::shortestPath(const std::vector<int> &Sources,
                                          Capability Cap) const {
  // Parent[N] = (previous node, index of the edge taken); -2 for unvisited.
  std::vector<std::pair<int, int>> Parent(Nodes.size(), {-2, -1});
  std::deque<int> Queue;
  for (int Source : Sources)
    if (Parent[Source].first == -2 && Reach[Source].contains(Cap)) {
      Parent[Source] = {-1, -1};
      Queue.push_back(Source);
    }
  while (!Queue.empty()) {
    int Current = Queue.front();
    Queue.pop_front();
    const GraphNode &Node = Nodes[Current];
    auto Direct = std::find_if(Node.Uses.begin(), Node.Uses.end(),
                               [&](const Use &U) { return U.Cap == Cap; });
    if (Direct != Node.Uses.end()) {
      std::vector<Hop> Path;
      Path.push_back({Direct->Callee, -1, "", {}});
      SourceSite Site = Direct->Site;
      for (int At = Current; At >= 0;) {
        Path.push_back({Nodes[At].Path, Nodes[At].Crate, Nodes[At].OwnerName, Site});
        auto [Previous, EdgeIndex] = Parent[At];
        if (Previous >= 0)
          Site = Nodes[Previous].Edges[EdgeIndex].Site;
        At = Previous;
      }
      std::reverse(Path.begin(), Path.end());
      return Path;
    }
    for (std::size_t E = 0; E < Node.Edges.size(); ++E) {
      int Target = Node.Edges[E].Target;
      // Only nodes that reach the capability can lie on a path to it.
      if (Parent[Target].first == -2 && Reach[Target].contains(Cap)) {
        Parent[Target] = {Current, static_cast<int>(E)};
        Queue.push_back(Target);
      }
    }
  }
  return {};
}

} // namespace capgate
