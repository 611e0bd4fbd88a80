// Sandbox.cpp - build scripts and rustc under bubblewrap.
#include "Sandbox.h"

#include "CargoBuild.h"
#include "FactsKey.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace capgate {

namespace {

/// The subdirectory of a build script's directory (cargo gives each its
/// own, build/<package>-<hash>/) that keeps the real executable, under the
/// name rustc gave it (the name its seal vouches for), and the launch file
/// the launcher reads (BuildScriptLauncher.cpp).
constexpr const char *RealBuildScriptDirectory = "capgate-real";
constexpr const char *LaunchFile = "launch";

/// The facts key directory the driver computed (the wrapper's HOME and
/// XDG_DATA_HOME are a build script's to set), or, from a session without
/// one, this process's.
std::string keyDirectoryOf(const Session &S) {
  if (!S.FactsKeyDirectory.empty())
    return S.FactsKeyDirectory;
  try {
    return factsKeyDirectory();
  } catch (const std::runtime_error &) {
    return "";
  }
}

bool isWithin(const fs::path &Path, const fs::path &Directory) {
  auto [End, Unused] = std::mismatch(Directory.begin(), Directory.end(), Path.begin(), Path.end());
  return End == Directory.end();
}

fs::path canonicalOrEmpty(const std::string &Path) {
  std::error_code Error;
  fs::path Canonical = fs::canonical(Path, Error);
  return Error ? fs::path() : Canonical;
}

/// What one sandbox lets its program see and do.
struct Confinement {
  bool Network = false;
  /// Directories the program must be able to read even when they lie under
  /// one the sandbox hides (a workspace in /tmp, say).
  std::vector<std::string> Readable;
  /// Directories the program may write.
  std::vector<std::string> Writable;
  std::string WorkingDirectory;
  /// capgate's facts key directory, hidden.
  std::string KeyDirectory;
  /// LD_LIBRARY_PATH inside the sandbox. cargo's value may name directories
  /// a build script chose (a proc-macro's native libraries), so it must not
  /// reach bubblewrap, which runs outside the sandbox: the caller takes it
  /// out of bubblewrap's environment (withoutLibraryPath).
  std::optional<std::string> LibraryPath;
};

/// bubblewrap's command line for \p C, up to the program to run.
std::vector<std::string> bubblewrapCommand(const Confinement &C) {
  std::vector<std::string> Command{bubblewrapExecutable(), "--unshare-all"};
  if (C.Network)
    Command.push_back("--share-net");
  // Nothing the program starts outlives it, and it cannot push input into
  // the terminal cargo runs in (TIOCSTI).
  Command.insert(Command.end(), {"--die-with-parent", "--new-session"});
  Command.insert(Command.end(), {"--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc"});
  // A private /tmp, and, without network, no /run: both hold UNIX sockets
  // (ssh and gpg agents, X11, D-Bus, docker) that reach other programs
  // whatever the network namespace.
  std::vector<fs::path> Hidden{"/tmp"};
  if (!C.Network)
    Hidden.push_back("/run");
  for (const fs::path &Directory : Hidden)
    Command.insert(Command.end(), {"--tmpfs", Directory.string()});
  for (const std::string &Path : C.Readable) {
    fs::path Canonical = canonicalOrEmpty(Path);
    if (Canonical.empty())
      continue;
    for (const fs::path &Directory : Hidden)
      if (isWithin(Canonical, Directory)) {
        Command.insert(Command.end(), {"--ro-bind", Canonical.string(), Canonical.string()});
        break;
      }
  }
  if (!C.KeyDirectory.empty() && fs::is_directory(C.KeyDirectory))
    Command.insert(Command.end(), {"--tmpfs", C.KeyDirectory, "--remount-ro", C.KeyDirectory});
  for (const std::string &Path : C.Writable)
    Command.insert(Command.end(), {"--bind", Path, Path});
  Command.insert(Command.end(), {"--setenv", "TMPDIR", "/tmp"});
  if (C.LibraryPath)
    Command.insert(Command.end(), {"--setenv", "LD_LIBRARY_PATH", *C.LibraryPath});
  if (!C.WorkingDirectory.empty())
    Command.insert(Command.end(), {"--chdir", C.WorkingDirectory});
  Command.push_back("--");
  return Command;
}

std::string currentDirectory() {
  std::error_code Error;
  fs::path Current = fs::current_path(Error);
  return Error ? "" : Current.string();
}

/// What a build script or rustc reads, so that a hidden directory (/tmp,
/// say, when the workspace or capgate is there) does not hide it: the
/// analysis target directory, the working directory, every package's
/// sources, capgate itself, its plugin and annotations, and the toolchain
/// \p Program belongs to (<toolchain>/bin/rustc).
std::vector<std::string> readablePaths(const Session &S, const std::string &Program) {
  std::vector<std::string> Paths{S.TargetDir, currentDirectory(), S.Executable, S.Plugin, S.AnnotationsDir};
  Paths.insert(Paths.end(), S.ExtraAnnotations.begin(), S.ExtraAnnotations.end());
  for (const auto &[Key, Unit] : S.Units)
    Paths.push_back(Unit.ManifestDir);
  if (fs::path(Program).is_absolute())
    Paths.push_back(fs::path(Program).parent_path().parent_path().string());
  return Paths;
}

/// Whether this process runs inside a build script's sandbox: there, and
/// only there, the analysis target directory is on a read-only mount.
/// Nothing a crate controls can make a writable mount read-only.
bool insideBuildScriptSandbox(const Session &S) {
  struct statvfs Info;
  return statvfs(S.TargetDir.c_str(), &Info) == 0 && (Info.f_flag & ST_RDONLY) != 0;
}

void removeCapgateVariables() {
  for (const std::string &Name : capgateVariables())
    unsetenv(Name.c_str());
}

[[noreturn]] void execute(std::vector<std::string> Command) {
  std::vector<char *> Exec;
  for (std::string &Argument : Command)
    Exec.push_back(Argument.data());
  Exec.push_back(nullptr);
  execv(Exec[0], Exec.data());
  std::fprintf(stderr, "error: capgate: cannot run %s: %s\n", Exec[0], std::strerror(errno));
  _exit(101);
}

/// The launch file of the build script at \p Path, which exists exactly
/// when a launcher stands at \p Path: the wrapper writes it when it puts a
/// launcher there, and removes it when it leaves a newly linked script as
/// it is (--no-sandbox).
fs::path launchFileOf(const fs::path &Path) {
  return Path.parent_path() / RealBuildScriptDirectory / LaunchFile;
}

/// LD_LIBRARY_PATH as this process had it, which its environment then no
/// longer has.
std::optional<std::string> withoutLibraryPath() {
  static const std::optional<std::string> LibraryPath = [] {
    const char *Value = std::getenv("LD_LIBRARY_PATH");
    return Value ? std::optional<std::string>(Value) : std::nullopt;
  }();
  unsetenv("LD_LIBRARY_PATH");
  return LibraryPath;
}

} // namespace

