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
  CapabilitySet Direct, Transitive;
  bool Unsafe = false;
};

std::map<std::string, Merged> byName(const Report &R) {
  std::map<std::string, Merged> Result;
  for (const PackageFacts &P : R.Packages) {
    Merged &M = Result[P.Name];
    if (!P.Version.empty())
      M.Versions.insert(P.Version);
    M.Direct.unite(P.allDirect());
    M.Transitive.unite(P.Transitive);
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

} // namespace

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
    C.GainedDirect = N.Direct.without(O.Direct);
    C.LostDirect = O.Direct.without(N.Direct);
    C.GainedTransitive = N.Transitive.without(O.Transitive);
    C.LostTransitive = O.Transitive.without(N.Transitive);
    C.GainedUnsafe = N.Unsafe && !O.Unsafe;
    C.LostUnsafe = O.Unsafe && !N.Unsafe;
    if (C.gained() || !C.LostDirect.empty() || !C.LostTransitive.empty() ||
        C.LostUnsafe)
      D.Packages.push_back(std::move(C));
  }

  using Key = std::tuple<std::string, std::string, std::string>;
  std::map<Key, CapabilitySet> BinBefore, BinAfter;
  for (const BinaryFacts &B : Old.Binaries)
    BinBefore[{B.Package, B.Name, B.Kind}].unite(B.Capabilities);
  for (const BinaryFacts &B : New.Binaries)
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
    if (!C.GainedDirect.empty())
      Parts.push_back("gained " + names(C.GainedDirect));
    if (C.GainedUnsafe)
      Parts.push_back("gained unsafe code");
    if (!C.LostDirect.empty())
      Parts.push_back("lost " + names(C.LostDirect));
    if (C.LostUnsafe)
      Parts.push_back("lost unsafe code");
    // What it reaches through other packages, when that changed beyond its
    // own code.
    CapabilitySet ReachGained = C.GainedTransitive.without(C.GainedDirect);
    CapabilitySet ReachLost = C.LostTransitive.without(C.LostDirect);
    if (!ReachGained.empty())
      Parts.push_back("now reaches " + names(ReachGained));
    if (!ReachLost.empty())
      Parts.push_back("no longer reaches " + names(ReachLost));
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
