// Sandbox.h - build scripts and rustc under bubblewrap.
//
// A dependency's build script and its proc-macros (which run inside rustc)
// are code capgate judges, and may be hostile. Under `cargo capgate` they
// run in bubblewrap's sandbox (docs/security.md):
//   build scripts: the whole file system read-only except their OUT_DIR and
//     a private /tmp; no network unless the policy grants NETWORK to the
//     package's build script; /run hidden when there is no network (its
//     UNIX sockets reach other programs); capgate's facts key directory
//     hidden; no CAPGATE_* variable in the environment.
//   rustc: the file system read-only except the directories this
//     compilation writes (its --out-dir, its incremental directory, the
//     files it is told to emit) and a private /tmp; no network; /run and
//     the facts key directory hidden; so the session directory, the build
//     scripts' launchers and the other crates' build directories are out
//     of a proc-macro's reach.
// cargo runs build scripts itself; the wrapper replaces each build script it
// has just linked with a launcher (BuildScriptLauncher.cpp) that runs the
// real executable through `cargo-capgate --capgate-run-build-script`.
#pragma once

#include "RustcInvocation.h"
#include "Session.h"

#include "capgate/policy/Policy.h"

#include <optional>
#include <string>
#include <vector>

namespace capgate {

/// The option that makes cargo-capgate run a build script in the sandbox:
/// `cargo-capgate --capgate-run-build-script SESSION-DIR REAL-EXE PACKAGE
/// VERSION [--capgate-library-path PATH] -- ARGS...`, as the launcher at the
/// build script's path runs it.
inline constexpr const char *RunBuildScriptOption = "--capgate-run-build-script";

/// The bubblewrap executable, found at fixed system locations only (never
/// through PATH, which a build script's `cargo:rustc-env` can set for the
/// wrapper), or empty when it is not installed.
std::string bubblewrapExecutable();

/// Checks that bubblewrap can make a sandbox on this host (it needs user
/// namespaces unless it is setuid). Throws std::runtime_error with a message
/// for people, suggesting --no-sandbox, when it cannot.
void requireSandbox();

/// The packages whose build scripts \p Policy grants NETWORK (in `allow` or
/// `build.allow`), for Session::BuildScriptNetwork: "name" for a grant to
/// every version, "name@REQ" for a grant narrowed to the versions REQ.
std::vector<std::string> buildScriptNetworkGrants(const policy::Policy &Policy);

/// Whether \p S grants NETWORK to the build script of \p Package \p Version.
bool buildScriptMayUseNetwork(const Session &S, const std::string &Package, const std::string &Version);

/// Before a sandboxed build into \p TargetDir: removes every build-script
/// executable there that has no launcher of capgate's in front of it (left
/// by a --no-sandbox build or an older capgate; cargo would run it as it is
/// if it reruns the script without relinking it), so that cargo relinks it
/// and the wrapper puts a launcher in front. Returns how many it removed.
std::size_t removeUnlaunchedBuildScripts(const std::string &TargetDir);

/// Step 5 of the wrapper: \p Command (rustc and its arguments, or the
/// user's wrapper, rustc and its arguments) as a command that runs it in
/// the sandbox. Unchanged when the session has no sandbox, when the user's
/// own wrapper (sccache, say) runs rustc (a compiler cache's server starts
/// rustc itself, out of any sandbox around its client, and talks to its
/// client over the network), and inside a build script's sandbox (a probe
/// such as autocfg's, which that sandbox already confines more tightly).
std::vector<std::string> sandboxedRustc(const Session &S, std::vector<std::string> Command);

/// The last of step 7 of the wrapper, once rustc has succeeded and
/// everything that reads the executable (seals, policy) has: when
/// \p Invocation linked a build script, moves the executable into
/// capgate-real/ beside it, keeping its name, and puts the launcher at its
/// path, so that cargo (which runs it there, or at the hard link it makes
/// from it) runs it in the sandbox. Without a sandbox, leaves the script as
/// rustc linked it. Throws std::runtime_error.
void installBuildScriptLauncher(const Session &S, const RustcInvocation &Invocation,
                                const std::optional<UnitIdentity> &Identity);

/// The executable rustc linked for the build script cargo reports at \p Path
/// (build-script-build): the real one, when \p Path is capgate's launcher;
/// else the file of which \p Path is cargo's hard link, under rustc's name
/// (build_script_build-<hash>), which is the name its seal vouches for.
std::string realBuildScript(const std::string &Path);

/// Runs a build script in the sandbox (argv as RunBuildScriptOption
/// describes). Does not return when exec succeeds.
[[noreturn]] void runBuildScript(int argc, char **argv);

} // namespace capgate
