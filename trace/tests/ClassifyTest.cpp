// What system calls mean at run time: the shared table (capgate/Syscalls.h)
// and the tracer's refinements (trace/lib/SyscallClassify.cpp).
#include "capgate/trace/SyscallClassify.h"

#include "capgate/Syscalls.h"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <linux/sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>

using namespace capgate;
using namespace capgate::trace;

namespace {

SyscallEvent call(const char *Name, std::array<std::uint64_t, 6> Args = {}) {
  SyscallEvent E;
  E.Number = syscallNumber(Name);
  EXPECT_GE(E.Number, 0) << Name;
  E.Args = Args;
  E.CallerTgid = 100;
  return E;
}

SyscallEvent withPath(SyscallEvent E, std::string Path) {
  E.Path = Path;
  E.ResolvedPath = Path;
  return E;
}

/// The capabilities of the findings, as "FILES,NETWORK".
std::string caps(const SyscallEvent &E) {
  std::string Out;
  for (const Finding &F : classify(E))
    Out += (Out.empty() ? "" : ",") + std::string(capabilityName(F.Cap));
  return Out;
}

constexpr std::uint64_t AtFdCwd = static_cast<std::uint64_t>(AT_FDCWD);

} // namespace

TEST(Classify, NamesAndNumbers) {
  EXPECT_EQ(syscallName(257), "openat");
  EXPECT_EQ(syscallNumber("openat"), 257);
  EXPECT_EQ(syscallName(59), "execve");
  EXPECT_EQ(syscallName(9999), "syscall_9999");
  EXPECT_EQ(syscallNumber("no_such_call"), -1);
}

TEST(Classify, OpeningAPathIsFiles) {
  auto E = withPath(call("openat", {AtFdCwd, 0x1000, O_RDONLY | O_CLOEXEC}), "/tmp/data.txt");
  auto F = classify(E);
  ASSERT_EQ(F.size(), 1u);
  EXPECT_EQ(F[0].Cap, Capability::Files);
  EXPECT_EQ(F[0].Note, "/tmp/data.txt");
  EXPECT_TRUE(F[0].Also.empty());
  EXPECT_EQ(caps(withPath(call("open", {0x1000, O_WRONLY | O_CREAT}), "/tmp/x")), "FILES");
  EXPECT_EQ(caps(withPath(call("creat", {0x1000, 0644}), "/tmp/x")), "FILES");
}

TEST(Classify, PathCallsAreFiles) {
  for (const char *Name : {"stat", "lstat", "access", "readlink", "unlink", "rmdir", "mkdir",
                           "chmod", "truncate", "statfs"})
    EXPECT_EQ(caps(withPath(call(Name, {0x1000}), "/tmp/x")), "FILES") << Name;
  for (const char *Name : {"unlinkat", "mkdirat", "faccessat", "readlinkat", "newfstatat",
                           "statx", "fchmodat", "fchownat"})
    EXPECT_EQ(caps(withPath(call(Name, {AtFdCwd, 0x1000}), "/tmp/x")), "FILES") << Name;
  auto Rename = withPath(call("renameat2", {AtFdCwd, 0x1000, AtFdCwd, 0x2000}), "/tmp/a");
  Rename.Path2 = Rename.ResolvedPath2 = "/tmp/b";
  auto F = classify(Rename);
  ASSERT_EQ(F.size(), 1u);
  EXPECT_EQ(F[0].Note, "/tmp/a -> /tmp/b");
}

TEST(Classify, StatOfAHeldDescriptorIsNothing) {
  // statx(fd, "", AT_EMPTY_PATH) and fstat: the capability was used when the
  // descriptor was obtained.
  EXPECT_EQ(caps(withPath(call("statx", {3, 0x1000, AT_EMPTY_PATH}), "")), "");
  EXPECT_EQ(caps(withPath(call("newfstatat", {3, 0x1000, 0, AT_EMPTY_PATH}), "")), "");
  EXPECT_EQ(caps(call("fstat", {1, 0x1000})), "");
  EXPECT_EQ(caps(call("utimensat", {3, 0, 0x1000, 0})), "");
  EXPECT_EQ(caps(call("read", {3, 0x1000, 10})), "");
  EXPECT_EQ(caps(call("write", {1, 0x1000, 10})), "");
}