std::string bubblewrapExecutable() {
  for (const char *Candidate : {"/usr/bin/bwrap", "/usr/local/bin/bwrap", "/bin/bwrap"})
    if (access(Candidate, X_OK) == 0)
      return Candidate;
  return "";
}

void requireSandbox() {
  const std::string Advice = "; pass --no-sandbox to run build scripts and rustc without it (the report "
                             "records that they were not sandboxed)";
  if (bubblewrapExecutable().empty())
    throw std::runtime_error("capgate runs build scripts in bubblewrap's sandbox, and bubblewrap is not "
                             "installed (Debian package `bubblewrap`, /usr/bin/bwrap)" + Advice);
  // The probe makes the same sandbox a build script gets.
  Confinement Probe;
  Probe.KeyDirectory = keyDirectoryOf(Session());
  std::vector<std::string> Command = bubblewrapCommand(Probe);
  Command.push_back("/bin/true");
  int Pipe[2];
  if (pipe(Pipe) != 0)
    throw std::runtime_error(std::string("cannot create a pipe: ") + std::strerror(errno));
  pid_t Child = fork();
  if (Child == 0) {
    dup2(Pipe[1], STDERR_FILENO);
    close(Pipe[0]);
    close(Pipe[1]);
    execute(Command);
  }
  close(Pipe[1]);
  std::string Said;
  char Buffer[512];
  ssize_t Read;
  while ((Read = read(Pipe[0], Buffer, sizeof Buffer)) > 0 || (Read < 0 && errno == EINTR))
    if (Read > 0)
      Said.append(Buffer, static_cast<std::size_t>(Read));
  close(Pipe[0]);
  int Status = 0;
  while (Child > 0 && waitpid(Child, &Status, 0) < 0 && errno == EINTR) {
  }
  if (Child > 0 && WIFEXITED(Status) && WEXITSTATUS(Status) == 0)
    return;
  while (!Said.empty() && (Said.back() == '\n' || Said.back() == ' '))
    Said.pop_back();
  throw std::runtime_error("capgate runs build scripts in bubblewrap's sandbox, and bubblewrap cannot make "
                           "one here (" + (Said.empty() ? std::string("it failed") : "`" + Said + "`") +
                           "): user namespaces are unavailable or forbidden to this user (see "
                           "/proc/sys/user/max_user_namespaces, and AppArmor's "
                           "kernel.apparmor_restrict_unprivileged_userns)" + Advice);
}

