// BuildOnly.h - cargo's resolve, reduced to what blame and build_only need.
//
// `cargo metadata` lists, per package of the resolve, its dependencies and
// in which roles (dep_kinds: normal, build, dev). From it:
// - which packages' code only ever runs at build time (build_only): those
//   no workspace member reaches through normal edges (or a member's
//   dev-dependency edges: its tests run that code) without passing through
//   a proc-macro package or a build-dependency edge. Proc-macro packages
//   themselves run inside rustc, so they are build_only too.
// - what each package may be charged through (PackageReach.h): its
//   transitive dependencies.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace capgate {

struct CargoResolve {
  struct Dependency {
    /// Index into Packages.
    int Package = -1;
    /// A dependency may be in several roles at once (a crate that is both a
    /// normal and a build-dependency).
    bool Normal = false;
    bool Build = false;
    bool Dev = false;
  };
  struct Package {
    std::string Id;
    std::string Name;
    std::string Version;
    /// A workspace member.
    bool Member = false;
    /// Its library is a proc-macro.
    bool ProcMacro = false;
    std::vector<Dependency> Dependencies;
  };
  /// In the order cargo metadata lists them.
  std::vector<Package> Packages;

  /// The index of the package (name, version), or -1. Two packages of one
  /// name and version (from different sources) are not told apart: the
  /// first is returned.
  int find(std::string_view Name, std::string_view Version) const;
};

/// The resolve of `cargo metadata --format-version 1` output: packages,
/// workspace members, their target kinds, resolve.nodes[].deps[].dep_kinds.
/// Without a resolve (--no-deps), every package has no dependencies.
CargoResolve parseResolve(const nlohmann::json &Metadata);

/// Per package of \p Resolve: whether its code only ever runs at build time.
std::vector<bool> buildOnlyPackages(const CargoResolve &Resolve);

/// Per package of \p Resolve: the packages it depends on transitively
/// through normal and build edges, never through a dev edge (a package's
/// dev-dependencies serve only its tests; PackageReach adds them for the
/// test scope): sorted indices, not including the package itself.
std::vector<std::vector<int>> dependencyClosures(const CargoResolve &Resolve);

} // namespace capgate