TEST(Classify, ProcAndSysAreSystemState) {
  auto F = classify(withPath(call("openat", {AtFdCwd, 0x1000, O_RDONLY}), "/proc/self/maps"));
  ASSERT_EQ(F.size(), 1u);
  EXPECT_EQ(F[0].Cap, Capability::ReadSystemState);
  EXPECT_TRUE(F[0].Also.contains(Capability::Files));
  EXPECT_EQ(caps(withPath(call("openat", {AtFdCwd, 0x1000, O_WRONLY}), "/proc/self/oom_score_adj")),
            "MODIFY_SYSTEM_STATE");
  EXPECT_EQ(caps(withPath(call("readlink", {0x1000}), "/proc/self/exe")), "READ_SYSTEM_STATE");
  EXPECT_EQ(caps(withPath(call("openat", {AtFdCwd, 0x1000}), "/sys/fs/cgroup/cpu.max")),
            "READ_SYSTEM_STATE");
  // Only whole components: /process is a file.
  EXPECT_EQ(caps(withPath(call("openat", {AtFdCwd, 0x1000}), "/process/x")), "FILES");
  EXPECT_TRUE(isKernelStatePath("/proc"));
  EXPECT_FALSE(isKernelStatePath("/system"));
}

TEST(Classify, DevicesAreFilesWithANote) {
  auto F = classify(withPath(call("openat", {AtFdCwd, 0x1000, O_RDWR}), "/dev/null"));
  ASSERT_EQ(F.size(), 1u);
  EXPECT_EQ(F[0].Cap, Capability::Files);
  EXPECT_EQ(F[0].Note, "/dev/null (device)");
}

TEST(Classify, SocketsAreNetwork) {
  EXPECT_EQ(caps(call("socket", {AF_INET, SOCK_STREAM})), "NETWORK");
  EXPECT_EQ(caps(call("socket", {AF_INET6, SOCK_DGRAM})), "NETWORK");
  auto Unix = classify(call("socket", {AF_UNIX, SOCK_STREAM}));
  ASSERT_EQ(Unix.size(), 1u);
  EXPECT_EQ(Unix[0].Cap, Capability::Network);
  EXPECT_EQ(Unix[0].Note, "AF_UNIX (unix-domain)");
  auto Netlink = classify(call("socket", {AF_NETLINK, SOCK_RAW}));
  ASSERT_EQ(Netlink.size(), 1u);
  EXPECT_EQ(Netlink[0].Note, "AF_NETLINK (kernel netlink)");
  // An anonymous unix-domain pair reaches nothing outside the process, as a
  // pipe does (std's Command::spawn makes one); other families are NETWORK.
  EXPECT_EQ(caps(call("socketpair", {AF_UNIX, SOCK_SEQPACKET})), "");
  EXPECT_EQ(caps(call("socketpair", {AF_TIPC, SOCK_STREAM})), "NETWORK");
}

TEST(Classify, AddressesAreNetwork) {
  auto Connect = call("connect", {3, 0x1000, 16});
  Connect.Family = AF_INET;
  Connect.Address = "127.0.0.1:8080";
  auto F = classify(Connect);
  ASSERT_EQ(F.size(), 1u);
  EXPECT_EQ(F[0].Note, "AF_INET 127.0.0.1:8080");
  EXPECT_EQ(formatCall(Connect), "connect(3, 127.0.0.1:8080, 16)");
  EXPECT_EQ(caps(call("bind", {3, 0x1000, 16})), "NETWORK");
  EXPECT_EQ(caps(call("listen", {3, 128})), "NETWORK");
  EXPECT_EQ(caps(call("accept4", {3, 0, 0, 0})), "NETWORK");
  // Sending on a connected socket names no one new.
  EXPECT_EQ(caps(call("sendto", {3, 0x1000, 10, 0, 0, 0})), "");
  auto SendTo = call("sendto", {3, 0x1000, 10, 0, 0x2000, 16});
  SendTo.Family = AF_INET6;
  SendTo.Address = "[::1]:53";
  EXPECT_EQ(caps(SendTo), "NETWORK");
  EXPECT_EQ(caps(call("sendmsg", {3, 0x1000, 0})), "");
}

TEST(Classify, ExecAndProcessCreation) {
  EXPECT_EQ(caps(withPath(call("execve", {0x1000, 0x2000, 0x3000}), "/bin/true")), "EXEC");
  EXPECT_EQ(caps(withPath(call("execveat", {AtFdCwd, 0x1000}), "/bin/true")), "EXEC");
  EXPECT_EQ(caps(call("fork")), "EXEC");
  EXPECT_EQ(caps(call("vfork")), "EXEC");
  EXPECT_EQ(caps(call("clone", {CLONE_VM | CLONE_VFORK | SIGCHLD})), "EXEC");
  // Threads are not processes.
  EXPECT_EQ(caps(call("clone", {CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND |
                                CLONE_THREAD | CLONE_SYSVSEM})),
            "");
  auto Thread = call("clone3", {0x1000, 88});
  Thread.CloneFlags = CLONE_VM | CLONE_THREAD | CLONE_SIGHAND;
  EXPECT_EQ(caps(Thread), "");
  auto Process = call("clone3", {0x1000, 88});
  Process.CloneFlags = CLONE_VM | CLONE_VFORK;
  EXPECT_EQ(caps(Process), "EXEC");
  EXPECT_EQ(caps(call("wait4", {0, 0, 0, 0})), "");
}

