// capgate trace: the ptrace loop (x86_64 Linux).
//
// One tracer follows every thread and process of the program (PTRACE_SEIZE
// with TRACEFORK/VFORK/CLONE/EXEC, EXITKILL), stops each at system call
// entry and exit (PTRACE_GET_SYSCALL_INFO), decodes what the call names out
// of the tracee's memory and classifies it (SyscallClassify.cpp). A breakpoint on
// the program's main separates the loader's and the runtime's start-up from
// the program's own code. docs/tracing.md describes the design.
#include "capgate/trace/Trace.h"

#include "Elf.h"

#include <fmt/format.h>
#include <llvm/Demangle/Demangle.h>

#include <arpa/inet.h>
#include <elf.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/netlink.h>
#include <linux/sched.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <sstream>
#include <unordered_map>

namespace capgate::trace {
namespace {

constexpr unsigned TraceOptionsMask = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEFORK |
                                      PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE |
                                      PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL;

std::string readLink(const std::string &Path) {
  char Buffer[4096];
  ssize_t N = readlink(Path.c_str(), Buffer, sizeof Buffer);
  return N <= 0 ? std::string() : std::string(Buffer, static_cast<std::size_t>(N));
}

std::string baseName(const std::string &Path) {
  auto Slash = Path.rfind('/');
  return Slash == std::string::npos ? Path : Path.substr(Slash + 1);
}

/// Reads tracee memory; returns the number of bytes read (short at an
/// unmapped page).
std::size_t readMemory(int Pid, std::uint64_t Address, void *Out, std::size_t Size) {
  if (Address == 0 || Size == 0)
    return 0;
  iovec Local{Out, Size};
  iovec Remote{reinterpret_cast<void *>(Address), Size};
  ssize_t N = process_vm_readv(Pid, &Local, 1, &Remote, 1, 0);
  if (N > 0)
    return static_cast<std::size_t>(N);
  // process_vm_readv can be refused (e.g. by a security module) where
  // ptrace is not: fall back to a word at a time.
  std::size_t Done = 0;
  while (Done < Size) {
    errno = 0;
    long Word = ptrace(PTRACE_PEEKDATA, Pid, Address + Done, nullptr);
    if (errno != 0)
      break;
    std::size_t Take = std::min(sizeof Word, Size - Done);
    std::memcpy(static_cast<char *>(Out) + Done, &Word, Take);
    Done += Take;
  }
  return Done;
}

std::optional<std::string> readString(int Pid, std::uint64_t Address, std::size_t Max = 4096) {
  if (Address == 0)
    return std::nullopt;
  std::string Out;
  char Chunk[256];
  while (Out.size() < Max) {
    // Stay within a page per read so a string ending just before an
    // unmapped page is still read.
    std::size_t ToPageEnd = 4096 - (Address % 4096);
    std::size_t Want = std::min(sizeof Chunk, ToPageEnd);
    std::size_t Got = readMemory(Pid, Address, Chunk, Want);
    if (Got == 0)
      return Out.empty() ? std::nullopt : std::optional<std::string>(Out);
    const void *Nul = std::memchr(Chunk, 0, Got);
    if (Nul) {
      Out.append(Chunk, static_cast<const char *>(Nul) - Chunk);
      return Out;
    }
    Out.append(Chunk, Got);
    Address += Got;
  }
  return Out;
}

struct Mapping {
  std::uint64_t Start = 0, End = 0, Offset = 0;
  bool Executable = false;
  std::string Path;
};

std::vector<Mapping> readMaps(int Pid) {
  std::vector<Mapping> Out;
  std::ifstream In(fmt::format("/proc/{}/maps", Pid));
  std::string Line;
  while (std::getline(In, Line)) {
    Mapping M;
    char Perms[8] = {};
    unsigned long long Start, End, Offset;
    int PathAt = 0;
    if (std::sscanf(Line.c_str(), "%llx-%llx %7s %llx %*s %*s %n", &Start, &End, Perms, &Offset,
                    &PathAt) < 4)
      continue;
    M.Start = Start;
    M.End = End;
    M.Offset = Offset;
    M.Executable = Perms[2] == 'x';
    if (PathAt > 0 && static_cast<std::size_t>(PathAt) < Line.size())
      M.Path = Line.substr(PathAt);
    Out.push_back(std::move(M));
  }
  return Out;
}

const Mapping *mappingAt(const std::vector<Mapping> &Maps, std::uint64_t Address) {
  for (const Mapping &M : Maps)
    if (Address >= M.Start && Address < M.End)
      return &M;
  return nullptr;
}

std::string joinPath(const std::string &Base, const std::string &Rel) {
  if (Base.empty())
    return Rel;
  if (Base.back() == '/')
    return Base + Rel;
  return Base + "/" + Rel;
}

/// The traced program's executable, where it is loaded, and the address
/// ranges that make a system call "raw".
struct ProgramImage {
  std::shared_ptr<const ElfImage> Elf;
  std::uint64_t Bias = 0;
  std::string Name;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> CodeRanges;
  std::pair<std::uint64_t, std::uint64_t> SyscallFunction{0, 0};
  /// libc's raise, abort, gsignal and pthread_kill.
  std::vector<std::pair<std::uint64_t, std::uint64_t>> SelfSignal;

