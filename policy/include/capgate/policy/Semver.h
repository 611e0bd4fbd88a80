//===- capgate/policy/Semver.h - Versions and requirements ------*- C++ -*-===//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//
//
// DESCRIPTION:
//   Semantic versions and Cargo's version requirements ("^1.2",
//   ">=0.4, <0.6", "=1.0.3", "~1.2", "1.*"), with Cargo's meaning: a bare
//   version is a caret requirement, partial versions fill in as Cargo does,
//   and a pre-release version only matches a requirement that names a
//   pre-release of the same major.minor.patch.
//
//===----------------------------------------------------------------------===//

#ifndef CAPGATE_POLICY_SEMVER_H
#define CAPGATE_POLICY_SEMVER_H

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace capgate::policy {

struct Version {
  std::uint64_t Major = 0, Minor = 0, Patch = 0;
  /// Dot-separated pre-release identifiers; empty for a release. Build
  /// metadata is dropped: it does not take part in matching.
  std::vector<std::string> Pre;

  /// Parses "1.2.3", "1.2.3-alpha.1", "1.2.3+build"; nullopt otherwise.
  static std::optional<Version> parse(std::string_view Text);
  std::string str() const;

  /// Semver precedence: a release orders after its pre-releases.
  friend std::strong_ordering operator<=>(const Version &A, const Version &B);
  friend bool operator==(const Version &A, const Version &B) {
    return (A <=> B) == std::strong_ordering::equal;
  }
};

class VersionReq {
public:
  enum class Op { Exact, Greater, GreaterEq, Less, LessEq, Tilde, Caret, Wildcard };

  struct Comparator {
    Op Operator = Op::Caret;
    std::uint64_t Major = 0;
    std::optional<std::uint64_t> Minor, Patch;
    std::vector<std::string> Pre;
  };

  /// Parses a comma-separated list of comparators. Throws
  /// std::invalid_argument with a message saying what is wrong.
  static VersionReq parse(std::string_view Text);

  /// True when \p V satisfies every comparator (and, for a pre-release,
  /// some comparator names a pre-release of the same version).
  bool matches(const Version &V) const;

  const std::string &str() const { return Text; }
  const std::vector<Comparator> &comparators() const { return Comparators; }

private:
  std::string Text;
  std::vector<Comparator> Comparators;
};

} // namespace capgate::policy

#endif // CAPGATE_POLICY_SEMVER_H
