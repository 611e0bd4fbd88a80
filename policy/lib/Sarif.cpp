//===- Sarif.cpp - SARIF 2.1.0 output --------------------------------------===//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//

#include "capgate/policy/Sarif.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace capgate::policy {

namespace {

using json = nlohmann::ordered_json;

struct Rule {
  const char *Id;
  const char *Name;
  const char *Text;
  const char *Level;
};

constexpr Rule Rules[] = {
    {"capgate/capability-not-allowed", "CapabilityNotAllowed",
     "A package uses a capability its policy does not grant.", "error"},
    {"capgate/unsafe-not-allowed", "UnsafeNotAllowed",
     "A package contains unsafe code its policy does not allow.", "error"},
    {"capgate/unused-grant", "UnusedGrant",
     "A grant in the policy that no code needs.", "warning"},
    {"capgate/capability-gained", "CapabilityGained",
     "A package or binary gained a capability.", "error"},
    {"capgate/capability-lost", "CapabilityLost",
     "A package or binary lost a capability.", "note"},
};

class Log {
public:
  explicit Log(const SarifOptions &Options) : Options(Options) {}

  json location(const std::string &File, unsigned Line, unsigned Column = 0) {
    json Artifact;
    std::string Root = Options.SourceRoot;
    if (!Root.empty() && Root.back() != '/')
      Root += '/';
    std::string Path = File.empty() ? Options.FallbackUri : File;
    if (!Root.empty() && Path.starts_with(Root)) {
      Artifact["uri"] = Path.substr(Root.size());
      Artifact["uriBaseId"] = "%SRCROOT%";
    } else if (!Path.empty() && Path.front() == '/') {
      Artifact["uri"] = "file://" + Path;
    } else {
      Artifact["uri"] = Path;
    }
    json Physical = {{"artifactLocation", Artifact}};
    if (!File.empty() && Line) {
      json Region = {{"startLine", Line}};
      if (Column)
        Region["startColumn"] = Column;
      Physical["region"] = Region;
    }
    return json{{"physicalLocation", Physical}};
  }

  void add(std::size_t RuleIndex, std::string Level, std::string Message,
           json Location, json Properties = json::object()) {
    json Result = {{"ruleId", Rules[RuleIndex].Id},
                   {"ruleIndex", RuleIndex},
                   {"level", std::move(Level)},
                   {"message", {{"text", std::move(Message)}}},
                   {"locations", json::array({std::move(Location)})}};
    if (!Properties.empty())
      Result["properties"] = std::move(Properties);
    Results.push_back(std::move(Result));
  }

  std::string str() {
    json RuleList = json::array();
    for (const Rule &R : Rules)
      RuleList.push_back(
          {{"id", R.Id},
           {"name", R.Name},
           {"shortDescription", {{"text", R.Text}}},
           {"defaultConfiguration", {{"level", R.Level}}}});
    json Run = {
        {"tool",
         {{"driver",
           {{"name", "capgate"},
            {"version", Options.ToolVersion},
            {"rules", RuleList}}}}},
        {"results", Results}};
    if (!Options.SourceRoot.empty()) {
      std::string Root = Options.SourceRoot;
      if (Root.back() != '/')
        Root += '/';
      Run["originalUriBaseIds"] = {{"%SRCROOT%", {{"uri", "file://" + Root}}}};
    }
    json Doc = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                {"version", "2.1.0"},
                {"runs", json::array({Run})}};
    return Doc.dump(2) + "\n";
  }

private:
  const SarifOptions &Options;
  json Results = json::array();
};

std::string names(CapabilitySet S) {
  return fmt::format("{}", fmt::join(S.names(), ", "));
}

} // namespace