  bool inCode(std::uint64_t A) const {
    for (auto [Lo, Hi] : CodeRanges)
      if (A >= Lo && A < Hi)
        return true;
    return false;
  }
};

struct PendingCall {
  SyscallEvent Event;
  std::vector<Finding> Findings;
  Phase When = Phase::Main;
  std::vector<Frame> Stack;
  std::optional<long> Return;
  int Pid = 0, Tid = 0;
  std::uint64_t Sequence = 0; // order of entry, for a stable report
};

struct ProcessState {
  int Tgid = 0;
  Phase When = Phase::Runtime;
  bool Root = false;
  bool Execed = false;  // the root's first exec happened
  bool Foreign = false; // runs another program
  bool Spawned = false; // a child of the program that has not exec'd
  std::vector<PendingCall> SpawnBuffer;
  std::shared_ptr<ProgramImage> Image;
  std::vector<std::pair<std::uint64_t, long>> Breakpoints; // address, original word
  std::map<std::uint64_t, std::string> BreakpointNames;
  std::vector<Mapping> Maps;
};

struct ThreadState {
  int Tid = 0;
  int Tgid = 0;
  std::optional<PendingCall> Pending;
};

struct StatusIds {
  int Tgid = 0, PPid = 0;
};

StatusIds readStatusIds(int Tid) {
  StatusIds Ids;
  std::ifstream In(fmt::format("/proc/{}/status", Tid));
  std::string Line;
  while (std::getline(In, Line)) {
    if (Line.rfind("Tgid:", 0) == 0)
      Ids.Tgid = std::atoi(Line.c_str() + 5);
    else if (Line.rfind("PPid:", 0) == 0)
      Ids.PPid = std::atoi(Line.c_str() + 5);
  }
  return Ids;
}

bool isStopSignal(int Sig) {
  return Sig == SIGSTOP || Sig == SIGTSTP || Sig == SIGTTIN || Sig == SIGTTOU;
}

/// Whether the instruction bytes ending at \p Ret are a call: `call rel32`,
/// or `call r/m64` (FF /2) in its 2-, 3-, 4-, 6- and 7-byte forms.
bool precededByCall(const ElfImage &Elf, std::uint64_t Ret) {
  unsigned char B[7];
  if (Ret < 7 || !Elf.read(Ret - 7, B, 7))
    return false;
  if (B[2] == 0xE8)
    return true;
  auto IsCallModRM = [](unsigned char ModRM) { return ((ModRM >> 3) & 7) == 2; };
  // FF modrm (mod=11 register, or mod=00 [reg]).
  if (B[5] == 0xFF && IsCallModRM(B[6]) && ((B[6] >> 6) == 3 || (B[6] >> 6) == 0))
    return true;
  // FF modrm disp8 / FF modrm sib.
  if (B[4] == 0xFF && IsCallModRM(B[5]) && ((B[5] >> 6) == 1 || (B[5] & 7) == 4))
    return true;
  // FF modrm sib disp8.
  if (B[3] == 0xFF && IsCallModRM(B[4]) && (B[4] >> 6) == 1 && (B[4] & 7) == 4)
    return true;
  // FF modrm disp32 (including rip-relative FF 15).
  if (B[1] == 0xFF && IsCallModRM(B[2]) && ((B[2] >> 6) == 2 || (B[2] & 0xC7) == 0x05))
    return true;
  // FF modrm sib disp32.
  if (B[0] == 0xFF && IsCallModRM(B[1]) && (B[1] >> 6) == 2 && (B[1] & 7) == 4)
    return true;
  return false;
}

/// A symbol's readable name (Rust v0 and legacy, C++), or nothing for a
/// symbol that is not mangled (a C function).
std::string demangled(const std::string &Symbol) {
  std::string Name = llvm::demangle(Symbol);
  return Name == Symbol ? std::string() : Name;
}

/// Where the call that \p Ret (a link-time address) returns from went, as a
/// link-time address of \p Elf, when it can be told: a direct call (E8
/// rel32), or a call through a GOT slot (FF 15 disp32, which rustc emits
/// for calls between crates), whose slot \p ReadSlot reads from the
/// running process. Other indirect calls give nothing. \p External is set
/// when the call leaves the program (a slot holding another module's
/// address).
std::optional<std::uint64_t>
callTarget(const ElfImage &Elf, std::uint64_t Ret, bool &External,
           const std::function<std::optional<std::uint64_t>(std::uint64_t)> &ReadSlot) {
  External = false;
  unsigned char B[6];
  if (Ret < 6 || !Elf.read(Ret - 6, B, 6))
    return std::nullopt;
  std::int32_t Displacement;
  if (B[1] == 0xE8) {
    std::memcpy(&Displacement, B + 2, sizeof Displacement);
    return Ret + static_cast<std::int64_t>(Displacement);
  }
  if (B[0] == 0xFF && B[1] == 0x15) {
    std::memcpy(&Displacement, B + 2, sizeof Displacement);
    std::optional<std::uint64_t> Target = ReadSlot(Ret + static_cast<std::int64_t>(Displacement));
    if (!Target)
      External = true;
    return Target;
  }
  return std::nullopt;
}

class Tracer {
public:
  Tracer(const TraceOptions &Options, TraceResult &Result) : Options(Options), Result(Result) {}

  void run(const std::vector<std::string> &Argv);

private:
  const TraceOptions &Options;
  TraceResult &Result;
  int RootPid = 0;
  std::unordered_map<int, ThreadState> Threads;
  std::unordered_map<int, ProcessState> Processes;
  std::unordered_map<std::string, std::size_t> Seen; // dedupe key -> observation
  std::map<std::string, std::shared_ptr<const ElfImage>> Modules;
  std::vector<std::uint64_t> FirstSequence; // per observation
  std::uint64_t NextSequence = 0;

