//===- FactsWriter.cpp - The .capgate section of an object file -----------===//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//
//
// FILE: FactsWriter.cpp
//
// DESCRIPTION:
//   One block per module: the crate record, then per node its definition,
//   direct uses and edges, then roots and module-level uses; framed with
//   the unit's MAC (capgate/Facts.h).
//
//===----------------------------------------------------------------------===//

#include "FactsWriter.h"

#include "CrateIdentity.h"
#include "PluginConfig.h"

#include "capgate/Facts.h"

#include "llvm/IR/Function.h"
#include "llvm/IR/GlobalVariable.h"

using namespace llvm;

namespace capgate {

namespace {

char linkageLetter(const GlobalValue *Value) {
  if (Value->hasLocalLinkage())
    return 'i';
  if (Value->isWeakForLinker())
    return 'w';
  return 'x';
}

std::string lineText(unsigned Line) {
  return Line ? std::to_string(Line) : std::string();
}

/// Which nodes lead anywhere: to a use, to something unanalysed, or out of
/// the module (whose other side the subcommand links). The rest (most
/// instantiated helpers of core and alloc) can affect no result, so their
/// records would only cost space in every object and time in every report.
/// A summary leads wherever its body does: the subcommand gives it its body
/// back when the function's owner is not the annotated package (another
/// crate's generic instantiated here), and callers' edges must reach it.
std::vector<bool> nodesThatLead(const ModuleAnalysis &Analysis) {
  const std::vector<Node> &Nodes = Analysis.nodes();
  std::vector<bool> Leads(Nodes.size(), false);
  std::vector<std::vector<int>> Callers(Nodes.size());
  std::vector<int> Worklist;
  for (size_t I = 0; I < Nodes.size(); ++I) {
    if (Nodes[I].Body)
      Callers[I].push_back(Analysis.nodeIndex(Nodes[I].Value));
    bool Direct = !Nodes[I].Uses.empty();
    for (const Edge &E : Nodes[I].Edges) {
      int Target = Analysis.nodeIndex(E.Target);
      if (Target < 0)
        Direct = true;
      else
        Callers[Target].push_back(static_cast<int>(I));
    }
    if (Direct) {
      Leads[I] = true;
      Worklist.push_back(static_cast<int>(I));
    }
  }
  while (!Worklist.empty()) {
    int Current = Worklist.back();
    Worklist.pop_back();
    for (int Caller : Callers[Current])
      if (!Leads[Caller]) {
        Leads[Caller] = true;
        Worklist.push_back(Caller);
      }
  }
  return Leads;
}

/// The unit the facts describe: cargo's unit id from the wrapper, or, for
/// rustc or opt run by hand, the crate's name.
const std::string &factsUnit() {
  static const std::string Unit = pluginConfig().Unit.empty()
                                      ? currentCrate().CrateName
                                      : pluginConfig().Unit;
  return Unit;
}

/// The unit's key, decoded from the hexadecimal the wrapper passes; empty
/// (blocks without a MAC, which every authenticating reader refuses) when
/// the plugin runs outside `cargo capgate`.
const std::string &factsUnitKey() {
  static const std::string Key = [] {
    std::string Raw;
    if (!sha256::fromHex(pluginConfig().UnitKey, Raw))
      Raw.clear();
    return Raw;
  }();
  return Key;
}

} // namespace

std::string serializeFacts(const ModuleAnalysis &Analysis,
                           StringRef ModuleIdentifier) {
  namespace kind = facts::kind;
  using facts::RecordWriter;
  std::string Payload;
  const CrateIdentity &Identity = currentCrate();
  RecordWriter(Payload)
      .field(kind::Crate)
      .field(Analysis.ownCrate().Name)
      .field(Analysis.ownCrate().Disambiguator)
      .field(Identity.CrateTypes)
      .field(Identity.Package)
      .field(Identity.Version)
      .field(Identity.ManifestDir)
      .field(ModuleIdentifier)
      .field(factsUnit());

  std::vector<bool> Leads = nodesThatLead(Analysis);
  std::vector<bool> IsRoot(Analysis.nodes().size(), false);
  for (const Root &R : Analysis.roots())
    if (int Index = Analysis.nodeIndex(R.Value); Index >= 0)
      IsRoot[Index] = true;

  for (size_t I = 0; I < Analysis.nodes().size(); ++I) {
    // A root is kept even when it leads nowhere: a binary's `main` must
    // exist for its report to say that it does nothing.
    if (!Leads[I] && !IsRoot[I])
      continue;
    const Node &N = Analysis.nodes()[I];
    // The body of a summarised function is known to this object only.
    std::string Linkage(1, N.Body ? 'i' : linkageLetter(N.Value));
    if (isa<Function>(N.Value))
      RecordWriter(Payload)
          .field(kind::Function)
          .field(N.Symbol)
          .field(Linkage)
          .field(N.Owner.Name)
          .field(N.Owner.Disambiguator)
          .field(N.Path)
          .field(N.Definition.File)
          .field(lineText(N.Definition.Line));
    else
      RecordWriter(Payload)
          .field(kind::Global)
          .field(N.Symbol)
          .field(Linkage)
          .field(N.Path);
    for (const DirectUse &Use : N.Uses)
      RecordWriter(Payload)
          .field(kind::Use)
          .field(N.Symbol)
          .field(capabilityName(Use.Cap))
          .field(Use.Callee)
          .field(Use.Site.File)
          .field(lineText(Use.Site.Line))
          .field(Use.CalleeSymbol);
    for (const SyscallForward &Forward : N.SyscallForwards)
      RecordWriter(Payload)
          .field(kind::SyscallForward)
          .field(N.Symbol)
          .field(std::to_string(Forward.Parameter))
          .field(Forward.Through)
          .field(Forward.Site.File)
          .field(lineText(Forward.Site.Line));
    for (const SyscallArgument &Argument : N.SyscallArguments)
      RecordWriter(Payload)
          .field(kind::SyscallArgument)
          .field(N.Symbol)
          .field(Analysis.symbolName(Argument.Target))
          .field(std::to_string(Argument.Index))
          .field(std::to_string(Argument.Value))
          .field(Argument.Through)
          .field(Argument.Site.File)
          .field(lineText(Argument.Site.Line));
    for (const Edge &E : N.Edges) {
      int Target = Analysis.nodeIndex(E.Target);
      if (Target >= 0 && !Leads[Target])
        continue;
      RecordWriter(Payload)
          .field(E.IsCall ? kind::Call : kind::Ref)
          .field(N.Symbol)
          .field(Analysis.symbolName(E.Target))
          .field(E.Site.File)
          .field(lineText(E.Site.Line));
    }
  }
  for (const Root &R : Analysis.roots())
    RecordWriter(Payload)
        .field(kind::Root)
        .field(Analysis.symbolName(R.Value))
        .field(R.Reason);
  for (const Function *F : Analysis.syscallReturns())
    RecordWriter(Payload)
        .field(kind::SyscallReturn)
        .field(Analysis.symbolName(F));
  for (const DirectUse &Use : Analysis.moduleUses())
    RecordWriter(Payload)
        .field(kind::Use)
        .field("")
        .field(capabilityName(Use.Cap))
        .field(Use.Callee)
        .field("")
        .field("")
        .field("");
  return facts::frameBlock(Payload, factsUnit(), factsUnitKey());
}

void embedFacts(Module &M, StringRef Block) {
  // GNU assembler string syntax: escape quotes and backslashes, spell
  // control characters in octal, and cut long blocks into lines.
  constexpr size_t ChunkSize = 2048;
  std::string Assembly = ".pushsection .capgate,\"\",@progbits\n";
  Assembly.reserve(Block.size() + Block.size() / 8 + 64);
  for (size_t Start = 0; Start < Block.size(); Start += ChunkSize) {
    Assembly += ".ascii \"";
    for (char C : Block.substr(Start, ChunkSize)) {
      auto Byte = static_cast<unsigned char>(C);
      if (C == '"' || C == '\\') {
        Assembly += '\\';
        Assembly += C;
      } else if (Byte < 0x20 || Byte >= 0x7f) {
        char Octal[5];
        snprintf(Octal, sizeof(Octal), "\\%03o", Byte);
        Assembly += Octal;
      } else {
        Assembly += C;
      }
    }
    Assembly += "\"\n";
  }
  Assembly += ".popsection\n";
  M.appendModuleInlineAsm(Assembly);
}

} // namespace capgate
