// CapslockReport.cpp - the report as Capslock's JSON (--format capslock).
#include "Renderings.h"

#include <nlohmann/json.hpp>

namespace capgate {

namespace {

using Json = nlohmann::ordered_json;

} // namespace

std::string renderCapslock(const Report &R, bool Tests) {
  Json Infos = Json::array();
  for (const BinaryReport &B : R.Binaries) {
    // Capslock describes what programs can do; build scripts run in the
    // build, not in what it produces.
    if (B.Kind == "build-script" || !shownBinary(B.Kind, Tests))
      continue;
    for (const auto &[Cap, Hops] : B.Paths) {
      Json Path = Json::array();
      std::string DepPath;
      for (const PathHop &Hop : Hops) {
        Path.push_back({{"name", Hop.Function}, {"package", Hop.Package}});
        DepPath += (DepPath.empty() ? "" : " ") + Hop.Function;
      }
      // A path that leaves the binary's own package is transitive.
      bool Direct = Hops.size() >= 2 && Hops[Hops.size() - 2].Package == B.Package;
      Infos.push_back({{"packageName", B.Package},
                       {"capability", "CAPABILITY_" + std::string(capabilityName(Cap))},
                       {"depPath", DepPath},
                       {"path", std::move(Path)},
                       {"capabilityType", Direct ? "CAPABILITY_TYPE_DIRECT" : "CAPABILITY_TYPE_TRANSITIVE"}});
    }
  }
  Json Modules = Json::array();
  for (const PackageReport &P : R.Packages)
    Modules.push_back({{"path", P.Name}, {"version", P.Version}});
  return Json{{"capabilityInfo", std::move(Infos)}, {"moduleInfo", std::move(Modules)}}.dump(2) + "\n";
}

} // namespace capgate
