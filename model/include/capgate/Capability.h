//===- capgate/Capability.h - The capability taxonomy -----------*- C++ -*-===//
//
// Part of capgate. Shared by the pass plugin and the cargo subcommand.
//
//===----------------------------------------------------------------------===//
//
// FILE: Capability.h
//
// DESCRIPTION:
//   The set of capabilities capgate reports, their canonical names (those of
//   Google Capslock's common schema, used in every JSON output) and the short
//   aliases the policy file also accepts. This header is compiled both into
//   the pass (no exceptions, no RTTI) and into the subcommand, so it uses
//   neither.
//
//===----------------------------------------------------------------------===//

#ifndef CAPGATE_CAPABILITY_H
#define CAPGATE_CAPABILITY_H

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace capgate {

/// Every capability, in the order reports list them. SAFE is last because it
/// is an annotation verdict rather than something code can "have".
enum class Capability : std::uint8_t {
  Files,
  Network,
  Exec,
  ReadSystemState,
  ModifySystemState,
  SystemCalls,
  ArbitraryExecution,
  NativeCode,
  DynamicLoading,
  Unanalyzed,
  Safe,
};

inline constexpr std::size_t NumCapabilities = 11;

struct CapabilityName {
  Capability Cap;
  std::string_view Name;
  std::string_view Alias;
};

inline constexpr std::array<CapabilityName, NumCapabilities> CapabilityNames{{
    {Capability::Files, "FILES", "fs"},
    {Capability::Network, "NETWORK", "net"},
    {Capability::Exec, "EXEC", "exec"},
    {Capability::ReadSystemState, "READ_SYSTEM_STATE", "env"},
    {Capability::ModifySystemState, "MODIFY_SYSTEM_STATE", "sysmod"},
    {Capability::SystemCalls, "SYSTEM_CALLS", "syscall"},
    {Capability::ArbitraryExecution, "ARBITRARY_EXECUTION", "asm"},
    {Capability::NativeCode, "NATIVE_CODE", "ffi"},
    {Capability::DynamicLoading, "DYNAMIC_LOADING", "dlopen"},
    {Capability::Unanalyzed, "UNANALYZED", "unanalyzed"},
    {Capability::Safe, "SAFE", ""},
}};

inline constexpr std::string_view capabilityName(Capability Cap) {
  return CapabilityNames[static_cast<std::size_t>(Cap)].Name;
}

/// Parses a canonical name ("FILES") or, when \p AcceptAlias, a policy alias
/// ("fs"). Canonical names are matched exactly; aliases case-insensitively
/// would invite two spellings of one thing, so they are exact too.
inline std::optional<Capability> parseCapability(std::string_view Text,
                                                 bool AcceptAlias = false) {
  for (const CapabilityName &Entry : CapabilityNames) {
    if (Text == Entry.Name)
      return Entry.Cap;
    if (AcceptAlias && !Entry.Alias.empty() && Text == Entry.Alias)
      return Entry.Cap;
  }
  return std::nullopt;
}

/// A set of capabilities as a bit mask; cheap to copy and to union, which the
/// propagation over call graphs does for every edge.
class CapabilitySet {
public:
  constexpr CapabilitySet() = default;

  void insert(Capability Cap) { Bits |= bit(Cap); }
  bool contains(Capability Cap) const { return (Bits & bit(Cap)) != 0; }
  bool empty() const { return Bits == 0; }
  std::uint32_t raw() const { return Bits; }

  /// Adds every member of \p Other; returns true when that changed this set.
  bool unite(CapabilitySet Other) {
    std::uint32_t Before = Bits;
    Bits |= Other.Bits;
    return Bits != Before;
  }

  CapabilitySet without(CapabilitySet Other) const {
    CapabilitySet Result;
    Result.Bits = Bits & ~Other.Bits;
    return Result;
  }

  bool operator==(const CapabilitySet &Other) const = default;

  template <typename Fn> void forEach(Fn &&Visit) const {
    for (const CapabilityName &Entry : CapabilityNames)
      if (contains(Entry.Cap))
        Visit(Entry.Cap);
  }

  std::vector<std::string_view> names() const {
    std::vector<std::string_view> Result;
    forEach([&](Capability Cap) { Result.push_back(capabilityName(Cap)); });
    return Result;
  }

private:
  static constexpr std::uint32_t bit(Capability Cap) {
    return 1u << static_cast<unsigned>(Cap);
  }
  std::uint32_t Bits = 0;
};

inline constexpr char lower(char C) {
  return C >= 'A' && C <= 'Z' ? static_cast<char>(C - 'A' + 'a') : C;
}

/// Levenshtein distance, used to suggest a near spelling of an unknown name.
inline std::size_t editDistance(std::string_view A, std::string_view B) {
  std::vector<std::size_t> Row(B.size() + 1);
  for (std::size_t J = 0; J <= B.size(); ++J)
    Row[J] = J;
  for (std::size_t I = 1; I <= A.size(); ++I) {
    std::size_t Diagonal = Row[0];
    Row[0] = I;
    for (std::size_t J = 1; J <= B.size(); ++J) {
      std::size_t Above = Row[J];
      // Case differences count as none: "Files" is a typo of "FILES".
      bool Same = lower(A[I - 1]) == lower(B[J - 1]);
      Row[J] =
          std::min({Row[J] + 1, Row[J - 1] + 1, Diagonal + (Same ? 0 : 1)});
      Diagonal = Above;
    }
  }
  return Row[B.size()];
}

/// Returns the candidate closest to \p Text when it is close enough to be a
/// plausible typo, or an empty view.
inline std::string_view
closestMatch(std::string_view Text,
             const std::vector<std::string_view> &Candidates) {
  std::string_view Best;
  std::size_t BestDistance = Text.size() / 3 + 2;
  for (std::string_view Candidate : Candidates) {
    std::size_t Distance = editDistance(Text, Candidate);
    if (Distance < BestDistance) {
      Best = Candidate;
      BestDistance = Distance;
    }
  }
  return Best;
}

/// Suggests a capability name (canonical or alias) for a misspelt one.
inline std::string_view suggestCapability(std::string_view Text) {
  std::vector<std::string_view> Names;
  for (const CapabilityName &Entry : CapabilityNames) {
    Names.push_back(Entry.Name);
    if (!Entry.Alias.empty())
      Names.push_back(Entry.Alias);
  }
  return closestMatch(Text, Names);
}

} // namespace capgate

#endif // CAPGATE_CAPABILITY_H
