// BuildScriptLauncher.cpp - the program at a build script's path.
//
// After rustc links a build script, capgate's wrapper moves the executable
// into <dir>/capgate-real/ and links this program at its path (Sandbox.h),
// so that cargo, which runs build scripts itself, runs this instead:
//
//   <target>/<profile>/build/<package>-<hash>/build-script-build ARGS...
//     -> cargo-capgate --capgate-run-build-script <session> <real executable>
//          <package> <version> [--capgate-library-path <LD_LIBRARY_PATH>] -- ARGS...
//
// which runs the real build script in bubblewrap's sandbox. It is linked
// statically, like the rustc launcher: cargo adds the library directories a
// proc-macro dependency's build script names to LD_LIBRARY_PATH, so a
// dynamically linked launcher (or /bin/sh) could load a hostile library
// before any sandbox exists. It takes the dynamic loader's variables out of
// the environment, handing LD_LIBRARY_PATH on to be set again inside the
// sandbox.
//
// What to run is in <dir>/capgate-real/launch, one item a line: cargo-capgate,
// the session directory, the real executable, the package and its version.
// <dir> is the directory of the path cargo ran, from /proc/self/exe (this
// program has several names, all in <dir>).
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
  std::exit(101);
}

} // namespace

int main(int argc, char **argv) {
  std::vector<char> Self(4096);
  ssize_t Length = readlink("/proc/self/exe", Self.data(), Self.size() - 1);
  if (Length <= 0)
    fail(std::string("cannot find the build script this launcher stands for: ") + std::strerror(errno));
  std::string Directory(Self.data(), static_cast<std::size_t>(Length));
  Directory.erase(Directory.rfind('/'));
  std::string LaunchFile = Directory + "/capgate-real/launch";
  std::vector<std::string> Items;
  if (FILE *In = std::fopen(LaunchFile.c_str(), "r")) {
    char Line[4096];
    while (std::fgets(Line, sizeof Line, In))
      Items.emplace_back(Line, std::strcspn(Line, "\n"));
    std::fclose(In);
  }
  if (Items.size() != 5)
    fail("cannot read " + LaunchFile + "; run the build through `cargo capgate`");

  std::vector<std::string> Command{Items[0], "--capgate-run-build-script", Items[1], Items[2], Items[3], Items[4]};
  std::vector<std::string> Names;
  for (char **Entry = environ; *Entry; ++Entry) {
    std::string_view Variable(*Entry);
    std::string_view Name = Variable.substr(0, Variable.find('='));
    if (loaderVariable(Name))
      Names.emplace_back(Name);
  }
  for (const std::string &Name : Names) {
    if (Name == "LD_LIBRARY_PATH")
      Command.insert(Command.end(), {"--capgate-library-path", std::getenv(Name.c_str())});
    unsetenv(Name.c_str());
  }
  Command.push_back("--");
  Command.insert(Command.end(), argv + 1, argv + argc);
  std::vector<char *> Exec;
  for (std::string &Argument : Command)
    Exec.push_back(Argument.data());
  Exec.push_back(nullptr);
  execv(Items[0].c_str(), Exec.data());
  fail("cannot run " + Items[0] + ": " + std::strerror(errno));
}
