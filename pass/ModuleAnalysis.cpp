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
//   when SAFE, nothing); an unexplained C function becomes NATIVE_CODE; any
//   other target becomes an edge, followed by propagation inside the module
//   and by the subcommand across crates. Targets are classified once per
//   module, however often they are called.
//
//===----------------------------------------------------------------------===//

#include "ModuleAnalysis.h"

#include "CrateIdentity.h"

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

} // namespace

ModuleAnalysis::ModuleAnalysis(Module &M, const AnnotationRules &Rules)
    : M(M), Rules(Rules) {}

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

SourceSite ModuleAnalysis::siteOf(const DILocation *Loc) const {
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
  if (isRustSymbol(Name)) {
    Info.Callee = demangleSymbol(Name);
    Info.Annotation = Rules.classifyRust(matchCandidates(Info.Callee));
    // A non-generic function of the standard library is defined only in the
    // toolchain's precompiled libraries, which carry no facts: once the
    // annotations have spoken, there is nothing behind it to follow.
    OwnerCrate Owner = ownerOfSymbol(Name, Info.Callee);
    if (Target->isDeclaration() && isStandardLibraryCrate(Owner.Name) &&
        !Owner.SharedInstance) {
      Info.KeepEdge = false;
      return Info;
    }
  } else {
    Info.Callee = Name.str();
    if (Target->isDeclaration()) {
      bool Known = false;
      Info.Annotation = Rules.classifyC(Name, Known);
      Info.Unexplained = !Known && isa<Function>(Target);
    }
  }
  // SAFE stops here. Otherwise an annotated Rust function is still
  // followed, wherever its body is: a generic instantiated here may call
  // back into the caller's code (a closure given to CommandExt::pre_exec, a
  // user type's ToSocketAddrs), and a function of another crate of the
  // build is linked to that crate's facts, which say what its body does
  // beyond what the annotation names (rustix's raw system calls behind
  // rustix::process::getuid). Whether rustc instantiated an #[inline]
  // function here or calls the upstream copy must not change the answer. A
  // C function the annotations name is summarised by them: there are no
  // facts behind it.
  Info.KeepEdge = !Info.Annotation.Safe &&
                  !(Info.Annotation.decided() && Target->isDeclaration() &&
                    !isRustSymbol(Name));
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
  if (isStandardLibraryCrate(N.Owner.Name))
    return;
  Info.Annotation.Capabilities.forEach([&](Capability Cap) {
    N.Uses.push_back({Cap, Info.Callee, siteOf(Loc)});
  });
  if (Info.Unexplained)
    N.Uses.push_back({Capability::NativeCode, Info.Callee, siteOf(Loc)});
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
  if (!hasInstructions(Assembly) || isStandardLibraryCrate(N.Owner.Name))
    return;
  N.Uses.push_back({Capability::ArbitraryExecution, "asm!", siteOf(Loc)});
  if (entersKernel(Assembly))
    N.Uses.push_back({Capability::SystemCalls, "asm!", siteOf(Loc)});
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
          addAssemblyUse(N, Assembly->getAsmString(), Loc);
        } else if (const auto *Target = dyn_cast<GlobalValue>(Callee)) {
          addEdge(N, Target, /*IsCall=*/true, Loc);
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

void ModuleAnalysis::addNode(const GlobalObject &Value) {
  NodeIndex[&Value] = static_cast<int>(Nodes.size());
  Node &N = Nodes.emplace_back();
  N.Value = &Value;
  N.Symbol = symbolName(&Value);
  StringRef Name = plainName(&Value);
  if (isRustSymbol(Name)) {
    N.Path = demangleSymbol(Name);
    N.Owner = ownerOfSymbol(Name, N.Path);
    // A Rust symbol the pass cannot read might be anyone's code; say so
    // rather than pass it over; it is credited to the crate being compiled.
    if (N.Owner.Name.empty())
      N.Uses.push_back(
          {Capability::Unanalyzed, "unreadable symbol " + N.Symbol, {}});
  } else if (isa<GlobalVariable>(Value) && Value.hasLocalLinkage()) {
    // rustc's vtables and promoted constants have no Rust name; say what
    // they are, for paths that pass through them.
    N.Path = "{static data " + N.Symbol + "}";
  } else {
    N.Path = N.Symbol;
  }
  if (const auto *F = dyn_cast<Function>(&Value))
    if (const DISubprogram *Program = F->getSubprogram())
      N.Definition = {absoluteFile(Program->getFile()), Program->getLine()};
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
  // Functions exported under a C name (#[no_mangle], extern "C" entry
  // points, the `main` rustc generates) can be called from anywhere.
  for (const Function &F : M)
    if (!F.isDeclaration() && F.hasExternalLinkage() &&
        !isRustSymbol(plainName(&F)))
      Roots.push_back({&F, "export"});
}

void ModuleAnalysis::run() {
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

  // The crate's own disambiguator is the one its own non-generic items
  // carry; code with a C name or no Rust name belongs to this crate too.
  const CrateIdentity &Identity = currentCrate();
  std::string CrateName = Identity.CrateName;
  if (CrateName.empty())
    CrateName =
        sys::path::filename(M.getModuleIdentifier()).split('.').first.str();
  StringMap<unsigned> Disambiguators;
  for (const Node &N : Nodes)
    if (N.Owner.Name == CrateName)
      ++Disambiguators[N.Owner.Disambiguator];
  std::string OwnDisambiguator;
  unsigned Best = 0;
  for (const auto &Entry : Disambiguators)
    if (Entry.second > Best) {
      Best = Entry.second;
      OwnDisambiguator = Entry.first().str();
    }
  for (Node &N : Nodes)
    if (N.Owner.Name.empty())
      N.Owner = {CrateName, OwnDisambiguator};
  OwnCrate = {CrateName, OwnDisambiguator};

  for (Node &N : Nodes) {
    if (const auto *F = dyn_cast<Function>(N.Value))
      analyseFunction(N, *F);
    else
      analyseGlobal(N, *cast<GlobalVariable>(N.Value));
  }

  StringRef ModuleAssembly = M.getModuleInlineAsm();
  if (hasInstructions(ModuleAssembly)) {
    ModuleUses.push_back({Capability::ArbitraryExecution, "global_asm!", {}});
    if (entersKernel(ModuleAssembly))
      ModuleUses.push_back({Capability::SystemCalls, "global_asm!", {}});
  }
  collectRoots();
}

} // namespace capgate
