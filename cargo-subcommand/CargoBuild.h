// CargoBuild.h - running cargo for an analysis build and collecting artefacts.
#pragma once

#include "BuildOnly.h"
#include "Session.h"
#include "Toolchain.h"

#include "capgate/Report.h"

#include <nlohmann/json_fwd.hpp>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace capgate {

/// The cargo to run: $CARGO, which cargo sets for the subcommands it runs
/// (`cargo +nightly capgate` then runs nightly's cargo), else cargo on PATH.
std::string cargoProgram();

/// One compiled target, from cargo's `compiler-artifact` message.
struct Artifact {
  std::string PackageName;
  std::string PackageVersion;
  std::string ManifestDir;
  std::string TargetName;
  /// bin, example, test, build-script, proc-macro, cdylib, staticlib, or lib.
  std::string Kind;
  std::vector<std::string> Files;
  /// The file that holds a linked program's facts; empty for libraries.
  std::string Binary;
  /// Whether the package's code only runs at build time
  /// (buildOnlyPackages in BuildOnly.h).
  bool BuildOnly = false;
  /// The target's crate root (cargo's `src_path`), which cargo's JSON
  /// messages about the target name.
  std::string SourcePath;
};

/// Runs `cargo build` (with \p CargoArguments) with cargo-capgate as
/// RUSTC_WRAPPER into \p TargetDir, in \p WorkingDir (where cargo looks for its
/// configuration; empty for the current directory). cargo's progress and errors go to stderr
/// unchanged. Returns cargo's exit status; \p Artifacts gets every artefact
/// cargo reports, fresh or rebuilt, so a no-op build still lists them all.
/// With \p JsonMessages, cargo's JSON messages (diagnostics included, as
/// `--message-format json` gives them) go to stdout as cargo wrote them.
/// Without \p ReplayFreshWarnings (and without \p JsonMessages), the
/// warnings of units cargo found fresh are not shown again; errors, and
/// warnings of units compiled now, go to stderr as cargo would render them.
///
/// \p Settings holds what the caller decides (policy, violations directory,
/// extra annotation files such as the policy's [api] tables, sandbox); the
/// rest of the session is filled in here: the annotations (the user's
/// CAPGATE_ANNOTATIONS_DIR and CAPGATE_EXTRA_ANNOTATIONS, which this
/// process's environment may set, or the installed ones), the digest, the
/// user's own RUSTC_WRAPPER, and the identity of every unit from `cargo
/// metadata` with \p MetadataArguments (from its cache, MetadataCache.h,
/// when \p RustcVersion, `rustc -vV`'s output, and the rest of what it was
/// made from are unchanged). cargo then runs with no CAPGATE_* variable in
/// its environment, so that any its rustc sees came from a build script.
/// \p Resolve gets that `cargo metadata`'s resolve (BuildOnly.h).
int runAnalysisBuild(const Installation &Tools, const std::string &RustcVersion,
                     const std::vector<std::string> &CargoArguments,
                     const std::vector<std::string> &MetadataArguments, const std::string &TargetDir,
                     const std::string &WorkingDir, Session Settings, std::vector<Artifact> &Artifacts,
                     CargoResolve &Resolve, bool JsonMessages = false, bool ReplayFreshWarnings = true);

/// The identity of every target of every package of \p Metadata (`cargo
/// metadata` output, whose resolve is \p Resolve), keyed by
/// Session::unitKey.
std::map<std::string, UnitIdentity> unitIdentities(const nlohmann::json &Metadata, const CargoResolve &Resolve);

/// The key (Session::unitKey) of the target \p TargetName whose crate root
/// is \p SourcePath, a build script when \p BuildScript.
std::string targetUnitKey(bool BuildScript, const std::string &TargetName, const std::string &SourcePath);

/// The first of \p Artifacts (cargo's own account of each unit it built)
/// whose identity \p Units does not give, or gives differently, described
/// for a note; nothing when they all agree.
std::optional<std::string> identityMismatch(const std::map<std::string, UnitIdentity> &Units,
                                            const std::vector<Artifact> &Artifacts);

/// The dependency edges (dependent, dependency) between the packages of
/// \p Resolve, in every role, each version its own package.
std::vector<std::pair<PackageRef, PackageRef>> dependencyEdges(const CargoResolve &Resolve);

/// Whether a compiled crate is a build script. cargo names a build script's
/// crate after its file: build.rs gives build_script_build, `build =
/// "build/main.rs"` build_script_main; and it is always a binary.
inline bool isBuildScriptCrate(std::string_view CrateName, bool Binary) {
  return Binary && CrateName.starts_with("build_script_");
}

/// Splits a cargo package id into name and version.
void parsePackageId(const std::string &Id, std::string &Name, std::string &Version);

} // namespace capgate
