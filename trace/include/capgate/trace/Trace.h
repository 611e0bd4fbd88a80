// capgate trace: run a program under ptrace and report the capabilities its
// system calls exercise (x86_64 Linux).
//
// The library behind `cargo capgate trace`; capgate-trace-tool drives it for
// the tests. docs/tracing.md describes the phases, the mapping and the JSON
// shape (`capgate-trace/1`).
//
//   TraceOptions Options;
//   TraceResult Result = traceProgram({"./target/debug/app", "--flag"}, Options);
//   StaticCapabilities Static = loadStaticReport("report.json", "app");
//   Comparison C = compare(Result, Static);
//   std::cout << renderText(Result, &C);
//   return C.FalseNegatives.empty() ? 0 : 1;
#pragma once

#include "capgate/Capability.h"
#include "capgate/trace/SyscallClassify.h"

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace capgate::trace {

/// Thrown when the program cannot be traced at all: it does not exist,
/// ptrace is not permitted, a report cannot be read.
class TraceError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// When an observation happened, relative to the program's own code.
enum class Phase {
  /// Before the program's main: the dynamic loader, libc's and the Rust
  /// runtime's start-up. Reported, never counted against a static report.
  Runtime,
  /// The program's own code, from main on (threads and forked children
  /// included). Counted.
  Main,
  /// In a child process between its creation and an exec: the work of
  /// spawning (posix_spawn's signal resets, dup2 of stdio, chdir), covered by
  /// the EXEC the spawn already reported. Not counted.
  Spawn,
  /// Another program the traced one executed. Not counted: it is not this
  /// binary's code.
  OtherProgram,
};
std::string_view phaseName(Phase P);

struct Frame {
  std::uint64_t Address = 0;
  /// "libc.so.6" or the executable's file name; empty when unknown.
  std::string Module;
  /// Raw (mangled) symbol, and the offset of Address into it; empty when the
  /// address is in no symbol the module's tables name.
  std::string Symbol;
  std::uint64_t Offset = 0;
  /// The function's readable name: the demangled symbol, or, when a caller
  /// that knows the program's facts fills it in (`cargo capgate trace`
  /// does), its source path; empty for an unmangled (C) symbol.
  std::string Function;
  /// Where the function is defined ("src/main.rs:12"), from the facts.
  std::string Location;
  std::string str() const; // "prog!_ZN4prog4main17h..E+0x2f", or the Function
};

struct Observation {
  Capability Cap = Capability::Files;
  /// Capabilities that explain the call as well (see Finding::Also).
  CapabilitySet Also;
  std::string Note;
  std::string Syscall;
  long Number = -1;
  std::vector<std::string> Args;
  /// The return value; negative errno values are errors (the call was still
  /// attempted, and the attempt is what a capability is about).
  std::optional<long> Result;
  int Pid = 0, Tid = 0;
  Phase When = Phase::Main;
  /// Instruction pointer first, then return addresses into the executable
  /// found on the stack (see docs/tracing.md: a scan, not an unwind).
  std::vector<Frame> Stack;
  /// Identical calls (same capability, phase, call and arguments) are
  /// reported once with a count; the stack is that of the first.
  unsigned Count = 1;
  std::string call() const; // "openat(AT_FDCWD, \"/x\", O_RDONLY)"
};

struct TraceOptions {
  /// Record the user-space stack of each observation.
  bool Stacks = true;
  unsigned MaxFrames = 12;
  /// Bytes of stack scanned for return addresses.
  unsigned StackScanBytes = 16384;
  /// Keep tracing processes after they exec another program (their calls are
  /// reported in the OtherProgram phase). Off: they are detached at the
  /// exec, which keeps tracing a program that runs a compiler cheap.
  bool FollowExecs = false;
};

struct TraceResult {
  std::vector<std::string> Argv;
  /// The executable that ran (from /proc/PID/exe at the first exec).
  std::string Executable;
  /// Like a shell's $?: the exit code, or 128+N when killed by signal N.
  int ExitStatus = 0;
  std::optional<int> TermSignal;
  /// How the start of the program's own code was found: "rust-main"
  /// (std's __rust_begin_short_backtrace or <crate>::main), "main" (C
  /// main), "entry" (the ELF entry point: only the dynamic loader is
  /// separated), "none"; and whether it was reached.
  std::string BoundaryKind = "none";
  std::string BoundarySymbol;
  bool BoundaryReached = false;
  std::uint64_t SyscallCount = 0;
  unsigned Processes = 0, Threads = 0;
  std::vector<Observation> Observations;

  /// The capabilities observed in the Main phase.
  CapabilitySet counted() const;
};

/// Runs Argv[0] (searched in PATH when it has no slash) with Argv[1..] under
/// ptrace until every traced process and thread has exited. The program
/// inherits this process's standard streams and environment. Throws
/// TraceError when it cannot start.
///
/// The tracer waits for any child (waitpid(-1, __WALL)): call it from a
/// process with no other children whose exit it needs to collect.
TraceResult traceProgram(const std::vector<std::string> &Argv, const TraceOptions &Options = {});

/// The capabilities a static analysis attributes to the binary.
struct StaticCapabilities {
  std::string Binary; // empty for a plain list
  CapabilitySet Caps;
};

/// Reads a capgate-report/2 (or /1) JSON file and takes binaries[name == Binary]
/// .capabilities. Throws TraceError (naming the binaries the report has)
/// when it is not there.
StaticCapabilities loadStaticReport(const std::string &ReportPath, const std::string &Binary);
StaticCapabilities parseStaticReport(const std::string &ReportJson, const std::string &Binary);
/// "FILES,NETWORK" or "fs,net" (policy aliases accepted); empty is none.
StaticCapabilities parseCapabilityList(const std::string &List);

struct FalseNegative {
  Capability Cap;
  /// Indices into TraceResult::Observations of the counted observations
  /// that exercised it.
  std::vector<std::size_t> Observations;
};

struct Comparison {
  StaticCapabilities Static;
  std::vector<FalseNegative> FalseNegatives;
};

/// Every capability observed in the Main phase that Static lacks (an
/// observation is covered when Static has its Cap or any of its Also).
Comparison compare(const TraceResult &Result, const StaticCapabilities &Static);

/// Human-readable report; with \p Verbose, runtime, spawn and other-program
/// observations are listed in full rather than summarised.
std::string renderText(const TraceResult &Result, const Comparison *Compared = nullptr,
                       bool Verbose = false);
/// The `capgate-trace/1` JSON document (pretty-printed).
std::string renderJson(const TraceResult &Result, const Comparison *Compared = nullptr);

struct TracedRun {
  const TraceResult *Result;
  const Comparison *Compared;
};
/// One run's document, or, for several (the test executables of
/// `cargo capgate trace --tests`), a `capgate-trace-set/1` of them in the
/// order they ran.
std::string renderJsonRuns(const std::vector<TracedRun> &Runs);

} // namespace capgate::trace
