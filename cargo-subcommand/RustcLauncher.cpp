// RustcLauncher.cpp - the program cargo runs as RUSTC_WRAPPER.
//
// cargo gives its RUSTC_WRAPPER the environment it gives rustc, and a build
// script's `cargo:rustc-env` lines add to it: LD_PRELOAD=<its OUT_DIR>/x.so
// would load the build script's code into every dynamically linked program
// that starts there, cargo-capgate included, and from inside the wrapper
// that code could rewrite the configuration, the identity and the verdict.
// So the wrapper cargo starts is this program, linked statically (no
// dynamic loader reads its environment), which takes the loader's variables
// out of the environment before it starts cargo-capgate:
//
//   <session>/rustc-wrapper rustc ARGS...
//     -> cargo-capgate --capgate-session <session>
//          [--capgate-library-path <LD_LIBRARY_PATH>]
//          [--capgate-removed NAME,NAME...] -- rustc ARGS...
//
// LD_LIBRARY_PATH is cargo's own (rustup's toolchain and the directories
// proc-macros are loaded from); the wrapper gives it back to rustc, but
// cargo-capgate itself runs without it. Everything else removed is named,
// so that the wrapper can say which package's build script set it.
//
// The session directory is the one this program is in: the driver links it
// there as <session>/rustc-wrapper, and <session>/executable names
// cargo-capgate.
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <unistd.h>
#include <vector>

extern char **environ;

namespace {

/// Variables glibc's dynamic loader, or code it loads on its own, acts on.
bool loaderVariable(std::string_view Name) {
  return Name.starts_with("LD_") || Name == "GCONV_PATH" || Name == "GLIBC_TUNABLES" ||
         Name == "MALLOC_TRACE" || Name == "LOCPATH" || Name == "NLSPATH";
}

[[noreturn]] void fail(const std::string &Message) {
  std::fprintf(stderr, "error: capgate: %s\n", Message.c_str());
  std::exit(2);
}

} // namespace

int main(int argc, char **argv) {
  std::vector<char> Self(4096);
  ssize_t Length = readlink("/proc/self/exe", Self.data(), Self.size() - 1);
  if (Length <= 0)
    fail(std::string("cannot find the capgate session: ") + std::strerror(errno));
  std::string Session(Self.data(), static_cast<std::size_t>(Length));
  Session.erase(Session.rfind('/'));
  std::string Executable;
  if (FILE *In = std::fopen((Session + "/executable").c_str(), "r")) {
    char Line[4096];
    if (std::fgets(Line, sizeof Line, In))
      Executable.assign(Line, std::strcspn(Line, "\n"));
    std::fclose(In);
  }
  if (Executable.empty())
    fail("cannot read " + Session + "/executable; run the build through `cargo capgate`");

  std::vector<std::string> Names;
  for (char **Entry = environ; *Entry; ++Entry) {
    std::string_view Variable(*Entry);
    std::string_view Name = Variable.substr(0, Variable.find('='));
    if (loaderVariable(Name))
      Names.emplace_back(Name);
  }
  std::vector<std::string> Command{Executable, "--capgate-session", Session};
  std::string Removed;
  for (const std::string &Name : Names) {
    if (Name == "LD_LIBRARY_PATH")
      Command.insert(Command.end(), {"--capgate-library-path", std::getenv(Name.c_str())});
    else
      Removed += (Removed.empty() ? "" : ",") + Name;
    unsetenv(Name.c_str());
  }
  if (!Removed.empty())
    Command.insert(Command.end(), {"--capgate-removed", Removed});
  Command.push_back("--");
  Command.insert(Command.end(), argv + 1, argv + argc);
  std::vector<char *> Exec;
  for (std::string &Argument : Command)
    Exec.push_back(Argument.data());
  Exec.push_back(nullptr);
  execv(Executable.c_str(), Exec.data());
  fail("cannot run " + Executable + ": " + std::strerror(errno));
}
