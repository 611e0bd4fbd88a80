//===- Semver.cpp - Versions and requirements ------------------------------===//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//
//
// DESCRIPTION:
//   Cargo's requirement semantics, comparator by comparator, as the semver
//   crate Cargo uses defines them (docs/policy.md has the table).
//
//===----------------------------------------------------------------------===//

#include "capgate/policy/Semver.h"

#include <charconv>
#include <stdexcept>

namespace capgate::policy {

namespace {

bool isDigits(std::string_view S) {
  if (S.empty())
    return false;
  for (char C : S)
    if (C < '0' || C > '9')
      return false;
  return true;
}

std::optional<std::uint64_t> parseNumber(std::string_view S) {
  // Semver forbids leading zeros in numeric parts ("01").
  if (!isDigits(S) || (S.size() > 1 && S[0] == '0'))
    return std::nullopt;
  std::uint64_t Value = 0;
  auto [End, Error] = std::from_chars(S.data(), S.data() + S.size(), Value);
  if (Error != std::errc() || End != S.data() + S.size())
    return std::nullopt;
  return Value;
}

std::vector<std::string_view> split(std::string_view S, char Separator) {
  std::vector<std::string_view> Parts;
  while (true) {
    std::size_t At = S.find(Separator);
    Parts.push_back(S.substr(0, At));
    if (At == std::string_view::npos)
      return Parts;
    S.remove_prefix(At + 1);
  }
}

std::string_view trim(std::string_view S) {
  while (!S.empty() && (S.front() == ' ' || S.front() == '\t'))
    S.remove_prefix(1);
  while (!S.empty() && (S.back() == ' ' || S.back() == '\t'))
    S.remove_suffix(1);
  return S;
}

/// Parses dot-separated pre-release identifiers: alphanumerics and '-',
/// non-empty, numeric ones without leading zeros.
std::optional<std::vector<std::string>> parsePre(std::string_view S) {
  std::vector<std::string> Result;
  for (std::string_view Id : split(S, '.')) {
    if (Id.empty())
      return std::nullopt;
    for (char C : Id)
      if (!((C >= '0' && C <= '9') || (C >= 'a' && C <= 'z') ||
            (C >= 'A' && C <= 'Z') || C == '-'))
        return std::nullopt;
    if (isDigits(Id) && Id.size() > 1 && Id[0] == '0')
      return std::nullopt;
    Result.emplace_back(Id);
  }
  return Result;
}

/// Pre-release precedence; an empty list (a release) is greatest.
std::strong_ordering comparePre(const std::vector<std::string> &A,
                                const std::vector<std::string> &B) {
  if (A.empty() || B.empty())
    return A.empty() <=> B.empty();
  for (std::size_t I = 0; I < A.size() && I < B.size(); ++I) {
    bool NumA = isDigits(A[I]), NumB = isDigits(B[I]);
    if (NumA && NumB) {
      // Compare by length first: no leading zeros, arbitrary size.
      if (auto C = A[I].size() <=> B[I].size(); C != 0)
        return C;
      if (auto C = A[I].compare(B[I]) <=> 0; C != 0)
        return C;
    } else if (NumA != NumB) {
      return NumA ? std::strong_ordering::less : std::strong_ordering::greater;
    } else if (auto C = A[I].compare(B[I]) <=> 0; C != 0) {
      return C;
    }
  }
  return A.size() <=> B.size();
}

using Comparator = VersionReq::Comparator;
using Op = VersionReq::Op;

bool matchesExact(const Comparator &C, const Version &V) {
  if (V.Major != C.Major)
    return false;
  if (C.Minor && V.Minor != *C.Minor)
    return false;
  if (C.Patch && V.Patch != *C.Patch)
    return false;
  return comparePre(V.Pre, C.Pre) == 0;
}

bool matchesGreater(const Comparator &C, const Version &V) {
  if (V.Major != C.Major)
    return V.Major > C.Major;
  if (!C.Minor)
    return false;
  if (V.Minor != *C.Minor)
    return V.Minor > *C.Minor;
  if (!C.Patch)
    return false;
  if (V.Patch != *C.Patch)
    return V.Patch > *C.Patch;
  return comparePre(V.Pre, C.Pre) > 0;
}

bool matchesLess(const Comparator &C, const Version &V) {
  if (V.Major != C.Major)
    return V.Major < C.Major;
  if (!C.Minor)
    return false;
  if (V.Minor != *C.Minor)
    return V.Minor < *C.Minor;
  if (!C.Patch)
    return false;
  if (V.Patch != *C.Patch)
    return V.Patch < *C.Patch;
  return comparePre(V.Pre, C.Pre) < 0;
}

bool matchesTilde(const Comparator &C, const Version &V) {
  if (V.Major != C.Major)
    return false;
  if (C.Minor && V.Minor != *C.Minor)
    return false;
  if (C.Patch && V.Patch != *C.Patch)
    return V.Patch > *C.Patch;
  return comparePre(V.Pre, C.Pre) >= 0;
}

bool matchesCaret(const Comparator &C, const Version &V) {
  if (V.Major != C.Major)
    return false;
  if (!C.Minor)
    return true;
  if (!C.Patch)
    return C.Major > 0 ? V.Minor >= *C.Minor : V.Minor == *C.Minor;
  if (C.Major > 0) {
    if (V.Minor != *C.Minor)
      return V.Minor > *C.Minor;
    if (V.Patch != *C.Patch)
      return V.Patch > *C.Patch;
  } else if (*C.Minor > 0) {
    if (V.Minor != *C.Minor)
      return false;
    if (V.Patch != *C.Patch)
      return V.Patch > *C.Patch;
  } else if (V.Minor != *C.Minor || V.Patch != *C.Patch) {
    return false;
  }
  return comparePre(V.Pre, C.Pre) >= 0;
}

bool matchesComparator(const Comparator &C, const Version &V) {
  switch (C.Operator) {
  case Op::Exact:
    return matchesExact(C, V);
  case Op::Greater:
    return matchesGreater(C, V);
  case Op::GreaterEq:
    return matchesExact(C, V) || matchesGreater(C, V);
  case Op::Less:
    return matchesLess(C, V);
  case Op::LessEq:
    return matchesExact(C, V) || matchesLess(C, V);
  case Op::Tilde:
    return matchesTilde(C, V);
  case Op::Caret:
    return matchesCaret(C, V);
  case Op::Wildcard:
    return V.Major == C.Major && (!C.Minor || V.Minor == *C.Minor);
  }
  return false;
}

/// A pre-release version is only considered by a requirement that names a
/// pre-release of the same major.minor.patch ("^1.2.3-beta" admits
/// 1.2.3-beta.2 but no pre-release of 1.2.4).
bool preIsCompatible(const Comparator &C, const Version &V) {
  return C.Major == V.Major && C.Minor == V.Minor && C.Patch == V.Patch &&
         !C.Pre.empty();
}

bool isWildcard(std::string_view S) { return S == "*" || S == "x" || S == "X"; }

Comparator parseComparator(std::string_view Text) {
  std::string_view S = trim(Text);
  if (S.empty())
    throw std::invalid_argument("empty comparator");
  Comparator C;
  bool Explicit = true;
  if (S.starts_with(">="))
    C.Operator = Op::GreaterEq, S.remove_prefix(2);
  else if (S.starts_with("<="))
    C.Operator = Op::LessEq, S.remove_prefix(2);
  else if (S.starts_with(">"))
    C.Operator = Op::Greater, S.remove_prefix(1);
  else if (S.starts_with("<"))
    C.Operator = Op::Less, S.remove_prefix(1);
  else if (S.starts_with("="))
    C.Operator = Op::Exact, S.remove_prefix(1);
  else if (S.starts_with("~"))
    C.Operator = Op::Tilde, S.remove_prefix(1);
  else if (S.starts_with("^"))
    C.Operator = Op::Caret, S.remove_prefix(1);
  else
    Explicit = false;
  S = trim(S);
  if (S.empty())
    throw std::invalid_argument("'" + std::string(Text) +
                                "' has an operator but no version");

  std::string_view Core = S;
  if (std::size_t Plus = Core.find('+'); Plus != std::string_view::npos)
    Core = Core.substr(0, Plus);
  std::string_view PreText;
  bool HasPre = false;
  if (std::size_t Dash = Core.find('-'); Dash != std::string_view::npos) {
    PreText = Core.substr(Dash + 1);
    Core = Core.substr(0, Dash);
    HasPre = true;
  }
  std::vector<std::string_view> Parts = split(Core, '.');
  if (Parts.size() > 3)
    throw std::invalid_argument("'" + std::string(S) +
                                "' has more than three version numbers");
  auto Bad = [&]() {
    return std::invalid_argument("'" + std::string(S) +
                                 "' is not a version (expected e.g. 1.2.3)");
  };

  if (isWildcard(Parts[0])) {
    if (Parts.size() > 1 || HasPre || Explicit)
      throw Bad();
    // "*" matches every release.
    C.Operator = Op::GreaterEq;
    C.Major = 0;
    C.Minor = 0;
    C.Patch = 0;
    return C;
  }
  std::optional<std::uint64_t> Major = parseNumber(Parts[0]);
  if (!Major)
    throw Bad();
  C.Major = *Major;
  bool SawWildcard = false;
  for (std::size_t I = 1; I < Parts.size(); ++I) {
    std::optional<std::uint64_t> &Slot = I == 1 ? C.Minor : C.Patch;
    if (isWildcard(Parts[I])) {
      SawWildcard = true;
      continue;
    }
    if (SawWildcard)
      throw Bad();
    Slot = parseNumber(Parts[I]);
    if (!Slot)
      throw Bad();
  }
  if (SawWildcard) {
    if (HasPre || (Explicit && C.Operator != Op::Exact))
      throw Bad();
    C.Operator = Op::Wildcard;
    return C;
  }
  if (HasPre) {
    if (!C.Patch)
      throw std::invalid_argument("'" + std::string(S) +
                                  "': a pre-release needs all three numbers");
    std::optional<std::vector<std::string>> Pre = parsePre(PreText);
    if (!Pre)
      throw Bad();
    C.Pre = std::move(*Pre);
  }
  return C;
}

} // namespace

std::optional<Version> Version::parse(std::string_view Text) {
  std::string_view S = trim(Text);
  if (std::size_t Plus = S.find('+'); Plus != std::string_view::npos)
    S = S.substr(0, Plus);
  Version V;
  if (std::size_t Dash = S.find('-'); Dash != std::string_view::npos) {
    std::optional<std::vector<std::string>> Pre = parsePre(S.substr(Dash + 1));
    if (!Pre)
      return std::nullopt;
    V.Pre = std::move(*Pre);
    S = S.substr(0, Dash);
  }
  std::vector<std::string_view> Parts = split(S, '.');
  if (Parts.size() != 3)
    return std::nullopt;
  std::optional<std::uint64_t> Major = parseNumber(Parts[0]),
                               Minor = parseNumber(Parts[1]),
                               Patch = parseNumber(Parts[2]);
  if (!Major || !Minor || !Patch)
    return std::nullopt;
  V.Major = *Major;
  V.Minor = *Minor;
  V.Patch = *Patch;
  return V;
}

std::string Version::str() const {
  std::string Result = std::to_string(Major) + "." + std::to_string(Minor) +
                       "." + std::to_string(Patch);
  for (std::size_t I = 0; I < Pre.size(); ++I)
    Result += (I == 0 ? "-" : ".") + Pre[I];
  return Result;
}

std::strong_ordering operator<=>(const Version &A, const Version &B) {
  if (auto C = A.Major <=> B.Major; C != 0)
    return C;
  if (auto C = A.Minor <=> B.Minor; C != 0)
    return C;
  if (auto C = A.Patch <=> B.Patch; C != 0)
    return C;
  return comparePre(A.Pre, B.Pre);
}

VersionReq VersionReq::parse(std::string_view Text) {
  VersionReq Req;
  Req.Text = std::string(trim(Text));
  if (Req.Text.empty())
    throw std::invalid_argument("empty version requirement");
  for (std::string_view Part : split(Text, ','))
    Req.Comparators.push_back(parseComparator(Part));
  return Req;
}

bool VersionReq::matches(const Version &V) const {
  for (const Comparator &C : Comparators)
    if (!matchesComparator(C, V))
      return false;
  if (V.Pre.empty())
    return true;
  for (const Comparator &C : Comparators)
    if (preIsCompatible(C, V))
      return true;
  return false;
}

} // namespace capgate::policy