std::vector<std::string> buildScriptNetworkGrants(const policy::Policy &Policy) {
  std::vector<std::string> Grants;
  for (const policy::PackageGrant &Grant : Policy.Packages) {
    if (!Grant.scope(Scope::Normal).capabilities().contains(Capability::Network) &&
        !Grant.scope(Scope::BuildScript).capabilities().contains(Capability::Network))
      continue;
    Grants.push_back(Grant.Version ? Grant.Name + "@" + Grant.Version->str() : Grant.Name);
  }
  return Grants;
}

bool buildScriptMayUseNetwork(const Session &S, const std::string &Package, const std::string &Version) {
  for (const std::string &Grant : S.BuildScriptNetwork) {
    std::size_t At = Grant.find('@');
    if (Grant.substr(0, At) != Package)
      continue;
    if (At == std::string::npos)
      return true;
    std::optional<policy::Version> Parsed = policy::Version::parse(Version);
    try {
      if (Parsed && policy::VersionReq::parse(Grant.substr(At + 1)).matches(*Parsed))
        return true;
    } catch (const std::invalid_argument &) {
      // The policy was checked when it was loaded; a requirement that does
      // not parse grants nothing.
    }
  }
  return false;
}

std::size_t removeUnlaunchedBuildScripts(const std::string &TargetDir) {
  // cargo's layout: <target>/<profile>/build/<package>-<hash>/, and
  // <target>/<triple>/<profile>/build/... when cross-compiling.
  std::size_t Removed = 0;
  std::error_code Error;
  std::vector<fs::path> Profiles;
  for (const auto &Entry : fs::directory_iterator(TargetDir, Error)) {
    if (!Entry.is_directory(Error))
      continue;
    Profiles.push_back(Entry.path());
    for (const auto &Inner : fs::directory_iterator(Entry.path(), Error))
      if (Inner.is_directory(Error) && Inner.path().filename() != "build")
        Profiles.push_back(Inner.path());
  }
  for (const fs::path &Profile : Profiles) {
    fs::path Build = Profile / "build";
    if (!fs::is_directory(Build, Error))
      continue;
    for (const auto &Unit : fs::directory_iterator(Build, Error))
      for (const auto &File : fs::directory_iterator(Unit.path(), Error)) {
        std::string Name = File.path().filename().string();
        bool Script = (Name.starts_with("build-script-") || Name.starts_with("build_script_")) &&
                      Name.find('.') == std::string::npos;
        if (Script && File.is_regular_file(Error) && !fs::exists(launchFileOf(File.path()), Error) &&
            fs::remove(File.path(), Error))
          ++Removed;
      }
  }
  return Removed;
}

