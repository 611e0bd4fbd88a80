//===- capgate/Report.h - What each package and binary can do ---*- C++ -*-===//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//
//
// DESCRIPTION:
//   The one report model: what the subcommand builds from the facts, what
//   the policy is checked against, what `diff` compares and what the tracer
//   holds a program against. capgate/ReportJson.h reads and writes it as
//   capgate-report/2 (docs/report-schema.md). Plain structs: no JSON, no
//   facts, so every layer above model/ can use them.
//
//===----------------------------------------------------------------------===//

#ifndef CAPGATE_REPORT_H
#define CAPGATE_REPORT_H

#include "capgate/Capability.h"

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

namespace capgate {

/// Where a package's code runs. Normal is the code of the programs you ship
/// (library and binary targets); the others run only at build time (build
/// scripts, proc-macros) or under `cargo test` (tests, benches, examples and
/// libtest's harness).
enum class Scope : std::uint8_t { Normal, BuildScript, ProcMacro, Test };
inline constexpr std::size_t NumScopes = 4;
inline constexpr std::array<Scope, NumScopes> AllScopes{Scope::Normal, Scope::BuildScript, Scope::ProcMacro,
                                                        Scope::Test};

/// "normal", "build-script", "proc-macro", "test": the report's spelling.
inline constexpr std::string_view scopeName(Scope S) {
  constexpr std::array<std::string_view, NumScopes> Names{"normal", "build-script", "proc-macro", "test"};
  return Names[static_cast<std::size_t>(S)];
}

inline std::optional<Scope> parseScope(std::string_view Name) {
  for (Scope S : AllScopes)
    if (scopeName(S) == Name)
      return S;
  return std::nullopt;
}

/// Whether code in \p S runs while the build runs rather than in what it
/// produces.
inline constexpr bool isBuildTime(Scope S) { return S == Scope::BuildScript || S == Scope::ProcMacro; }

struct SourceSite {
  std::string File;
  unsigned Line = 0;

  friend bool operator==(const SourceSite &, const SourceSite &) = default;
  friend auto operator<=>(const SourceSite &, const SourceSite &) = default;
};

/// One place a package's own code uses a capability.
struct UseReport {
  Capability Cap = Capability::Unanalyzed;
  /// The package's function that uses it.
  std::string Function;
  /// What it calls (or references) that carries the capability.
  std::string Callee;
  SourceSite Site;
  Scope Where = Scope::Normal;
};

/// What a package's code does in one scope.
struct ScopeReport {
  /// Whether the package has code in the scope (a build script that uses
  /// nothing is still shown). Always true for Scope::Normal.
  bool Present = false;
  /// What its own code uses.
  CapabilitySet Direct;
  /// What its own code reaches.
  CapabilitySet Transitive;
};

struct PackageReport {
  std::string Name;
  std::string Version;
  /// Code that only ever runs at build time: reached from the workspace
  /// only through build-dependencies or proc-macros. Its Normal scope is
  /// its library code, which the policy checks against `build.allow`.
  bool BuildOnly = false;
  std::array<ScopeReport, NumScopes> Scopes;
  bool Unsafe = false;
  std::vector<UseReport> Uses;
  std::vector<SourceSite> UnsafeSites;

  PackageReport() { Scopes[0].Present = true; }

  ScopeReport &scope(Scope S) { return Scopes[static_cast<std::size_t>(S)]; }
  const ScopeReport &scope(Scope S) const { return Scopes[static_cast<std::size_t>(S)]; }
  CapabilitySet &direct(Scope S = Scope::Normal) { return scope(S).Direct; }
  const CapabilitySet &direct(Scope S = Scope::Normal) const { return scope(S).Direct; }
  CapabilitySet &transitive(Scope S = Scope::Normal) { return scope(S).Transitive; }
  const CapabilitySet &transitive(Scope S = Scope::Normal) const { return scope(S).Transitive; }

  /// The union of every scope's direct set.
  CapabilitySet allDirect() const {
    CapabilitySet All;
    for (const ScopeReport &Each : Scopes)
      All.unite(Each.Direct);
    return All;
  }
  /// What runs at build time: the build-script and proc-macro scopes, and
  /// the library code of a build-only package.
  CapabilitySet buildTimeDirect() const {
    CapabilitySet All = direct(Scope::BuildScript);
    All.unite(direct(Scope::ProcMacro));
    if (BuildOnly)
      All.unite(direct(Scope::Normal));
    return All;
  }
  /// What ships in the build's programs: nothing for a build-only package.
  CapabilitySet shippedDirect() const { return BuildOnly ? CapabilitySet() : direct(Scope::Normal); }
  CapabilitySet shippedTransitive() const { return BuildOnly ? CapabilitySet() : transitive(Scope::Normal); }

  /// Records a use, and its capability in its scope's direct set.
  void addUse(UseReport U) {
    scope(U.Where).Present = true;
    direct(U.Where).insert(U.Cap);
    Uses.push_back(std::move(U));
  }
};

/// One step of a call path, and the package whose code it is (empty for
/// the last, a function outside every package, or a C symbol).
struct PathHop {
  std::string Function;
  std::string Package;
  SourceSite Site;
};

/// A package of the build: its name and version, which tell two versions
/// of one crate apart.
struct PackageRef {
  std::string Name;
  std::string Version;

  friend bool operator==(const PackageRef &, const PackageRef &) = default;
  friend auto operator<=>(const PackageRef &, const PackageRef &) = default;
};

struct BinaryReport {
  std::string Name;
  std::string Package;
  /// bin, build-script, test, example, cdylib, staticlib, proc-macro.
  std::string Kind;
  /// What its roots reach.
  CapabilitySet Capabilities;
  /// One shortest call path per capability, from a root.
  std::map<Capability, std::vector<PathHop>> Paths;
  /// Per capability, the packages whose own code uses it on a path the
  /// binary's roots reach, sorted.
  std::map<Capability, std::vector<PackageRef>> Contributors;
};

struct Report {
  std::vector<PackageReport> Packages;
  std::vector<BinaryReport> Binaries;
  /// Calls between packages (caller, callee), for the dot graph.
  std::vector<std::pair<std::string, std::string>> Calls;
  /// Dependencies between packages (dependent, dependency), each version
  /// its own package, from cargo's resolve, for the dot graph; empty when
  /// not asked for, never written.
  std::vector<std::pair<PackageRef, PackageRef>> Dependencies;
  /// Whether build scripts and rustc ran in bubblewrap's sandbox; false
  /// under --no-sandbox.
  bool Sandbox = true;

  /// The packages' names, sorted, each once.
  std::vector<std::string> packageNames() const {
    std::vector<std::string> Names;
    for (const PackageReport &P : Packages)
      Names.push_back(P.Name);
    std::sort(Names.begin(), Names.end());
    Names.erase(std::unique(Names.begin(), Names.end()), Names.end());
    return Names;
  }
};

} // namespace capgate

#endif // CAPGATE_REPORT_H
