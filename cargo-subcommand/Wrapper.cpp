// Wrapper.cpp - adding the plugin to every rustc invocation cargo makes.
//
// cargo calls `$RUSTC_WRAPPER rustc ARGS...` for every crate it compiles,
// build scripts and proc-macros included. The wrapper leaves rustc's
// queries alone (`-vV`, `--print`) and, for compilations, appends:
//   -Zllvm-plugins=<plugin>          the pass
//   -Csymbol-mangling-version=v0     so the pass can tell which crate wrote what
//   -Zinline-mir=no                  so calls stay where the source put them
//   -Cdebuginfo=line-tables-only     file:line for the facts, and no more: the
//                                    analysis build has its own target
//                                    directory, and full debug info (the dev
//                                    profile's default) cost it a quarter of
//                                    a cold build (docs/benchmarks.md)
// RUSTC_BOOTSTRAP=1 is set by the subcommand for the whole build.
#include "Wrapper.h"

#include "Enforcement.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace capgate {

namespace {

bool isQuery(const std::vector<std::string> &Arguments) {
  for (const std::string &Argument : Arguments)
    if (Argument == "-vV" || Argument == "-V" || Argument == "--version" ||
        Argument.rfind("--print", 0) == 0)
      return true;
  return false;
}

} // namespace

void runAsRustcWrapper(int argc, char **argv) {
  std::vector<std::string> Arguments(argv + 1, argv + argc);
  if (Arguments.empty()) {
    std::fprintf(stderr, "cargo-capgate: started as RUSTC_WRAPPER without a rustc\n");
    std::exit(2);
  }
  bool Query = isQuery(Arguments);
  if (!Query) {
    const char *Plugin = std::getenv("CAPGATE_PLUGIN");
    if (!Plugin) {
      std::fprintf(stderr, "cargo-capgate: CAPGATE_PLUGIN is not set; run `cargo capgate build`\n");
      std::exit(2);
    }
    Arguments.push_back(std::string("-Zllvm-plugins=") + Plugin);
    Arguments.push_back("-Csymbol-mangling-version=v0");
    Arguments.push_back("-Zinline-mir=no");
    // Last on the command line, so it wins over the profile's setting.
    Arguments.push_back("-Cdebuginfo=line-tables-only");
  }
  // Chain the wrapper the user had configured (sccache, say).
  const char *Inner = std::getenv("CAPGATE_INNER_WRAPPER");
  if (Inner && *Inner)
    Arguments.insert(Arguments.begin(), Inner);
  std::vector<char *> Exec;
  for (std::string &Argument : Arguments)
    Exec.push_back(Argument.data());
  Exec.push_back(nullptr);

  // With a policy to enforce, rustc runs as a child so that its output can
  // be checked once it has finished; otherwise it replaces this process.
  const char *Policy = std::getenv(PolicyVariable);
  if (Policy && *Policy && !Query) {
    pid_t Child = fork();
    if (Child == 0) {
      execvp(Exec[0], Exec.data());
      std::fprintf(stderr, "cargo-capgate: cannot run %s: %s\n", Exec[0], std::strerror(errno));
      _exit(101);
    }
    int Status = 0;
    if (Child < 0 || waitpid(Child, &Status, 0) < 0)
      std::exit(101);
    if (!WIFEXITED(Status) || WEXITSTATUS(Status) != 0)
      std::exit(WIFEXITED(Status) ? WEXITSTATUS(Status) : 101);
    std::exit(enforcePolicy(std::vector<std::string>(argv + 2, argv + argc)));
  }
  execvp(Exec[0], Exec.data());
  std::fprintf(stderr, "cargo-capgate: cannot run %s: %s\n", Exec[0], std::strerror(errno));
  std::exit(101);
}

} // namespace capgate