std::vector<std::string> sandboxedRustc(const Session &S, std::vector<std::string> Command) {
  if (!S.Sandbox || !S.InnerWrapper.empty() || insideBuildScriptSandbox(S))
    return Command;
  Confinement C;
  auto Writable = [&](const fs::path &Directory) {
    if (Directory.empty())
      return;
    fs::path Absolute = fs::absolute(Directory);
    fs::create_directories(Absolute);
    C.Writable.push_back(Absolute.string());
  };
  for (std::size_t I = 1; I < Command.size(); ++I) {
    const std::string &A = Command[I];
    std::string Next = I + 1 < Command.size() ? Command[I + 1] : "";
    if (A == "--out-dir")
      Writable(Next);
    else if (A.starts_with("--out-dir="))
      Writable(A.substr(10));
    else if (A == "-o")
      Writable(fs::path(Next).parent_path());
    else if ((A == "-C" && Next.starts_with("incremental=")) || A.starts_with("-Cincremental="))
      Writable((A == "-C" ? Next : A.substr(2)).substr(12));
    else if (A == "--emit" || A.starts_with("--emit=")) {
      // --emit=KIND[=PATH],...: each PATH's directory.
      std::string Kinds = A == "--emit" ? Next : A.substr(7);
      std::stringstream Each(Kinds);
      std::string Kind;
      while (std::getline(Each, Kind, ','))
        if (std::size_t Equals = Kind.find('='); Equals != std::string::npos)
          Writable(fs::path(Kind.substr(Equals + 1)).parent_path());
    }
  }
  C.Readable = readablePaths(S, Command.front());
  C.WorkingDirectory = currentDirectory();
  C.KeyDirectory = keyDirectoryOf(S);
  C.LibraryPath = withoutLibraryPath();
  std::vector<std::string> Sandboxed = bubblewrapCommand(C);
  Sandboxed.insert(Sandboxed.end(), Command.begin(), Command.end());
  return Sandboxed;
}

void installBuildScriptLauncher(const Session &S, const RustcInvocation &Invocation,
                                const std::optional<UnitIdentity> &Identity) {
  bool BuildScript = (Identity && Identity->TargetKind == "custom-build") ||
                     isBuildScriptCrate(Invocation.CrateName, Invocation.binary());
  if (!BuildScript || !Invocation.binary() || !Invocation.Links || Invocation.OutDir.empty())
    return;
  fs::path Executable = fs::absolute(fs::path(Invocation.OutDir) / (Invocation.CrateName + Invocation.ExtraFilename));
  fs::path Real = Executable.parent_path() / RealBuildScriptDirectory / Executable.filename();
  if (!S.Sandbox) {
    // A launch file would say a launcher stands where rustc has just put
    // the script itself.
    fs::remove_all(Real.parent_path());
    return;
  }
  fs::path Launcher = fs::path(S.Executable).parent_path().parent_path() / "libexec/capgate/build-script-launcher";
  if (!fs::exists(Launcher))
    throw std::runtime_error("capgate's build script launcher is missing: expected " + Launcher.string());
  fs::create_directories(Real.parent_path());
  fs::rename(Executable, Real);
  std::string Launch = S.Executable + "\n" + S.Directory + "\n" + Real.string() + "\n" +
                       (Identity ? Identity->Package : "") + "\n" + (Identity ? Identity->Version : "") + "\n";
  fs::path LaunchPath = launchFileOf(Executable);
  fs::path Temporary = LaunchPath;
  Temporary += ".tmp";
  {
    std::ofstream Out(Temporary, std::ios::binary | std::ios::trunc);
    Out << Launch;
    if (!Out.flush())
      throw std::runtime_error("cannot write " + Temporary.string());
  }
  fs::rename(Temporary, LaunchPath);
  // The launcher itself: a copy of the installed program with the
  // modification time of the script rustc linked. Not a hard link: cargo
  // compares the script's modification time with its dependencies' outputs,
  // and a link would show the installed launcher's, older than those, so
  // every later build would link the script again and run it and everything
  // after it (a no-op report of examples/workspace took 18 s instead of 1).
  Temporary = Executable;
  Temporary += ".capgate-tmp";
  std::error_code Error;
  fs::remove(Temporary, Error);
  fs::copy_file(Launcher, Temporary, fs::copy_options::overwrite_existing);
  fs::last_write_time(Temporary, fs::last_write_time(Real));
  fs::rename(Temporary, Executable);
}

