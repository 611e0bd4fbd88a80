//===- Summaries.cpp - Annotated functions are their annotations ----------===//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//
//
// FILE: Summaries.cpp
//
// DESCRIPTION:
//   A function whose meaning an annotation states is charged that meaning,
//   and its body is not also followed (docs/annotations.md). Callers keep
//   their edge to the function, so a definition under its name that is
//   something else (#[export_name]) is still followed; the function's own
//   node, wherever rustc compiles it (in its crate, or instantiated in a
//   caller's), becomes the annotation's summary: the annotation's
//   capabilities at its definition, and edges only to the callbacks its body
//   makes into other crates' code. The body keeps its uses and edges in a
//   node of its own, which nothing reaches and which its crate's sets still
//   count: nothing the crate does is hidden from a policy on the crate.
//
//   An annotation describes a package, not whatever crate takes its crate
//   name (`[lib] name = "rustix"`): the crate compiled here has its own
//   functions summarised only when its package, as cargo's metadata has it
//   (CrateIdentity.h), is the annotated crate. Another crate's function
//   instantiated here is summarised provisionally, its body kept beside it:
//   cargo capgate checks its owner's package when it links the facts.
//
//===----------------------------------------------------------------------===//

#include "CrateIdentity.h"
#include "ModuleAnalysis.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/GlobalVariable.h"

#include <string>

using namespace llvm;

namespace capgate {

namespace {

bool sameCrate(const OwnerCrate &A, const OwnerCrate &B) {
  return A.Name == B.Name && A.Disambiguator == B.Disambiguator;
}

/// The suffix that names the body of a summarised function in the facts.
constexpr const char *BodySuffix = ".capgate.body";

/// Whether the package compiled here, as cargo capgate's wrapper has it
/// from cargo's metadata (never from anything the crate controls), is the
/// one whose crate name is \p CrateName: rustc's crate names are package
/// names with '-' written '_'. An unknown package (opt, rustc run by hand)
/// is none: the crate's own functions are then followed as they are.
bool compilingPackageOf(StringRef CrateName) {
  std::string Package = currentCrate().Package;
  if (Package.empty())
    return false;
  for (char &C : Package)
    if (C == '-')
      C = '_';
  return Package == CrateName;
}

} // namespace

std::vector<Edge> ModuleAnalysis::callbacksOf(int Index) const {
  // The function's own work is its crate's code and the toolchain's (std's
  // generics it instantiates); data (vtables, promoted constants) only
  // passes calls on. The first code of any other crate it reaches was
  // supplied by whoever instantiated or called it: a closure, a trait impl,
  // a generic argument's methods. That code is followed as itself.
  const OwnerCrate &Summarised = Nodes[Index].Owner;
  auto OwnWork = [&](const OwnerCrate &Owner) {
    return sameCrate(Owner, Summarised) || isToolchainCode(Owner);
  };
  std::vector<Edge> Callbacks;
  DenseSet<const GlobalValue *> Seen;
  // A node to walk, with the site in the summarised body the walk left by.
  SmallVector<std::pair<int, const DebugSite *>, 16> Work;
  Seen.insert(Nodes[Index].Value);
  Work.push_back({Index, nullptr});
  while (!Work.empty()) {
    auto [Current, Entry] = Work.pop_back_val();
    for (const Edge &E : Nodes[Current].Edges) {
      if (!Seen.insert(E.Target).second)
        continue;
      const DebugSite &Site = Entry ? *Entry : E.Site;
      if (int Target = nodeIndex(E.Target); Target >= 0) {
        const Node &T = Nodes[Target];
        if (isa<GlobalVariable>(T.Value) || OwnWork(T.Owner))
          Work.push_back({Target, &Site});
        else
          Callbacks.push_back({E.Target, /*IsCall=*/false, Site});
        continue;
      }
      // Declared here, defined in another crate of the build: a callback
      // when it is Rust code of a crate other than the function's. C
      // functions the body calls are part of what the annotation states.
      auto Found = Targets.find(E.Target);
      if (Found != Targets.end() && Found->second.Rust &&
          !OwnWork(Found->second.Owner))
        Callbacks.push_back({E.Target, /*IsCall=*/false, Site});
    }
  }
  return Callbacks;
}

void ModuleAnalysis::summariseAnnotated() {
  struct Summary {
    size_t Index;
    CapabilitySet Meaning;
    std::vector<Edge> Callbacks;
  };
  std::vector<Summary> Summaries;
  for (size_t I = 0; I < Nodes.size(); ++I) {
    const Node &N = Nodes[I];
    // A chosen name's code is whatever it is, under any path; the
    // toolchain's instantiated code is edges only already (addEdge()).
    if (!isa<Function>(N.Value) || N.ChosenName || !isRustSymbol(N.Symbol) ||
        isToolchainCode(N.Owner))
      continue;
    // A crate that names itself after an annotated one (`[lib] name =
    // "rustix"` in a package `evil`) is not what the annotation describes:
    // its functions are their bodies, for its callers too.
    if (sameCrate(N.Owner, OwnCrate) && !compilingPackageOf(N.Owner.Name))
      continue;
    // Only rules on the owner's own paths describe its code. A trait's rule
    // (`<app::Addr as std::net::ToSocketAddrs>::to_socket_addrs` matched as
    // std's ToSocketAddrs) says what calling the trait means, not what
    // another crate's implementation does: that stays its body.
    SmallVector<std::string, 2> Own;
    for (std::string &Candidate : matchCandidates(N.Path))
      if (StringRef(Candidate).split("::").first == N.Owner.Name)
        Own.push_back(std::move(Candidate));
    Verdict Meaning = Rules.classifyRust(Own);
    if (!Meaning.decided())
      continue;
    // Computed on the bodies as they are, before any is replaced.
    Summaries.push_back({I, Meaning.Capabilities, callbacksOf(I)});
  }
  Nodes.reserve(Nodes.size() + Summaries.size());
  for (Summary &S : Summaries) {
    Node &N = Nodes[S.Index];
    Node Body;
    Body.Value = N.Value;
    Body.Symbol = N.Symbol + BodySuffix;
    Body.Path = N.Path;
    Body.Owner = N.Owner;
    Body.Definition = N.Definition;
    Body.Uses = std::move(N.Uses);
    Body.Edges = std::move(N.Edges);
    Body.Body = true;
    N.Uses.clear();
    N.Edges = std::move(S.Callbacks);
    // The function does what its annotation says, where it is defined; the
    // callee of such a use is the function itself.
    S.Meaning.forEach([&](Capability Cap) {
      N.Uses.push_back({Cap, N.Path, N.Definition, ""});
    });
    if (!Body.Uses.empty() || !Body.Edges.empty())
      Nodes.push_back(std::move(Body));
  }
}

} // namespace capgate
