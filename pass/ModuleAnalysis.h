//===- ModuleAnalysis.h - Capability facts of one LLVM module ---*- C++ -*-===//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//
//
// FILE: ModuleAnalysis.h
//
// DESCRIPTION:
//   The per-module model the pass builds in one walk over the IR: a node for
//   every defined function (and for every defined global whose initializer
//   points at code, such as a vtable or a static holding a fn pointer), the
//   capabilities each node uses directly, with where, and its edges (calls
//   and references) to other symbols. Propagation, tagging and the facts
//   writer all read this model.
//
//===----------------------------------------------------------------------===//

#ifndef CAPGATE_PASS_MODULEANALYSIS_H
#define CAPGATE_PASS_MODULEANALYSIS_H

#include "AnnotationRules.h"
#include "RustSymbol.h"
#include "StandardLibrary.h"
#include "SyscallNumbers.h"

#include "capgate/Capability.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/GlobalValue.h"
#include "llvm/IR/Module.h"

#include <string>
#include <vector>

namespace capgate {

/// A source position, resolved from debug info; Line 0 when unknown.
struct DebugSite {
  std::string File;
  unsigned Line = 0;
};

/// A capability used directly by a node's own code.
struct DirectUse {
  Capability Cap;
  /// The callee's path or C symbol, or "asm!" for inline assembly.
  std::string Callee;
  DebugSite Site;
  /// The symbol of the call's or reference's target, empty for other uses.
  /// A use read from the target's name alone holds only if the build has no
  /// other definition of that symbol: the subcommand checks this when it
  /// links the crates (FactsGraph::link()).
  std::string CalleeSymbol;
};

/// A raw system call whose number is a parameter, as far as the crate's
/// other codegen units tell (SyscallNumbers::forwardedAcrossUnits): the
/// subcommand charges the callers instead of its SYSTEM_CALLS at Site.
struct SyscallForward {
  unsigned Parameter;
  /// The symbols of the one-argument functions the number passes through.
  std::string Through;
  DebugSite Site;
};

/// A small constant passed to a function of another codegen unit of the
/// crate, maybe as a system call number.
struct SyscallArgument {
  const llvm::GlobalValue *Target;
  unsigned Index;
  int64_t Value;
  std::string Through;
  DebugSite Site;
};

/// A call to, or a reference to the address of, another symbol.
struct Edge {
  const llvm::GlobalValue *Target;
  bool IsCall;
  DebugSite Site;
};

/// One defined function, or a defined global that points at code.
struct Node {
  const llvm::GlobalObject *Value;
  std::string Symbol;
  std::string Path;
  OwnerCrate Owner;
  DebugSite Definition;
  std::vector<DirectUse> Uses;
  std::vector<Edge> Edges;
  std::vector<SyscallForward> SyscallForwards;
  std::vector<SyscallArgument> SyscallArguments;
  /// Defined under a name rustc did not derive from its path (#[no_mangle],
  /// #[export_name]): the name says nothing about the code, and anything
  /// can call it by that name.
  bool ChosenName = false;
  /// The body of an annotated function (see summariseAnnotated()): a node
  /// of its own, under the function's symbol with a suffix, that only its
  /// crate's sets count and nothing reaches.
  bool Body = false;
};

/// Why a symbol is a root of reachability regardless of callers.
struct Root {
  const llvm::GlobalValue *Value;
  const char *Reason;
};

class ModuleAnalysis {
public:
  ModuleAnalysis(llvm::Module &M, const AnnotationRules &Rules);

  /// Builds the model; one linear walk over every instruction and global.
  void run();

  std::vector<Node> &nodes() { return Nodes; }
  const std::vector<Node> &nodes() const { return Nodes; }
  const std::vector<Root> &roots() const { return Roots; }
  /// Defined functions whose one parameter they return, for the crate's
  /// other codegen units (SyscallNumbers::returnsAcrossUnits).
  llvm::SmallVector<const llvm::Function *, 4> syscallReturns() const {
    return Syscalls.returnsAcrossUnits(M);
  }
  /// The symbols of \p Through, separated by spaces.
  std::string symbolNames(llvm::ArrayRef<const llvm::Function *> Through) const;
  /// Capabilities of the module as a whole (module-level assembly).
  const std::vector<DirectUse> &moduleUses() const { return ModuleUses; }

  /// The crate being compiled, with the disambiguator its symbols carry.
  const OwnerCrate &ownCrate() const { return OwnCrate; }