TEST(Classify, TerminalsRandomnessAndHousekeepingAreNothing) {
  EXPECT_EQ(caps(call("ioctl", {1, TCGETS, 0x1000})), "");
  EXPECT_EQ(caps(call("ioctl", {1, TIOCGWINSZ, 0x1000})), "");
  EXPECT_EQ(caps(call("ioctl", {0, TIOCSTI, 0x1000})), "MODIFY_SYSTEM_STATE");
  EXPECT_EQ(caps(call("getrandom", {0x1000, 16, 0})), "");
  for (const char *Name : {"futex", "sigaltstack", "rt_sigprocmask", "munmap", "brk",
                           "exit_group", "poll", "close", "set_robust_list", "rseq",
                           "sched_getaffinity", "clock_gettime", "pipe2", "dup2"})
    EXPECT_EQ(caps(call(Name, {0x1000})), "") << Name;
}

TEST(Classify, ExecutableMemory) {
  EXPECT_EQ(caps(call("mmap", {0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                               static_cast<std::uint64_t>(-1), 0})),
            "");
  EXPECT_EQ(caps(call("mmap", {0, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS,
                               static_cast<std::uint64_t>(-1), 0})),
            "ARBITRARY_EXECUTION");
  auto Library = call("mmap", {0, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, 3, 0});
  Library.MappedFile = "/usr/lib/libplugin.so";
  auto F = classify(Library);
  ASSERT_EQ(F.size(), 1u);
  EXPECT_EQ(F[0].Cap, Capability::DynamicLoading);
  EXPECT_EQ(F[0].Note, "maps code from /usr/lib/libplugin.so");
  auto Jit = call("mprotect", {0x7f0000000000, 4096, PROT_READ | PROT_EXEC});
  Jit.AnonymousMemory = true;
  EXPECT_EQ(caps(Jit), "ARBITRARY_EXECUTION");
  auto Guard = call("mprotect", {0x7f0000000000, 4096, PROT_NONE});
  EXPECT_EQ(caps(Guard), "");
}

TEST(Classify, SystemStateChanged) {
  for (const char *Name : {"setuid", "setgid", "umask", "setsid", "chroot", "fchdir", "ptrace",
                           "setrlimit", "sethostname", "unshare", "mount"})
    EXPECT_EQ(caps(withPath(call(Name, {1, 0}), "/x")), "MODIFY_SYSTEM_STATE") << Name;
  EXPECT_EQ(caps(withPath(call("chdir", {0x1000}), "/tmp")), "MODIFY_SYSTEM_STATE");
  // Installing a handler changes state; asking for the current one does not.
  EXPECT_EQ(caps(call("rt_sigaction", {SIGSEGV, 0x1000, 0, 8})), "MODIFY_SYSTEM_STATE");
  EXPECT_EQ(caps(call("rt_sigaction", {SIGSEGV, 0, 0x1000, 8})), "");
  // glibc installs handlers for its own signals 32 and 33 in pthread_create.
  EXPECT_EQ(caps(call("rt_sigaction", {33, 0x1000, 0, 8})), "");
  // Naming a thread is not a capability; other prctls are.
  EXPECT_EQ(caps(call("prctl", {PR_SET_NAME, 0x1000})), "");
  EXPECT_EQ(caps(call("prctl", {PR_SET_DUMPABLE, 0})), "MODIFY_SYSTEM_STATE");
  EXPECT_EQ(caps(call("prlimit64", {0, RLIMIT_NOFILE, 0x1000, 0})), "MODIFY_SYSTEM_STATE");
  EXPECT_EQ(caps(call("prlimit64", {0, RLIMIT_STACK, 0, 0x1000})), "READ_SYSTEM_STATE");
}

TEST(Classify, SignalsToOthersOnly) {
  // abort() and raise() signal the caller itself (CallerTgid 100).
  EXPECT_EQ(caps(call("tgkill", {100, 101, SIGABRT})), "");
  EXPECT_EQ(caps(call("kill", {100, SIGTERM})), "");
  EXPECT_EQ(caps(call("kill", {0, SIGTERM})), "");
  auto F = classify(call("kill", {4242, SIGTERM}));
  ASSERT_EQ(F.size(), 1u);
  EXPECT_EQ(F[0].Cap, Capability::ModifySystemState);
  EXPECT_TRUE(F[0].Also.contains(Capability::Exec));
  EXPECT_EQ(F[0].Note, "signals another process (SIGTERM)");
}

