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
//
//===----------------------------------------------------------------------===//

#ifndef CAPGATE_PASS_SYSCALLNUMBERS_H
#define CAPGATE_PASS_SYSCALLNUMBERS_H

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/InstrTypes.h"
#include "llvm/IR/Module.h"

#include <cstdint>

namespace capgate {

/// What is known of the number of one raw system call.
struct SyscallNumber {
  enum KindType {
    /// Value is the number.
    Known,
    /// Nothing reads it here.
    Unknown,
    /// A parameter of the forwarder making the call: its callers are
    /// charged, each with the number it passes.
    Forwarded,
  };
  KindType Kind;
  int64_t Value = -1;
};

class SyscallNumbers {
public:
  /// Computes the module's summaries: a linear walk per round, rounds
  /// bounded by the number of functions (in practice two or three).
  explicit SyscallNumbers(const llvm::Module &M);

  /// The numbers of the raw system calls \p Call makes, or nothing when it
  /// makes none (as far as this module tells).
  llvm::SmallVector<SyscallNumber, 1> numbersAt(const llvm::CallBase &Call) const;

  /// True for C's variadic `syscall(number, ...)`.
  static bool isSyscallFunction(const llvm::Value &Callee);

  /// True when the assembly is one x86_64 `syscall` instruction.
  static bool isSyscallInstruction(llvm::StringRef Assembly);

private:
  /// A value traced back: a constant, a parameter, or neither.
  struct Source {
    enum { Constant, Parameter, Other } Kind;
    int64_t Value;
  };

  /// The operands of \p Call that carry a system call number; nullptr for
  /// one that the call has no operand for.
  llvm::SmallVector<const llvm::Value *, 1>
  numberOperands(const llvm::CallBase &Call) const;
  Source resolve(const llvm::Value *V) const;
  bool isForwarderCandidate(const llvm::Function &F) const;
  bool summarizeReturn(const llvm::Function &F);
  bool summarizeForwarding(const llvm::Function &F);

  /// Only x86_64 Linux numbers are in the table.
  bool Enabled = false;
  /// Functions that return their parameter of this index.
  llvm::DenseMap<const llvm::Function *, unsigned> Returns;
  /// Forwarders, with the mask of the parameters they pass on as numbers.
  llvm::DenseMap<const llvm::Function *, uint64_t> Forwards;
};

} // namespace capgate

#endif // CAPGATE_PASS_SYSCALLNUMBERS_H