std::string sarifForEvaluation(const Evaluation &E, const Policy &P,
                               bool DenyUnused, const SarifOptions &Options) {
  Log L(Options);
  for (const Violation &V : E.Violations) {
    std::string Message = V.message() + ". To allow it, set `" + V.Fix.text() +
                          "` in " + V.Fix.Table + " of " + P.File + ".";
    if (!V.Note.empty())
      Message += " Note: " + V.Note + ".";
    json Location = V.File.empty()
                        ? L.location(P.File, V.Fix.Line ? V.Fix.Line
                                                        : V.Fix.TableLine)
                        : L.location(V.File, V.Line);
    json Properties = {{"package", V.Package},
                       {"version", V.Version},
                       {"scope", scopeName(V.Where)},
                       {"build_only", V.BuildOnly},
                       {"policyTable", V.Fix.Table},
                       {"policyLine", V.Fix.text()}};
    if (V.Cap)
      Properties["capability"] = capabilityName(*V.Cap);
    L.add(V.What == Violation::Kind::Unsafe ? 1 : 0, "error", Message,
          Location, Properties);
  }
  for (const UnusedGrant &U : E.Unused)
    L.add(2, DenyUnused ? "error" : "warning", U.Message,
          L.location(P.File, U.Pos.Line, U.Pos.Column),
          {{"package", U.Package}, {"scope", scopeName(U.Where)}});
  return L.str();
}

std::string sarifForDiff(const ReportDiff &D, const Report &New,
                         const SarifOptions &Options) {
  Log L(Options);
  auto useSite = [&](const std::string &Package, Capability Cap, View V) -> json {
    for (const PackageReport &P : New.Packages)
      if (P.Name == Package)
        for (const UseReport &U : P.Uses)
          if (U.Cap == Cap && !U.Site.File.empty() && viewCapabilities(P, V, false).contains(Cap))
            return L.location(U.Site.File, U.Site.Line);
    return L.location("", 0);
  };
  for (const PackageChange &C : D.Packages) {
    std::string Version = C.NewVersion.empty() ? C.OldVersion : C.NewVersion;
    for (View V : AllViews) {
      const ViewChange &VC = C.view(V);
      std::string Where = V == View::Shipped ? "" : V == View::BuildTime ? " at build time" : " in tests";
      VC.GainedDirect.forEach([&](Capability Cap) {
        L.add(3, "error",
              fmt::format("package `{}` {} gained {}{} (was {})", C.Name, C.NewVersion, capabilityName(Cap), Where,
                          C.OldVersion.empty() ? "not a dependency" : C.OldVersion),
              useSite(C.Name, Cap, V), {{"package", C.Name}, {"capability", capabilityName(Cap)}});
      });
      VC.GainedTransitive.without(VC.GainedDirect).forEach([&](Capability Cap) {
        L.add(3, "error",
              fmt::format("package `{}` {} now reaches {}{} through its dependencies", C.Name, Version,
                          capabilityName(Cap), Where),
              L.location("", 0), {{"package", C.Name}, {"capability", capabilityName(Cap)}});
      });
      if (!VC.LostDirect.empty())
        L.add(4, "note", fmt::format("package `{}` {} lost {}{}", C.Name, Version, names(VC.LostDirect), Where),
              L.location("", 0), {{"package", C.Name}});
    }
    if (C.GainedUnsafe)
      L.add(3, "error",
            fmt::format("package `{}` {} gained unsafe code", C.Name, Version),
            L.location("", 0), {{"package", C.Name}});
  }
  for (const BinaryChange &C : D.Binaries) {
    if (!C.Gained.empty())
      L.add(3, "error",
            fmt::format("binary `{}` ({}, {}) gained {}", C.Name, C.Package,
                        C.Kind, names(C.Gained)),
            L.location("", 0), {{"binary", C.Name}, {"package", C.Package}});
    if (!C.Lost.empty())
      L.add(4, "note",
            fmt::format("binary `{}` ({}, {}) lost {}", C.Name, C.Package,
                        C.Kind, names(C.Lost)),
            L.location("", 0), {{"binary", C.Name}, {"package", C.Package}});
  }
  return L.str();
}

} // namespace capgate::policy
