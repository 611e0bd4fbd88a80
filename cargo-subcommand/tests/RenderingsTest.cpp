// The report's renderings besides JSON: the human table leads with what
// ships, shows build time apart, hides tests unless asked, and sums up.
#include "Renderings.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace capgate;

namespace {

Report sample() {
  Report R;
  PackageReport &App = R.Packages.emplace_back();
  App.Name = "app";
  App.Version = "0.1.0";
  App.addUse({Capability::Files, "app::main", "std::fs::read", {"src/main.rs", 3}, Scope::Normal});
  App.transitive().insert(Capability::Files);
  App.addUse({Capability::ReadSystemState, "app::main", "test::test_main_static", {}, Scope::Test});
  PackageReport &Cc = R.Packages.emplace_back();
  Cc.Name = "cc";
  Cc.Version = "1.0.83";
  Cc.BuildOnly = true;
  Cc.addUse({Capability::Exec, "cc::run", "std::process::Command::output", {"src/lib.rs", 9}, Scope::Normal});
  Cc.transitive().insert(Capability::Exec);
  PackageReport &Serde = R.Packages.emplace_back();
  Serde.Name = "serde";
  Serde.Version = "1.0.210";
  Serde.addUse({Capability::ReadSystemState, "build_script_build::main", "std::env::var", {"build.rs", 5},
                Scope::BuildScript});
  PackageReport &Itoa = R.Packages.emplace_back();
  Itoa.Name = "itoa";
  Itoa.Version = "1.0.9";
  BinaryReport &B = R.Binaries.emplace_back();
  B.Name = "app";
  B.Package = "app";
  B.Kind = "bin";
  B.Capabilities.insert(Capability::Files);
  BinaryReport &T = R.Binaries.emplace_back();
  T.Name = "app";
  T.Package = "app";
  T.Kind = "test";
  T.Capabilities.insert(Capability::ReadSystemState);
  BinaryReport &S = R.Binaries.emplace_back();
  S.Name = "build-script-build";
  S.Package = "serde";
  S.Kind = "build-script";
  S.Capabilities.insert(Capability::ReadSystemState);
  return R;
}

} // namespace

TEST(HumanReport, ShippedFirstBuildTimeApartTestsHidden) {
  EXPECT_EQ(renderHuman(sample(), false, false),
            "package  version  shipped  build-time         unsafe  transitive\n"
            "app      0.1.0    FILES    -                  no      FILES\n"
            "cc       1.0.83   -        EXEC               no      -\n"
            "serde    1.0.210  -        READ_SYSTEM_STATE  no      -\n"
            "itoa     1.0.9    -        -                  no      -\n"
            "\n"
            "4 packages: 1 with shipped capabilities, 2 with build-time ones only, 1 with none "
            "(tests not shown; --tests shows them)\n"
            "\n"
            "binaries (what their roots reach)\n"
            "  app (bin, package app): FILES\n"
            "\n"
            "build scripts and proc-macros (what their roots reach while the build runs)\n"
            "  build-script-build (build-script, package serde): READ_SYSTEM_STATE\n");
}

TEST(HumanReport, TestsWhenAsked) {
  Report R = sample();
  R.Packages[0].direct() = CapabilitySet();
  std::string Text = renderHuman(R, false, true);
  EXPECT_NE(Text.find("package  version  shipped  build-time         tests              unsafe  transitive\n"),
            std::string::npos)
      << Text;
  EXPECT_NE(Text.find("4 packages: 0 with shipped capabilities, 2 with build-time ones only, 1 with test ones "
                      "only, 1 with none\n"),
            std::string::npos)
      << Text;
  EXPECT_NE(Text.find("  app (test, package app): READ_SYSTEM_STATE\n"), std::string::npos) << Text;
}

TEST(HumanReport, ContributorsUnderEachBinaryWrapped) {
  // One line per capability, names aligned; a long list wraps under its
  // first package; a capability no package brings comes from std alone.
  Report R = sample();
  BinaryReport &B = R.Binaries[0];
  B.Capabilities.insert(Capability::Network);
  B.Capabilities.insert(Capability::ReadSystemState);
  for (int I = 0; I < 8; ++I)
    B.Contributors[Capability::Files].push_back({"package-" + std::to_string(I), "1.0." + std::to_string(I)});
  B.Contributors[Capability::Network] = {{"cfg-if", "0.1.10"}, {"cfg-if", "1.0.0"}};
  std::string Text = renderHuman(R, false, false);
  EXPECT_NE(Text.find("  app (bin, package app): FILES, NETWORK, READ_SYSTEM_STATE\n"
                      "    FILES              via package-0 1.0.0, package-1 1.0.1, package-2 1.0.2, package-3 1.0.3,\n"
                      "                           package-4 1.0.4, package-5 1.0.5, package-6 1.0.6, package-7 1.0.7\n"
                      "    NETWORK            via cfg-if 0.1.10, cfg-if 1.0.0\n"
                      "    READ_SYSTEM_STATE  from the toolchain's own code only\n"
                      "\n"),
            std::string::npos)
      << Text;
}

