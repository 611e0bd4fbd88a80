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
#include "Launcher.h"

using namespace capgate::launcher;

namespace {

/// Why this launcher stops: cargo reports a build script that cannot run as
/// a failed build.
constexpr int ExitFailure = 101;

} // namespace

int main(int argc, char **argv) {
  std::optional<std::string> Directory = ownDirectory();
  if (!Directory)
    fail(std::string("cannot find the build script this launcher stands for: ") + std::strerror(errno),
         ExitFailure);
  std::string LaunchFile = *Directory + "/capgate-real/launch";
  std::vector<std::string> Items = readLines(LaunchFile);
  if (Items.size() != 5)
    fail("cannot read " + LaunchFile + "; run the build through `cargo capgate`", ExitFailure);

  std::vector<std::string> Command{Items[0], "--capgate-run-build-script", Items[1], Items[2], Items[3], Items[4]};
  RemovedVariables Removed = removeLoaderVariables();
  if (Removed.LibraryPath)
    Command.insert(Command.end(), {"--capgate-library-path", *Removed.LibraryPath});
  Command.push_back("--");
  Command.insert(Command.end(), argv + 1, argv + argc);
  execute(std::move(Command), ExitFailure);
}
