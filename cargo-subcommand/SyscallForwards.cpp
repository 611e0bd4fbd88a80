// SyscallForwards.cpp - raw system calls whose number another codegen unit
// passes.
//
// At opt-level 0 rustc keeps a crate's small helpers in codegen units of
// their own: rustix's `syscall2(nr, a0, a1)` makes the system call in one
// unit, and `syscall2(nr(__NR_fstat), ...)` passes its number from another.
// A helper only one unit calls is internal to it (`syscall5_readonly`), but
// its number still passes through other units' `nr` and `to_asm`.
// The pass sees one unit at a time; each records what it knows (capgate/
// Facts.h: `sysfwd` for the call whose number is a parameter, `sysarg` for
// the constants passed to other units' functions, `sysret` for functions
// returning their one parameter, like `nr`). Here they are joined: when
// every caller of a forwarding function passes a known number, each caller
// is charged that system call's capability (capgate/Syscalls.h) at its call
// site and the function's own SYSTEM_CALLS goes. One caller that does not
// (a number computed at run time, a reference that takes the function's
// address) keeps it. Linear in the records and the edges.
#include "FactsGraph.h"

#include "capgate/Syscalls.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace capgate {

namespace {

struct ArgumentKey {
  int From, Target;
  TextId File;
  unsigned Line, Index;
  bool operator==(const ArgumentKey &) const = default;
};

struct ArgumentKeyHash {
  std::size_t operator()(const ArgumentKey &K) const {
    std::size_t H = std::hash<int>()(K.From);
    for (std::size_t Part : {std::size_t(K.Target), std::size_t(K.File), std::size_t(K.Line),
                             std::size_t(K.Index)})
      H = H * 1000003u ^ Part;
    return H;
  }
};

} // namespace

void FactsGraph::chargeForwardedSyscalls() {
  if (SyscallForwards.empty()) {
    SyscallArguments.clear();
    return;
  }
  std::unordered_set<std::string_view> Returning;
  for (TextId Symbol : SyscallReturns)
    Returning.insert(Store->text(Symbol));
  // A number passes through only functions known to return their one
  // parameter.
  auto PassesThrough = [&](TextId Through) {
    std::string_view Symbols = Store->text(Through);
    while (!Symbols.empty()) {
      std::size_t End = Symbols.find(' ');
      if (!Returning.count(Symbols.substr(0, End)))
        return false;
      Symbols = End == Symbols.npos ? std::string_view() : Symbols.substr(End + 1);
    }
    return true;
  };

  std::unordered_map<int, std::vector<const PendingSyscallForward *>> Forwarders;
  for (const PendingSyscallForward &F : SyscallForwards)
    if (PassesThrough(F.Through))
      Forwarders[F.Node].push_back(&F);
  // Two calls on one line may pass two numbers: both are charged.
  std::unordered_map<ArgumentKey, std::vector<unsigned>, ArgumentKeyHash> Arguments;
  for (const PendingSyscallArgument &A : SyscallArguments) {
    int Target = A.LocalTarget >= 0 ? A.LocalTarget
                 : A.Target < Global.size() ? Global[A.Target]
                                            : -1;
    if (Target >= 0 && Forwarders.count(Target) && PassesThrough(A.Through))
      Arguments[{A.From, Target, A.File, A.Line, A.Index}].push_back(A.Value);
  }

  // A forwarder is settled when each edge into it passes every number it
  // forwards: as many numbers at a call site as there are edges there.
  std::unordered_map<ArgumentKey, std::size_t, ArgumentKeyHash> EdgesAt;
  for (std::size_t From = 0; From < Nodes.size(); ++From)
    for (const GraphEdge &E : Nodes[From].Edges) {
      auto Found = Forwarders.find(E.Target);
      if (Found == Forwarders.end())
        continue;
      for (const PendingSyscallForward *F : Found->second)
        ++EdgesAt[{static_cast<int>(From), E.Target, E.File, E.Line, F->Parameter}];
    }
  std::unordered_set<int> Unsettled;
  for (const auto &[Key, Count] : EdgesAt) {
    auto Passed = Arguments.find(Key);
    if (Passed == Arguments.end() || Passed->second.size() < Count)
      Unsettled.insert(Key.Target);
  }

  for (std::size_t From = 0; From < Nodes.size(); ++From) {
    std::vector<Use> Charged;
    for (const GraphEdge &E : Nodes[From].Edges) {
      auto Found = Forwarders.find(E.Target);
      if (Found == Forwarders.end() || Unsettled.count(E.Target))
        continue;
      for (const PendingSyscallForward *F : Found->second)
        for (unsigned Number :
             Arguments.at({static_cast<int>(From), E.Target, E.File, E.Line, F->Parameter})) {
          const SyscallInfo *Info = findSyscall(Number);
          SourceSite Site{std::string(Store->text(E.File)), E.Line};
          if (!Info)
            Charged.push_back({Capability::SystemCalls, "syscall " + std::to_string(Number), Site});
          else if (chargesCapability(*Info))
            Charged.push_back({Info->Cap,
                               "syscall " + std::string(Info->Name) + " (" +
                                   std::to_string(Info->Number) + ")",
                               Site});
        }
    }
    for (Use &U : Charged)
      Nodes[From].Uses.push_back(std::move(U));
  }

  // The forwarders' own SYSTEM_CALLS, one use per forwarded call site.
  for (const auto &[Node, Forwards] : Forwarders) {
    if (Unsettled.count(Node))
      continue;
    std::vector<Use> &Uses = Nodes[Node].Uses;
    for (const PendingSyscallForward *F : Forwards) {
      std::string_view File = Store->text(F->File);
      auto Own = std::find_if(Uses.begin(), Uses.end(), [&](const Use &U) {
        return U.Cap == Capability::SystemCalls && U.CalleeSymbol.empty() &&
               U.Site.Line == F->Line && U.Site.File == File;
      });
      if (Own != Uses.end())
        Uses.erase(Own);
    }
  }
  SyscallForwards.clear();
  SyscallArguments.clear();
}

} // namespace capgate
