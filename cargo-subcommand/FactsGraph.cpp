// FactsGraph.cpp - decoding, linking and walking capgate facts.
#include "FactsGraph.h"

#include "capgate/Facts.h"
#include "capgate/Graph.h"

#include <algorithm>
#include <charconv>
#include <deque>
#include <functional>
#include <stdexcept>

namespace capgate {

namespace {

unsigned parseLine(std::string_view Text) {
  unsigned Line = 0;
  std::from_chars(Text.data(), Text.data() + Text.size(), Line);
  return Line;
}

constexpr int Unset = -2;
constexpr int Duplicate = -1;

/// The suffix of a summarised function's body node (docs/facts-format.md).
constexpr std::string_view BodySuffix = ".capgate.body";

/// Whether \p Package, as cargo's metadata names it, compiles to the crate
/// \p CrateName: rustc's crate names are package names with '-' as '_'.
bool packageOfCrate(std::string_view Package, std::string_view CrateName) {
  if (Package.empty() || Package.size() != CrateName.size())
    return false;
  for (std::size_t I = 0; I < Package.size(); ++I)
    if ((Package[I] == '-' ? '_' : Package[I]) != CrateName[I])
      return false;
  return true;
}

} // namespace

// ---------------------------------------------------------------- FactsStore

FactsStore::FactsStore(std::string FactsKey) : FactsKey(std::move(FactsKey)) {
  Texts.push_back(std::string_view());
  TextIds.emplace(std::string_view(), Empty);
}

const std::string &FactsStore::keyOf(const std::string &Unit) {
  auto Found = UnitKeys.find(Unit);
  if (Found == UnitKeys.end())
    Found = UnitKeys.emplace(Unit, facts::unitKey(FactsKey, Unit)).first;
  return Found->second;
}

TextId FactsStore::intern(std::string_view Text) {
  auto Found = TextIds.find(Text);
  if (Found != TextIds.end())
    return Found->second;
  TextId Id = static_cast<TextId>(Texts.size());
  Texts.push_back(Text);
  TextIds.emplace(Text, Id);
  return Id;
}

int FactsStore::findCrate(TextId Name, TextId Disambiguator) const {
  auto Found = CrateByKey.find(static_cast<std::uint64_t>(Name) << 32 | Disambiguator);
  return Found == CrateByKey.end() ? -1 : Found->second;
}

std::vector<int> FactsStore::addSection(std::string_view Section, const FactsOrigin &Origin) {
  // Every failure is the artefact's: capgate writes well-formed, authentic
  // blocks, so anything else in the section was put there by other means.
  auto Refuse = [&](const std::string &What) {
    std::string Holder = Origin.Package.empty() ? Origin.File : Origin.Package;
    return std::runtime_error("capgate: " + Holder + " carries capgate facts that capgate did not write for it (" +
                              What + ", in " + Origin.File + ")");
  };
  auto Claiming = [](const facts::StoredBlock &Block) {
    std::string_view Crate = facts::crateOfUnit(Block.Unit);
    return "a block claiming crate " + (Crate.empty() ? std::string("(none)") : std::string(Crate));
  };
  std::vector<facts::StoredBlock> Stored;
  std::string Error;
  if (!facts::splitStoredBlocks(Section, Stored, Error))
    throw Refuse(Error);
  std::vector<int> &Ids = FileBlocks[Origin.File];
  std::size_t First = Ids.size();
  std::vector<std::string_view> Fields;
  std::deque<std::string> Scratch;
  for (const facts::StoredBlock &Each : Stored) {
    if (!Origin.Linked && !Origin.Unit.empty() && Each.Unit != Origin.Unit)
      throw Refuse(Claiming(Each) + " in the library of " + std::string(facts::crateOfUnit(Origin.Unit)));
    // A linked file holds blocks of its own unit and copies of its
    // libraries' blocks, which were read first; any other block came from
    // outside the build's libraries (a linker argument, a native library).
    auto Known = [&](int Id) {
      if (Origin.Linked && Each.Unit != Origin.Unit && !FromLibrary[Id])
        throw Refuse(Claiming(Each) + " that is in no library of the build");
      if (!Origin.Linked)
        FromLibrary[Id] = true;
      Ids.push_back(Id);
    };
    // A block seen before was authenticated then. The map's key views the
    // section only until the block is first decoded: then it is re-pointed
    // at a copy kept in Storage.
    if (auto Seen = BlockByWhole.find(Each.Whole); Seen != BlockByWhole.end()) {
      Known(Seen->second);
      continue;
    }
    if (Origin.Linked && Each.Unit != Origin.Unit)
      throw Refuse(Claiming(Each) + " that is in no library of the build");
    if (Each.Mac.empty())
      throw Refuse(Claiming(Each) + ", written without a key (not under `cargo capgate`)");
    if (!facts::authenticBlock(Each, keyOf(Each.Unit)))
      throw Refuse(Claiming(Each) + " whose MAC does not verify");
    std::string Payload;
    if (!facts::decodeBlock(Each, Payload, Error))
      throw Refuse(Error);
    std::string_view WholeKey = Storage.emplace_back(Each.Whole);
    std::size_t PayloadHash = std::hash<std::string>{}(Payload);
    if (auto Same = BlockByPayload.find(PayloadHash); Same != BlockByPayload.end()) {
      // The same records compressed differently: one block all the same.
      BlockByWhole.emplace(WholeKey, Same->second);
      Known(Same->second);
      continue;
    }
    int Id = static_cast<int>(Blocks.size());
    BlockByWhole.emplace(WholeKey, Id);
    BlockByPayload.emplace(PayloadHash, Id);
    FromLibrary.push_back(!Origin.Linked);
    Ids.push_back(Id);
    ParsedBlock &Block = Blocks.emplace_back();
    std::string_view Text = Storage.emplace_back(std::move(Payload));

    std::size_t Pos = 0;
    while (Pos < Text.size()) {
      std::size_t End = Text.find('\n', Pos);
      if (End == Text.npos)
        End = Text.size();
      std::string_view Line = Text.substr(Pos, End - Pos);
      Pos = End + 1;
      if (Line.empty())
        continue;
      facts::splitRecord(Line, Fields, Scratch);
      // Unescaped fields live in Scratch, which the next record clears:
      // keep the ones interned.
      auto Field = [&](std::size_t I) -> TextId {
        if (I >= Fields.size() || Fields[I].empty())
          return Empty;
        std::string_view F = Fields[I];
        if (F.data() < Text.data() || F.data() >= Text.data() + Text.size()) {
          auto Found = TextIds.find(F);
          if (Found != TextIds.end())
            return Found->second;
          F = Storage.emplace_back(F);
        }
        return intern(F);
      };
      auto Number = [&](std::size_t I) { return I < Fields.size() ? parseLine(Fields[I]) : 0u; };
      std::string_view Kind = Fields[0];
      if (Kind == facts::kind::Crate) {
        // The MAC says the wrapper's key for this unit wrote the block; the
        // record must describe that unit too.
        if (Fields.size() < 9 || Fields[8] != Each.Unit || Fields[1] != facts::crateOfUnit(Each.Unit))
          throw Refuse(Claiming(Each) + " whose crate record names " +
                       (Fields.size() > 1 ? "crate " + std::string(Fields[1]) : "no crate") +
                       (Fields.size() > 8 ? " of unit " + std::string(Fields[8]) : ""));
        TextId Name = Field(1), Disambiguator = Field(2);
        std::uint64_t Key = static_cast<std::uint64_t>(Name) << 32 | Disambiguator;
        // Records without a disambiguator are told apart by their unit.
        int Next = static_cast<int>(Crates.size());
        bool Inserted;
        if (Disambiguator == Empty) {
          auto [Found, New] = CodelessByUnit.try_emplace(std::string(Each.Unit), Next);
          Block.Crate = Found->second;
          Inserted = New;
        } else {
          auto [Found, New] = CrateByKey.try_emplace(Key, Next);
          Block.Crate = Found->second;
          Inserted = New;
        }
        if (Inserted) {
          auto S = [&](std::size_t I) { return std::string(text(Field(I))); };
          Crates.push_back({S(1), S(2), S(3), S(4), S(5), S(6), S(8)});
          if (Disambiguator == Empty)
            CodelessByName[Name].push_back(Next);
        }
        continue;
      }
      if (Block.Crate < 0)
        throw Refuse(Claiming(Each) + " without a crate record");
      if (Kind == facts::kind::Function) {
        std::string_view Linkage = Fields.size() > 2 ? Fields[2] : "";
        Block.Definitions.push_back({Field(1), true, Linkage.empty() ? 'x' : Linkage[0], Field(3),
                                     Field(4), Field(5), Field(6), Number(7)});
      } else if (Kind == facts::kind::Global) {
        std::string_view Linkage = Fields.size() > 2 ? Fields[2] : "";
        Block.Definitions.push_back({Field(1), false, Linkage.empty() ? 'x' : Linkage[0], Empty,
                                     Empty, Field(3), Empty, 0});
      } else if (Kind == facts::kind::Use) {
        std::string_view CapName = Fields.size() > 2 ? Fields[2] : "";
        std::optional<Capability> Cap = parseCapability(CapName);
        if (!Cap || *Cap == Capability::Safe)
          throw Refuse(Claiming(Each) + " with an unknown capability '" + std::string(CapName) + "'");
        Block.Uses.push_back({Field(1), *Cap, Field(3), Field(4), Number(5), Field(6)});
      } else if (Kind == facts::kind::Call || Kind == facts::kind::Ref) {
        Block.Edges.push_back({Field(1), Field(2), Field(3), Number(4)});
      } else if (Kind == facts::kind::Root) {
        Block.Roots.push_back(Field(1));
      } else if (Kind == facts::kind::SyscallReturn) {
        Block.SyscallReturns.push_back(Field(1));
      } else if (Kind == facts::kind::SyscallForward) {
        Block.SyscallForwards.push_back({Field(1), Number(2), Field(3), Field(4), Number(5)});
      } else if (Kind == facts::kind::SyscallArgument) {
        Block.SyscallArguments.push_back(
            {Field(1), Field(2), Number(3), Number(4), Field(5), Field(6), Number(7)});
      }
      // Unknown record kinds are skipped: later versions may add kinds
      // without changing the meaning of these.
    }
    if (Block.Crate < 0)
      throw Refuse(Claiming(Each) + " without a crate record");
  }
  return std::vector<int>(Ids.begin() + static_cast<long>(First), Ids.end());
}

// ---------------------------------------------------------------- FactsGraph

FactsGraph::FactsGraph(std::string FactsKey)
    : FactsGraph(std::make_shared<FactsStore>(std::move(FactsKey))) {}

FactsGraph::FactsGraph(std::shared_ptr<FactsStore> Store) : Store(std::move(Store)) {}

int FactsGraph::graphCrate(int StoreCrate) {
  if (static_cast<std::size_t>(StoreCrate) >= CrateOfStoreCrate.size())
    CrateOfStoreCrate.resize(StoreCrate + 1, -1);
  int &Mapped = CrateOfStoreCrate[StoreCrate];
  if (Mapped < 0) {
    Mapped = static_cast<int>(Crates.size());
    Crates.push_back(Store->crate(StoreCrate));
  }
  return Mapped;
}

int FactsGraph::codelessOwner(TextId Name, std::string_view DefinitionFile) const {
  // The crate of that name whose package directory holds the function's
  // source (the innermost, should package directories nest). The name alone
  // would not do: a crate of the build may be called `std`, and std's
  // generics, whose sources are the toolchain's, must stay std's.
  int Best = -1;
  std::size_t BestLength = 0;
  for (int Candidate : Store->codelessCrates(Name)) {
    const std::string &Directory = Store->crate(Candidate).ManifestDir;
    if (!Directory.empty() && Directory.size() > BestLength && DefinitionFile.size() > Directory.size() &&
        DefinitionFile.starts_with(Directory) && DefinitionFile[Directory.size()] == '/') {
      Best = Candidate;
      BestLength = Directory.size();
    }
  }
  return Best;
}

void FactsGraph::addSection(std::string_view Section, const FactsOrigin &Origin) {
  addBlocks(Store->addSection(Section, Origin));
}

void FactsGraph::addBlocks(const std::vector<int> &BlockIds) {
  for (int Id : BlockIds)
    addBlock(Id);
}

void FactsGraph::addBlock(int BlockId) {
  if (static_cast<std::size_t>(BlockId) >= HasBlock.size())
    HasBlock.resize(BlockId + 1, false);
  if (HasBlock[BlockId])
    return;
  HasBlock[BlockId] = true;
  Added.push_back(BlockId);
  const ParsedBlock &Block = Store->block(BlockId);
  std::size_t Texts = Store->textCount();
  if (Global.size() < Texts) {
    Global.resize(Texts, Unset);
    Here.resize(Texts, Unset);
  }
  int Crate = graphCrate(Block.Crate);

  // Definitions: a node each, except copies of a function another block of
  // the same crate already defined (its records would only repeat). A
  // definition of the same symbol by another crate, or under another path,
  // is no copy but another function under that name (a crate's
  // #[export_name] of another crate's symbol): it is a node of its own, so
  // that its uses count, while calls by the name resolve to the first.
  std::vector<char> &IsInternal = InternalNode;
  for (const ParsedBlock::Definition &D : Block.Definitions) {
    bool Internal = D.Linkage == 'i';
    HereSet.push_back(D.Symbol);
    if (!Internal && Global[D.Symbol] != Unset && Nodes[Global[D.Symbol]].Crate == Crate &&
        Nodes[Global[D.Symbol]].Path ==
            Store->text(D.Path == FactsStore::Empty ? D.Symbol : D.Path)) {
      Here[D.Symbol] = Duplicate;
      continue;
    }
    int Id = static_cast<int>(Nodes.size());
    GraphNode &Node = Nodes.emplace_back();
    IsInternal.push_back(Internal);
    Node.Symbol = Store->text(D.Symbol);
    Node.Crate = Crate;
    if (D.Function) {
      Node.Path = Store->text(D.Path);
      Node.OwnerName = Store->text(D.OwnerName);
      Node.OwnerDisambiguator = Store->text(D.OwnerDisambiguator);
      Node.DefinitionFile = Store->text(D.File);
      Node.DefinitionLine = D.Line;
      // Resolved in link(), once every crate record has been read.
      OwnerPending.push_back({Id, D.OwnerName, D.OwnerDisambiguator});
    } else {
      Node.Path = D.Path == FactsStore::Empty ? Node.Symbol : Store->text(D.Path);
      Node.OwnerName = Crates[Crate].Name;
    }
    if (!Internal && Global[D.Symbol] == Unset)
      Global[D.Symbol] = Id;
    Here[D.Symbol] = Id;
  }

  // Each body with the summary it belongs to. A summary skipped above as a
  // copy was paired in the block that defined it first.
  for (const ParsedBlock::Definition &D : Block.Definitions) {
    std::string_view Symbol = Store->text(D.Symbol);
    if (!D.Function || !Symbol.ends_with(BodySuffix) || Here[D.Symbol] < 0)
      continue;
    std::optional<TextId> Summarised = Store->lookup(Symbol.substr(0, Symbol.size() - BodySuffix.size()));
    if (Summarised && *Summarised < Here.size() && Here[*Summarised] >= 0)
      Summaries.push_back({Here[*Summarised], Here[D.Symbol]});
  }

  auto Owner = [&](TextId Symbol) {
    int Id = Here[Symbol];
    return Id >= 0 ? Id : -1;
  };
  for (const ParsedBlock::UseRecord &U : Block.Uses) {
    Use Entry{U.Cap, std::string(Store->text(U.Callee)),
              {std::string(Store->text(U.File)), U.Line}, Store->text(U.CalleeSymbol)};
    if (U.Symbol == FactsStore::Empty) {
      CrateUses[Crate].push_back(std::move(Entry));
      continue;
    }
    if (int From = Owner(U.Symbol); From >= 0)
      Nodes[From].Uses.push_back(std::move(Entry));
  }
  for (const ParsedBlock::EdgeRecord &E : Block.Edges) {
    int From = Owner(E.From);
    if (From < 0)
      continue;
    // An internal symbol resolves within its own object.
    int Local = Here[E.To];
    if (Local >= 0 && IsInternal[Local])
      Nodes[From].Edges.push_back({Local, E.File, E.Line});
    else
      Pending.push_back({From, E.To, E.File, E.Line});
  }
  SyscallReturns.insert(SyscallReturns.end(), Block.SyscallReturns.begin(),
                        Block.SyscallReturns.end());
  for (const ParsedBlock::SyscallForwardRecord &F : Block.SyscallForwards)
    if (int Node = Owner(F.Symbol); Node >= 0)
      SyscallForwards.push_back({Node, F.Parameter, F.Through, F.File, F.Line});
  for (const ParsedBlock::SyscallArgumentRecord &A : Block.SyscallArguments)
    if (int From = Owner(A.From); From >= 0) {
      int Local = Here[A.To];
      SyscallArguments.push_back({From, A.To, Local >= 0 && IsInternal[Local] ? Local : -1,
                                  A.Index, A.Value, A.Through, A.File, A.Line});
    }
  for (TextId Symbol : Block.Roots) {
    // A root defined here, or (for a copy skipped above) the one
    // definition kept of it.
    if (int Id = Owner(Symbol); Id >= 0)
      Nodes[Id].Root = true;
    else if (Global[Symbol] >= 0)
      Nodes[Global[Symbol]].Root = true;
  }
  for (TextId Symbol : HereSet)
    Here[Symbol] = Unset;
  HereSet.clear();
}

void FactsGraph::link() {
  // Owners outside the build (std, core, alloc and the toolchain's other
  // crates) have no crate record: their code was precompiled. The owner may
  // be a crate none of whose own blocks is in this graph (a generic of it,
  // instantiated in a binary that links nothing else of it): the store
  // knows every crate of the build. A crate whose only code is generic has
  // a record without a disambiguator (codelessCrates()): the owner of an
  // instance of its code that no record names is found by its name and
  // source file. std's code has neither: its files are not in a package.
  for (const PendingOwner &P : OwnerPending) {
    GraphNode &Node = Nodes[P.Node];
    if (P.Disambiguator == FactsStore::Empty) {
      if (P.Name != FactsStore::Empty && Node.OwnerName != Crates[Node.Crate].Name)
        Node.Crate = -1;
      else
        Node.OwnerName = Crates[Node.Crate].Name;
      continue;
    }
    int StoreCrate = Store->findCrate(P.Name, P.Disambiguator);
    if (StoreCrate < 0)
      StoreCrate = codelessOwner(P.Name, Node.DefinitionFile);
    Node.Crate = StoreCrate < 0 ? -1 : graphCrate(StoreCrate);
  }
  OwnerPending.clear();

  for (const PendingEdge &Edge : Pending) {
    // A target defined nowhere in the build is std's or a C library's, and
    // the pass already classified the call by its annotations.
    int Target = Edge.Target < Global.size() ? Global[Edge.Target] : Unset;
    if (Target >= 0)
      Nodes[Edge.From].Edges.push_back({Target, Edge.File, Edge.Line});
  }
  Pending.clear();
  chargeForwardedSyscalls();

  // An annotation describes a package: a summary holds only when the crate
  // that owns the function belongs to the package of the annotated crate's
  // name, as the owner's `crate` record has it from cargo's metadata (the
  // wrapper's, authenticated by the block's MAC). A crate that took that
  // name (`[lib] name = "rustix"` in a package `evil`), instantiated in its
  // callers, or compiled outside cargo capgate, is its body: the function's
  // node takes the body's uses and edges, so callers and binaries reach
  // what it does. The pass applies the same rule to the crate it compiles;
  // here it also covers instances compiled in other crates.
  for (const SummaryBody &Pair : Summaries) {
    GraphNode &Body = Nodes[Pair.Body];
    if (Body.Crate >= 0 && packageOfCrate(Crates[Body.Crate].Package, Body.OwnerName))
      continue;
    GraphNode &Summary = Nodes[Pair.Summary];
    Summary.Uses = std::move(Body.Uses);
    Summary.Edges = std::move(Body.Edges);
    Body.Uses.clear();
    Body.Edges.clear();
  }
  Summaries.clear();

  // A use the pass read from a callee's name holds only if the build does
  // not define that symbol as something else; the pass kept the edge, which
  // now leads to the definition's own uses. Any definition of a C name
  // (#[no_mangle]) is a crate's function, neither unexplained native code
  // nor the C library's function its annotation describes. A Rust name's
  // definition is something else when its path, which the pass took from
  // debug info when the name was chosen (#[export_name]), is not the path
  // the name spells.
  auto BeliedByDefinition = [&](const Use &U) {
    if (U.CalleeSymbol.empty())
      return false;
    std::optional<TextId> Id = Store->lookup(U.CalleeSymbol);
    if (!Id || *Id >= Global.size() || Global[*Id] < 0)
      return false;
    bool RustName = U.CalleeSymbol.starts_with("_R") || U.CalleeSymbol.starts_with("_ZN");
    return !RustName || Nodes[Global[*Id]].Path != U.Callee;
  };
  for (GraphNode &Node : Nodes)
    std::erase_if(Node.Uses, BeliedByDefinition);

  std::vector<std::vector<int>> Successors(Nodes.size());
  for (std::size_t I = 0; I < Nodes.size(); ++I) {
    Successors[I].reserve(Nodes[I].Edges.size());
    for (const GraphEdge &Edge : Nodes[I].Edges)
      Successors[I].push_back(Edge.Target);
  }
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
          Site = siteOf(Nodes[Previous].Edges[EdgeIndex]);
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
