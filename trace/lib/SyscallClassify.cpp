// capgate trace: what each system call means, and argument rendering. The
// number -> name -> capability table is capgate/Syscalls.h, shared with the
// pass; the rules here refine it with a call's arguments. docs/tracing.md
// gives the reasons for each rule.
#include "capgate/trace/SyscallClassify.h"

#include "capgate/Syscalls.h"

#include <fmt/format.h>

#include <fcntl.h>
#include <linux/sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/ioctl.h>
#include <termios.h>

#include <algorithm>
#include <string.h>
#include <unordered_map>

namespace capgate::trace {
namespace {

constexpr long MaxSyscall = 512;

/// How a system call is classified; one rule per number. A call without a
/// rule of its own is charged what the shared table says (Rule::Table).
enum class Rule : std::uint8_t {
  Table,       // the shared table's capability, noted by name
  TablePath,   // the same, noting the path (chdir, chroot, mount)
  Open,        // open/openat/openat2/creat: FILES, or /proc,/sys state
  PathRead,    // stat, access, readlink, ...: FILES with the path
  PathMutate,  // unlink, rename, mkdir, chmod, ...: FILES with the path
  PathOrFd,    // newfstatat/statx/...: a path, or a held descriptor
  Exec,        // execve/execveat
  Fork,        // fork/vfork
  Clone,       // clone: a process unless CLONE_THREAD
  Clone3,      // clone3: flags from clone_args
  Socket,      // socket
  SocketPair,  // socketpair: NETWORK unless an anonymous unix-domain pair
  SockAddr,    // connect/bind
  SendTo,      // sendto/sendmsg with a destination address
  Network,     // listen/accept/accept4
  Mmap,        // mmap with PROT_EXEC
  Mprotect,    // mprotect/pkey_mprotect with PROT_EXEC
  Signal,      // kill/tkill/tgkill/...: to another process
  SigAction,   // rt_sigaction installing a handler
  Prctl,       // prctl other than naming a thread or reading
  Prlimit,     // prlimit64: set or read
  Ioctl,       // a few terminal ioctls that change the system
};

struct RuleEntry {
  const char *Name;
  Rule R;
  /// Argument kinds for rendering, one letter per argument: i int, x hex,
  /// f descriptor, d directory descriptor, p path, q second path, o open
  /// flags, m mode, a socket address, F family, T socket type, P protection,
  /// M mmap flags, C clone flags, s signal, r resource, I ioctl request,
  /// R prctl option, A AT_* flags.
  const char *Args;
};

constexpr RuleEntry Rules[] = {
    // Files, named by path.
    {"open", Rule::Open, "pom"},
    {"openat", Rule::Open, "dpom"},
    {"openat2", Rule::Open, "dpxi"},
    {"creat", Rule::Open, "pm"},
    {"stat", Rule::PathRead, "px"},
    {"lstat", Rule::PathRead, "px"},
    {"newfstatat", Rule::PathOrFd, "dpxA"},
    {"statx", Rule::PathOrFd, "dpAxx"},
    {"access", Rule::PathRead, "pi"},
    {"faccessat", Rule::PathRead, "dpi"},
    {"faccessat2", Rule::PathRead, "dpiA"},
    {"readlink", Rule::PathRead, "pxi"},
    {"readlinkat", Rule::PathRead, "dpxi"},
    {"statfs", Rule::PathRead, "px"},
    {"getxattr", Rule::PathRead, "pxxi"},
    {"lgetxattr", Rule::PathRead, "pxxi"},
    {"listxattr", Rule::PathRead, "pxi"},
    {"llistxattr", Rule::PathRead, "pxi"},
    {"getxattrat", Rule::PathOrFd, "dpAxx"},
    {"listxattrat", Rule::PathOrFd, "dpAxi"},
    {"inotify_add_watch", Rule::PathRead, "fpx"},
    {"fanotify_mark", Rule::PathRead, "fxxdp"},
    {"name_to_handle_at", Rule::PathRead, "dpxxA"},
    {"open_by_handle_at", Rule::Table, "fxo"},
    {"unlink", Rule::PathMutate, "p"},
    {"unlinkat", Rule::PathMutate, "dpA"},
    {"rmdir", Rule::PathMutate, "p"},
    {"mkdir", Rule::PathMutate, "pm"},
    {"mkdirat", Rule::PathMutate, "dpm"},
    {"rename", Rule::PathMutate, "pq"},
    {"renameat", Rule::PathMutate, "dpdq"},
    {"renameat2", Rule::PathMutate, "dpdqx"},
    {"link", Rule::PathMutate, "pq"},
    {"linkat", Rule::PathMutate, "dpdqA"},
    {"symlink", Rule::PathMutate, "qp"},
    {"symlinkat", Rule::PathMutate, "qdp"},
    {"chmod", Rule::PathMutate, "pm"},
    {"fchmodat", Rule::PathOrFd, "dpm"},
    {"fchmodat2", Rule::PathOrFd, "dpmA"},
    {"chown", Rule::PathMutate, "pii"},
    {"lchown", Rule::PathMutate, "pii"},
    {"fchownat", Rule::PathOrFd, "dpiiA"},
    {"truncate", Rule::PathMutate, "pi"},
    {"utime", Rule::PathMutate, "px"},
    {"utimes", Rule::PathMutate, "px"},
    {"futimesat", Rule::PathOrFd, "dpx"},
    {"utimensat", Rule::PathOrFd, "dpxA"},
    {"mknod", Rule::PathMutate, "pmx"},
    {"mknodat", Rule::PathMutate, "dpmx"},
    {"setxattr", Rule::PathMutate, "pxxii"},
    {"lsetxattr", Rule::PathMutate, "pxxii"},
    {"removexattr", Rule::PathMutate, "px"},
    {"lremovexattr", Rule::PathMutate, "px"},
    {"setxattrat", Rule::PathOrFd, "dpAxxi"},
    {"removexattrat", Rule::PathOrFd, "dpAx"},
    {"memfd_create", Rule::Table, "xx"},
    {"fanotify_init", Rule::Table, "xx"},
    {"inotify_init", Rule::Table, ""},
    // Programs and processes.
    {"execve", Rule::Exec, "pxx"},
    {"execveat", Rule::Exec, "dpxxA"},
    {"fork", Rule::Fork, ""},
    {"vfork", Rule::Fork, ""},
    {"clone", Rule::Clone, "Cxxxx"},
    {"clone3", Rule::Clone3, "xi"},
    // Network.
    {"socket", Rule::Socket, "FTi"},
    {"socketpair", Rule::SocketPair, "FTix"},
    {"connect", Rule::SockAddr, "fai"},
    {"bind", Rule::SockAddr, "fai"},
    {"sendto", Rule::SendTo, "fxixai"},
    {"sendmsg", Rule::SendTo, "fxx"},
    {"listen", Rule::Network, "fi"},
    {"accept", Rule::Network, "fxx"},
    {"accept4", Rule::Network, "fxxx"},
    // Memory made executable.
    {"mmap", Rule::Mmap, "xiPMfx"},
    {"mprotect", Rule::Mprotect, "xiP"},
    {"pkey_mprotect", Rule::Mprotect, "xiPi"},
    // System state changed.
    {"kill", Rule::Signal, "is"},
    {"tkill", Rule::Signal, "is"},
    {"tgkill", Rule::Signal, "iis"},
    {"rt_sigqueueinfo", Rule::Signal, "isx"},
    {"rt_tgsigqueueinfo", Rule::Signal, "iisx"},
    {"pidfd_send_signal", Rule::Signal, "fsxx"},
    {"rt_sigaction", Rule::SigAction, "sxxi"},
    {"prctl", Rule::Prctl, "Rxxxx"},
    {"prlimit64", Rule::Prlimit, "irxx"},
    {"setrlimit", Rule::Table, "rx"},
    {"ioctl", Rule::Ioctl, "fIx"},
    {"chdir", Rule::TablePath, "p"},
    {"fchdir", Rule::Table, "f"},
    {"chroot", Rule::TablePath, "p"},
    {"pivot_root", Rule::TablePath, "pq"},
    {"mount", Rule::TablePath, "xpxxx"},
    {"umount2", Rule::TablePath, "px"},
    {"swapon", Rule::TablePath, "px"},
    {"swapoff", Rule::TablePath, "p"},
    {"acct", Rule::TablePath, "p"},
    {"umask", Rule::Table, "m"},
    {"ptrace", Rule::Table, "iixx"},
    {"process_vm_writev", Rule::Table, "ixixix"},
    {"setuid", Rule::Table, "i"},
    {"setgid", Rule::Table, "i"},
    {"setreuid", Rule::Table, "ii"},
    {"setregid", Rule::Table, "ii"},
    {"setresuid", Rule::Table, "iii"},
    {"setresgid", Rule::Table, "iii"},
    {"setfsuid", Rule::Table, "i"},
    {"setfsgid", Rule::Table, "i"},
    {"setgroups", Rule::Table, "ix"},
    {"setsid", Rule::Table, ""},
    {"setpgid", Rule::Table, "ii"},
    {"setpriority", Rule::Table, "iii"},
    {"ioprio_set", Rule::Table, "iii"},
    {"sethostname", Rule::Table, "xi"},
    {"setdomainname", Rule::Table, "xi"},
    {"settimeofday", Rule::Table, "xx"},
    {"clock_settime", Rule::Table, "ix"},
    {"clock_adjtime", Rule::Table, "ix"},
    {"adjtimex", Rule::Table, "x"},
    {"reboot", Rule::Table, "xxxx"},
    {"unshare", Rule::Table, "C"},
    {"setns", Rule::Table, "fx"},
    {"capset", Rule::Table, "xx"},
    {"personality", Rule::Table, "x"},
    {"seccomp", Rule::Table, "xxx"},
    {"init_module", Rule::Table, "xix"},
    {"finit_module", Rule::Table, "fxx"},
    {"delete_module", Rule::Table, "xx"},
    {"kexec_load", Rule::Table, "xixx"},
    {"kexec_file_load", Rule::Table, "ffixx"},
    {"bpf", Rule::Table, "ixi"},
    {"quotactl", Rule::Table, "xpix"},
    {"fsopen", Rule::Table, "xx"},
    {"fsmount", Rule::Table, "fxx"},
    {"move_mount", Rule::Table, "dpdqx"},
    {"open_tree", Rule::Table, "dpx"},
    {"mount_setattr", Rule::Table, "dpxxi"},
    {"add_key", Rule::Table, "xxxix"},
    {"keyctl", Rule::Table, "ixxxx"},
    {"iopl", Rule::Table, "i"},
    {"ioperm", Rule::Table, "xxi"},
    {"syslog", Rule::Table, "ixi"},
    // System state read.
    {"getpid", Rule::Table, ""},
    {"getppid", Rule::Table, ""},
    {"getuid", Rule::Table, ""},
    {"geteuid", Rule::Table, ""},
    {"getgid", Rule::Table, ""},
    {"getegid", Rule::Table, ""},
    {"getresuid", Rule::Table, "xxx"},
    {"getresgid", Rule::Table, "xxx"},
    {"getgroups", Rule::Table, "ix"},
    {"getpgid", Rule::Table, "i"},
    {"getpgrp", Rule::Table, ""},
    {"getsid", Rule::Table, "i"},
    {"getcwd", Rule::Table, "xi"},
    {"uname", Rule::Table, "x"},
    {"sysinfo", Rule::Table, "x"},
    {"getrlimit", Rule::Table, "rx"},
    {"getrusage", Rule::Table, "ix"},
    {"getpriority", Rule::Table, "ii"},
    {"capget", Rule::Table, "xx"},
    {"process_vm_readv", Rule::Table, "ixixix"},
    // Rendered but never a capability.
    {"read", Rule::Table, "fxi"},
    {"write", Rule::Table, "fxi"},
    {"close", Rule::Table, "f"},
    {"getrandom", Rule::Table, "xix"},
    {"futex", Rule::Table, "xixxxx"},
    {"sigaltstack", Rule::Table, "xx"},
    {"rt_sigprocmask", Rule::Table, "ixxi"},
    {"munmap", Rule::Table, "xi"},
    {"exit_group", Rule::Table, "i"},
    {"exit", Rule::Table, "i"},
    {"wait4", Rule::Table, "ixxx"},
    {"poll", Rule::Table, "xii"},
    {"fstat", Rule::Table, "fx"},
};

struct Tables {
  std::array<const SyscallInfo *, MaxSyscall> Calls{};
  std::array<Rule, MaxSyscall> Rules{};
  std::array<const char *, MaxSyscall> ArgKinds{};
  std::unordered_map<std::string_view, long> Numbers;