std::string realBuildScript(const std::string &Path) {
  std::ifstream In(launchFileOf(Path));
  std::string Line;
  for (int I = 0; I < 3 && std::getline(In, Line); ++I)
    if (I == 2)
      return Line;
  // No launcher: the file rustc linked, under its own name, of which cargo's
  // build-script-build is a hard link.
  std::error_code Error;
  for (const auto &Entry : fs::directory_iterator(fs::path(Path).parent_path(), Error)) {
    std::string Name = Entry.path().filename().string();
    if (Name.starts_with("build_script_") && Name.find('.') == std::string::npos &&
        fs::equivalent(Entry.path(), Path, Error))
      return Entry.path().string();
  }
  return Path;
}

void runBuildScript(int argc, char **argv) {
  // argv: cargo-capgate --capgate-run-build-script SESSION REAL PACKAGE VERSION
  //       [--capgate-library-path PATH] -- ARGS...
  std::optional<std::string> LibraryPath;
  int Arguments = 6;
  if (argc > 7 && std::string(argv[6]) == "--capgate-library-path") {
    LibraryPath = argv[7];
    Arguments = 8;
  }
  if (argc <= Arguments || std::string(argv[Arguments]) != "--") {
    std::fprintf(stderr, "error: capgate: cargo-capgate %s is for capgate's build script launcher only\n",
                 RunBuildScriptOption);
    std::exit(2);
  }
  std::string Real = argv[3], Package = argv[4], Version = argv[5];
  std::string Who = Package.empty() ? "the build script " + Real : Package + "'s build script";
  Session S;
  try {
    S = Session::read(argv[2]);
  } catch (const std::exception &Error) {
    std::fprintf(stderr, "error: capgate: cannot run %s: %s\n", Who.c_str(), Error.what());
    std::exit(101);
  }
  // cargo's environment has none (the driver removed them): none reaches a
  // build script either.
  removeCapgateVariables();
  std::vector<std::string> Command;
  if (S.Sandbox) {
    // cargo sets OUT_DIR; it must be a directory of the analysis target
    // directory, since it is the one place the script may write there.
    const char *OutDir = std::getenv("OUT_DIR");
    fs::path Out = OutDir ? canonicalOrEmpty(OutDir) : fs::path();
    fs::path Target = canonicalOrEmpty(S.TargetDir);
    if (Out.empty() || Target.empty() || !isWithin(Out, Target) || Out == Target) {
      std::fprintf(stderr, "error: capgate: cannot sandbox %s: OUT_DIR (%s) is not a directory of %s\n",
                   Who.c_str(), OutDir ? OutDir : "unset", S.TargetDir.c_str());
      std::exit(101);
    }
    Confinement C;
    C.Network = buildScriptMayUseNetwork(S, Package, Version);
    C.Writable = {Out.string()};
    C.Readable = readablePaths(S, Real);
    C.WorkingDirectory = currentDirectory();
    C.KeyDirectory = keyDirectoryOf(S);
    C.LibraryPath = LibraryPath;
    Command = bubblewrapCommand(C);
  } else if (LibraryPath) {
    setenv("LD_LIBRARY_PATH", LibraryPath->c_str(), 1);
  }
  Command.push_back(Real);
  Command.insert(Command.end(), argv + Arguments + 1, argv + argc);
  execute(Command);
}

} // namespace capgate
