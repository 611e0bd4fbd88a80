// BuildOnlyTest.cpp - build_only packages and dependency closures from
// synthetic `cargo metadata` output.
#include "BuildOnly.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>
#include <string>

namespace capgate {
namespace {

/// Metadata for packages given as name -> (proc-macro?, deps), where a dep
/// is "name" (normal), "name:build", "name:dev" or "name:normal+build";
/// members are listed separately.
struct PackageSpec {
  bool ProcMacro = false;
  std::vector<std::string> Deps;
};

nlohmann::json metadata(const std::map<std::string, PackageSpec> &Packages,
                        const std::vector<std::string> &Members) {
  auto Id = [](const std::string &Name) { return "registry+https://x#" + Name + "@1.0.0"; };
  nlohmann::json Result{{"packages", nlohmann::json::array()},
                        {"workspace_members", nlohmann::json::array()},
                        {"resolve", {{"nodes", nlohmann::json::array()}}}};
  for (const auto &[Name, Spec] : Packages) {
    nlohmann::json Kinds = Spec.ProcMacro ? nlohmann::json::array({"proc-macro"}) : nlohmann::json::array({"lib"});
    Result["packages"].push_back({{"id", Id(Name)},
                                  {"name", Name},
                                  {"version", "1.0.0"},
                                  {"targets", nlohmann::json::array({{{"kind", Kinds}}, {{"kind", {"custom-build"}}}})}});
    nlohmann::json Deps = nlohmann::json::array();
    for (const std::string &Dep : Spec.Deps) {
      std::string DepName = Dep.substr(0, Dep.find(':'));
      std::string Roles = Dep.find(':') == std::string::npos ? "normal" : Dep.substr(Dep.find(':') + 1);
      nlohmann::json DepKinds = nlohmann::json::array();
      for (const char *Role : {"normal", "build", "dev"})
        if (Roles.find(Role) != std::string::npos)
          DepKinds.push_back({{"kind", std::string(Role) == "normal" ? nlohmann::json() : nlohmann::json(Role)},
                              {"target", nullptr}});
      Deps.push_back({{"name", DepName}, {"pkg", Id(DepName)}, {"dep_kinds", DepKinds}});
    }
    Result["resolve"]["nodes"].push_back({{"id", Id(Name)}, {"deps", Deps}});
  }
  for (const std::string &Member : Members)
    Result["workspace_members"].push_back(Id(Member));
  return Result;
}

std::map<std::string, bool> buildOnlyByName(const CargoResolve &Resolve) {
  std::vector<bool> BuildOnly = buildOnlyPackages(Resolve);
  std::map<std::string, bool> Result;
  for (std::size_t I = 0; I < Resolve.Packages.size(); ++I)
    Result[Resolve.Packages[I].Name] = BuildOnly[I];
  return Result;
}

TEST(BuildOnly, ParsesRolesMembersAndProcMacros) {
  CargoResolve Resolve = parseResolve(metadata(
      {{"app", {false, {"lib", "cc:build", "both:normal+build", "check:dev"}}},
       {"lib", {}}, {"cc", {}}, {"both", {}}, {"check", {}}, {"derive", {true, {}}}},
      {"app"}));
  int App = Resolve.find("app", "1.0.0");
  ASSERT_GE(App, 0);
  EXPECT_TRUE(Resolve.Packages[App].Member);
  EXPECT_FALSE(Resolve.Packages[App].ProcMacro);
  EXPECT_TRUE(Resolve.Packages[Resolve.find("derive", "1.0.0")].ProcMacro);
  EXPECT_EQ(Resolve.find("app", "2.0.0"), -1);
  std::map<std::string, std::string> Roles;
  for (const CargoResolve::Dependency &Dep : Resolve.Packages[App].Dependencies)
    Roles[Resolve.Packages[Dep.Package].Name] =
        std::string(Dep.Normal ? "n" : "") + (Dep.Build ? "b" : "") + (Dep.Dev ? "d" : "");
  EXPECT_EQ(Roles, (std::map<std::string, std::string>{{"lib", "n"}, {"cc", "b"}, {"both", "nb"}, {"check", "d"}}));
}

TEST(BuildOnly, ThroughProcMacro) {
  // app -> derive (proc-macro) -> syn: both run inside rustc only.
  auto BuildOnly = buildOnlyByName(parseResolve(metadata(
      {{"app", {false, {"derive", "lib"}}}, {"derive", {true, {"syn"}}}, {"syn", {}}, {"lib", {}}}, {"app"})));
  EXPECT_EQ(BuildOnly, (std::map<std::string, bool>{{"app", false}, {"derive", true}, {"syn", true}, {"lib", false}}));
}

TEST(BuildOnly, ThroughBuildDependencyEdge) {
  // app's build script uses cc, which uses jobserver; lib's build script
  // uses autocfg.
  auto BuildOnly = buildOnlyByName(parseResolve(metadata(
      {{"app", {false, {"cc:build", "lib"}}}, {"cc", {false, {"jobserver"}}}, {"jobserver", {}},
       {"lib", {false, {"autocfg:build"}}}, {"autocfg", {}}},
      {"app"})));
  EXPECT_EQ(BuildOnly, (std::map<std::string, bool>{
                           {"app", false}, {"cc", true}, {"jobserver", true}, {"lib", false}, {"autocfg", true}}));
}

TEST(BuildOnly, NormalAndBuildDependencyIsShipped) {
  // `both` in both roles of one edge; `shared` a build-dependency of app
  // and a normal dependency of lib; `macro_dep` used by a proc-macro and
  // by lib.
  auto BuildOnly = buildOnlyByName(parseResolve(metadata(
      {{"app", {false, {"both:normal+build", "shared:build", "lib", "derive"}}},
       {"both", {}}, {"shared", {}}, {"lib", {false, {"shared", "macro_dep"}}},
       {"derive", {true, {"macro_dep"}}}, {"macro_dep", {}}},
      {"app"})));
  EXPECT_FALSE(BuildOnly["both"]);
  EXPECT_FALSE(BuildOnly["shared"]);
  EXPECT_FALSE(BuildOnly["macro_dep"]);
  EXPECT_TRUE(BuildOnly["derive"]);
}

TEST(BuildOnly, MembersOnlyWhenProcMacros) {
  // A member is shipped even if no other member depends on it; a member
  // proc-macro is not, even when another member depends on it normally.
  auto BuildOnly = buildOnlyByName(parseResolve(metadata(
      {{"app", {false, {"macros"}}}, {"tool", {}}, {"macros", {true, {}}}}, {"app", "tool", "macros"})));
  EXPECT_EQ(BuildOnly, (std::map<std::string, bool>{{"app", false}, {"tool", false}, {"macros", true}}));
}

TEST(BuildOnly, MembersDevDependenciesRunInTests) {
  // A member's dev-dependency (and what it uses normally) runs in the
  // member's tests, not at build time; a proc-macro dev-dependency still
  // runs in rustc only, and a dependency's dev-dependencies are not in the
  // resolve's reach at all (cargo builds no dependency's tests).
  auto BuildOnly = buildOnlyByName(parseResolve(metadata(
      {{"app", {false, {"check:dev", "derive:dev", "lib"}}}, {"check", {false, {"rand"}}}, {"rand", {}},
       {"derive", {true, {}}}, {"lib", {false, {"quick:dev"}}}, {"quick", {}}},
      {"app"})));
  EXPECT_FALSE(BuildOnly["check"]);
  EXPECT_FALSE(BuildOnly["rand"]);
  EXPECT_TRUE(BuildOnly["derive"]);
  EXPECT_TRUE(BuildOnly["quick"]);
}

TEST(BuildOnly, DependencyClosuresFollowNormalAndBuildEdgesOnly) {
  // A diamond (app -> a, b -> c), a build edge (c -> cc) and dev edges
  // (app -> check, c -> quick), which only the package's own tests use.
  CargoResolve Resolve = parseResolve(metadata(
      {{"app", {false, {"a", "b", "check:dev"}}}, {"a", {false, {"c"}}}, {"b", {false, {"c"}}},
       {"c", {false, {"cc:build", "quick:dev"}}}, {"cc", {}}, {"check", {}}, {"quick", {}}},
      {"app"}));
  std::vector<std::vector<int>> Closures = dependencyClosures(Resolve);
  auto Names = [&](const std::string &Package) {
    std::vector<std::string> Result;
    for (int Dep : Closures[Resolve.find(Package, "1.0.0")])
      Result.push_back(Resolve.Packages[Dep].Name);
    std::sort(Result.begin(), Result.end());
    return Result;
  };
  EXPECT_EQ(Names("app"), (std::vector<std::string>{"a", "b", "c", "cc"}));
  EXPECT_EQ(Names("a"), (std::vector<std::string>{"c", "cc"}));
  EXPECT_EQ(Names("c"), (std::vector<std::string>{"cc"}));
  EXPECT_EQ(Names("cc"), std::vector<std::string>{});
}

TEST(BuildOnly, WithoutResolveNoDependencies) {
  nlohmann::json Metadata = metadata({{"app", {false, {"lib"}}}, {"lib", {}}}, {"app"});
  Metadata["resolve"] = nullptr; // cargo metadata --no-deps
  CargoResolve Resolve = parseResolve(Metadata);
  ASSERT_EQ(Resolve.Packages.size(), 2u);
  EXPECT_TRUE(Resolve.Packages[0].Dependencies.empty());
  EXPECT_TRUE(Resolve.Packages[1].Dependencies.empty());
}

} // namespace
} // namespace capgate
