//===- ModuleAnalysis.cpp - Capability facts of one LLVM module -----------===//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//
//
// FILE: ModuleAnalysis.cpp
//
// DESCRIPTION:
//   Walks every defined function and global once. Each call or reference is
//   classified by its target: an annotated target becomes a direct use (or,
//   when SAFE, nothing) and an edge to the annotation's summary
//   (Summaries.cpp); an unexplained C function becomes NATIVE_CODE; any
//   other target becomes an edge, followed by propagation inside the module
//   and by the subcommand across crates. Targets are classified once per
//   module, however often they are called.
//
//===----------------------------------------------------------------------===//

#include "ModuleAnalysis.h"

#include "CrateIdentity.h"
#include "FactsSectionGuard.h"

#include "capgate/Syscalls.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/GlobalAlias.h"
#include "llvm/IR/GlobalIFunc.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/InlineAsm.h"
#include "llvm/IR/Instructions.h"
#include "llvm/Support/Path.h"

#include <optional>

using namespace llvm;

namespace capgate {

std::string absoluteFile(const DIFile *File) {
  if (!File)
    return "";
  StringRef Name = File->getFilename();
  if (sys::path::is_absolute(Name) || File->getDirectory().empty())
    return Name.str();
  SmallString<256> Joined(File->getDirectory());
  sys::path::append(Joined, Name);
  return std::string(Joined);
}

namespace {

/// Strips the "\1" prefix LLVM uses for names that bypass mangling.
StringRef plainName(const GlobalValue *Value) {
  StringRef Name = Value->getName();
  Name.consume_front("\1");
  return Name;
}

/// True when the assembly text contains an instruction that enters the
/// kernel directly, on the architectures Rust targets.
bool entersKernel(StringRef Assembly) {
  SmallVector<StringRef, 8> Lines;
  Assembly.split(Lines, '\n');
  for (StringRef Line : Lines) {
    for (StringRef Statement :
         {Line.split(';').first, Line.split(';').second}) {
      StringRef Mnemonic = Statement.trim().split(' ').first.split('\t').first;
      if (Mnemonic == "syscall" || Mnemonic == "sysenter" ||
          Mnemonic == "svc" || Mnemonic == "ecall" ||
          (Mnemonic == "int" && Statement.contains("0x80")))
        return true;
    }
  }
  return false;
}

/// True when the assembly text has at least one instruction: rustc emits
/// empty asm statements as optimisation barriers (core::hint::black_box).
bool hasInstructions(StringRef Assembly) {
  SmallVector<StringRef, 8> Lines;
  Assembly.split(Lines, '\n');
  for (StringRef Line : Lines) {
    StringRef Code = Line.split("//").first.split('#').first.trim();
    if (!Code.empty())
      return true;
  }
  return false;
}

/// Calls \p Visit with every symbol a constant mentions, directly or inside
/// constant expressions and aggregates.
template <typename Fn>
void forEachSymbol(const Constant *C, SmallPtrSetImpl<const Constant *> &Seen,
                   Fn &&Visit) {
  if (!Seen.insert(C).second)
    return;
  if (const auto *Value = dyn_cast<GlobalValue>(C))
    return Visit(Value);
  if (const auto *Equivalent = dyn_cast<DSOLocalEquivalent>(C))
    return Visit(Equivalent->getGlobalValue());
  if (const auto *NoCFI = dyn_cast<NoCFIValue>(C))
    return Visit(NoCFI->getGlobalValue());
  for (const Use &Operand : C->operands())
    if (const auto *Inner = dyn_cast<Constant>(Operand.get()))
      forEachSymbol(Inner, Seen, Visit);
}

/// The defined globals that lead to code: those whose initializers mention
/// a function or a declared symbol (which may hold code), directly or
/// through other such globals. Vtables and statics holding fn pointers are
/// among them; string constants and panic locations are not.
SmallPtrSet<const GlobalVariable *, 32> globalsLeadingToCode(Module &M) {
  SmallPtrSet<const GlobalVariable *, 32> Leading;
  DenseMap<const GlobalValue *, SmallVector<const GlobalVariable *, 2>>
      ReferencedBy;
  SmallVector<const GlobalVariable *, 32> Worklist;
  for (const GlobalVariable &G : M.globals()) {
    if (!G.hasInitializer() || G.getName().starts_with("llvm."))
      continue;
    SmallPtrSet<const Constant *, 16> Seen;
    bool Direct = false;
    forEachSymbol(G.getInitializer(), Seen, [&](const GlobalValue *Target) {
      if (isa<Function>(Target) || isa<GlobalAlias>(Target) ||
          Target->isDeclaration())
        Direct = true;
      else
        ReferencedBy[Target].push_back(&G);
    });
    if (Direct && Leading.insert(&G).second)
      Worklist.push_back(&G);
  }
  while (!Worklist.empty()) {
    const GlobalVariable *G = Worklist.pop_back_val();
    auto Found = ReferencedBy.find(G);
    if (Found == ReferencedBy.end())
      continue;
    for (const GlobalVariable *Referrer : Found->second)
      if (Leading.insert(Referrer).second)
        Worklist.push_back(Referrer);
  }
  return Leading;
}

/// The crate whose source a function comes from, as its debug info says:
/// the outermost namespace of its scope chain. rustc writes it from the
/// function's definition path, which no attribute of the source can change.
std::optional<StringRef> sourceCrate(const DISubprogram *Program) {
  const DIScope *Outermost = nullptr;
  for (const DIScope *Scope = Program->getScope(); Scope;
       Scope = Scope->getScope())
    Outermost = Scope;
  if (const auto *Namespace = dyn_cast_or_null<DINamespace>(Outermost))
    return Namespace->getName();
  return std::nullopt;
}

/// True for the functions through which std reaches the global allocator.
/// `#[global_allocator]` makes rustc define `__rust_alloc`, `__rust_dealloc`,
/// `__rust_realloc` and `__rust_alloc_zeroed` in the crate that holds the
/// static (`__rustc::__rust_alloc` in v0 names, as Rust 1.95 and 1.97 do;
/// plain C names in legacy ones); older releases routed them through an
/// allocator shim to `__rg_alloc` and its siblings. They are roots whether or
/// not the debug info shows the name as the crate's choice. A crate that
/// names a function so only makes a root of its own function.
bool isAllocatorEntry(const GlobalValue *Value) {
  StringRef Name = plainName(Value);
  std::string Demangled;
  if (Name.starts_with("_R")) {
    Demangled = demangleSymbol(Name);
    Name = Demangled;
    if (!Name.consume_front("__rustc::"))
      return false;
  }
  if (!Name.consume_front("__rust_") && !Name.consume_front("__rg_"))
    return false;
  return Name == "alloc" || Name == "dealloc" || Name == "realloc" ||
         Name == "alloc_zeroed";
}

/// The path of a function as its debug info spells it: `evil::innocent`.
std::string sourcePath(const DISubprogram *Program) {
  SmallVector<StringRef, 8> Segments;
  Segments.push_back(Program->getName());
  for (const DIScope *Scope = Program->getScope(); Scope;
       Scope = Scope->getScope())
    Segments.push_back(Scope->getName());
  std::string Path;
  for (StringRef Segment : reverse(Segments)) {
    if (!Path.empty())
      Path += "::";
    Path += Segment;
  }
  return Path;
}

} // namespace

ModuleAnalysis::ModuleAnalysis(Module &M, const AnnotationRules &Rules)
    : M(M), Rules(Rules), Library(standardLibrary(M.getTargetTriple())),
      Syscalls(M) {}

bool ModuleAnalysis::isToolchainCode(const OwnerCrate &Owner) const {
  // A crate of the build may be called `core`; its own code is not
  // core's, and neither is its code instantiated elsewhere, whose
  // disambiguator is not one of the toolchain's.
  if (Owner.Name == OwnCrate.Name &&
      Owner.Disambiguator == OwnCrate.Disambiguator)
    return false;
  return Library.isToolchainCrate(Owner);
}

int ModuleAnalysis::nodeIndex(const GlobalValue *Value) const {
  auto Found = NodeIndex.find(Value);
  return Found == NodeIndex.end() ? -1 : Found->second;
}

std::string ModuleAnalysis::symbolName(const GlobalValue *Value) const {
  if (Value->hasName())
    return plainName(Value).str();
  // Unnamed globals are always internal, so a per-module number is unique
  // where it matters: within this object's facts.
  auto Found = AnonymousNames.find(Value);
  unsigned Number = Found == AnonymousNames.end() ? 0 : Found->second;
  return "__capgate.anon." + std::to_string(Number);
}

DebugSite ModuleAnalysis::siteOf(const DILocation *Loc) const {
  if (!Loc)
    return {};
  // Prefer the innermost position, unless it lies in the toolchain's own
  // sources (code the MIR inliner moved in) and an outer one does not.
  for (const DILocation *Current = Loc; Current;
       Current = Current->getInlinedAt()) {
    auto [Cached, Inserted] = FileNames.try_emplace(Current->getFile());
    if (Inserted)
      Cached->second = absoluteFile(Current->getFile());
    const std::string &File = Cached->second;
    if (!StringRef(File).starts_with("/rustc/") || !Current->getInlinedAt())
      return {File, Current->getLine()};
  }
  return {};
}

void ModuleAnalysis::classifyAsC(TargetInfo &Info, const GlobalValue *Target,
                                 StringRef Name) const {
  Info.Callee = Name.str();
  if (Target->isDeclaration()) {
    bool Known = false;
    Info.Annotation = Rules.classifyC(Name, Known);
    Info.Unexplained = !Known && isa<Function>(Target);
  }
  // The edge stays even when the annotations explain the symbol: a crate of
  // the build may define it (#[no_mangle]), and then the call goes to that
  // definition, not to the C library the annotation describes. The
  // subcommand drops the edge when no crate defines the symbol and the use
  // when one does.
  Info.KeepEdge = true;
}

const ModuleAnalysis::TargetInfo &
ModuleAnalysis::classifyTarget(const GlobalValue *Target) {
  auto [Entry, Inserted] = Targets.try_emplace(Target);
  TargetInfo &Info = Entry->second;
  if (!Inserted)
    return Info;
  if (const auto *F = dyn_cast<Function>(Target); F && F->isIntrinsic()) {
    Info.KeepEdge = false;
    return Info;
  }
  StringRef Name = plainName(Target);
  Info.Symbol = Name.str();
  if (int Index = nodeIndex(Target); Index >= 0 && Nodes[Index].ChosenName) {
    // Defined here under a name of the crate's choosing: the name says
    // nothing about what the function does; its body does.
    Info.Callee = Nodes[Index].Path;
    return Info;
  }
  // In the analysis build rustc names every Rust function it compiles with
  // a v0 symbol, so a legacy name that std does not define was chosen by a
  // crate, and nothing but the symbol's definition tells what it is.
  bool ChosenElsewhere = manglesWithV0() && !Name.starts_with("_R") &&
                         Target->isDeclaration() && !Library.defines(Name);
  if (!isRustSymbol(Name) || ChosenElsewhere) {
    classifyAsC(Info, Target, Name);
    return Info;
  }
  Info.Callee = demangleSymbol(Name);
  OwnerCrate Owner = ownerOfSymbol(Name, Info.Callee);
  if (Target->isDeclaration() && isStandardLibraryCrate(Owner.Name) &&
      !Owner.SharedInstance && Library.available() &&
      !Library.defines(Name)) {
    // It claims to be std's, but std does not define it: a #[link_name]
    // import of a C function, or another crate's #[export_name]. It is
    // whatever the linker finds under that name.
    classifyAsC(Info, Target, Name);
    return Info;
  }
  Info.Owner = Owner;
  Info.Rust = true;
  Info.Annotation = Rules.classifyRust(matchCandidates(Info.Callee));
  // A non-generic function of the standard library is defined only in the
  // toolchain's precompiled libraries, which carry no facts: once the
  // annotations have spoken, there is nothing behind it to follow. (A crate
  // of the build cannot define the same symbol: std's object is linked
  // whole, and the two strong definitions would collide.)
  if (Target->isDeclaration() && isToolchainCode(Owner) &&
      !Owner.SharedInstance) {
    Info.KeepEdge = false;
    return Info;
  }
  // An annotated Rust function is still an edge, SAFE or not, wherever its
  // body is: the pass makes every annotated function it compiles the summary
  // of its annotation (summariseAnnotated()), which reaches only the
  // callbacks its body makes into other crates' code (a closure given to
  // CommandExt::pre_exec, a user type's ToSocketAddrs), and a definition
  // under that name that is something else (#[export_name]) is followed as
  // what it is, while the use above is dropped (FactsGraph::link()).
  return Info;
}

void ModuleAnalysis::addEdge(Node &N, const GlobalValue *Target, bool IsCall,
                             const DILocation *Loc) {
  if (const auto *Alias = dyn_cast<GlobalAlias>(Target)) {
    const GlobalObject *Aliasee = Alias->getAliaseeObject();
    if (!Aliasee) {
      N.Uses.push_back({Capability::Unanalyzed,
                        "alias " + symbolName(Target) + " of a non-symbol",
                        siteOf(Loc)});
      return;
    }
    Target = Aliasee;
  }
  if (isa<GlobalIFunc>(Target)) {
    // The resolver picks the implementation at load time; which one is
    // unknowable here.
    N.Uses.push_back(
        {Capability::Unanalyzed, "ifunc " + symbolName(Target), siteOf(Loc)});
    return;
  }
  // Defined data that points at no code (strings, tables of numbers) is not
  // a node and carries nothing.
  if (!Target->isDeclaration() && nodeIndex(Target) < 0)
    return;

  const TargetInfo &Info = classifyTarget(Target);
  if (Info.KeepEdge)
    N.Edges.push_back({Target, IsCall, siteOf(Loc)});
  // Code of the standard library instantiated here (its generics) uses
  // nothing by itself: what a caller gets from std is decided by the
  // annotation at the caller's own call site. Its internal work, such as
  // reading RUST_MIN_STACK while spawning a thread, is not the caller's
  // doing. Its edges still count, so a closure handed to std is followed.
  if (isToolchainCode(N.Owner))
    return;
  if (!addPassedFunctionUses(N, Target, Loc))
    Info.Annotation.Capabilities.forEach([&](Capability Cap) {
      N.Uses.push_back({Cap, Info.Callee, siteOf(Loc), Info.Symbol});
    });
  if (Info.Unexplained)
    N.Uses.push_back(
        {Capability::NativeCode, Info.Callee, siteOf(Loc), Info.Symbol});
}

const SmallVector<ModuleAnalysis::PassedFunction, 1> &
ModuleAnalysis::functionsPassedTo(const GlobalValue *Target) {
  auto [Entry, Inserted] = PassedFunctions.try_emplace(Target);
  SmallVector<PassedFunction, 1> &Passed = Entry->second;
  StringRef Name = plainName(Target);
  int Index = nodeIndex(Target);
  if (!Inserted || !Name.starts_with("_R") ||
      (Index >= 0 && Nodes[Index].ChosenName))
    return Passed;
  // Dropping a value never calls the function items in its type (they are
  // zero-sized and have no destructor).
  SmallVector<std::string, 2> Candidates =
      matchCandidates(demangleSymbol(Name));
  if (!Candidates.empty() && (Candidates.front() == "core::ptr::drop_in_place" ||
                              Candidates.front() == "core::ptr::drop_glue"))
    return Passed;
  for (std::string &Function : functionTypeArguments(Name)) {
    Verdict Annotation = Rules.classifyRust(matchCandidates(Function));
    if (!Annotation.Safe && !Annotation.Capabilities.empty())
      Passed.push_back({std::move(Function), Annotation.Capabilities});
  }
  return Passed;
}

bool ModuleAnalysis::addPassedFunctionUses(Node &N, const GlobalValue *Target,
                                           const DILocation *Loc) {
  // A function passed by name to a generic (`.map(std::fs::read)`) is
  // called from the generic's code: through std's instantiated code, which
  // contributes no uses of its own (see addEdge()), at the latest in the
  // FnOnce shim rustc makes for it. The caller chose that function, as it
  // would have by calling it or taking its address, and the callee's name
  // says so: it gets the function's annotation at the call. A function that
  // is in the node's own name was chosen by whoever instantiated the node,
  // who gets it there: a generic that calls the function it was given, or
  // hands it on, is not charged for it, not even by the annotation of the
  // shim (`<std::fs::read<P> as FnOnce<(P,)>>::call_once` reads as std::fs).
  const SmallVector<PassedFunction, 1> &Passed = functionsPassedTo(Target);
  if (Passed.empty())
    return false;
  SmallVector<std::string, 1> Given =
      functionTypeArguments(plainName(N.Value));
  bool AllGiven = true;
  for (const PassedFunction &Function : Passed) {
    if (is_contained(Given, Function.Callee))
      continue;
    AllGiven = false;
    Function.Capabilities.forEach([&](Capability Cap) {
      N.Uses.push_back({Cap, Function.Callee, siteOf(Loc)});
    });
  }
  StringRef Name = plainName(Target);
  return AllGiven && isToolchainCode(ownerOfSymbol(Name, ""));
}

void ModuleAnalysis::addReferences(Node &N, const Constant *C,
                                   const DILocation *Loc,
                                   SmallPtrSetImpl<const Constant *> &Seen) {
  forEachSymbol(C, Seen, [&](const GlobalValue *Target) {
    addEdge(N, Target, /*IsCall=*/false, Loc);
  });
}

void ModuleAnalysis::addAssemblyUse(Node &N, StringRef Assembly,
                                    const DILocation *Loc) {
  if (!hasInstructions(Assembly) || isToolchainCode(N.Owner))
    return;
  N.Uses.push_back({Capability::ArbitraryExecution, "asm!", siteOf(Loc)});
  if (entersKernel(Assembly))
    N.Uses.push_back({Capability::SystemCalls, "asm!", siteOf(Loc)});
}

bool ModuleAnalysis::addSyscallUses(Node &N, const CallBase &Call,
                                    const DILocation *Loc) {
  SmallVector<TrackedConstant, 1> Numbers =
      Syscalls.constantsAt(Call, TrackedArgument::SyscallNumber);
  if (Numbers.empty())
    return false;
  const Value *Callee = Call.getCalledOperand()->stripPointerCasts();
  bool ViaLibc = SyscallNumbers::isSyscallFunction(*Callee);
  // C's syscall() with a number nothing reads is what libc.toml says.
  if (ViaLibc && Numbers.front().Kind == TrackedConstant::Unknown)
    return false;
  if (isToolchainCode(N.Owner))
    return true;
  // A use read from C's syscall() holds only while no crate of the build
  // defines `syscall` (see DirectUse::CalleeSymbol).
  std::string Symbol = ViaLibc ? "syscall" : "";
  for (const TrackedConstant &Number : Numbers) {
    if (Number.Kind == TrackedConstant::Forwarded)
      continue; // Charged to each caller, with the number it passes.
    if (Number.Kind == TrackedConstant::Unknown) {
      N.Uses.push_back({Capability::SystemCalls,
                        isa<InlineAsm>(Callee) ? "asm!" : "syscall",
                        siteOf(Loc), Symbol});
      if (std::optional<CrossUnitNumber> Cross =
              Syscalls.forwardedAcrossUnits(Call))
        N.SyscallForwards.push_back({static_cast<unsigned>(Cross->Value),
                                     symbolNames(Cross->Through),
                                     siteOf(Loc)});
      continue;
    }
    const SyscallInfo *Info = findSyscall(Number.Value);
    if (!Info)
      N.Uses.push_back({Capability::SystemCalls,
                        "syscall " + std::to_string(Number.Value), siteOf(Loc),
                        Symbol});
    else if (chargesCapability(*Info))
      N.Uses.push_back({Info->Cap,
                        "syscall " + std::string(Info->Name) + " (" +
                            std::to_string(Info->Number) + ")",
                        siteOf(Loc), Symbol});
  }
  return true;
}

void ModuleAnalysis::addExecutableMemoryUses(Node &N, const CallBase &Call,
                                             const DILocation *Loc) {
  // PROT_EXEC where ProtectionsEnabled holds.
  constexpr int64_t ProtExec = 0x4;
  if (isToolchainCode(N.Owner))
    return;
  for (const TrackedConstant &Protection :
       Syscalls.constantsAt(Call, TrackedArgument::Protection)) {
    // A forwarder's callers are charged, each with the protection it
    // passes; one nothing reads is what the annotation of the C function
    // says.
    if (Protection.Kind != TrackedConstant::Known ||
        !(Protection.Value & ProtExec))
      continue;
    // Read from the C function's name: holds only while no crate of the
    // build defines it (see DirectUse::CalleeSymbol).
    std::string Function = Syscalls.protectionFunction(Call).str();
    N.Uses.push_back({Capability::ArbitraryExecution, Function + "(PROT_EXEC)",
                      siteOf(Loc), Function});
  }
}

void ModuleAnalysis::addSyscallArguments(Node &N, const CallBase &Call,
                                         const DILocation *Loc) {
  if (isToolchainCode(N.Owner))
    return;
  for (const auto &[Index, Number] : Syscalls.argumentsAcrossUnits(Call))
    N.SyscallArguments.push_back(
        {cast<GlobalValue>(Call.getCalledOperand()->stripPointerCasts()),
         Index, Number.Value, symbolNames(Number.Through), siteOf(Loc)});
}

std::string
ModuleAnalysis::symbolNames(ArrayRef<const Function *> Through) const {
  std::string Names;
  for (const Function *F : Through) {
    if (!Names.empty())
      Names += ' ';
    Names += symbolName(F);
  }
  return Names;
}

void ModuleAnalysis::analyseFunction(Node &N, const Function &F) {
  SmallPtrSet<const Constant *, 16> Seen;
  for (const BasicBlock &BB : F) {
    for (const Instruction &I : BB) {
      const DILocation *Loc = I.getDebugLoc().get();
      const Value *CalleeOperand = nullptr;
      if (const auto *Call = dyn_cast<CallBase>(&I)) {
        CalleeOperand = Call->getCalledOperand();
        const Value *Callee = CalleeOperand->stripPointerCasts();
        if (const auto *Assembly = dyn_cast<InlineAsm>(Callee)) {
          if (!addSyscallUses(N, *Call, Loc))
            addAssemblyUse(N, Assembly->getAsmString(), Loc);
        } else if (const auto *Target = dyn_cast<GlobalValue>(Callee)) {
          // C's syscall() with a number read here: its use is the system
          // call's; the edge stays, in case a crate defines `syscall`.
          if (addSyscallUses(N, *Call, Loc) &&
              SyscallNumbers::isSyscallFunction(*Target))
            N.Edges.push_back({Target, /*IsCall=*/true, siteOf(Loc)});
          else
            addEdge(N, Target, /*IsCall=*/true, Loc);
          addSyscallArguments(N, *Call, Loc);
          addExecutableMemoryUses(N, *Call, Loc);
        } else if (isa<Constant>(Callee) && !isa<ConstantPointerNull>(Callee) &&
                   !isa<UndefValue>(Callee)) {
          // A call to a constant that is not a symbol, such as a fixed
          // address: nothing says what lies there.
          N.Uses.push_back({Capability::Unanalyzed,
                            "call to a constant address", siteOf(Loc)});
        }
        // Other callees are indirect calls through a value. They reach only
        // functions whose address some code takes, and every such reference
        // is an edge of its own, so nothing is lost by not resolving them.
      }
      for (const Use &Operand : I.operands()) {
        if (Operand.get() == CalleeOperand)
          continue;
        if (const auto *C = dyn_cast<Constant>(Operand.get()))
          addReferences(N, C, Loc, Seen);
      }
    }
  }
}

void ModuleAnalysis::analyseGlobal(Node &N, const GlobalVariable &G) {
  SmallPtrSet<const Constant *, 16> Seen;
  addReferences(N, G.getInitializer(), nullptr, Seen);
}

void ModuleAnalysis::verifyOwner(Node &N, const DISubprogram *Program) {
  StringRef Name = plainName(N.Value);
  std::optional<StringRef> Source =
      Program ? sourceCrate(Program) : std::nullopt;
  if (!Source) {
    // rustc gives every function it compiles from Rust source debug info in
    // the analysis build; without it (rustc's own C `main`, or IR that is
    // not rustc's) only a legacy name in a v0 build is known to be chosen.
    if (isRustSymbol(Name) && manglesWithV0() && !Name.starts_with("_R")) {
      N.ChosenName = true;
      N.Owner = {};
    }
    return;
  }
  // The name agrees with the source: a function of this crate, or code of
  // the crate the name says, instantiated here (a generic, an #[inline]
  // copy). The name's disambiguator tells two crates of one name apart.
  if (isRustSymbol(Name) && N.Owner.Name == *Source)
    return;
  // A name the crate chose (#[no_mangle], #[export_name]). The code is the
  // source's, and anything can call it by that name. A C name is its own
  // readable path; a Rust-looking name is not, so the source's path is.
  N.ChosenName = true;
  if (isRustSymbol(Name))
    N.Path = sourcePath(Program);
  N.Owner = *Source == OwnCrate.Name ? OwnerCrate() : OwnerCrate{Source->str()};
}

void ModuleAnalysis::addNode(const GlobalObject &Value) {
  NodeIndex[&Value] = static_cast<int>(Nodes.size());
  Node &N = Nodes.emplace_back();
  N.Value = &Value;
  N.Symbol = symbolName(&Value);
  StringRef Name = plainName(&Value);
  if (isRustSymbol(Name)) {
    N.Path = demangleSymbol(Name);
    N.Owner = ownerOfSymbol(Name, N.Path);
  } else if (isa<GlobalVariable>(Value) && Value.hasLocalLinkage()) {
    // rustc's vtables and promoted constants have no Rust name; say what
    // they are, for paths that pass through them.
    N.Path = "{static data " + N.Symbol + "}";
  } else {
    N.Path = N.Symbol;
  }
  const DISubprogram *Program = nullptr;
  if (const auto *F = dyn_cast<Function>(&Value)) {
    Program = F->getSubprogram();
    if (Program)
      N.Definition = {absoluteFile(Program->getFile()), Program->getLine()};
    verifyOwner(N, Program);
  }
  // A Rust symbol the pass cannot read might be anyone's code; say so
  // rather than pass it over; it is credited to the crate being compiled.
  if (isRustSymbol(Name) && !N.ChosenName && N.Owner.Name.empty())
    N.Uses.push_back(
        {Capability::Unanalyzed, "unreadable symbol " + N.Symbol, {}});
}

void ModuleAnalysis::collectRoots() {
  auto AddArrayRoots = [&](StringRef ArrayName, const char *Reason,
                           bool Structs) {
    const GlobalVariable *Array = M.getGlobalVariable(ArrayName);
    if (!Array || !Array->hasInitializer())
      return;
    const auto *Elements = dyn_cast<ConstantArray>(Array->getInitializer());
    if (!Elements)
      return;
    for (const Use &Element : Elements->operands()) {
      const Value *Entry = Element.get();
      // llvm.global_ctors holds { priority, function, data } structs.
      if (Structs)
        if (const auto *Fields = dyn_cast<ConstantStruct>(Entry))
          Entry =
              Fields->getNumOperands() > 1 ? Fields->getOperand(1) : nullptr;
      if (!Entry)
        continue;
      if (const auto *Target =
              dyn_cast<GlobalValue>(Entry->stripPointerCasts()))
        Roots.push_back({Target, Reason});
    }
  };
  AddArrayRoots("llvm.global_ctors", "ctor", true);
  AddArrayRoots("llvm.used", "used", false);
  AddArrayRoots("llvm.compiler.used", "used", false);
  // A global allocator's entry points are called by std's precompiled
  // code, which carries no facts, whenever it allocates. Functions exported
  // under a C name (#[no_mangle], extern "C" entry points, the `main` rustc
  // generates) or another name the crate chose (#[export_name]) can be
  // called from anywhere.
  for (const Node &N : Nodes) {
    if (!isa<Function>(N.Value))
      continue;
    if (isAllocatorEntry(N.Value))
      Roots.push_back({N.Value, "allocator"});
    else if (N.Value->hasExternalLinkage() &&
             (N.ChosenName || !isRustSymbol(plainName(N.Value))))
      Roots.push_back({N.Value, "export"});
  }
}

void ModuleAnalysis::run() {
  const CrateIdentity &Identity = currentCrate();
  std::string CrateName = Identity.CrateName;
  if (CrateName.empty())
    CrateName =
        sys::path::filename(M.getModuleIdentifier()).split('.').first.str();
  refuseFactsSectionWrites(M, Identity.Package.empty() ? CrateName
                                                       : Identity.Package);
  OwnCrate.Name = CrateName;

  unsigned Anonymous = 0;
  for (const GlobalValue &Value : M.global_values())
    if (!Value.hasName())
      AnonymousNames[&Value] = Anonymous++;

  for (const Function &F : M)
    if (!F.isDeclaration())
      addNode(F);
  SmallPtrSet<const GlobalVariable *, 32> Leading = globalsLeadingToCode(M);
  for (const GlobalVariable &G : M.globals())
    if (Leading.contains(&G))
      addNode(G);

  // The crate's own disambiguator. rustc names a generic of another crate
  // that it instantiates here with this crate's as the instantiating
  // crate, and such a name cannot be the crate's choice: its debug info
  // puts the code in the other crate, and no attribute of this crate's
  // source can do that. Only a crate without such instances falls back to
  // the disambiguator its own items carry most often, which a crate could
  // sway with names of its choosing.
  StringMap<unsigned> Instantiators, Items;
  for (const Node &N : Nodes) {
    const auto *F = dyn_cast<Function>(N.Value);
    if (N.Owner.SharedInstance && !N.ChosenName && F && F->getSubprogram() &&
        N.Owner.Name != CrateName && N.Owner.Instantiator == CrateName)
      ++Instantiators[N.Owner.InstantiatorDisambiguator];
    else if (N.Owner.Name == CrateName && !N.Owner.SharedInstance)
      ++Items[N.Owner.Disambiguator];
  }
  std::string OwnDisambiguator;
  unsigned Best = 0;
  for (const auto &Entry : Instantiators.empty() ? Items : Instantiators)
    if (Entry.second > Best) {
      Best = Entry.second;
      OwnDisambiguator = Entry.first().str();
    }
  // Code with a C name or a chosen one belongs to this crate. So does code
  // under this crate's name with another disambiguator: a crate may name
  // its library after another crate of the build and export its code under
  // that crate's symbols. (Only a package that depends on an older version
  // of itself instantiates code of its namesake legitimately; that code is
  // charged to the package of the same name that compiled it.) Such a name
  // on an exported function is a chosen one.
  for (Node &N : Nodes) {
    if (N.Owner.Name == CrateName && N.Owner.Disambiguator != OwnDisambiguator) {
      N.ChosenName |= !N.Owner.SharedInstance;
      N.Owner = {};
    }
    if (N.Owner.Name.empty())
      N.Owner = {CrateName, OwnDisambiguator};
  }
  OwnCrate = {CrateName, OwnDisambiguator};

  for (Node &N : Nodes) {
    if (const auto *F = dyn_cast<Function>(N.Value))
      analyseFunction(N, *F);
    else
      analyseGlobal(N, *cast<GlobalVariable>(N.Value));
  }
  summariseAnnotated();

  StringRef ModuleAssembly = M.getModuleInlineAsm();
  if (hasInstructions(ModuleAssembly)) {
    ModuleUses.push_back({Capability::ArbitraryExecution, "global_asm!", {}});
    if (entersKernel(ModuleAssembly))
      ModuleUses.push_back({Capability::SystemCalls, "global_asm!", {}});
  }
  collectRoots();
}

} // namespace capgate