  Tables() {
    for (const SyscallInfo &Entry : X86_64Syscalls) {
      if (Entry.Number < 0 || Entry.Number >= MaxSyscall)
        continue;
      Calls[Entry.Number] = &Entry;
      Numbers.emplace(Entry.Name, Entry.Number);
    }
    for (const RuleEntry &Entry : capgate::trace::Rules) {
      auto It = Numbers.find(Entry.Name);
      if (It == Numbers.end())
        continue; // Not a system call on x86_64 (e.g. a later kernel's).
      this->Rules[It->second] = Entry.R;
      ArgKinds[It->second] = Entry.Args;
    }
  }
};

const Tables &tables() {
  static const Tables Instance;
  return Instance;
}

Rule ruleOf(long Number) {
  if (Number < 0 || Number >= MaxSyscall)
    return Rule::Table;
  return tables().Rules[Number];
}

/// The shared table's capability of a call; Capability::Safe for none, and
/// for numbers the table does not know.
Capability tableCapability(long Number) {
  const SyscallInfo *Call =
      Number >= 0 && Number < MaxSyscall ? tables().Calls[Number] : nullptr;
  return Call ? Call->Cap : Capability::Safe;
}

std::string quoted(std::string_view Text) {
  std::string Out = "\"";
  for (char C : Text) {
    if (C == '"' || C == '\\') {
      Out += '\\';
      Out += C;
    } else if (static_cast<unsigned char>(C) < 0x20 || C == 0x7f) {
      Out += fmt::format("\\x{:02x}", static_cast<unsigned char>(C));
    } else {
      Out += C;
    }
  }
  return Out + "\"";
}

std::string flagsToString(std::uint64_t Value,
                          std::initializer_list<std::pair<std::uint64_t, const char *>> Names,
                          std::string Prefix = {}) {
  std::string Out = std::move(Prefix);
  for (auto [Bit, Name] : Names) {
    if (Bit != 0 && (Value & Bit) == Bit) {
      if (!Out.empty())
        Out += '|';
      Out += Name;
      Value &= ~Bit;
    }
  }
  if (Value != 0 || Out.empty()) {
    if (!Out.empty())
      Out += '|';
    Out += fmt::format("{:#x}", Value);
  }
  return Out;
}

std::string openFlags(std::uint64_t Flags) {
  const char *Access = "O_RDONLY";
  switch (Flags & O_ACCMODE) {
  case O_WRONLY:
    Access = "O_WRONLY";
    break;
  case O_RDWR:
    Access = "O_RDWR";
    break;
  default:
    break;
  }
  Flags &= ~static_cast<std::uint64_t>(O_ACCMODE);
  if (Flags == 0)
    return Access;
  return flagsToString(Flags,
                       {{O_CREAT, "O_CREAT"},
                        {O_EXCL, "O_EXCL"},
                        {O_NOCTTY, "O_NOCTTY"},
                        {O_TRUNC, "O_TRUNC"},
                        {O_APPEND, "O_APPEND"},
                        {O_NONBLOCK, "O_NONBLOCK"},
                        {O_DSYNC, "O_DSYNC"},
                        {O_DIRECT, "O_DIRECT"},
                        {O_LARGEFILE, "O_LARGEFILE"},
                        {O_DIRECTORY, "O_DIRECTORY"},
                        {O_NOFOLLOW, "O_NOFOLLOW"},
                        {O_NOATIME, "O_NOATIME"},
                        {O_CLOEXEC, "O_CLOEXEC"},
                        {O_PATH, "O_PATH"},
                        {__O_TMPFILE, "O_TMPFILE"}},
                       Access);
}

std::string protFlags(std::uint64_t Prot) {
  if (Prot == PROT_NONE)
    return "PROT_NONE";
  return flagsToString(
      Prot, {{PROT_READ, "PROT_READ"}, {PROT_WRITE, "PROT_WRITE"}, {PROT_EXEC, "PROT_EXEC"}});
}

std::string mmapFlags(std::uint64_t Flags) {
  return flagsToString(Flags, {{MAP_SHARED, "MAP_SHARED"},
                               {MAP_PRIVATE, "MAP_PRIVATE"},
                               {MAP_FIXED, "MAP_FIXED"},
                               {MAP_ANONYMOUS, "MAP_ANONYMOUS"},
                               {MAP_NORESERVE, "MAP_NORESERVE"},
                               {MAP_STACK, "MAP_STACK"},
                               {MAP_DENYWRITE, "MAP_DENYWRITE"},
                               {MAP_FIXED_NOREPLACE, "MAP_FIXED_NOREPLACE"}});
}

std::string cloneFlags(std::uint64_t Flags) {
  std::uint64_t Signal = Flags & 0xff;
  Flags &= ~std::uint64_t{0xff};
  std::string Out = flagsToString(Flags, {{CLONE_VM, "CLONE_VM"},
                                          {CLONE_FS, "CLONE_FS"},
                                          {CLONE_FILES, "CLONE_FILES"},
                                          {CLONE_SIGHAND, "CLONE_SIGHAND"},
                                          {CLONE_PIDFD, "CLONE_PIDFD"},
                                          {CLONE_VFORK, "CLONE_VFORK"},
                                          {CLONE_PARENT, "CLONE_PARENT"},
                                          {CLONE_THREAD, "CLONE_THREAD"},
                                          {CLONE_NEWNS, "CLONE_NEWNS"},
                                          {CLONE_SYSVSEM, "CLONE_SYSVSEM"},
                                          {CLONE_SETTLS, "CLONE_SETTLS"},
                                          {CLONE_PARENT_SETTID, "CLONE_PARENT_SETTID"},
                                          {CLONE_CHILD_CLEARTID, "CLONE_CHILD_CLEARTID"},
                                          {CLONE_CHILD_SETTID, "CLONE_CHILD_SETTID"},
                                          {CLONE_NEWUSER, "CLONE_NEWUSER"},
                                          {CLONE_NEWPID, "CLONE_NEWPID"},
                                          {CLONE_NEWNET, "CLONE_NEWNET"}});
  if (Signal != 0) {
    const char *Name = sigabbrev_np(static_cast<int>(Signal));
    Out += fmt::format("|{}", Name ? fmt::format("SIG{}", Name) : std::to_string(Signal));
  }
  return Out;
}

std::string signalName(std::uint64_t Signal) {
  const char *Name = sigabbrev_np(static_cast<int>(Signal));
  if (Signal == 0)
    return "0";
  return Name ? fmt::format("SIG{}", Name) : std::to_string(static_cast<long>(Signal));
}

std::string socketType(std::uint64_t Type) {
  std::string Base;
  switch (Type & 0xf) {
  case SOCK_STREAM:
    Base = "SOCK_STREAM";
    break;
  case SOCK_DGRAM:
    Base = "SOCK_DGRAM";
    break;
  case SOCK_RAW:
    Base = "SOCK_RAW";
    break;
  case SOCK_SEQPACKET:
    Base = "SOCK_SEQPACKET";
    break;
  default:
    Base = std::to_string(Type & 0xf);
  }
  Type &= ~std::uint64_t{0xf};
  if (Type == 0)
    return Base;
  return flagsToString(Type, {{SOCK_CLOEXEC, "SOCK_CLOEXEC"}, {SOCK_NONBLOCK, "SOCK_NONBLOCK"}},
                       Base);
}

std::string resourceName(std::uint64_t Resource) {
  static const char *Names[] = {"RLIMIT_CPU",     "RLIMIT_FSIZE",   "RLIMIT_DATA",
                                "RLIMIT_STACK",   "RLIMIT_CORE",    "RLIMIT_RSS",
                                "RLIMIT_NPROC",   "RLIMIT_NOFILE",  "RLIMIT_MEMLOCK",
                                "RLIMIT_AS",      "RLIMIT_LOCKS",   "RLIMIT_SIGPENDING",
                                "RLIMIT_MSGQUEUE", "RLIMIT_NICE",   "RLIMIT_RTPRIO",
                                "RLIMIT_RTTIME"};
  if (Resource < std::size(Names))
    return Names[Resource];
  return std::to_string(Resource);
}

std::string ioctlName(std::uint64_t Request) {
  switch (Request) {
  case TCGETS:
    return "TCGETS";
  case TCSETS:
    return "TCSETS";
  case TIOCGWINSZ:
    return "TIOCGWINSZ";
  case TIOCSWINSZ:
    return "TIOCSWINSZ";
  case FIONREAD:
    return "FIONREAD";
  case FIONBIO:
    return "FIONBIO";
  case FIOCLEX:
    return "FIOCLEX";
  case TIOCSTI:
    return "TIOCSTI";
  case TIOCSCTTY:
    return "TIOCSCTTY";
  case TIOCCONS:
    return "TIOCCONS";
  default:
    return fmt::format("{:#x}", Request);
  }
}

std::string prctlName(std::uint64_t Option) {
  switch (Option) {
  case PR_SET_NAME:
    return "PR_SET_NAME";
  case PR_GET_NAME:
    return "PR_GET_NAME";
  case PR_SET_PDEATHSIG:
    return "PR_SET_PDEATHSIG";
  case PR_SET_DUMPABLE:
    return "PR_SET_DUMPABLE";
  case PR_SET_NO_NEW_PRIVS:
    return "PR_SET_NO_NEW_PRIVS";
  case PR_SET_SECCOMP:
    return "PR_SET_SECCOMP";
  case PR_SET_PTRACER:
    return "PR_SET_PTRACER";
  case PR_SET_VMA:
    return "PR_SET_VMA";
  default:
    return std::to_string(Option);
  }
}

std::string addressOr(const SyscallEvent &Event, std::uint64_t Raw) {
  if (Event.Address)
    return *Event.Address;
  return Raw == 0 ? std::string("NULL") : fmt::format("{:#x}", Raw);
}

bool hasExecProt(std::uint64_t Prot) { return (Prot & PROT_EXEC) != 0; }

/// Adds the path to a finding's note: "path /etc/hosts".
std::string pathNote(const SyscallEvent &Event) {
  const std::optional<std::string> &Shown = Event.ResolvedPath ? Event.ResolvedPath : Event.Path;
  std::string Note = Shown ? *Shown : std::string("(unreadable path)");
  const std::optional<std::string> &Second =
      Event.ResolvedPath2 ? Event.ResolvedPath2 : Event.Path2;
  if (Second)
    Note += " -> " + *Second;
  return Note;
}

const std::string &effectivePath(const SyscallEvent &Event) {
  static const std::string Empty;
  if (Event.ResolvedPath)
    return *Event.ResolvedPath;
  if (Event.Path)
    return *Event.Path;
  return Empty;
}

/// A path operation: FILES, unless the path names kernel state (/proc,
/// /sys), which is READ_SYSTEM_STATE when read and MODIFY_SYSTEM_STATE when
/// written; FILES is accepted as well for those, as a static analysis sees
/// std::fs.
void pathFinding(const SyscallEvent &Event, bool Writes, std::vector<Finding> &Out) {
  const std::string &Path = effectivePath(Event);
  CapabilitySet Files;
  Files.insert(Capability::Files);
  if (isKernelStatePath(Path)) {
    Out.push_back({Writes ? Capability::ModifySystemState : Capability::ReadSystemState, Files,
                   pathNote(Event)});
    return;
  }
  std::string Note = pathNote(Event);
  if (Path.rfind("/dev/", 0) == 0)
    Note += " (device)";
  Out.push_back({Capability::Files, {}, Note});
}

bool emptyPathOnDescriptor(const SyscallEvent &Event) {
  // A NULL path (utimensat) or "" with AT_EMPTY_PATH acts on a descriptor
  // the process already holds.
  return !Event.Path || Event.Path->empty();
}

} // namespace

std::string syscallName(long Number) {
  if (Number >= 0 && Number < MaxSyscall && tables().Calls[Number])
    return std::string(tables().Calls[Number]->Name);
  return fmt::format("syscall_{}", Number);
}

const char *argumentKinds(long Number) {
  if (Number < 0 || Number >= MaxSyscall)
    return nullptr;
  return tables().ArgKinds[Number];
}

long syscallNumber(std::string_view Name) {
  auto It = tables().Numbers.find(Name);
  return It == tables().Numbers.end() ? -1 : It->second;
}

std::string familyName(int Family) {
  switch (Family) {
  case AF_UNSPEC:
    return "AF_UNSPEC";
  case AF_UNIX:
    return "AF_UNIX";
  case AF_INET:
    return "AF_INET";
  case AF_INET6:
    return "AF_INET6";
  case AF_NETLINK:
    return "AF_NETLINK";
  case AF_PACKET:
    return "AF_PACKET";
  case AF_ALG:
    return "AF_ALG";
  case AF_VSOCK:
    return "AF_VSOCK";
  case AF_BLUETOOTH:
    return "AF_BLUETOOTH";
  default:
    return fmt::format("AF_{}", Family);
  }
}

bool isKernelStatePath(std::string_view Path) {
  for (std::string_view Root : {"/proc", "/sys"})
    if (Path.substr(0, Root.size()) == Root &&
        (Path.size() == Root.size() || Path[Root.size()] == '/'))
      return true;
  return false;
}

std::vector<Finding> classify(const SyscallEvent &Event) {
  std::vector<Finding> Out;
  const auto &A = Event.Args;
  std::string Name = syscallName(Event.Number);
  switch (ruleOf(Event.Number)) {
  case Rule::Table: {
    Capability Cap = tableCapability(Event.Number);
    // glibc's raise() asks getpid() whom to signal: not the program reading
    // system state.
    if (Cap == Capability::Safe ||
        (Cap == Capability::ReadSystemState && Event.InSelfSignal))
      break;
    Out.push_back({Cap, {}, Name});
    break;
  }
  case Rule::TablePath:
    Out.push_back({tableCapability(Event.Number), {}, Name + " " + pathNote(Event)});
    break;
  case Rule::Open: {
    std::uint64_t Flags = 0;
    if (Name == "open")
      Flags = A[1];
    else if (Name == "openat")
      Flags = A[2];
    else if (Name == "creat")
      Flags = O_CREAT | O_WRONLY | O_TRUNC;
    // openat2's flags live in its open_how, which the tracer does not read:
    // treat it as a read unless the path says otherwise.
    bool Writes = (Flags & O_ACCMODE) != O_RDONLY || (Flags & (O_CREAT | O_TRUNC)) != 0;
    pathFinding(Event, Writes, Out);
    break;
  }
  case Rule::PathRead:
    pathFinding(Event, false, Out);
    break;
  case Rule::PathMutate:
    pathFinding(Event, true, Out);
    break;
  case Rule::PathOrFd: {
    if (emptyPathOnDescriptor(Event))
      break;
    bool Writes = Name.find("stat") == std::string::npos &&
                  Name.find("getxattr") == std::string::npos &&
                  Name.find("listxattr") == std::string::npos;
    pathFinding(Event, Writes, Out);
    break;
  }
  case Rule::Exec:
    Out.push_back({Capability::Exec, {}, pathNote(Event)});
    break;
  case Rule::Fork:
    Out.push_back({Capability::Exec, {}, "creates a process"});
    break;
  case Rule::Clone:
    if ((A[0] & CLONE_THREAD) == 0)
      Out.push_back({Capability::Exec, {}, "creates a process"});
    break;
  case Rule::Clone3:
    // Unreadable clone_args: assume a thread, the common case (glibc's
    // pthread_create), rather than invent a process.
    if (Event.CloneFlags && (*Event.CloneFlags & CLONE_THREAD) == 0)
      Out.push_back({Capability::Exec, {}, "creates a process"});
    break;
  case Rule::Socket: {
    int Family = static_cast<int>(A[0]);
    std::string Note = familyName(Family);
    if (Family == AF_UNIX)
      Note += " (unix-domain)";
    else if (Family == AF_NETLINK)
      Note += " (kernel netlink)";
    Out.push_back({Capability::Network, {}, Note});
    break;
  }
  case Rule::SocketPair:
    // A unix-domain pair is connected only to itself, like a pipe: nothing
    // outside the process (and the children it hands an end to) can reach
    // it. std's Command::spawn makes one to receive the child's pidfd.
    if (static_cast<int>(A[0]) != AF_UNIX)
      Out.push_back({Capability::Network, {}, familyName(static_cast<int>(A[0]))});
    break;
  case Rule::SockAddr: {
    std::string Note = Event.Family ? familyName(*Event.Family) : std::string("unknown family");
    if (Event.Address)
      Note += " " + *Event.Address;
    if (Event.Family && *Event.Family == AF_UNIX)
      Note += " (unix-domain)";
    Out.push_back({Capability::Network, {}, Note});
    break;
  }
  case Rule::SendTo:
    // Without a destination the socket is connected: the capability was
    // used by socket() and connect().
    if (Event.Family) {
      std::string Note = familyName(*Event.Family);
      if (Event.Address)
        Note += " " + *Event.Address;
      Out.push_back({Capability::Network, {}, Note});
    }
    break;
  case Rule::Network:
    Out.push_back({Capability::Network, {}, Name == "listen" ? "listens" : "accepts a connection"});
    break;
  case Rule::Mmap:
    if (hasExecProt(A[2])) {
      bool Anonymous = (A[3] & MAP_ANONYMOUS) != 0 ||
                       static_cast<int>(A[4]) < 0 || Event.AnonymousMemory.value_or(false);
      if (Anonymous)
        Out.push_back({Capability::ArbitraryExecution, {}, "executable anonymous memory"});
      else
        Out.push_back({Capability::DynamicLoading, {},
                       "maps code from " + Event.MappedFile.value_or("a file")});
    }
    break;
  case Rule::Mprotect:
    if (hasExecProt(A[2])) {
      if (Event.AnonymousMemory.value_or(true))
        Out.push_back({Capability::ArbitraryExecution, {}, "makes anonymous memory executable"});
      else
        Out.push_back({Capability::DynamicLoading, {},
                       "makes code from " + Event.MappedFile.value_or("a file") + " executable"});
    }
    break;
  case Rule::Signal: {
    // kill(0 or own pid), tgkill(own tgid, ...), tkill: a process signalling
    // itself (abort, raise, pthread_kill) changes nothing outside it.
    long Pid = static_cast<long>(static_cast<std::int64_t>(A[0]));
    bool Self = false;
    if (Name == "tkill")
      Self = true; // A thread id; the tracer sees only its own threads do it.
    else if (Name == "pidfd_send_signal")
      Self = false;
    else
      Self = Pid == 0 || Pid == Event.CallerTgid;
    if (!Self) {
      CapabilitySet Exec;
      Exec.insert(Capability::Exec);
      Out.push_back({Capability::ModifySystemState, Exec,
                     fmt::format("signals another process ({})",
                                 signalName(Name == "tgkill" || Name == "rt_tgsigqueueinfo"
                                                ? A[2]
                                                : A[1]))});
    }
    break;
  }
  case Rule::SigAction:
    // Signals 32 and 33 are glibc's own (thread cancellation, setxid),
    // installed by its first pthread_create.
    if (A[1] != 0 && A[0] != 32 && A[0] != 33)
      Out.push_back({Capability::ModifySystemState, {},
                     fmt::format("installs a {} handler", signalName(A[0]))});
    break;
  case Rule::Prctl:
    switch (A[0]) {
    case PR_SET_NAME:
    case PR_GET_NAME:
    case PR_SET_VMA:
    case PR_GET_DUMPABLE:
    case PR_GET_PDEATHSIG:
    case PR_GET_NO_NEW_PRIVS:
    case PR_GET_TIMERSLACK:
    case PR_CAPBSET_READ:
    case PR_GET_SECCOMP:
    case PR_GET_KEEPCAPS:
      break;
    default:
      Out.push_back({Capability::ModifySystemState, {}, "prctl " + prctlName(A[0])});
    }
    break;
  case Rule::Prlimit:
    if (A[2] != 0)
      Out.push_back({Capability::ModifySystemState, {}, "sets " + resourceName(A[1])});
    else if (A[3] != 0)
      Out.push_back({Capability::ReadSystemState, {}, "reads " + resourceName(A[1])});
    break;
  case Rule::Ioctl:
    if (A[1] == TIOCSTI || A[1] == TIOCSCTTY || A[1] == TIOCCONS)
      Out.push_back({Capability::ModifySystemState, {}, "terminal " + ioctlName(A[1])});
    break;
  }

  // A system call the program makes itself (asm!, libc's syscall()) rather
  // than through a libc wrapper is charged what the call does, as the pass
  // charges one whose number it can read. When the pass cannot read the
  // number it reports SYSTEM_CALLS instead, which explains the call as well.
  if (Event.Site != SyscallSite::Library)
    for (Finding &F : Out) {
      F.Also.insert(Capability::SystemCalls);
      F.Note += Event.Site == SyscallSite::Executable
                    ? " (raw syscall instruction in the program)"
                    : " (through libc's syscall())";
    }
  return Out;
}

std::vector<std::string> formatArguments(const SyscallEvent &Event) {
  std::vector<std::string> Out;
  const char *Kinds = nullptr;
  if (Event.Number >= 0 && Event.Number < MaxSyscall)
    Kinds = tables().ArgKinds[Event.Number];
  if (!Kinds) {
    for (std::uint64_t Arg : Event.Args)
      Out.push_back(fmt::format("{:#x}", Arg));
    while (!Out.empty() && Out.back() == "0x0")
      Out.pop_back();
    return Out;
  }
  const auto &A = Event.Args;
  for (std::size_t I = 0; Kinds[I] && I < A.size(); ++I) {
    std::uint64_t V = A[I];
    auto Signed = static_cast<std::int64_t>(V);
    switch (Kinds[I]) {
    case 'i':
      Out.push_back(std::to_string(Signed));
      break;
    case 'f':
      Out.push_back(std::to_string(static_cast<int>(V)));
      break;
    case 'd':
      Out.push_back(static_cast<int>(V) == AT_FDCWD ? std::string("AT_FDCWD")
                                                    : std::to_string(static_cast<int>(V)));
      break;
    case 'p':
      Out.push_back(Event.Path ? quoted(*Event.Path) : (V == 0 ? "NULL" : fmt::format("{:#x}", V)));
      break;
    case 'q':
      Out.push_back(Event.Path2 ? quoted(*Event.Path2)
                                : (V == 0 ? "NULL" : fmt::format("{:#x}", V)));
      break;
    case 'o':
      Out.push_back(openFlags(V));
      break;
    case 'm':
      Out.push_back(fmt::format("{:#o}", V));
      break;
    case 'a':
      Out.push_back(addressOr(Event, V));
      break;
    case 'F':
      Out.push_back(familyName(static_cast<int>(V)));
      break;
    case 'T':
      Out.push_back(socketType(V));
      break;
    case 'P':
      Out.push_back(protFlags(V));
      break;
    case 'M':
      Out.push_back(mmapFlags(V));
      break;
    case 'C':
      Out.push_back(cloneFlags(V));
      break;
    case 's':
      Out.push_back(signalName(V));
      break;
    case 'r':
      Out.push_back(resourceName(V));
      break;
    case 'I':
      Out.push_back(ioctlName(V));
      break;
    case 'R':
      Out.push_back(prctlName(V));
      break;
    case 'A':
    case 'x':
    default:
      Out.push_back(V == 0 ? std::string("0") : fmt::format("{:#x}", V));
      break;
    }
  }
  // open's mode means something only when it creates.
  std::string Name = syscallName(Event.Number);
  if ((Name == "open" || Name == "openat") && Out.size() >= 2) {
    std::uint64_t Flags = Name == "open" ? A[1] : A[2];
    if ((Flags & (O_CREAT | __O_TMPFILE)) == 0)
      Out.pop_back();
  }
  // sendmsg's destination lives in its msghdr; show it after the arguments.
  if (Name == "sendmsg" && Event.Address)
    Out.push_back("dest=" + *Event.Address);
  if (Name == "clone3" && Event.CloneFlags)
    Out.push_back("flags=" + cloneFlags(*Event.CloneFlags));
  return Out;
}

std::string formatCall(const SyscallEvent &Event) {
  std::string Out = syscallName(Event.Number) + "(";
  bool First = true;
  for (const std::string &Arg : formatArguments(Event)) {
    if (!First)
      Out += ", ";
    Out += Arg;
    First = false;
  }
  return Out + ")";
}

} // namespace capgate::trace