TEST(Classify, SystemStateRead) {
  auto Raise = call("getpid");
  Raise.InSelfSignal = true;
  EXPECT_EQ(caps(Raise), "");
  for (const char *Name : {"getpid", "getppid", "getuid", "geteuid", "uname", "sysinfo",
                           "getcwd", "getrusage"})
    EXPECT_EQ(caps(call(Name)), "READ_SYSTEM_STATE") << Name;
}

TEST(Classify, RawSystemCalls) {
  // A system call the program makes itself is charged what the call does,
  // as the pass charges one whose number it reads; a static SYSTEM_CALLS
  // (a number the pass could not read) covers it as well.
  auto Raw = call("getpid");
  Raw.Site = SyscallSite::Executable;
  auto F = classify(Raw);
  ASSERT_EQ(F.size(), 1u);
  EXPECT_EQ(F[0].Cap, Capability::ReadSystemState);
  EXPECT_TRUE(F[0].Also.contains(Capability::SystemCalls));
  EXPECT_EQ(F[0].Note, "getpid (raw syscall instruction in the program)");
  auto ViaLibc = withPath(call("openat", {AtFdCwd, 0x1000}), "/tmp/x");
  ViaLibc.Site = SyscallSite::SyscallFunction;
  auto Open = classify(ViaLibc);
  ASSERT_EQ(Open.size(), 1u);
  EXPECT_EQ(Open[0].Cap, Capability::Files);
  EXPECT_TRUE(Open[0].Also.contains(Capability::SystemCalls));
  EXPECT_EQ(Open[0].Note, "/tmp/x (through libc's syscall())");
  // Futexes, randomness and I/O on a held descriptor are nothing, however
  // they are made.
  for (const char *Name : {"futex", "getrandom", "write"}) {
    auto Call = call(Name, {1, 0x1000, 3});
    Call.Site = SyscallSite::Executable;
    EXPECT_EQ(caps(Call), "") << Name;
  }
}

TEST(Classify, CallsWithoutARuleAreTheSharedTables) {
  // Every system call of the shared table has its name and number here.
  for (const SyscallInfo &Info : X86_64Syscalls) {
    EXPECT_EQ(syscallNumber(Info.Name), Info.Number) << Info.Name;
    EXPECT_EQ(syscallName(Info.Number), Info.Name);
  }
  EXPECT_EQ(caps(call("sendmmsg", {3, 0x1000, 2, 0})), "NETWORK");
  EXPECT_EQ(caps(call("setns", {3, 0})), "MODIFY_SYSTEM_STATE");
  EXPECT_EQ(caps(call("recvfrom", {3, 0x1000, 10, 0, 0, 0})), "");
  EXPECT_EQ(caps(call("io_uring_setup", {8, 0x1000})), "SYSTEM_CALLS");
  EXPECT_EQ(caps(call("uselib", {0x1000})), "DYNAMIC_LOADING");
}

TEST(Format, Arguments) {
  auto Open = withPath(call("openat", {AtFdCwd, 0x1000, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
                                       0644}),
                       "/tmp/a \"b\"");
  EXPECT_EQ(formatCall(Open),
            "openat(AT_FDCWD, \"/tmp/a \\\"b\\\"\", O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC, 0644)");
  EXPECT_EQ(formatCall(call("socket", {AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0})),
            "socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, 0)");
  EXPECT_EQ(formatCall(call("mmap", {0, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS,
                                     static_cast<std::uint64_t>(-1), 0})),
            "mmap(0, 4096, PROT_READ|PROT_EXEC, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)");
  EXPECT_EQ(formatCall(call("clone", {CLONE_VM | CLONE_VFORK | SIGCHLD})),
            "clone(CLONE_VM|CLONE_VFORK|SIGCHLD, 0, 0, 0, 0)");
  EXPECT_EQ(formatCall(call("kill", {4242, SIGTERM})), "kill(4242, SIGTERM)");
  EXPECT_EQ(formatCall(call("ioctl", {1, TCGETS, 0x1000})), "ioctl(1, TCGETS, 0x1000)");
  EXPECT_EQ(formatCall(call("getpid")), "getpid()");
  auto Unreadable = call("openat", {AtFdCwd, 0xdead, O_RDONLY});
  EXPECT_EQ(formatCall(Unreadable), "openat(AT_FDCWD, 0xdead, O_RDONLY)");
  EXPECT_EQ(classify(Unreadable).at(0).Note, "(unreadable path)");
}
