// DependencyTree.h - `cargo capgate tree`: each binary's dependency tree,
// every package with its capabilities, in the style of `cargo tree`; or,
// inverted, every route by which one capability enters each binary.
//
// The tree is cargo's resolve (BuildOnly.h) restricted to the packages the
// analysis build compiled, so that dependencies of other platforms, which
// no artefact has facts for, are left out as `cargo tree` leaves them out
// for the host. A package's dependencies are printed once per tree; where
// it appears again, `(*)` stands for them.
#pragma once

#include "BuildOnly.h"

#include "capgate/Capability.h"
#include "capgate/Report.h"

#include <optional>
#include <string>
#include <vector>

namespace capgate {

/// Which kinds of dependency edge a tree follows (`-e`).
struct EdgeKinds {
  bool Normal = true;
  bool Build = false;
  bool Dev = false;
};

/// `-e` as `cargo tree` takes it: a comma-separated list (given once or
/// more) of normal, build, dev and all, or of no-normal, no-build and
/// no-dev, which take those away from all of them. Throws
/// std::invalid_argument for another kind or a mix of the two forms.
EdgeKinds parseEdgeKinds(const std::vector<std::string> &Values);

/// How each line of a tree starts (`--prefix`).
enum class TreePrefix { Indent, Depth, None };

struct TreeSettings {
  EdgeKinds Edges;
  /// --depth: the deepest level printed (the root is at 0); none for all.
  std::optional<std::size_t> MaxDepth;
  TreePrefix Prefix = TreePrefix::Indent;
  /// -i: show the routes of this capability into each binary instead.
  std::optional<Capability> Invert;
  /// -p: the packages whose binaries to show, as `name` or `name@version`;
  /// empty for the workspace members the build compiled.
  std::vector<std::string> Packages;
  /// Where use sites under it are shown relative to.
  std::string WorkspaceRoot;
  bool Colour = false;
};

/// The trees of \p R's shipped binaries, by package: per root package a
/// line per binary with what its roots reach, then the package's tree, each
/// line a package with its version, its shipped capabilities and, apart,
/// its build-time ones. A root package without binaries gets its tree
/// alone. With Invert, per binary: one line when it does not have the
/// capability, else, from each package that brings it in (the binary's
/// contributors, each marked with its first use of it at file:line), the
/// chain of its dependents up to the binary's package. Linear in the size
/// of the resolve per root package.
std::string renderTree(const Report &R, const CargoResolve &Resolve, const TreeSettings &Settings);

} // namespace capgate