  /// The node index of a defined symbol, or -1.
  int nodeIndex(const llvm::GlobalValue *Value) const;

  /// The name the facts use for a symbol (see symbolName()).
  std::string symbolName(const llvm::GlobalValue *Value) const;

private:
  /// How an edge's target is classified; cached per target.
  struct TargetInfo {
    Verdict Annotation;
    /// A C function nothing explains.
    bool Unexplained = false;
    /// False when the target contributes nothing (an intrinsic, or a
    /// precompiled function of the toolchain the annotations describe).
    bool KeepEdge = true;
    std::string Callee;
    std::string Symbol;
    /// The crate of a Rust target, for telling callbacks apart.
    OwnerCrate Owner;
    bool Rust = false;
  };

  /// A function named, as a type, in a callee's name (functionTypeArguments)
  /// whose annotation gives it capabilities: a function passed by name.
  struct PassedFunction {
    std::string Callee;
    CapabilitySet Capabilities;
  };

  const TargetInfo &classifyTarget(const llvm::GlobalValue *Target);
  const llvm::SmallVector<PassedFunction, 1> &
  functionsPassedTo(const llvm::GlobalValue *Target);
  /// Adds the uses of the functions passed by name in a call to \p Target;
  /// true when \p Target is std's code running only functions \p N was
  /// given itself, whose own annotation then does not count for \p N.
  bool addPassedFunctionUses(Node &N, const llvm::GlobalValue *Target,
                             const llvm::DILocation *Loc);
  void classifyAsC(TargetInfo &Info, const llvm::GlobalValue *Target,
                   llvm::StringRef Name) const;
  bool isToolchainCode(const OwnerCrate &Owner) const;
  void addNode(const llvm::GlobalObject &Value);
  void verifyOwner(Node &N, const llvm::DISubprogram *Program);
  void analyseFunction(Node &N, const llvm::Function &F);
  void analyseGlobal(Node &N, const llvm::GlobalVariable &G);
  void addReferences(Node &N, const llvm::Constant *C,
                     const llvm::DILocation *Loc,
                     llvm::SmallPtrSetImpl<const llvm::Constant *> &Seen);
  void addEdge(Node &N, const llvm::GlobalValue *Target, bool IsCall,
               const llvm::DILocation *Loc);
  void addAssemblyUse(Node &N, llvm::StringRef Assembly,
                      const llvm::DILocation *Loc);
  /// Charges a raw system call whose number Syscalls reads, or which is a
  /// recognised system call instruction, the capability of that call (or
  /// SYSTEM_CALLS); returns false when \p Call is no such call.
  bool addSyscallUses(Node &N, const llvm::CallBase &Call,
                      const llvm::DILocation *Loc);
  void addSyscallArguments(Node &N, const llvm::CallBase &Call,
                           const llvm::DILocation *Loc);
  /// Charges ARBITRARY_EXECUTION to a call that gives memory a constant
  /// protection with PROT_EXEC, to C's mmap or mprotect or through
  /// forwarders (SyscallNumbers, TrackedArgument::Protection).
  void addExecutableMemoryUses(Node &N, const llvm::CallBase &Call,
                               const llvm::DILocation *Loc);
  void collectRoots();
  /// Makes each annotated function defined here its annotation's summary
  /// (Summaries.cpp).
  void summariseAnnotated();
  std::vector<Edge> callbacksOf(int Index) const;
  DebugSite siteOf(const llvm::DILocation *Loc) const;

  llvm::Module &M;
  const AnnotationRules &Rules;
  const StandardLibrary &Library;
  SyscallNumbers Syscalls;
  std::vector<Node> Nodes;
  std::vector<Root> Roots;
  std::vector<DirectUse> ModuleUses;
  OwnerCrate OwnCrate;
  llvm::DenseMap<const llvm::GlobalValue *, int> NodeIndex;
  llvm::DenseMap<const llvm::GlobalValue *, TargetInfo> Targets;
  llvm::DenseMap<const llvm::GlobalValue *,
                 llvm::SmallVector<PassedFunction, 1>>
      PassedFunctions;
  llvm::DenseMap<const llvm::GlobalValue *, unsigned> AnonymousNames;
  /// Joined file paths, per debug-info file: every call site needs one.
  mutable llvm::DenseMap<const llvm::DIFile *, std::string> FileNames;
};

/// The directory-joined path of a debug-info file.
std::string absoluteFile(const llvm::DIFile *File);

} // namespace capgate

#endif // CAPGATE_PASS_MODULEANALYSIS_H