TEST(DotReport, BuildTimeIsOrangeAndBuildOnlyDashed) {
  std::string Dot = renderDot(sample(), false);
  EXPECT_NE(Dot.find("\"app\" [label=\"app 0.1.0\\nFILES\", color=red];"), std::string::npos) << Dot;
  EXPECT_NE(Dot.find("\"cc\" [label=\"cc 1.0.83\\n-\\nbuild: EXEC\", color=orange, style=dashed];"),
            std::string::npos)
      << Dot;
  EXPECT_NE(Dot.find("\"itoa\" [label=\"itoa 1.0.9\\n-\", color=black];"), std::string::npos) << Dot;
}

TEST(CapslockReport, LeavesOutTestsAndBuildScripts) {
  Report R = sample();
  R.Binaries[1].Paths[Capability::ReadSystemState] = {{"main", "app", {}}, {"std::env::var", "", {}}};
  EXPECT_EQ(renderCapslock(R, false).find("READ_SYSTEM_STATE"), std::string::npos);
  EXPECT_NE(renderCapslock(R, true).find("CAPABILITY_READ_SYSTEM_STATE"), std::string::npos);
}

// Capslock's schema has no NATIVE_CODE or DYNAMIC_LOADING: they are its CGO
// and EXEC, with capgate's name in capabilityName. Each path element but the
// root has the site of the call that reached it (capgate's hop before it),
// its line an int64 and so a string; a path through another package of the
// build is transitive, one through std alone direct.
TEST(CapslockReport, CapslockEnumsSitesAndTypes) {
  Report R = sample();
  R.Packages.emplace_back().Name = "libloading";
  BinaryReport &B = R.Binaries[0];
  B.Paths[Capability::NativeCode] = {{"main", "app", {"/ws/app/src/main.rs", 3}},
                                     {"app::compress", "app", {"/ws/app/src/zip.rs", 5}},
                                     {"deflate", "", {}}};
  B.Paths[Capability::DynamicLoading] = {{"app::main", "app", {"/ws/app/src/main.rs", 9}},
                                         {"<libloading::Library>::new", "libloading", {"/reg/os.rs", 20}},
                                         {"dlopen", "", {}}};
  nlohmann::json List = nlohmann::json::parse(renderCapslock(R, false));
  ASSERT_EQ(List["capabilityInfo"].size(), 2u) << List.dump(2);
  const nlohmann::json &Native = List["capabilityInfo"][0];
  EXPECT_EQ(Native["capability"], "CAPABILITY_CGO");
  EXPECT_EQ(Native["capabilityName"], "NATIVE_CODE");
  EXPECT_EQ(Native["capabilityType"], "CAPABILITY_TYPE_DIRECT");
  EXPECT_EQ(Native["packageName"], "app");
  EXPECT_EQ(Native["packageDir"], "app");
  EXPECT_EQ(Native["depPath"], "main app::compress deflate");
  EXPECT_FALSE(Native["path"][0].contains("site"));
  EXPECT_EQ(Native["path"][1]["site"], (nlohmann::json{{"filename", "main.rs"}, {"line", "3"}}));
  EXPECT_EQ(Native["path"][2]["site"], (nlohmann::json{{"filename", "zip.rs"}, {"line", "5"}}));
  EXPECT_FALSE(Native["path"][2].contains("package"));
  const nlohmann::json &Loading = List["capabilityInfo"][1];
  EXPECT_EQ(Loading["capability"], "CAPABILITY_EXEC");
  EXPECT_EQ(Loading["capabilityName"], "DYNAMIC_LOADING");
  EXPECT_EQ(Loading["capabilityType"], "CAPABILITY_TYPE_TRANSITIVE");
  EXPECT_EQ(List["packageInfo"], (nlohmann::json::array({{{"path", "app"}}})));
}
