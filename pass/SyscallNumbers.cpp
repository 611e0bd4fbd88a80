//===- SyscallNumbers.cpp - Which system call a raw call makes ------------===//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//
//
// FILE: SyscallNumbers.cpp
//
// DESCRIPTION:
//   Summaries per function, each reached by rounds over the module that
//   stop when a round changes nothing: which parameter a function returns
//   (through casts), and, per tracked argument, which parameters a
//   forwarder passes on as a system call number or as a protection. A
//   round only adds to them, so there are at most as many rounds as
//   functions; values are traced back a bounded number of steps.
//
//===----------------------------------------------------------------------===//

#include "SyscallNumbers.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/InlineAsm.h"
#include "llvm/IR/Instructions.h"
#include "llvm/TargetParser/Triple.h"

using namespace llvm;

namespace capgate {

namespace {

/// How far a number is traced back through casts and returned parameters.
constexpr unsigned MaxSteps = 32;

/// Parameters past this index are not tracked (no system call wrapper has
/// that many).
constexpr unsigned MaxParameters = 64;

bool isAccumulator(StringRef Register) {
  return Register == "{ax}" || Register == "{eax}" || Register == "{rax}";
}

/// The index of the call operand that feeds rax to an inline asm call, from
/// its constraint string ("={ax},={cx},={r11},{ax},{di},~{memory}"), or -1.
/// Inputs and indirect outputs take call operands in order; an input tied
/// to an output ("0") takes that output's register.
int accumulatorOperand(const InlineAsm &Assembly) {
  SmallVector<StringRef, 8> Constraints;
  Assembly.getConstraintString().split(Constraints, ',');
  SmallVector<StringRef, 4> Outputs;
  int Operand = 0;
  for (StringRef Constraint : Constraints) {
    if (Constraint.starts_with("~"))
      continue;
    if (Constraint.consume_front("=")) {
      Constraint.consume_front("&");
      if (Constraint.consume_front("*"))
        ++Operand;
      Outputs.push_back(Constraint);
      continue;
    }
    unsigned Tied = 0;
    bool IsAccumulator =
        isAccumulator(Constraint) ||
        (!Constraint.getAsInteger(10, Tied) && Tied < Outputs.size() &&
         isAccumulator(Outputs[Tied]));
    if (IsAccumulator)
      return Operand;
    ++Operand;
  }
  return -1;
}

/// Numbers of system calls are below this; larger constants passed to
/// other units are not recorded.
constexpr int64_t MaxNumber = 1024;

/// A function of another codegen unit of the crate: rustc gives a crate's
/// functions that several of its units use hidden visibility.
bool isOtherUnitsFunction(const Function &F) {
  return !F.hasLocalLinkage() && F.hasHiddenVisibility() && !F.isIntrinsic();
}

bool isCast(unsigned Opcode) {
  switch (Opcode) {
  case Instruction::ZExt:
  case Instruction::SExt:
  case Instruction::Trunc:
  case Instruction::IntToPtr:
  case Instruction::PtrToInt:
  case Instruction::BitCast:
    return true;
  default:
    return false;
  }
}

/// \p V with the integer and pointer casts around it removed, as
/// instructions or as constant expressions.
const Value *stripCasts(const Value *V) {
  while (true) {
    if (const auto *Cast = dyn_cast<CastInst>(V);
        Cast && isCast(Cast->getOpcode())) {
      V = Cast->getOperand(0);
      continue;
    }
    if (const auto *Expression = dyn_cast<ConstantExpr>(V);
        Expression && isCast(Expression->getOpcode())) {
      V = Expression->getOperand(0);
      continue;
    }
    return V;
  }
}

} // namespace

bool SyscallNumbers::isSyscallFunction(const Value &Callee) {
  const auto *F = dyn_cast<Function>(&Callee);
  return F && F->getName() == "syscall" && F->isVarArg();
}

bool SyscallNumbers::isSyscallInstruction(StringRef Assembly) {
  unsigned Instructions = 0;
  SmallVector<StringRef, 4> Lines;
  Assembly.split(Lines, '\n');
  for (StringRef Line : Lines) {
    SmallVector<StringRef, 2> Statements;
    Line.split(Statements, ';');
    for (StringRef Statement : Statements) {
      StringRef Code = Statement.split("//").first.split('#').first.trim();
      if (Code.empty())
        continue;
      if (Code != "syscall")
        return false;
      ++Instructions;
    }
  }
  return Instructions == 1;
}

std::optional<unsigned> SyscallNumbers::protectionIndex(const Value &Callee) {
  // Only C's functions: a definition of the module under such a name is
  // some other code (the subcommand checks the build's other crates).
  const auto *F = dyn_cast<Function>(&Callee);
  if (!F || !F->isDeclaration())
    return std::nullopt;
  StringRef Name = F->getName();
  // mmap(addr, len, prot, ...), mprotect(addr, len, prot, ...)
  if (Name == "mmap" || Name == "mmap64" || Name == "mprotect" ||
      Name == "pkey_mprotect")
    return 2;
  return std::nullopt;
}

SyscallNumbers::SyscallNumbers(const Module &M) {
  const Triple &Target = M.getTargetTriple();
  // x32 numbers its system calls differently; only the plain x86_64 ABI's
  // numbers are in the table.
  NumbersEnabled = Target.getArch() == Triple::x86_64 && Target.isOSLinux() &&
                   Target.getEnvironment() != Triple::GNUX32;
  ProtectionsEnabled = Target.isOSLinux() || Target.isOSDarwin() ||
                       Target.isOSFreeBSD() || Target.isOSNetBSD() ||
                       Target.isOSOpenBSD();
  if (!NumbersEnabled && !ProtectionsEnabled)
    return;
  size_t Functions = M.size();
  bool Changed = true;
  for (size_t Round = 0; Changed && Round <= Functions; ++Round) {
    Changed = false;
    for (const Function &F : M)
      if (!F.isDeclaration())
        Changed |= summarizeReturn(F);
  }
  for (TrackedArgument Kind :
       {TrackedArgument::SyscallNumber, TrackedArgument::Protection}) {
    if (!(Kind == TrackedArgument::SyscallNumber ? NumbersEnabled
                                                 : ProtectionsEnabled))
      continue;
    Changed = true;
    for (size_t Round = 0; Changed && Round <= Functions; ++Round) {
      Changed = false;
      for (const Function &F : M)
        if (!F.isDeclaration() && isForwarderCandidate(F))
          Changed |= summarizeForwarding(F, Kind);
    }
  }
  for (const Function &F : M)
    if (!F.isDeclaration() && isForwarderCandidate(F) &&
        forwardsAcrossUnits(F))
      LocalCrossUnitForwarders.insert(&F);
}

bool SyscallNumbers::forwardsAcrossUnits(const Function &F) const {
  for (const BasicBlock &BB : F)
    for (const Instruction &I : BB) {
      const auto *Call = dyn_cast<CallBase>(&I);
      if (!Call)
        continue;
      // Only a number this unit cannot read gets a `sysfwd` record
      // (ModuleAnalysis::addSyscallUses).
      SmallVector<TrackedConstant, 1> Numbers =
          constantsAt(*Call, TrackedArgument::SyscallNumber);
      if (llvm::any_of(Numbers,
                       [](const TrackedConstant &N) {
                         return N.Kind == TrackedConstant::Unknown;
                       }) &&
          forwardedAcrossUnits(*Call))
        return true;
    }
  return false;
}

bool SyscallNumbers::isForwarderCandidate(const Function &F) const {
  // Every caller must be in sight: a function other modules may call, or
  // whose address is taken, is charged SYSTEM_CALLS itself.
  if (!F.hasLocalLinkage() || F.arg_empty())
    return false;
  for (const Use &U : F.uses()) {
    const auto *Call = dyn_cast<CallBase>(U.getUser());
    if (!Call || !Call->isCallee(&U) ||
        Call->getFunctionType() != F.getFunctionType())
      return false;
  }
  return true;
}

bool SyscallNumbers::summarizeReturn(const Function &F) {
  // Only a definition that the linker cannot replace says what calls get.
  if (Returns.count(&F) || !F.hasExactDefinition())
    return false;
  std::optional<int64_t> Parameter;
  for (const BasicBlock &BB : F) {
    const auto *Return = dyn_cast<ReturnInst>(BB.getTerminator());
    if (!Return)
      continue;
    const Value *Result = Return->getReturnValue();
    if (!Result)
      return false;
    Source From = resolve(Result);
    if (From.Kind != Source::Parameter ||
        (Parameter && *Parameter != From.Value))
      return false;
    Parameter = From.Value;
  }
  if (!Parameter)
    return false;
  Returns[&F] = static_cast<unsigned>(*Parameter);
  return true;
}

bool SyscallNumbers::summarizeForwarding(const Function &F,
                                         TrackedArgument Kind) {
  uint64_t Mask = 0;
  for (const BasicBlock &BB : F)
    for (const Instruction &I : BB)
      if (const auto *Call = dyn_cast<CallBase>(&I))
        for (const Value *Operand : trackedOperands(*Call, Kind)) {
          if (!Operand)
            continue;
          Source From = resolve(Operand);
          if (From.Kind != Source::Parameter || From.Value >= MaxParameters)
            continue;
          Mask |= uint64_t(1) << From.Value;
          // The first C function found names the uses of all its callers.
          if (Kind == TrackedArgument::Protection)
            ProtectionTargets.try_emplace(&F, protectionFunction(*Call));
        }
  if (Mask == 0)
    return false;
  uint64_t &Known = Forwards[static_cast<unsigned>(Kind)][&F];
  if ((Known | Mask) == Known)
    return false;
  Known |= Mask;
  return true;
}

SyscallNumbers::Source SyscallNumbers::resolve(const Value *V) const {
  for (unsigned Step = 0; Step < MaxSteps; ++Step) {
    if (const auto *Int = dyn_cast<ConstantInt>(V)) {
      if (Int->getBitWidth() > 64)
        break;
      return {Source::Constant, Int->getSExtValue()};
    }
    if (const auto *Parameter = dyn_cast<Argument>(V))
      return {Source::Parameter, Parameter->getArgNo()};
    if (const Value *Stripped = stripCasts(V); Stripped != V) {
      V = Stripped;
      continue;
    }
    if (const auto *Call = dyn_cast<CallBase>(V)) {
      const auto *Callee =
          dyn_cast<Function>(Call->getCalledOperand()->stripPointerCasts());
      auto Found = Callee ? Returns.find(Callee) : Returns.end();
      if (Found != Returns.end() && Found->second < Call->arg_size()) {
        V = Call->getArgOperand(Found->second);
        continue;
      }
    }
    break;
  }
  return {Source::Other, 0};
}

std::optional<CrossUnitNumber>
SyscallNumbers::resolveAcrossUnits(const Value *V) const {
  CrossUnitNumber Number{false, 0, {}};
  for (unsigned Step = 0; Step < MaxSteps; ++Step) {
    Source From = resolve(V);
    if (From.Kind != Source::Other) {
      Number.IsParameter = From.Kind == Source::Parameter;
      Number.Value = From.Value;
      return Number;
    }
    // resolve() stopped at something other than a cast or a summarized
    // call; step over a one-argument function of another unit.
    V = stripCasts(V);
    const auto *Call = dyn_cast<CallBase>(V);
    const auto *Callee =
        Call ? dyn_cast<Function>(Call->getCalledOperand()->stripPointerCasts())
             : nullptr;
    if (!Callee || Returns.count(Callee) || !isOtherUnitsFunction(*Callee) ||
        Callee->arg_size() != 1 || Call->arg_size() != 1)
      return std::nullopt;
    Number.Through.push_back(Callee);
    V = Call->getArgOperand(0);
  }
  return std::nullopt;
}

std::optional<CrossUnitNumber>
SyscallNumbers::forwardedAcrossUnits(const CallBase &Call) const {
  const Function *Caller = Call.getFunction();
  const Value *Callee = Call.getCalledOperand()->stripPointerCasts();
  // The caller's callers are all in the linked graph: other units of the
  // crate, or (local linkage, called only directly) this unit.
  if (!NumbersEnabled ||
      !(isOtherUnitsFunction(*Caller) || isForwarderCandidate(*Caller)) ||
      !(isa<InlineAsm>(Callee) || isSyscallFunction(*Callee)))
    return std::nullopt;
  SmallVector<const Value *, 1> Operands =
      trackedOperands(Call, TrackedArgument::SyscallNumber);
  if (Operands.size() != 1 || !Operands.front())
    return std::nullopt;
  std::optional<CrossUnitNumber> Number = resolveAcrossUnits(Operands.front());
  if (!Number || !Number->IsParameter)
    return std::nullopt;
  return Number;
}

SmallVector<std::pair<unsigned, CrossUnitNumber>, 1>
SyscallNumbers::argumentsAcrossUnits(const CallBase &Call) const {
  SmallVector<std::pair<unsigned, CrossUnitNumber>, 1> Arguments;
  const auto *Callee =
      dyn_cast<Function>(Call.getCalledOperand()->stripPointerCasts());
  if (!NumbersEnabled || !Callee ||
      !(isOtherUnitsFunction(*Callee) ||
        LocalCrossUnitForwarders.contains(Callee)))
    return Arguments;
  // x86_64 passes a system call's number and arguments in six registers.
  for (unsigned Index = 0; Index < Call.arg_size() && Index < 6; ++Index) {
    const Value *Argument = Call.getArgOperand(Index);
    if (!Argument->getType()->isIntegerTy(64) &&
        !Argument->getType()->isPointerTy())
      continue;
    std::optional<CrossUnitNumber> Number = resolveAcrossUnits(Argument);
    if (Number && !Number->IsParameter && Number->Value >= 0 &&
        Number->Value < MaxNumber)
      Arguments.push_back({Index, std::move(*Number)});
  }
  return Arguments;
}

SmallVector<const Function *, 4>
SyscallNumbers::returnsAcrossUnits(const Module &M) const {
  SmallVector<const Function *, 4> Functions;
  if (!NumbersEnabled)
    return Functions;
  for (const Function &F : M) {
    auto Found = Returns.find(&F);
    if (Found != Returns.end() && Found->second == 0 && F.arg_size() == 1 &&
        isOtherUnitsFunction(F))
      Functions.push_back(&F);
  }
  return Functions;
}

SmallVector<const Value *, 1>
SyscallNumbers::trackedOperands(const CallBase &Call,
                                TrackedArgument Kind) const {
  SmallVector<const Value *, 1> Operands;
  const Value *Callee = Call.getCalledOperand()->stripPointerCasts();
  if (Kind == TrackedArgument::Protection) {
    if (std::optional<unsigned> Index = protectionIndex(*Callee)) {
      Operands.push_back(*Index < Call.arg_size() ? Call.getArgOperand(*Index)
                                                  : nullptr);
      return Operands;
    }
  } else if (const auto *Assembly = dyn_cast<InlineAsm>(Callee)) {
    if (!isSyscallInstruction(Assembly->getAsmString()))
      return Operands;
    int Operand = accumulatorOperand(*Assembly);
    Operands.push_back(Operand >= 0 && unsigned(Operand) < Call.arg_size()
                           ? Call.getArgOperand(Operand)
                           : nullptr);
    return Operands;
  } else if (isSyscallFunction(*Callee)) {
    Operands.push_back(Call.arg_size() > 0 ? Call.getArgOperand(0) : nullptr);
    return Operands;
  }
  const auto &KindForwards = Forwards[static_cast<unsigned>(Kind)];
  const auto *F = dyn_cast<Function>(Callee);
  auto Found = F ? KindForwards.find(F) : KindForwards.end();
  if (Found == KindForwards.end())
    return Operands;
  for (unsigned Index = 0; Index < MaxParameters; ++Index)
    if (Found->second & (uint64_t(1) << Index))
      Operands.push_back(Index < Call.arg_size() ? Call.getArgOperand(Index)
                                                 : nullptr);
  return Operands;
}

SmallVector<TrackedConstant, 1>
SyscallNumbers::constantsAt(const CallBase &Call, TrackedArgument Kind) const {
  SmallVector<TrackedConstant, 1> Constants;
  if (!(Kind == TrackedArgument::SyscallNumber ? NumbersEnabled
                                               : ProtectionsEnabled))
    return Constants;
  const auto &KindForwards = Forwards[static_cast<unsigned>(Kind)];
  auto Forwarded = KindForwards.find(Call.getFunction());
  for (const Value *Operand : trackedOperands(Call, Kind)) {
    Source From = Operand ? resolve(Operand) : Source{Source::Other, 0};
    if (From.Kind == Source::Constant)
      Constants.push_back({TrackedConstant::Known, From.Value});
    else if (From.Kind == Source::Parameter &&
             Forwarded != KindForwards.end() && From.Value < MaxParameters &&
             (Forwarded->second & (uint64_t(1) << From.Value)))
      Constants.push_back({TrackedConstant::Forwarded});
    else
      Constants.push_back({TrackedConstant::Unknown});
  }
  return Constants;
}

StringRef SyscallNumbers::protectionFunction(const CallBase &Call) const {
  const Value *Callee = Call.getCalledOperand()->stripPointerCasts();
  if (protectionIndex(*Callee))
    return Callee->getName();
  const auto *F = dyn_cast<Function>(Callee);
  auto Found = F ? ProtectionTargets.find(F) : ProtectionTargets.end();
  return Found == ProtectionTargets.end() ? StringRef() : Found->second;
}

} // namespace capgate
