//===- SyscallNumbers.h - Which system call a raw call makes ----*- C++ -*-===//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//
//
// FILE: SyscallNumbers.h
//
// DESCRIPTION:
//   Reads the number of a raw system call where the module makes it, so that
//   the call is charged the capability of that system call
//   (capgate/Syscalls.h) rather than SYSTEM_CALLS. A raw system call site is
//   a call to C's `syscall` (the number is its first argument), or inline
//   assembly whose one instruction is x86_64's `syscall` (the number is its
//   rax input), or a call to a forwarder: a function of the module, called
//   only directly, that passes one of its parameters on as the number of
//   such a site (rustix's `syscall3(nr, a0, a1, a2)`). A number is read
//   through casts and through functions of the module that return one of
//   their parameters (rustix's `nr()` and `to_asm()` at opt-level 0).
//   Per-function summaries are computed once per module; x86_64 Linux only.
//   Numbers that pass through functions of the crate's other codegen units
//   (rustix's helpers at opt-level 0) are left to the subcommand, which
//   joins what each unit records (docs/facts-format.md).
//
//   The same summaries read a second constant argument: the protection
//   (`prot`) of C's mmap, mmap64, mprotect and pkey_mprotect, through
//   forwarders of the module (memmap2's `MmapInner::new(len, prot, ...)` at
//   opt-level 0), so that making memory executable is charged where the
//   constant is chosen. Only within one module: no cross-unit records.
//
//===----------------------------------------------------------------------===//

#ifndef CAPGATE_PASS_SYSCALLNUMBERS_H
#define CAPGATE_PASS_SYSCALLNUMBERS_H

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/InstrTypes.h"
#include "llvm/IR/Module.h"

#include <cstdint>
#include <optional>
#include <utility>

namespace capgate {

/// The constant arguments read where a call passes them.
enum class TrackedArgument : unsigned {
  /// The number of a raw system call.
  SyscallNumber,
  /// The protection of C's mmap, mmap64, mprotect or pkey_mprotect.
  Protection,
};
constexpr unsigned TrackedArguments = 2;

/// What is known of one tracked argument of a call (the number of one raw
/// system call, one protection).
struct TrackedConstant {
  enum KindType {
    /// Value is the constant.
    Known,
    /// Nothing reads it here.
    Unknown,
    /// A parameter of the forwarder making the call: its callers are
    /// charged, each with the constant it passes.
    Forwarded,
  };
  KindType Kind;
  int64_t Value = -1;
};

/// A number traced back to a constant or a parameter through functions of
/// the crate's other codegen units that take one argument: whether those
/// return it, only the subcommand knows (docs/facts-format.md, `sysret`).
struct CrossUnitNumber {
  bool IsParameter;
  /// The constant, or the parameter's index.
  int64_t Value;
  /// The functions it passes through, outermost first.
  llvm::SmallVector<const llvm::Function *, 2> Through;
};

class SyscallNumbers {
public:
  /// Computes the module's summaries: a linear walk per round, rounds
  /// bounded by the number of functions (in practice two or three).
  explicit SyscallNumbers(const llvm::Module &M);

  /// The arguments of kind \p Kind that \p Call passes (the numbers of
  /// the raw system calls it makes, the protections it gives memory), or
  /// nothing when it passes none (as far as this module tells).
  llvm::SmallVector<TrackedConstant, 1>
  constantsAt(const llvm::CallBase &Call, TrackedArgument Kind) const;

  /// The C function (`mprotect`) that \p Call passes a protection to,
  /// itself or through forwarders; empty when it passes none.
  llvm::StringRef protectionFunction(const llvm::CallBase &Call) const;

  /// The number of a raw system call made by a function other codegen
  /// units of the crate call, or by a local function only called directly,
  /// when it is one of that function's parameters (as far as the crate's
  /// other units tell): the subcommand charges the callers, once it knows
  /// what the other units' functions return.
  std::optional<CrossUnitNumber>
  forwardedAcrossUnits(const llvm::CallBase &Call) const;

  /// The arguments of a call to a function of another codegen unit of the
  /// crate, or to a function of this unit that forwards a number across
  /// units, that are small constants, by index: maybe system call numbers.
  llvm::SmallVector<std::pair<unsigned, CrossUnitNumber>, 1>
  argumentsAcrossUnits(const llvm::CallBase &Call) const;

  /// Defined functions other units may call that return their one
  /// parameter.
  llvm::SmallVector<const llvm::Function *, 4>
  returnsAcrossUnits(const llvm::Module &M) const;

  /// True for C's variadic `syscall(number, ...)`.
  static bool isSyscallFunction(const llvm::Value &Callee);

  /// True when the assembly is one x86_64 `syscall` instruction.
  static bool isSyscallInstruction(llvm::StringRef Assembly);

  /// The index of the protection among the arguments of C's mmap, mmap64,
  /// mprotect and pkey_mprotect; nothing for other callees.
  static std::optional<unsigned> protectionIndex(const llvm::Value &Callee);

private:
  /// A value traced back: a constant, a parameter, or neither.
  struct Source {
    enum { Constant, Parameter, Other } Kind;
    int64_t Value;
  };

  /// The operands of \p Call that carry an argument of kind \p Kind;
  /// nullptr for one that the call has no operand for.
  llvm::SmallVector<const llvm::Value *, 1>
  trackedOperands(const llvm::CallBase &Call, TrackedArgument Kind) const;
  Source resolve(const llvm::Value *V) const;
  std::optional<CrossUnitNumber> resolveAcrossUnits(const llvm::Value *V) const;
  bool isForwarderCandidate(const llvm::Function &F) const;
  bool summarizeReturn(const llvm::Function &F);
  bool summarizeForwarding(const llvm::Function &F, TrackedArgument Kind);
  bool forwardsAcrossUnits(const llvm::Function &F) const;

  /// Only x86_64 Linux numbers are in the table.
  bool NumbersEnabled = false;
  /// Where PROT_EXEC is 4: Linux, Darwin and the BSDs.
  bool ProtectionsEnabled = false;
  /// Functions that return their parameter of this index.
  llvm::DenseMap<const llvm::Function *, unsigned> Returns;
  /// Forwarders, by kind, with the mask of the parameters they pass on as
  /// arguments of that kind.
  llvm::DenseMap<const llvm::Function *, uint64_t> Forwards[TrackedArguments];
  /// The C function each forwarder of a protection passes it to.
  llvm::DenseMap<const llvm::Function *, llvm::StringRef> ProtectionTargets;
  /// Functions of this unit with local linkage, called only directly, that
  /// pass a parameter on as a number through other units' functions
  /// (rustix's `syscall5_readonly` when one unit alone calls it: its
  /// `nr.to_asm()` is another unit's): their callers' constants are
  /// recorded, since only the subcommand can tell they are numbers.
  llvm::DenseSet<const llvm::Function *> LocalCrossUnitForwarders;
};

} // namespace capgate

#endif // CAPGATE_PASS_SYSCALLNUMBERS_H
