//===- Diff.cpp - What changed between two reports -------------------------===//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//

#include "capgate/policy/Diff.h"

#include <fmt/format.h>

#include <map>
#include <set>
#include <tuple>

namespace capgate::policy {

namespace {

struct Merged {
  std::set<std::string> Versions;
  std::array<CapabilitySet, NumViews> Direct, Transitive;
  bool Unsafe = false;
};

std::map<std::string, Merged> byName(const Report &R) {
  std::map<std::string, Merged> Result;
  for (const PackageReport &P : R.Packages) {
    Merged &M = Result[P.Name];
    if (!P.Version.empty())
      M.Versions.insert(P.Version);
    for (View V : AllViews) {
      M.Direct[static_cast<std::size_t>(V)].unite(viewCapabilities(P, V, false));
      M.Transitive[static_cast<std::size_t>(V)].unite(viewCapabilities(P, V, true));
    }
    M.Unsafe = M.Unsafe || P.Unsafe;
  }
  return Result;
}

std::string joined(const std::set<std::string> &Versions) {
  return fmt::format("{}", fmt::join(Versions, ", "));
}

std::string names(CapabilitySet S) {
  return fmt::format("{}", fmt::join(S.names(), ", "));
}

/// What the diff says of a change in \p V: "" for shipped code.
std::string_view viewPhrase(View V) {
  return V == View::Shipped ? "" : V == View::BuildTime ? " at build time" : " in tests";
}

} // namespace

CapabilitySet viewCapabilities(const PackageReport &P, View V, bool Transitive) {
  auto Of = [&](Scope S) { return Transitive ? P.transitive(S) : P.direct(S); };
  CapabilitySet Result;
  switch (V) {
  case View::Shipped:
    if (!P.BuildOnly)
      Result = Of(Scope::Normal);
    break;
  case View::BuildTime:
    Result = Of(Scope::BuildScript);
    Result.unite(Of(Scope::ProcMacro));
    if (P.BuildOnly)
      Result.unite(Of(Scope::Normal));
    break;
  case View::Test:
    Result = Of(Scope::Test);
    break;
  }
  return Result;
}

bool ReportDiff::gained() const {
  for (const PackageChange &P : Packages)
    if (P.gained())
      return true;
  for (const BinaryChange &B : Binaries)
    if (!B.Gained.empty())
      return true;
  return false;
}

ReportDiff diffReports(const Report &Old, const Report &New) {
  ReportDiff D;
  std::map<std::string, Merged> Before = byName(Old), After = byName(New);
  std::set<std::string> Names;
  for (const auto &[Name, M] : Before)
    Names.insert(Name);
  for (const auto &[Name, M] : After)
    Names.insert(Name);
  for (const std::string &Name : Names) {
    Merged Empty;
    const Merged &O = Before.count(Name) ? Before[Name] : Empty;
    const Merged &N = After.count(Name) ? After[Name] : Empty;
    PackageChange C;
    C.Name = Name;
    C.OldVersion = joined(O.Versions);
    C.NewVersion = joined(N.Versions);
    bool Lost = false;
    for (std::size_t V = 0; V < NumViews; ++V) {
      ViewChange &VC = C.Views[V];
      VC.GainedDirect = N.Direct[V].without(O.Direct[V]);
      VC.LostDirect = O.Direct[V].without(N.Direct[V]);
      VC.GainedTransitive = N.Transitive[V].without(O.Transitive[V]);
      VC.LostTransitive = O.Transitive[V].without(N.Transitive[V]);
      Lost = Lost || VC.lost();
    }
    C.GainedUnsafe = N.Unsafe && !O.Unsafe;
    C.LostUnsafe = O.Unsafe && !N.Unsafe;
    if (C.gained() || Lost || C.LostUnsafe)
      D.Packages.push_back(std::move(C));
  }

  using Key = std::tuple<std::string, std::string, std::string>;
  std::map<Key, CapabilitySet> BinBefore, BinAfter;
  for (const BinaryReport &B : Old.Binaries)
    BinBefore[{B.Package, B.Name, B.Kind}].unite(B.Capabilities);
  for (const BinaryReport &B : New.Binaries)
    BinAfter[{B.Package, B.Name, B.Kind}].unite(B.Capabilities);
  std::set<Key> Keys;
  for (const auto &[K, S] : BinBefore)
    Keys.insert(K);
  for (const auto &[K, S] : BinAfter)
    Keys.insert(K);
  for (const Key &K : Keys) {
    BinaryChange C;
    std::tie(C.Package, C.Name, C.Kind) = K;
    C.InOld = BinBefore.count(K);
    C.InNew = BinAfter.count(K);
    CapabilitySet O = C.InOld ? BinBefore[K] : CapabilitySet();
    CapabilitySet N = C.InNew ? BinAfter[K] : CapabilitySet();
    C.Gained = N.without(O);
    C.Lost = O.without(N);
    if (!C.Gained.empty() || !C.Lost.empty())
      D.Binaries.push_back(std::move(C));
  }
  return D;
}

std::string renderDiff(const ReportDiff &D) {
  if (D.empty())
    return "no capability changes\n";
  std::string Out;
  std::size_t Gaining = 0;
  for (const PackageChange &C : D.Packages) {
    std::string Versions;
    if (C.OldVersion.empty())
      Versions = fmt::format(" {} (new)", C.NewVersion);
    else if (C.NewVersion.empty())
      Versions = fmt::format(" {} (removed)", C.OldVersion);
    else if (C.OldVersion != C.NewVersion)
      Versions = fmt::format(" {} -> {}", C.OldVersion, C.NewVersion);
    else
      Versions = " " + C.NewVersion;
    std::vector<std::string> Parts;
    for (View V : AllViews) {
      const ViewChange &VC = C.view(V);
      std::string_view Where = viewPhrase(V);
      if (!VC.GainedDirect.empty())
        Parts.push_back(fmt::format("gained {}{}", names(VC.GainedDirect), Where));
      if (!VC.LostDirect.empty())
        Parts.push_back(fmt::format("lost {}{}", names(VC.LostDirect), Where));
      // What it reaches through other packages, when that changed beyond
      // its own code.
      CapabilitySet ReachGained = VC.GainedTransitive.without(VC.GainedDirect);
      CapabilitySet ReachLost = VC.LostTransitive.without(VC.LostDirect);
      if (!ReachGained.empty())
        Parts.push_back(fmt::format("now reaches {}{}", names(ReachGained), Where));
      if (!ReachLost.empty())
        Parts.push_back(fmt::format("no longer reaches {}{}", names(ReachLost), Where));
    }
    if (C.GainedUnsafe)
      Parts.push_back("gained unsafe code");
    if (C.LostUnsafe)
      Parts.push_back("lost unsafe code");
    if (C.gained())
      ++Gaining;
    Out += fmt::format("package {}{}: {}\n", C.Name, Versions,
                       fmt::join(Parts, "; "));
  }
  for (const BinaryChange &C : D.Binaries) {
    std::vector<std::string> Parts;
    if (!C.Gained.empty())
      Parts.push_back("gained " + names(C.Gained));
    if (!C.Lost.empty())
      Parts.push_back("lost " + names(C.Lost));
    if (!C.Gained.empty())
      ++Gaining;
    Out += fmt::format("binary {} ({}, {}){}: {}\n", C.Name, C.Package, C.Kind,
                       !C.InOld ? " (new)" : !C.InNew ? " (removed)" : "",
                       fmt::join(Parts, "; "));
  }
  Out += fmt::format("capgate: {} package{} and {} binar{} changed, {} "
                     "gained capabilities\n",
                     D.Packages.size(), D.Packages.size() == 1 ? "" : "s",
                     D.Binaries.size(), D.Binaries.size() == 1 ? "y" : "ies",
                     Gaining);
  return Out;
}

} // namespace capgate::policy
