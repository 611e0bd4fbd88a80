//===- capgate/policy/Policy.h - The capgate.toml model ---------*- C++ -*-===//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//
//
// DESCRIPTION:
//   What capgate.toml says (docs/policy.md): per package, which capabilities
//   its own code may use, whether it may contain unsafe code, extra grants
//   for its code when it runs in a build script, a proc-macro or a test, and
//   the package versions a grant applies to; plus [api.NAME] tables that
//   extend the pass's annotations.
//
//===----------------------------------------------------------------------===//

#ifndef CAPGATE_POLICY_POLICY_H
#define CAPGATE_POLICY_POLICY_H

#include "capgate/Capability.h"
#include "capgate/policy/Diagnostic.h"
#include "capgate/policy/Semver.h"
#include "capgate/Report.h"

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace capgate::policy {

/// A grant of the Normal scope (`allow`) applies in every scope; the
/// others add to it for their scope only.
/// The policy key of the scope's grant: "allow", "build.allow",
/// "proc_macro.allow", "test.allow".
std::string scopeAllowKey(Scope S);
/// The alias of \p Cap when it has one ("net"), else its canonical name.
std::string_view policySpelling(Capability Cap);

struct SourcePos {
  unsigned Line = 0;
  unsigned Column = 0;
};

struct CapabilityGrant {
  Capability Cap;
  /// As written in the file ("net" or "NETWORK").
  std::string Spelling;
  SourcePos Pos;
};

struct ScopeGrant {
  bool Present = false;
  std::vector<CapabilityGrant> Allow;
  /// The `allow` key's position.
  SourcePos Pos;
  /// True when the scope has its own table header ([pkg.X.build]) rather
  /// than a dotted key (build.allow = ...) in [pkg.X].
  bool OwnHeader = false;
  SourcePos HeaderPos;

  CapabilitySet capabilities() const;
};

/// One [pkg.NAME] table, or one entry of [[pkg.NAME]].
struct PackageGrant {
  std::string Name;
  std::optional<VersionReq> Version;
  SourcePos VersionPos;
  bool AllowUnsafe = false;
  SourcePos UnsafePos;
  std::array<ScopeGrant, NumScopes> Scopes;
  /// The table header's position.
  SourcePos Pos;
  bool ArrayEntry = false;

  const ScopeGrant &scope(Scope S) const {
    return Scopes[static_cast<std::size_t>(S)];
  }
  /// "[pkg.ureq]" or "[[pkg.ureq]]", quoting the name when TOML needs it.
  std::string header() const;
  /// True when the grant has no version requirement or \p V satisfies it.
  /// A version that is not semver only matches unnarrowed grants.
  bool appliesTo(std::string_view V) const;
};

/// One [api.NAME] table: Rust path prefixes that mean a capability.
struct ApiDefinition {
  std::string Name;
  Capability Cap;
  std::vector<std::string> Include, Exclude, Functions;
  SourcePos Pos;
};

struct Policy {
  /// The file name diagnostics and fixes refer to.
  std::string File;
  std::vector<ApiDefinition> Apis;
  std::vector<PackageGrant> Packages;

  /// Every grant table for \p Name, in file order.
  std::vector<const PackageGrant *> grantsFor(std::string_view Name) const;
};

struct ParseOptions {
  /// The names of the packages in the workspace's dependency graph. When
  /// set, a [pkg.NAME] for any other name is an error (with a suggestion).
  std::optional<std::vector<std::string>> KnownPackages;
};

/// Parses policy text. Throws ConfigError listing every problem found
/// (malformed TOML stops at the first).
Policy parsePolicy(std::string_view Text, const std::string &File,
                   const ParseOptions &Options = {});
/// Reads and parses a policy file; an unreadable file is a ConfigError.
Policy loadPolicy(const std::string &Path, const ParseOptions &Options = {});

/// The [api.*] tables as an annotation file in the pass's format
/// (docs/pass.md: `version = 1`, [rust.CAPABILITY] include/exclude/
/// functions), or an empty string when the policy defines no APIs. The
/// subcommand writes it to a file and names that file in
/// CAPGATE_EXTRA_ANNOTATIONS.
std::string annotationToml(const Policy &P);
/// Writes annotationToml() to \p Path; returns false when there is nothing to
/// write (no file is created then). Throws ConfigError when writing fails.
bool writeAnnotationFile(const Policy &P, const std::string &Path);

/// Reads a whole file; throws ConfigError naming it when that fails.
std::string readFile(const std::string &Path);

/// Quotes \p S as a TOML basic string.
std::string tomlQuote(std::string_view S);
/// \p Name as a TOML key: bare when it can be, quoted otherwise.
std::string tomlKey(std::string_view Name);

} // namespace capgate::policy

#endif // CAPGATE_POLICY_POLICY_H
