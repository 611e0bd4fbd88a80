// BuildOnly.cpp - build_only packages and dependency closures from cargo's
// resolve.
#include "BuildOnly.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <unordered_map>

namespace capgate {

int CargoResolve::find(std::string_view Name, std::string_view Version) const {
  for (std::size_t I = 0; I < Packages.size(); ++I)
    if (Packages[I].Name == Name && Packages[I].Version == Version)
      return static_cast<int>(I);
  return -1;
}

CargoResolve parseResolve(const nlohmann::json &Metadata) {
  CargoResolve Resolve;
  std::unordered_map<std::string, int> IndexOf;
  for (const auto &Entry : Metadata.value("packages", nlohmann::json::array())) {
    CargoResolve::Package &Package = Resolve.Packages.emplace_back();
    Package.Id = Entry.value("id", "");
    Package.Name = Entry.value("name", "");
    Package.Version = Entry.value("version", "");
    for (const auto &Target : Entry.value("targets", nlohmann::json::array()))
      for (const auto &Kind : Target.value("kind", nlohmann::json::array()))
        Package.ProcMacro = Package.ProcMacro || Kind == "proc-macro";
    IndexOf.emplace(Package.Id, static_cast<int>(Resolve.Packages.size() - 1));
  }
  for (const auto &Member : Metadata.value("workspace_members", nlohmann::json::array()))
    if (auto Found = IndexOf.find(Member.get<std::string>()); Found != IndexOf.end())
      Resolve.Packages[Found->second].Member = true;
  const auto &Nodes = Metadata.contains("resolve") && Metadata["resolve"].is_object()
                          ? Metadata["resolve"].value("nodes", nlohmann::json::array())
                          : nlohmann::json::array();
  for (const auto &Node : Nodes) {
    auto From = IndexOf.find(Node.value("id", ""));
    if (From == IndexOf.end())
      continue;
    for (const auto &Dep : Node.value("deps", nlohmann::json::array())) {
      auto To = IndexOf.find(Dep.value("pkg", ""));
      if (To == IndexOf.end())
        continue;
      CargoResolve::Dependency Dependency{To->second};
      // One entry per role (and target platform); a null kind is normal.
      for (const auto &Kind : Dep.value("dep_kinds", nlohmann::json::array())) {
        const auto &Name = Kind.contains("kind") ? Kind["kind"] : nlohmann::json();
        if (Name.is_null())
          Dependency.Normal = true;
        else if (Name == "build")
          Dependency.Build = true;
        else if (Name == "dev")
          Dependency.Dev = true;
      }
      // cargo before 1.41 wrote no dep_kinds: every edge was then as good
      // as a normal one.
      if (!Dep.contains("dep_kinds"))
        Dependency.Normal = true;
      Resolve.Packages[From->second].Dependencies.push_back(Dependency);
    }
  }
  return Resolve;
}

std::vector<bool> buildOnlyPackages(const CargoResolve &Resolve) {
  // What runs in the programs the workspace ships and its tests: reached
  // from a member through normal edges, or a member's dev-dependency edges
  // (its tests run that code; it is not build-time code). A proc-macro runs
  // inside rustc, so what it uses (and it) runs at build time; a
  // build-dependency edge leads into a build script's process. Neither is
  // crossed.
  std::size_t Count = Resolve.Packages.size();
  std::vector<bool> Shipped(Count, false);
  std::vector<int> Work;
  for (std::size_t I = 0; I < Count; ++I)
    if (Resolve.Packages[I].Member && !Resolve.Packages[I].ProcMacro) {
      Shipped[I] = true;
      Work.push_back(static_cast<int>(I));
    }
  while (!Work.empty()) {
    int Current = Work.back();
    Work.pop_back();
    for (const CargoResolve::Dependency &Dep : Resolve.Packages[Current].Dependencies)
      if ((Dep.Normal || (Dep.Dev && Resolve.Packages[Current].Member)) && !Resolve.Packages[Dep.Package].ProcMacro &&
          !Shipped[Dep.Package]) {
        Shipped[Dep.Package] = true;
        Work.push_back(Dep.Package);
      }
  }
  std::vector<bool> BuildOnly(Count);
  for (std::size_t I = 0; I < Count; ++I)
    BuildOnly[I] = !Shipped[I];
  return BuildOnly;
}

std::vector<std::vector<int>> dependencyClosures(const CargoResolve &Resolve) {
  // One walk per package over the resolve, which is small (hundreds of
  // packages): no need to share work between packages.
  std::size_t Count = Resolve.Packages.size();
  std::vector<std::vector<int>> Closures(Count);
  std::vector<std::size_t> Seen(Count, 0);
  std::vector<int> Work;
  for (std::size_t Start = 0; Start < Count; ++Start) {
    std::size_t Stamp = Start + 1;
    Seen[Start] = Stamp;
    Work.assign(1, static_cast<int>(Start));
    while (!Work.empty()) {
      int Current = Work.back();
      Work.pop_back();
      for (const CargoResolve::Dependency &Dep : Resolve.Packages[Current].Dependencies)
        if ((Dep.Normal || Dep.Build) && Seen[Dep.Package] != Stamp) {
          Seen[Dep.Package] = Stamp;
          Closures[Start].push_back(Dep.Package);
          Work.push_back(Dep.Package);
        }
    }
    std::sort(Closures[Start].begin(), Closures[Start].end());
  }
  return Closures;
}

} // namespace capgate
