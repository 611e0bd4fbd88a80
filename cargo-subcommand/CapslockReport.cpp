// CapslockReport.cpp - the report as Capslock's JSON (--format capslock).
//
// Capslock (github.com/google/capslock) writes a CapabilityInfoList message
// of its proto/capability.proto in protobuf's JSON mapping; its tools
// (capslock -output=compare, capslock-git-diff) read it back with a strict
// parser. So this writes exactly what that mapping allows: lowerCamelCase
// field names, enum values by the names Capslock's enums define, int64
// fields as JSON strings, and no empty lists (an unset field is absent).
// docs/report-schema.md says what maps to what.
#include "Renderings.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <set>

namespace capgate {

namespace {

using Json = nlohmann::ordered_json;

/// The value of Capslock's Capability enum for \p Cap. Two of capgate's
/// capabilities have no value of their own there: calls into non-Rust code
/// are what Capslock calls CGO, and loading a library at run time is
/// charged EXEC, as Capslock charges Go's plugin.Open. capabilityName keeps
/// capgate's own name either way.
std::string capslockEnum(Capability Cap) {
  switch (Cap) {
  case Capability::NativeCode:
    return "CAPABILITY_CGO";
  case Capability::DynamicLoading:
    return "CAPABILITY_EXEC";
  default:
    return "CAPABILITY_" + std::string(capabilityName(Cap));
  }
}

/// Capslock's Function.Site: where the call that reaches a function is made.
/// Capslock writes the file's base name, and its line and column, being
/// int64 fields, as strings. capgate records no columns, so column is left
/// out, which Capslock's readers take as 0 (unknown).
Json siteOf(const SourceSite &Site) {
  return Json{{"filename", std::filesystem::path(Site.File).filename().string()},
              {"line", std::to_string(Site.Line)}};
}

/// Capslock's path: one Function per hop, each but the first with the site
/// of the call that reached it. capgate's hop carries the site of the call
/// it makes to the next hop, so each site moves one element down the path;
/// the root is reached by no call and has none, as in Capslock's own output.
Json pathOf(const std::vector<PathHop> &Hops) {
  Json Path = Json::array();
  for (std::size_t I = 0; I < Hops.size(); ++I) {
    Json Function = {{"name", Hops[I].Function}};
    if (I > 0 && !Hops[I - 1].Site.File.empty() && Hops[I - 1].Site.Line)
      Function["site"] = siteOf(Hops[I - 1].Site);
    if (!Hops[I].Package.empty())
      Function["package"] = Hops[I].Package;
    Path.push_back(std::move(Function));
  }
  return Path;
}

} // namespace

std::string renderCapslock(const Report &R, bool Tests) {
  std::set<std::string> BuildPackages;
  for (const PackageReport &P : R.Packages)
    BuildPackages.insert(P.Name);

  Json Infos = Json::array();
  std::set<std::string> Queried;
  for (const BinaryReport &B : R.Binaries) {
    // Capslock describes what programs can do; build scripts run in the
    // build, not in what it produces.
    if (B.Kind == "build-script" || !shownBinary(B.Kind, Tests))
      continue;
    Queried.insert(B.Package);
    for (const auto &[Cap, Hops] : B.Paths) {
      if (Hops.empty())
        continue;
      std::string DepPath;
      for (const PathHop &Hop : Hops)
        DepPath += (DepPath.empty() ? "" : " ") + Hop.Function;
      // As Capslock decides it: transitive when the path passes through a
      // package of the build other than the binary's own; the standard
      // library, not a package of the build, does not count.
      bool Transitive = false;
      for (const PathHop &Hop : Hops)
        if (Hop.Package != B.Package && BuildPackages.count(Hop.Package))
          Transitive = true;
      // Capslock fills packageDir with the package's import path, the same
      // name its path elements carry as package; a Cargo package's name is
      // what identifies it here.
      Infos.push_back({{"packageName", B.Package},
                       {"capabilityName", std::string(capabilityName(Cap))},
                       {"capability", capslockEnum(Cap)},
                       {"depPath", DepPath},
                       {"path", pathOf(Hops)},
                       {"packageDir", B.Package},
                       {"capabilityType", Transitive ? "CAPABILITY_TYPE_TRANSITIVE" : "CAPABILITY_TYPE_DIRECT"}});
    }
  }
  Json Modules = Json::array();
  for (const PackageReport &P : R.Packages)
    Modules.push_back({{"path", P.Name}, {"version", P.Version}});
  Json Packages = Json::array();
  for (const std::string &Name : Queried)
    Packages.push_back({{"path", Name}});

  // Protobuf's JSON mapping leaves an empty repeated field out.
  Json List = Json::object();
  if (!Infos.empty())
    List["capabilityInfo"] = std::move(Infos);
  if (!Modules.empty())
    List["moduleInfo"] = std::move(Modules);
  if (!Packages.empty())
    List["packageInfo"] = std::move(Packages);
  return List.dump(2) + "\n";
}

} // namespace capgate
