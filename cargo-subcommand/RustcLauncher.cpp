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
#include "Launcher.h"

using namespace capgate::launcher;

namespace {

/// A wrapper without its session is a configuration error.
constexpr int ExitFailure = 2;

} // namespace

int main(int argc, char **argv) {
  std::optional<std::string> Session = ownDirectory();
  if (!Session)
    fail(std::string("cannot find the capgate session: ") + std::strerror(errno), ExitFailure);
  std::vector<std::string> Lines = readLines(*Session + "/executable");
  if (Lines.empty() || Lines[0].empty())
    fail("cannot read " + *Session + "/executable; run the build through `cargo capgate`", ExitFailure);
  std::string Executable = Lines[0];

  std::vector<std::string> Command{Executable, "--capgate-session", *Session};
  RemovedVariables Removed = removeLoaderVariables();
  if (Removed.LibraryPath)
    Command.insert(Command.end(), {"--capgate-library-path", *Removed.LibraryPath});
  std::string Others;
  for (const std::string &Name : Removed.Others)
    Others += (Others.empty() ? "" : ",") + Name;
  if (!Others.empty())
    Command.insert(Command.end(), {"--capgate-removed", Others});
  Command.push_back("--");
  Command.insert(Command.end(), argv + 1, argv + argc);
  execute(std::move(Command), ExitFailure);
}
