//===- Init.cpp - A first capgate.toml -------------------------------------===//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//
//
// DESCRIPTION:
//   Versions of one package in the same semver-compatible series (same
//   major; same minor below 1.0; same patch below 0.1) share one grant;
//   several series of one package become [[pkg.NAME]] entries.
//
//===----------------------------------------------------------------------===//

#include "capgate/policy/Init.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>
#include <tuple>

namespace capgate::policy {

namespace {

struct Series {
  std::string Key;
  std::optional<Version> Lowest;
  std::vector<const PackageReport *> Members;
};

std::string seriesKey(const std::string &V) {
  std::optional<Version> Parsed = Version::parse(V);
  if (!Parsed)
    return "?" + V;
  if (Parsed->Major > 0)
    return std::to_string(Parsed->Major);
  if (Parsed->Minor > 0)
    return "0." + std::to_string(Parsed->Minor);
  return "0.0." + std::to_string(Parsed->Patch);
}

std::string shorten(const std::string &Path, const std::string &Root) {
  if (Root.empty())
    return Path;
  std::string Prefix = Root.back() == '/' ? Root : Root + "/";
  return Path.starts_with(Prefix) ? Path.substr(Prefix.size()) : Path;
}

/// The scope whose grant covers \p F's code in \p S: a build-only
/// package's library code is granted by `build.allow`.
Scope grantScope(const PackageReport &F, Scope S) {
  return F.BuildOnly && S == Scope::Normal ? Scope::BuildScript : S;
}

/// "helpers::read_any calls std::fs::read (src/lib.rs:4), and 2 more": the
/// first use in source order, one with a known site first (a use from data
/// such as a vtable has none, and a compiler-made name).
std::string whyComment(const std::vector<const PackageReport *> &Members,
                       Scope S, Capability Cap, const InitOptions &Options) {
  const UseReport *First = nullptr;
  std::size_t Count = 0;
  for (const PackageReport *F : Members)
    for (const UseReport &U : F->Uses)
      if (U.Cap == Cap && grantScope(*F, U.Where) == S) {
        ++Count;
        auto Key = [](const UseReport *X) {
          return std::make_tuple(X->Site.File.empty(), std::cref(X->Site.File), X->Site.Line, std::cref(X->Function));
        };
        if (!First || Key(&U) < Key(First))
          First = &U;
      }
  if (!First)
    return "used by the package's code (no use site recorded)";
  std::string Out;
  if (!First->Function.empty() && !First->Callee.empty())
    Out = fmt::format("{} calls {}", First->Function, First->Callee);
  else
    Out = !First->Function.empty() ? First->Function : First->Callee;
  if (!First->Site.File.empty())
    Out += fmt::format(" ({}{})", shorten(First->Site.File, Options.SourceRoot),
                       First->Site.Line ? ":" + std::to_string(First->Site.Line) : "");
  if (Count > 1)
    Out += fmt::format(", and {} more", Count - 1);
  return Out;
}

CapabilitySet safeOnly() {
  CapabilitySet Safe;
  Safe.insert(Capability::Safe);
  return Safe;
}

} // namespace

std::string generatePolicy(const std::vector<PackageReport> &Packages,
                           const InitOptions &Options) {
  // Package name -> series, both in a stable order.
  std::map<std::string, std::map<std::string, Series>> ByName;
  for (const PackageReport &F : Packages) {
    if (F.allDirect().without(safeOnly()).empty() && !F.Unsafe)
      continue;
    std::string Key = Options.NarrowVersions ? seriesKey(F.Version) : "";
    Series &S = ByName[F.Name][Key];
    S.Key = Key;
    S.Members.push_back(&F);
    std::optional<Version> V = Version::parse(F.Version);
    if (V && (!S.Lowest || *V < *S.Lowest))
      S.Lowest = V;
  }

  std::string Out =
      "# capgate.toml: which package may use which capability.\n"
      "# Written by `cargo capgate init` from what the code uses today; each\n"
      "# grant names a function that needs it. See docs/policy.md.\n"
      "version = 1\n";
  for (const auto &[Name, AllSeries] : ByName) {
    bool Array = AllSeries.size() > 1;
    for (const auto &[Key, S] : AllSeries) {
      std::string Inner = "pkg." + tomlKey(Name);
      Out += Array ? "\n[[" + Inner + "]]\n" : "\n[" + Inner + "]\n";
      if (Options.NarrowVersions && S.Lowest)
        Out += fmt::format("version = {}\n", tomlQuote("^" + S.Lowest->str()));
      // What normal code may use it may use in every scope, so the other
      // scopes list only what they add.
      std::array<CapabilitySet, NumScopes> Granted;
      for (const PackageReport *F : S.Members)
        for (Scope Sc : AllScopes)
          Granted[static_cast<std::size_t>(grantScope(*F, Sc))].unite(F->direct(Sc));
      const CapabilitySet &Normal = Granted[static_cast<std::size_t>(Scope::Normal)];
      for (Scope Sc : AllScopes) {
        CapabilitySet Caps = Granted[static_cast<std::size_t>(Sc)];
        if (Sc != Scope::Normal)
          Caps = Caps.without(Normal);
        Caps = Caps.without(safeOnly());
        if (Caps.empty())
          continue;
        std::string Lines;
        Caps.forEach([&](Capability Cap) {
          if (Cap == Capability::Safe)
            return;
          Lines += fmt::format("  {}, # {}\n",
                               tomlQuote(policySpelling(Cap)),
                               whyComment(S.Members, Sc, Cap, Options));
        });
        if (!Lines.empty())
          Out += scopeAllowKey(Sc) + " = [\n" + Lines + "]\n";
      }
      bool Unsafe = false;
      const SourceSite *Site = nullptr;
      for (const PackageReport *F : S.Members) {
        Unsafe = Unsafe || F->Unsafe;
        if (!Site && !F->UnsafeSites.empty())
          Site = &F->UnsafeSites.front();
      }
      if (Unsafe) {
        Out += "allow_unsafe = true";
        if (Site)
          Out += fmt::format(" # unsafe code at {}{}",
                             shorten(Site->File, Options.SourceRoot),
                             Site->Line ? ":" + std::to_string(Site->Line) : "");
        Out += "\n";
      }
    }
  }
  return Out;
}

} // namespace capgate::policy
