// capgate trace: what a system call means, as a capability.
//
// The tracer decodes each system call into a SyscallEvent (number, raw
// arguments, and what it could read out of the tracee: paths, socket
// addresses, clone3 flags, whether the memory it changes is anonymous) and
// asks classify() what capabilities the call exercises. classify() is a pure
// function of the event, so the mapping is unit-tested without tracing
// anything (trace/tests/ClassifyTest.cpp). docs/tracing.md explains each
// choice; the principle is that a call counts when it obtains access to
// something (names a path, creates a socket, runs a program), not when it
// uses a descriptor the process already holds.
#pragma once

#include "capgate/Capability.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace capgate::trace {

/// Where the `syscall` instruction that made the call lives: in a shared
/// library (the normal case: libc's wrappers), inside libc's generic
/// `syscall()` function, or in the traced executable's own code (asm!, or a
/// statically inlined system call).
enum class SyscallSite { Library, SyscallFunction, Executable };

struct SyscallEvent {
  long Number = -1;
  std::array<std::uint64_t, 6> Args{};
  /// The path argument(s) as passed, and resolved against the directory
  /// descriptor or working directory (absolute when the tracer could resolve
  /// it). Path2 is the second path of rename/link/symlink.
  std::optional<std::string> Path, ResolvedPath, Path2, ResolvedPath2;
  /// Address family of a socket() domain or of a sockaddr argument, and a
  /// rendering of the address ("127.0.0.1:8080", "/run/x.sock", "@abstract").
  std::optional<int> Family;
  std::optional<std::string> Address;
  /// clone3's flags, read out of its clone_args.
  std::optional<std::uint64_t> CloneFlags;
  /// mmap/mprotect: whether the memory is anonymous (no file behind it), and
  /// the file that an mmap'd descriptor or the protected mapping names.
  std::optional<bool> AnonymousMemory;
  std::optional<std::string> MappedFile;
  /// Thread-group id of the caller, for "signals sent to itself".
  int CallerTgid = 0;
  /// The call is libc's raise()/abort() finding out who it is (glibc's raise
  /// calls getpid before tgkill): not the program reading system state.
  bool InSelfSignal = false;
  SyscallSite Site = SyscallSite::Library;
};

/// One capability a call exercises. `Also` lists capabilities that explain
/// the same call equally well (a read of /proc is READ_SYSTEM_STATE in
/// meaning and FILES in mechanism): a static report that has any of Cap or
/// Also covers it.
struct Finding {
  Capability Cap;
  CapabilitySet Also;
  std::string Note;
};

std::vector<Finding> classify(const SyscallEvent &Event);

/// The kernel's name of a system call number ("openat"), or "syscall_N".
std::string syscallName(long Number);
/// The number of a name, for tests and tables; -1 when unknown.
long syscallNumber(std::string_view Name);

/// Arguments rendered like strace does: paths quoted, flags symbolic,
/// sockaddrs decoded, descriptors in decimal, the rest in hex.
std::vector<std::string> formatArguments(const SyscallEvent &Event);
/// "openat(AT_FDCWD, \"/etc/hosts\", O_RDONLY|O_CLOEXEC)".
std::string formatCall(const SyscallEvent &Event);

/// The argument kinds of a call, one letter per argument (see the table in
/// SyscallClassify.cpp: p path, q second path, d directory descriptor, a socket
/// address with its length next, ...), or nullptr when the table has none.
/// The tracer reads the tracee's memory for `p`, `q` and `a`.
const char *argumentKinds(long Number);

/// Address family names ("AF_INET"), for notes and arguments.
std::string familyName(int Family);

/// Whether an absolute path names kernel state rather than a file: /proc,
/// /sys.
bool isKernelStatePath(std::string_view Path);

} // namespace capgate::trace