  ThreadState &thread(int Tid, int ParentTgid = 0);
  ProcessState &newProcess(int Pid, int ParentTgid);
  void resume(int Tid, int Signal = 0);
  void onSyscallStop(ThreadState &T);
  void onEntry(ThreadState &T, const __ptrace_syscall_info &Info);
  void onExec(ThreadState &T);
  void onExit(int Tid, int Status);
  bool onBreakpoint(ThreadState &T);
  void setBreakpoints(ProcessState &P);
  void removeBreakpoints(ProcessState &P, int Tid);
  void computeSites(ProcessState &P);
  void decode(int Tid, ProcessState &P, SyscallEvent &Event);
  std::vector<Frame> stack(int Tid, ProcessState &P, std::uint64_t Ip, std::uint64_t Sp);
  Frame symbolize(ProcessState &P, std::uint64_t Address);
  std::shared_ptr<const ElfImage> module(const std::string &Path);
  void commit(ProcessState &P, PendingCall &&Call);
  void record(PendingCall &Call);
  std::string keyOf(const Finding &F, Phase When, const SyscallEvent &Event) const;
};

std::shared_ptr<const ElfImage> Tracer::module(const std::string &Path) {
  auto It = Modules.find(Path);
  if (It != Modules.end())
    return It->second;
  auto Image = ElfImage::load(Path);
  Modules.emplace(Path, Image);
  return Image;
}

ProcessState &Tracer::newProcess(int Pid, int ParentTgid) {
  ProcessState &P = Processes[Pid];
  P.Tgid = Pid;
  ++Result.Processes;
  auto Parent = Processes.find(ParentTgid);
  if (Parent == Processes.end())
    Parent = Processes.find(RootPid);
  if (Parent != Processes.end() && Parent->first != Pid) {
    const ProcessState &From = Parent->second;
    P.When = From.When;
    P.Foreign = From.Foreign;
    P.Image = From.Image;
    P.Execed = true;
    P.Maps = From.Maps;
    // A child of the program's own code is "spawned" until it either execs
    // (then its start-up work belongs to the spawn) or exits (then it was a
    // fork doing the program's work).
    P.Spawned = !From.Foreign && From.When == Phase::Main;
  }
  return P;
}

ThreadState &Tracer::thread(int Tid, int ParentTgid) {
  auto It = Threads.find(Tid);
  if (It != Threads.end())
    return It->second;
  // A new thread or process: its first stop can come before its parent's
  // fork/clone event, so /proc says which it is.
  StatusIds Ids = readStatusIds(Tid);
  ThreadState &T = Threads[Tid];
  T.Tid = Tid;
  T.Tgid = Ids.Tgid ? Ids.Tgid : Tid;
  ++Result.Threads;
  if (!Processes.count(T.Tgid))
    newProcess(T.Tgid, Ids.PPid ? Ids.PPid : ParentTgid);
  return T;
}

void Tracer::resume(int Tid, int Signal) {
  auto It = Threads.find(Tid);
  bool Syscalls = true;
  if (It != Threads.end()) {
    ProcessState &P = Processes[It->second.Tgid];
    Syscalls = P.Execed;
  }
  // Before the program's first exec only the exec itself matters.
  ptrace(Syscalls ? PTRACE_SYSCALL : PTRACE_CONT, Tid, nullptr,
         reinterpret_cast<void *>(static_cast<long>(Signal)));
}

void Tracer::run(const std::vector<std::string> &Argv) {
  if (Argv.empty())
    throw TraceError("no program to run");
  std::vector<char *> Args;
  for (const std::string &A : Argv)
    Args.push_back(const_cast<char *>(A.c_str()));
  Args.push_back(nullptr);

  int Go[2], Err[2];
  if (pipe2(Go, O_CLOEXEC) != 0 || pipe2(Err, O_CLOEXEC) != 0)
    throw TraceError(fmt::format("cannot create a pipe: {}", std::strerror(errno)));
  pid_t Pid = fork();
  if (Pid < 0)
    throw TraceError(fmt::format("cannot fork: {}", std::strerror(errno)));
  if (Pid == 0) {
    // Wait until the parent has seized this process, then exec.
    close(Go[1]);
    close(Err[0]);
    char C;
    while (read(Go[0], &C, 1) < 0 && errno == EINTR) {
    }
    execvp(Args[0], Args.data());
    int E = errno;
    [[maybe_unused]] ssize_t W = write(Err[1], &E, sizeof E);
    _exit(127);
  }
  close(Go[0]);
  close(Err[1]);
  RootPid = Pid;
  if (ptrace(PTRACE_SEIZE, Pid, nullptr, reinterpret_cast<void *>(TraceOptionsMask)) != 0) {
    int E = errno;
    kill(Pid, SIGKILL);
    waitpid(Pid, nullptr, 0);
    close(Go[1]);
    close(Err[0]);
    throw TraceError(fmt::format("cannot trace {}: ptrace: {}{}", Argv[0], std::strerror(E),
                                 E == EPERM ? " (is ptrace restricted? see "
                                              "/proc/sys/kernel/yama/ptrace_scope, or a "
                                              "container's seccomp profile)"
                                            : ""));
  }
  ThreadState &Root = Threads[Pid];
  Root.Tid = Root.Tgid = Pid;
  ProcessState &RootProcess = Processes[Pid];
  RootProcess.Tgid = Pid;
  RootProcess.Root = true;
  Result.Processes = Result.Threads = 1;
  close(Go[1]);

  try {
    while (!Threads.empty()) {
      int Status = 0;
      pid_t Tid = waitpid(-1, &Status, __WALL);
      if (Tid < 0) {
        if (errno == EINTR)
          continue;
        if (errno == ECHILD)
          break;
        throw TraceError(fmt::format("waitpid: {}", std::strerror(errno)));
      }
      if (WIFEXITED(Status) || WIFSIGNALED(Status)) {
        onExit(Tid, Status);
        continue;
      }
      if (!WIFSTOPPED(Status))
        continue;
      ThreadState &T = thread(Tid);
      int Sig = WSTOPSIG(Status);
      int Event = Status >> 16;
      if (Sig == (SIGTRAP | 0x80)) {
        onSyscallStop(T);
        resume(Tid);
      } else if (Event == PTRACE_EVENT_STOP) {
        // Group-stop (SIGSTOP and friends): stay stopped until SIGCONT, as
        // without a tracer. Otherwise a new tracee's first stop.
        if (isStopSignal(Sig))
          ptrace(PTRACE_LISTEN, Tid, nullptr, nullptr);
        else
          resume(Tid);
      } else if (Event == PTRACE_EVENT_EXEC) {
        int Tgid = T.Tgid;
        onExec(T);
        if (Threads.count(Tid) || Threads.count(Tgid))
          resume(Threads.count(Tid) ? Tid : Tgid);
      } else if (Event == PTRACE_EVENT_FORK || Event == PTRACE_EVENT_VFORK ||
                 Event == PTRACE_EVENT_CLONE) {
        unsigned long Child = 0;
        ptrace(PTRACE_GETEVENTMSG, Tid, nullptr, &Child);
        if (Child != 0)
          thread(static_cast<int>(Child), T.Tgid);
        resume(Tid);
      } else if (Event != 0) {
        resume(Tid);
      } else if (Sig == SIGTRAP && onBreakpoint(T)) {
        resume(Tid);
      } else {
        // A signal for the program: deliver it.
        resume(Tid, Sig);
      }
    }
  } catch (...) {
    for (auto &[Tid, T] : Threads)
      kill(Tid, SIGKILL);
    throw;
  }

  // Calls are recorded when they return (a vfork parent's clone after the
  // child's exec); report them in the order they were made.
  std::vector<std::size_t> Order(Result.Observations.size());
  for (std::size_t I = 0; I < Order.size(); ++I)
    Order[I] = I;
  std::stable_sort(Order.begin(), Order.end(), [&](std::size_t A, std::size_t B) {
    return FirstSequence[A] < FirstSequence[B];
  });
  std::vector<Observation> Sorted;
  Sorted.reserve(Order.size());
  for (std::size_t I : Order)
    Sorted.push_back(std::move(Result.Observations[I]));
  Result.Observations = std::move(Sorted);

  int ExecErrno = 0;
  ssize_t N = read(Err[0], &ExecErrno, sizeof ExecErrno);
  close(Err[0]);
  if (N == static_cast<ssize_t>(sizeof ExecErrno))
    throw TraceError(fmt::format("cannot run {}: {}", Argv[0], std::strerror(ExecErrno)));
}

void Tracer::onExit(int Tid, int Status) {
  auto It = Threads.find(Tid);
  if (It == Threads.end())
    return;
  int Tgid = It->second.Tgid;
  auto PIt = Processes.find(Tgid);
  if (It->second.Pending && PIt != Processes.end())
    commit(PIt->second, std::move(*It->second.Pending));
  Threads.erase(It);
  if (Tid == RootPid) {
    if (WIFEXITED(Status)) {
      Result.ExitStatus = WEXITSTATUS(Status);
    } else {
      Result.TermSignal = WTERMSIG(Status);
      Result.ExitStatus = 128 + WTERMSIG(Status);
    }
  }
  if (Tid == Tgid && PIt != Processes.end()) {
    // A child that exits without exec'ing did its work as the program.
    for (PendingCall &Call : PIt->second.SpawnBuffer)
      record(Call);
    Processes.erase(PIt);
  }
}

void Tracer::onExec(ThreadState &T) {
  unsigned long Former = 0;
  ptrace(PTRACE_GETEVENTMSG, T.Tid, nullptr, &Former);
  int Tgid = T.Tgid;
  int Tid = T.Tid;
  // A non-leader thread that execs takes over the leader's id; the other
  // threads are gone.
  if (Former != 0 && static_cast<int>(Former) != Tid) {
    auto FIt = Threads.find(static_cast<int>(Former));
    if (FIt != Threads.end() && FIt->second.Pending && !Threads[Tid].Pending)
      Threads[Tid].Pending = std::move(FIt->second.Pending);
  }
  for (auto It = Threads.begin(); It != Threads.end();)
    if (It->second.Tgid == Tgid && It->first != Tid)
      It = Threads.erase(It);
    else
      ++It;
  ThreadState &Self = Threads[Tid];
  ProcessState &P = Processes[Tgid];

  if (P.Root && !P.Execed) {
    // The program itself starts: its own exec is not a capability.
    P.Execed = true;
    P.When = Phase::Runtime;
    Result.Executable = readLink(fmt::format("/proc/{}/exe", Tid));
    auto Image = std::make_shared<ProgramImage>();
    Image->Elf = module(Result.Executable);
    Image->Name = baseName(Result.Executable);
    // The load bias: where the kernel put the entry point, less where the
    // file says it is (AT_ENTRY in the auxiliary vector).
    std::ifstream Auxv(fmt::format("/proc/{}/auxv", Tid), std::ios::binary);
    std::uint64_t Pair[2];
    std::uint64_t AtEntry = 0;
    while (Auxv.read(reinterpret_cast<char *>(Pair), sizeof Pair)) {
      if (Pair[0] == AT_ENTRY)
        AtEntry = Pair[1];
      if (Pair[0] == AT_NULL)
        break;
    }
    if (Image->Elf && AtEntry)
      Image->Bias = AtEntry - Image->Elf->entry();
    if (Image->Elf)
      for (const ElfSegment &S : Image->Elf->segments())
        if (S.Executable)
          Image->CodeRanges.push_back({Image->Bias + S.VAddr, Image->Bias + S.VAddr + S.MemSize});
    P.Image = Image;
    setBreakpoints(P);
    Self.Pending.reset();
    return;
  }

  // The program runs another program. What a spawned child did before
  // this exec was the work of spawning it.
  if (P.Spawned) {
    for (PendingCall &Buffered : P.SpawnBuffer) {
      Buffered.When = Phase::Spawn;
      record(Buffered);
    }
    P.SpawnBuffer.clear();
  }
  if (Self.Pending) {
    PendingCall Call = std::move(*Self.Pending);
    Self.Pending.reset();
    Call.Return = 0;
    record(Call);
  }
  P.Spawned = false;
  P.Foreign = true;
  P.When = Phase::OtherProgram;
  P.Image.reset();
  P.Breakpoints.clear();
  P.Maps.clear();
  if (!Options.FollowExecs && !P.Root) {
    ptrace(PTRACE_DETACH, Tid, nullptr, nullptr);
    Threads.erase(Tid);
    Processes.erase(Tgid);
  }
}

void Tracer::setBreakpoints(ProcessState &P) {
  const ProgramImage &Image = *P.Image;
  if (!Image.Elf) {
    Result.BoundaryKind = "none";
    return;
  }
  std::vector<const ElfSymbol *> Targets;
  // Rust: std's __rust_begin_short_backtrace (generic, so instantiated in the
  // binary for its main) calls the user's main once the runtime is set up;
  // <crate>::main itself, when not inlined. Both manglings.
  static const std::regex LegacyMain(R"(_ZN\d+[A-Za-z0-9_$]+4main17h[0-9a-f]{16}E)");
  static const std::regex V0Main(R"(_RNvC(s[0-9A-Za-z]*_)?\d+[A-Za-z0-9_]+4main)");
  for (const ElfSymbol &S : Image.Elf->functions()) {
    if (S.Name.find("__rust_begin_short_backtrace") != std::string::npos) {
      Targets.push_back(&S);
      continue;
    }
    if ((S.Name.rfind("_ZN", 0) == 0 && S.Name.size() < 80 &&
         std::regex_match(S.Name, LegacyMain)) ||
        (S.Name.rfind("_RNvC", 0) == 0 && S.Name.size() < 80 && std::regex_match(S.Name, V0Main))) {
      // Exactly one path segment before main: <crate>::main.
      Targets.push_back(&S);
    }
  }
  std::vector<std::pair<std::uint64_t, std::string>> Addresses;
  if (!Targets.empty()) {
    Result.BoundaryKind = "rust-main";
    for (const ElfSymbol *S : Targets)
      Addresses.push_back({Image.Bias + S->Value, S->Name});
  } else if (const ElfSymbol *Main = Image.Elf->find("main")) {
    Result.BoundaryKind = "main";
    Addresses.push_back({Image.Bias + Main->Value, Main->Name});
  } else {
    Result.BoundaryKind = "entry";
    Addresses.push_back({Image.Bias + Image.Elf->entry(), "(entry point)"});
  }
  for (auto &[Address, Name] : Addresses) {
    errno = 0;
    long Word = ptrace(PTRACE_PEEKTEXT, P.Tgid, Address, nullptr);
    if (errno != 0)
      continue;
    long Patched = (Word & ~0xffL) | 0xcc;
    if (ptrace(PTRACE_POKETEXT, P.Tgid, Address, reinterpret_cast<void *>(Patched)) != 0)
      continue;
    P.Breakpoints.push_back({Address, Word});
    P.BreakpointNames[Address] = Name;
  }
  if (P.Breakpoints.empty())
    Result.BoundaryKind = "none";
}

void Tracer::removeBreakpoints(ProcessState &P, int Tid) {
  // Restore in reverse, so that two breakpoints in one word come back right.
  for (auto It = P.Breakpoints.rbegin(); It != P.Breakpoints.rend(); ++It)
    ptrace(PTRACE_POKETEXT, Tid, It->first, reinterpret_cast<void *>(It->second));
  P.Breakpoints.clear();
}

bool Tracer::onBreakpoint(ThreadState &T) {
  ProcessState &P = Processes[T.Tgid];
  if (P.Breakpoints.empty())
    return false;
  siginfo_t Info{};
  if (ptrace(PTRACE_GETSIGINFO, T.Tid, nullptr, &Info) != 0 || Info.si_code != SI_KERNEL)
    return false;
  user_regs_struct Regs{};
  if (ptrace(PTRACE_GETREGS, T.Tid, nullptr, &Regs) != 0)
    return false;
  std::uint64_t Address = Regs.rip - 1;
  auto Name = P.BreakpointNames.find(Address);
  if (Name == P.BreakpointNames.end())
    return false;
  Result.BoundarySymbol = Name->second;
  Result.BoundaryReached = true;
  removeBreakpoints(P, T.Tid);
  Regs.rip = Address;
  ptrace(PTRACE_SETREGS, T.Tid, nullptr, &Regs);
  P.When = Phase::Main;
  computeSites(P);
  return true;
}

void Tracer::computeSites(ProcessState &P) {
  // libc's generic syscall(): calls through it are raw system calls too.
  P.Maps = readMaps(P.Tgid);
  if (!P.Image)
    return;
  for (const Mapping &M : P.Maps) {
    std::string Base = baseName(M.Path);
    if (Base.rfind("libc.so", 0) != 0 && Base.rfind("libc-", 0) != 0)
      continue;
    auto Libc = module(M.Path);
    if (!Libc)
      break;
    auto VAddr = Libc->vaddrOfOffset(M.Offset);
    if (!VAddr)
      break;
    std::uint64_t Bias = M.Start - *VAddr;
    auto Range = [&](const ElfSymbol *S) {
      return std::pair<std::uint64_t, std::uint64_t>{
          Bias + S->Value, Bias + S->Value + std::max<std::uint64_t>(S->Size, 1)};
    };
    if (const ElfSymbol *Syscall = Libc->find("syscall"))
      P.Image->SyscallFunction = Range(Syscall);
    for (const char *Name : {"raise", "abort", "gsignal", "pthread_kill"})
      if (const ElfSymbol *S = Libc->find(Name))
        P.Image->SelfSignal.push_back(Range(S));
    break;
  }
}

void Tracer::onSyscallStop(ThreadState &T) {
  __ptrace_syscall_info Info{};
  if (ptrace(PTRACE_GET_SYSCALL_INFO, T.Tid, sizeof Info, &Info) <= 0)
    return;
  if (Info.op == PTRACE_SYSCALL_INFO_ENTRY) {
    ++Result.SyscallCount;
    if (Info.arch != AUDIT_ARCH_X86_64)
      return; // 32-bit system calls (int 0x80) number differently.
    onEntry(T, Info);
  } else if (Info.op == PTRACE_SYSCALL_INFO_EXIT && T.Pending) {
    PendingCall Call = std::move(*T.Pending);
    T.Pending.reset();
    Call.Return = static_cast<long>(Info.exit.rval);
    commit(Processes[T.Tgid], std::move(Call));
  }
}

void Tracer::onEntry(ThreadState &T, const __ptrace_syscall_info &Info) {
  ProcessState &P = Processes[T.Tgid];
  SyscallEvent Event;
  Event.Number = static_cast<long>(Info.entry.nr);
  for (int I = 0; I < 6; ++I)
    Event.Args[I] = Info.entry.args[I];
  Event.CallerTgid = T.Tgid;
  if (P.Image && !P.Foreign) {
    if (P.Image->Elf && P.Image->Elf->dynamic() && P.Image->inCode(Info.instruction_pointer))
      Event.Site = SyscallSite::Executable;
    else if (Info.instruction_pointer >= P.Image->SyscallFunction.first &&
             Info.instruction_pointer < P.Image->SyscallFunction.second)
      Event.Site = SyscallSite::SyscallFunction;
  }
  if ((Event.Number == SYS_getpid || Event.Number == SYS_gettid) && P.Image &&
      !P.Image->SelfSignal.empty()) {
    // Is a return address into raise/abort near the top of the stack?
    std::uint64_t Words[64];
    std::size_t Got = readMemory(T.Tid, Info.stack_pointer, Words, sizeof Words) / 8;
    for (std::size_t I = 0; I < Got && !Event.InSelfSignal; ++I)
      for (auto [Lo, Hi] : P.Image->SelfSignal)
        if (Words[I] >= Lo && Words[I] < Hi)
          Event.InSelfSignal = true;
  }
  decode(T.Tid, P, Event);
  std::vector<Finding> Findings = classify(Event);
  if (Findings.empty())
    return;
  PendingCall Call;
  Call.Event = std::move(Event);
  Call.Findings = std::move(Findings);
  Call.When = P.When;
  Call.Pid = T.Tgid;
  Call.Tid = T.Tid;
  Call.Sequence = NextSequence++;
  if (Options.Stacks && !P.Foreign) {
    // The stack of the first occurrence only: repeats are counted.
    bool New = false;
    for (const Finding &F : Call.Findings)
      New |= !Seen.count(keyOf(F, Call.When, Call.Event));
    if (New || P.Spawned)
      Call.Stack = stack(T.Tid, P, Info.instruction_pointer, Info.stack_pointer);
  }
  T.Pending = std::move(Call);
}

void Tracer::decode(int Tid, ProcessState &P, SyscallEvent &Event) {
  const char *Kinds = argumentKinds(Event.Number);
  const auto &A = Event.Args;
  auto Resolve = [&](const std::string &Path, std::optional<int> DirFd) -> std::string {
    if (!Path.empty() && Path[0] == '/')
      return Path;
    std::string Base = !DirFd || *DirFd == AT_FDCWD
                           ? readLink(fmt::format("/proc/{}/cwd", Tid))
                           : readLink(fmt::format("/proc/{}/fd/{}", Tid, *DirFd));
    if (Base.empty() || Base[0] != '/')
      return Path;
    return Path.empty() ? Base : joinPath(Base, Path);
  };
  auto ReadAddress = [&](std::uint64_t Address, std::uint64_t Length) {
    if (Address == 0 || Length < 2)
      return;
    unsigned char Buffer[sizeof(sockaddr_storage)] = {};
    std::size_t Want = std::min<std::uint64_t>(Length, sizeof Buffer);
    std::size_t Got = readMemory(Tid, Address, Buffer, Want);
    if (Got < 2)
      return;
    sa_family_t Family;
    std::memcpy(&Family, Buffer, sizeof Family);
    Event.Family = Family;
    char Text[INET6_ADDRSTRLEN] = {};
    if (Family == AF_INET && Got >= sizeof(sockaddr_in)) {
      sockaddr_in In;
      std::memcpy(&In, Buffer, sizeof In);
      inet_ntop(AF_INET, &In.sin_addr, Text, sizeof Text);
      Event.Address = fmt::format("{}:{}", Text, ntohs(In.sin_port));
    } else if (Family == AF_INET6 && Got >= sizeof(sockaddr_in6)) {
      sockaddr_in6 In6;
      std::memcpy(&In6, Buffer, sizeof In6);
      inet_ntop(AF_INET6, &In6.sin6_addr, Text, sizeof Text);
      Event.Address = fmt::format("[{}]:{}", Text, ntohs(In6.sin6_port));
    } else if (Family == AF_UNIX) {
      const char *Path = reinterpret_cast<const char *>(Buffer) + offsetof(sockaddr_un, sun_path);
      std::size_t Max = Got > offsetof(sockaddr_un, sun_path) ? Got - offsetof(sockaddr_un, sun_path) : 0;
      if (Max == 0)
        Event.Address = "(unnamed)";
      else if (Path[0] == 0)
        Event.Address = "@" + std::string(Path + 1, strnlen(Path + 1, Max - 1));
      else
        Event.Address = std::string(Path, strnlen(Path, Max));
    } else if (Family == AF_NETLINK && Got >= sizeof(sockaddr_nl)) {
      sockaddr_nl Nl;
      std::memcpy(&Nl, Buffer, sizeof Nl);
      Event.Address = fmt::format("pid={} groups={:#x}", Nl.nl_pid, Nl.nl_groups);
    }
  };

  if (Kinds) {
    std::optional<int> DirFd;
    for (std::size_t I = 0; Kinds[I] && I < 6; ++I) {
      switch (Kinds[I]) {
      case 'd':
        DirFd = static_cast<int>(A[I]);
        break;
      case 'p':
        Event.Path = readString(Tid, A[I]);
        if (Event.Path && !Event.Path->empty())
          Event.ResolvedPath = Resolve(*Event.Path, DirFd);
        break;
      case 'q':
        Event.Path2 = readString(Tid, A[I]);
        if (Event.Path2 && !Event.Path2->empty())
          Event.ResolvedPath2 = Resolve(*Event.Path2, DirFd);
        break;
      case 'a':
        ReadAddress(A[I], I + 1 < 6 ? A[I + 1] : 0);
        break;
      default:
        break;
      }
    }
  }
  switch (Event.Number) {
  case SYS_sendmsg: {
    msghdr Header{};
    if (readMemory(Tid, A[1], &Header, sizeof Header) == sizeof Header && Header.msg_name)
      ReadAddress(reinterpret_cast<std::uint64_t>(Header.msg_name), Header.msg_namelen);
    break;
  }
  case SYS_clone3: {
    std::uint64_t Flags = 0;
    if (readMemory(Tid, A[0], &Flags, sizeof Flags) == sizeof Flags)
      Event.CloneFlags = Flags;
    break;
  }
  case SYS_mmap:
    if ((A[2] & PROT_EXEC) && !(A[3] & MAP_ANONYMOUS) && static_cast<int>(A[4]) >= 0) {
      std::string File = readLink(fmt::format("/proc/{}/fd/{}", Tid, static_cast<int>(A[4])));
      if (!File.empty())
        Event.MappedFile = File;
    }
    break;
  case SYS_mprotect:
  case SYS_pkey_mprotect:
    if (A[2] & PROT_EXEC) {
      std::vector<Mapping> Maps = readMaps(Tid);
      if (const Mapping *M = mappingAt(Maps, A[0])) {
        bool Anonymous = M->Path.empty() || M->Path[0] == '[';
        Event.AnonymousMemory = Anonymous;
        if (!Anonymous)
          Event.MappedFile = M->Path;
      }
    }
    break;
  default:
    break;
  }
  (void)P;
}

Frame Tracer::symbolize(ProcessState &P, std::uint64_t Address) {
  Frame F;
  F.Address = Address;
  if (P.Image && P.Image->Elf && P.Image->inCode(Address)) {
    F.Module = P.Image->Name;
    if (const ElfSymbol *S = P.Image->Elf->symbolAt(Address - P.Image->Bias)) {
      F.Symbol = S->Name;
      F.Offset = Address - P.Image->Bias - S->Value;
      F.Function = demangled(F.Symbol);
    }
    return F;
  }
  const Mapping *M = mappingAt(P.Maps, Address);
  if (!M) {
    P.Maps = readMaps(P.Tgid);
    M = mappingAt(P.Maps, Address);
  }
  if (!M)
    return F;
  F.Module = baseName(M->Path);
  if (M->Path.empty() || M->Path[0] != '/')
    return F;
  auto Elf = module(M->Path);
  if (!Elf)
    return F;
  auto VAddr = Elf->vaddrOfOffset(M->Offset);
  if (!VAddr)
    return F;
  std::uint64_t Link = Address - M->Start + *VAddr;
  if (const ElfSymbol *S = Elf->symbolAt(Link)) {
    F.Symbol = S->Name;
    F.Offset = Link - S->Value;
    F.Function = demangled(F.Symbol);
  }
  return F;
}

std::vector<Frame> Tracer::stack(int Tid, ProcessState &P, std::uint64_t Ip, std::uint64_t Sp) {
  std::vector<Frame> Frames;
  Frames.push_back(symbolize(P, Ip));
  if (!P.Image || !P.Image->Elf || Options.MaxFrames <= 1)
    return Frames;
  // Scan the stack for return addresses into the program: words pointing
  // into its code just after a call instruction. Without frame pointers or
  // an unwinder, the stack also holds return addresses of calls that have
  // returned. A direct call must therefore lead to the function of the frame
  // found before it (or, from outside the program, to no function of the
  // program: a PLT stub); indirect calls cannot be checked and are kept. A
  // tail call can end the chain early; it never adds a wrong frame.
  const ElfImage &Elf = *P.Image->Elf;
  std::optional<std::uint64_t> Callee; // link-time start of the last frame's function
  bool CalleeInProgram = P.Image->inCode(Ip);
  if (CalleeInProgram)
    if (const ElfSymbol *Function = Elf.symbolAt(Ip - P.Image->Bias))
      Callee = Function->Value;
  // A GOT slot's content, as a link-time address in the program; nothing
  // when it points elsewhere (another module) or cannot be read.
  auto ReadSlot = [&](std::uint64_t Slot) -> std::optional<std::uint64_t> {
    std::uint64_t Value = 0;
    if (readMemory(Tid, Slot + P.Image->Bias, &Value, sizeof Value) != sizeof Value ||
        !P.Image->inCode(Value))
      return std::nullopt;
    return Value - P.Image->Bias;
  };
  std::vector<std::uint64_t> Words(Options.StackScanBytes / 8);
  std::size_t Got = readMemory(Tid, Sp, Words.data(), Words.size() * 8) / 8;
  for (std::size_t I = 0; I < Got && Frames.size() < Options.MaxFrames; ++I) {
    std::uint64_t W = Words[I];
    if (!P.Image->inCode(W) || Frames.back().Address == W)
      continue;
    std::uint64_t Link = W - P.Image->Bias;
    if (!precededByCall(Elf, Link))
      continue;
    bool External = false;
    std::optional<std::uint64_t> Target = callTarget(Elf, Link, External, ReadSlot);
    if (Target) {
      const ElfSymbol *Called = Elf.symbolAt(*Target);
      bool CallsAFunction = Called && Called->Value == *Target;
      if (CalleeInProgram ? (!Callee || *Target != *Callee) : CallsAFunction)
        continue;
    } else if (External && CalleeInProgram) {
      continue; // a call out of the program cannot lead to a frame in it
    }
    const ElfSymbol *Function = Elf.symbolAt(Link);
    Callee = Function ? std::optional<std::uint64_t>(Function->Value) : std::nullopt;
    CalleeInProgram = true;
    Frames.push_back(symbolize(P, W));
  }
  return Frames;
}

std::string Tracer::keyOf(const Finding &F, Phase When, const SyscallEvent &Event) const {
  return fmt::format("{}|{}|{}|{}", capabilityName(F.Cap), phaseName(When), formatCall(Event),
                     F.Note);
}

void Tracer::commit(ProcessState &P, PendingCall &&Call) {
  // A child's calls wait until it is known whether it execs (then they were
  // spawning work) or not (then they were the program's).
  if (P.Spawned && Call.When == Phase::Main && Call.Event.Number != SYS_execve &&
      Call.Event.Number != SYS_execveat) {
    P.SpawnBuffer.push_back(std::move(Call));
    return;
  }
  record(Call);
}

void Tracer::record(PendingCall &Call) {
  for (const Finding &F : Call.Findings) {
    std::string Key = keyOf(F, Call.When, Call.Event);
    auto It = Seen.find(Key);
    if (It != Seen.end()) {
      ++Result.Observations[It->second].Count;
      continue;
    }
    Observation O;
    O.Cap = F.Cap;
    O.Also = F.Also;
    O.Note = F.Note;
    O.Syscall = syscallName(Call.Event.Number);
    O.Number = Call.Event.Number;
    O.Args = formatArguments(Call.Event);
    O.Result = Call.Return;
    O.Pid = Call.Pid;
    O.Tid = Call.Tid;
    O.When = Call.When;
    O.Stack = Call.Stack;
    Seen.emplace(std::move(Key), Result.Observations.size());
    Result.Observations.push_back(std::move(O));
    FirstSequence.push_back(Call.Sequence);
  }
}

} // namespace

std::string_view phaseName(Phase P) {
  switch (P) {
  case Phase::Runtime:
    return "runtime";
  case Phase::Main:
    return "main";
  case Phase::Spawn:
    return "spawn";
  case Phase::OtherProgram:
    return "other-program";
  }
  return "main";
}

std::string Frame::str() const {
  std::string Out = Module.empty() ? std::string("?") : Module;
  if (!Function.empty())
    Out += fmt::format("!{}+{:#x}{}", Function, Offset, Location.empty() ? "" : " at " + Location);
  else if (!Symbol.empty())
    Out += fmt::format("!{}+{:#x}", Symbol, Offset);
  else
    Out += fmt::format("!{:#x}", Address);
  return Out;
}

std::string Observation::call() const {
  std::string Out = Syscall + "(";
  for (std::size_t I = 0; I < Args.size(); ++I)
    Out += (I ? ", " : "") + Args[I];
  return Out + ")";
}

CapabilitySet TraceResult::counted() const {
  CapabilitySet Caps;
  for (const Observation &O : Observations)
    if (O.When == Phase::Main)
      Caps.insert(O.Cap);
  return Caps;
}

TraceResult traceProgram(const std::vector<std::string> &Argv, const TraceOptions &Options) {
  TraceResult Result;
  Result.Argv = Argv;
  Tracer(Options, Result).run(Argv);
  return Result;
}

} // namespace capgate::trace
