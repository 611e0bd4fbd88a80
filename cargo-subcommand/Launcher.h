// Launcher.h - what capgate's two static launchers share.
//
// cargo starts RustcLauncher.cpp (as RUSTC_WRAPPER) and
// BuildScriptLauncher.cpp (at a build script's path) with an environment a
// build script can write to. Both are linked statically, so no dynamic
// loader acts on that environment; each takes the loader's variables out
// before it starts anything dynamically linked, and each finds what to run
// from a file beside itself rather than from its environment. Header-only:
// the launchers are two small programs that link nothing of capgate's.
#pragma once

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <unistd.h>
#include <vector>

extern char **environ;

namespace capgate::launcher {

/// Variables glibc's dynamic loader, or code it loads on its own, acts on.
inline bool loaderVariable(std::string_view Name) {
  return Name.starts_with("LD_") || Name == "GCONV_PATH" || Name == "GLIBC_TUNABLES" ||
         Name == "MALLOC_TRACE" || Name == "LOCPATH" || Name == "NLSPATH";
}

[[noreturn]] inline void fail(const std::string &Message, int Status) {
  std::fprintf(stderr, "error: capgate: %s\n", Message.c_str());
  std::exit(Status);
}

/// The directory of the path this program was started by (it has several
/// names, all in that directory), or nothing.
inline std::optional<std::string> ownDirectory() {
  std::vector<char> Self(4096);
  ssize_t Length = readlink("/proc/self/exe", Self.data(), Self.size() - 1);
  if (Length <= 0)
    return std::nullopt;
  std::string Directory(Self.data(), static_cast<std::size_t>(Length));
  Directory.erase(Directory.rfind('/'));
  return Directory;
}

/// The lines of \p File, without their newlines; empty when it cannot be
/// read.
inline std::vector<std::string> readLines(const std::string &File) {
  std::vector<std::string> Lines;
  if (FILE *In = std::fopen(File.c_str(), "r")) {
    char Line[4096];
    while (std::fgets(Line, sizeof Line, In))
      Lines.emplace_back(Line, std::strcspn(Line, "\n"));
    std::fclose(In);
  }
  return Lines;
}

/// What removeLoaderVariables() took out of the environment.
struct RemovedVariables {
  /// cargo's own LD_LIBRARY_PATH, to be given back where it belongs.
  std::optional<std::string> LibraryPath;
  /// The names of the others.
  std::vector<std::string> Others;
};

inline RemovedVariables removeLoaderVariables() {
  std::vector<std::string> Names;
  for (char **Entry = environ; *Entry; ++Entry) {
    std::string_view Variable(*Entry);
    std::string_view Name = Variable.substr(0, Variable.find('='));
    if (loaderVariable(Name))
      Names.emplace_back(Name);
  }
  RemovedVariables Removed;
  for (const std::string &Name : Names) {
    if (Name == "LD_LIBRARY_PATH")
      Removed.LibraryPath = std::getenv(Name.c_str());
    else
      Removed.Others.push_back(Name);
    unsetenv(Name.c_str());
  }
  return Removed;
}

/// Replaces this process with \p Command; fails with \p Status if it cannot.
[[noreturn]] inline void execute(std::vector<std::string> Command, int Status) {
  std::vector<char *> Exec;
  for (std::string &Argument : Command)
    Exec.push_back(Argument.data());
  Exec.push_back(nullptr);
  execv(Command[0].c_str(), Exec.data());
  fail("cannot run " + Command[0] + ": " + std::strerror(errno), Status);
}

} // namespace capgate::launcher
