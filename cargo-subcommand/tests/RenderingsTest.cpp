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

TEST(DotReport, BordersForUseFillsForReachBuildOnlyDashed) {
  std::string Dot = renderDot(sample(), false);
  EXPECT_NE(Dot.find("\"app 0.1.0\" [label=\"app 0.1.0\\nuses: FILES\", color=red, penwidth=2, fillcolor=\"#f4cccc\", "
                     "style=\"filled\"];"),
            std::string::npos)
      << Dot;
  EXPECT_NE(Dot.find("\"cc 1.0.83\" [label=\"cc 1.0.83\\nbuild: EXEC\", color=orange, penwidth=2, "
                     "fillcolor=\"#fce5cd\", style=\"dashed,filled\"];"),
            std::string::npos)
      << Dot;
  EXPECT_NE(Dot.find("\"itoa 1.0.9\" [label=\"itoa 1.0.9\"];"), std::string::npos) << Dot;
  EXPECT_NE(Dot.find("subgraph cluster_legend {"), std::string::npos) << Dot;
  // The shipped binary, drawn to its package; not the test harness (no
  // --tests) nor the build script (its package's build line says it).
  EXPECT_NE(Dot.find("\"bin app of app\" [label=\"app\\n(bin)\\nFILES\", shape=doubleoctagon, color=red, penwidth=2];"),
            std::string::npos)
      << Dot;
  EXPECT_NE(Dot.find("\"bin app of app\" -> \"app 0.1.0\" [style=bold, arrowhead=empty];"), std::string::npos) << Dot;
  EXPECT_EQ(Dot.find("test app of app"), std::string::npos) << Dot;
  EXPECT_EQ(Dot.find("build-script-build"), std::string::npos) << Dot;
}

/// Two versions of one crate, a package that reaches NETWORK only through
/// its dependency, and two binaries of which one reaches it.
Report twoVersions() {
  Report R;
  auto Add = [&](const char *Name, const char *Version) -> PackageReport & {
    PackageReport &P = R.Packages.emplace_back();
    P.Name = Name;
    P.Version = Version;
    return P;
  };
  Add("app", "0.1.0").transitive().insert(Capability::Network);
  PackageReport &Net = Add("netlib", "0.1.0");
  Net.addUse({Capability::Network, "netlib::get", "std::net::TcpStream::connect", {"src/lib.rs", 4}, Scope::Normal});
  Net.transitive().insert(Capability::Network);
  Add("cfg-if", "0.1.10");
  Add("cfg-if", "1.0.0");
  PackageReport &Walk = Add("walkdir", "2.3.2");
  Walk.addUse({Capability::Files, "walkdir::push", "std::fs::read_dir", {"src/lib.rs", 9}, Scope::Normal});
  auto Dep = [&](const char *From, const char *FromVersion, const char *To, const char *ToVersion) {
    R.Dependencies.push_back({{From, FromVersion}, {To, ToVersion}});
  };
  Dep("app", "0.1.0", "netlib", "0.1.0");
  Dep("app", "0.1.0", "cfg-if", "1.0.0");
  Dep("app", "0.1.0", "walkdir", "2.3.2");
  Dep("netlib", "0.1.0", "cfg-if", "0.1.10");
  R.Calls.emplace_back("app", "netlib");
  R.Calls.emplace_back("app", "walkdir");
  BinaryReport &Fetch = R.Binaries.emplace_back();
  Fetch.Name = "fetch";
  Fetch.Package = "app";
  Fetch.Kind = "bin";
  Fetch.Capabilities.insert(Capability::Network);
  BinaryReport &Walker = R.Binaries.emplace_back();
  Walker.Name = "walker";
  Walker.Package = "app";
  Walker.Kind = "bin";
  Walker.Capabilities.insert(Capability::Files);
  return R;
}

TEST(DotReport, EachVersionItsOwnNodeAndEdgesDashedWhereNeverCalled) {
  std::string Dot = renderDot(twoVersions(), false);
  EXPECT_NE(Dot.find("\"cfg-if 0.1.10\" [label=\"cfg-if 0.1.10\"];"), std::string::npos) << Dot;
  EXPECT_NE(Dot.find("\"cfg-if 1.0.0\" [label=\"cfg-if 1.0.0\"];"), std::string::npos) << Dot;
  EXPECT_NE(Dot.find("\"netlib 0.1.0\" -> \"cfg-if 0.1.10\" [style=dashed];"), std::string::npos) << Dot;
  EXPECT_NE(Dot.find("\"app 0.1.0\" -> \"cfg-if 1.0.0\" [style=dashed];"), std::string::npos) << Dot;
  EXPECT_NE(Dot.find("\"app 0.1.0\" -> \"netlib 0.1.0\";"), std::string::npos) << Dot;
  // app uses nothing itself but reaches NETWORK: filled, no border colour.
  EXPECT_NE(Dot.find("\"app 0.1.0\" [label=\"app 0.1.0\\nreaches: NETWORK\", fillcolor=\"#f4cccc\", "
                     "style=\"filled\"];"),
            std::string::npos)
      << Dot;
}

TEST(DotReport, OnlyTheRoutesOfOneCapability) {
  std::string Dot = renderDot(twoVersions(), false, Capability::Network);
  EXPECT_NE(Dot.find("\"bin fetch of app\" -> \"app 0.1.0\""), std::string::npos) << Dot;
  EXPECT_NE(Dot.find("\"app 0.1.0\" -> \"netlib 0.1.0\";"), std::string::npos) << Dot;
  EXPECT_NE(Dot.find("\"netlib 0.1.0\" [label=\"netlib 0.1.0\\nuses: NETWORK\""), std::string::npos) << Dot;
  // Off every route: cfg-if, walkdir (and its FILES), and the binary that
  // does not reach NETWORK.
  for (const char *Absent : {"cfg-if", "walkdir", "walker", "FILES"})
    EXPECT_EQ(Dot.find(Absent), std::string::npos) << Absent << "\n" << Dot;
}

TEST(DotReport, QuotesWhatItDoesNotControl) {
  Report R;
  PackageReport &P = R.Packages.emplace_back();
  P.Name = "odd";
  P.Version = "1.0.0+build\"x\\y";
  EXPECT_NE(renderDot(R, false).find("\"odd 1.0.0+build\\\"x\\\\y\""), std::string::npos) << renderDot(R, false);
}

/// A report whose names a hostile crate chose.
Report hostile() {
  Report R = twoVersions();
  R.Packages[1].addUse({Capability::Network, "netlib::<script>alert(1)</script>", "std::net::TcpStream::connect",
                        {"src/<b>lib</b>.rs", 4}, Scope::Normal});
  BinaryReport &Fetch = R.Binaries[0];
  Fetch.Paths[Capability::Network] = {{"main", "app", {}},
                                      {"app::main", "app", {"src/main.rs", 3}},
                                      {"netlib::<script>alert(1)</script>", "netlib", {"src/\"lib\".rs", 4}},
                                      {"<std::net::TcpStream>::connect", "", {}}};
  Fetch.Contributors[Capability::Network] = {{"netlib", "0.1.0"}, {"app&co", "0.1.0"}};
  return R;
}

TEST(HtmlReport, EscapesEverythingACrateControls) {
  std::string Html = renderHtml(hostile(), false);
  EXPECT_EQ(Html.find("<script>alert"), std::string::npos) << Html;
  EXPECT_EQ(Html.find("<b>lib"), std::string::npos) << Html;
  EXPECT_NE(Html.find("<code>netlib::&lt;script&gt;alert(1)&lt;/script&gt;</code>"), std::string::npos) << Html;
  EXPECT_NE(Html.find("src/&quot;lib&quot;.rs:4"), std::string::npos) << Html;
  EXPECT_NE(Html.find("<code>&lt;std::net::TcpStream&gt;::connect</code>"), std::string::npos) << Html;
  // The page's own script, once, and nothing it would load.
  std::size_t Scripts = 0;
  for (std::size_t At = Html.find("<script"); At != std::string::npos; At = Html.find("<script", At + 1))
    ++Scripts;
  EXPECT_EQ(Scripts, 1u) << Html;
  for (const char *Loading : {"src=", "href=", "http:", "https:", "@import", "url("})
    EXPECT_EQ(Html.find(Loading), std::string::npos) << Loading;
  EXPECT_NE(Html.find("Content-Security-Policy\" content=\"default-src 'none'; style-src 'sha256-"),
            std::string::npos);
}

TEST(HtmlReport, ContributorsAndPathsPerBinary) {
  std::string Html = renderHtml(hostile(), false);
  EXPECT_NE(Html.find("<h3>fetch <span class=\"kind\">(bin, package app)</span></h3>"), std::string::npos) << Html;
  EXPECT_NE(Html.find("<td class=\"caps shipped\">NETWORK</td><td>netlib 0.1.0, app&amp;co 0.1.0</td>"),
            std::string::npos)
      << Html;
  EXPECT_NE(Html.find("<details><summary><code>main</code> &rarr; &hellip; &rarr; "
                      "<code>&lt;std::net::TcpStream&gt;::connect</code> (4 hops)</summary>"),
            std::string::npos)
      << Html;
  EXPECT_NE(Html.find("<li><code>app::main</code> <span class=\"package\">[app]</span> "
                      "<span class=\"site\">src/main.rs:3</span></li>"),
            std::string::npos)
      << Html;
  // No contributors recorded: said so, not left blank.
  EXPECT_NE(Html.find("<td class=\"caps shipped\">FILES</td><td>-</td><td>-</td>"), std::string::npos) << Html;
}

TEST(HtmlReport, SortableTableWithScopesAndTheSummary) {
  std::string Html = renderHtml(sample(), false);
  EXPECT_NE(Html.find("<p id=\"summary\">4 packages: 1 with shipped capabilities, 2 with build-time ones only, 1 "
                      "with none (tests not shown; --tests shows them)</p>"),
            std::string::npos)
      << Html;
  EXPECT_NE(Html.find("<th data-column=\"shipped\" data-type=\"number\"><button type=\"button\">shipped</button></th>"),
            std::string::npos)
      << Html;
  EXPECT_EQ(Html.find("data-column=\"tests\""), std::string::npos) << Html;
  EXPECT_NE(Html.find("<li>build-script: READ_SYSTEM_STATE</li>"), std::string::npos) << Html;
  // app's test-scope use only with --tests.
  EXPECT_EQ(Html.find("test::test_main_static"), std::string::npos) << Html;
  std::string WithTests = renderHtml(sample(), true);
  EXPECT_NE(WithTests.find("data-column=\"tests\""), std::string::npos);
  EXPECT_NE(WithTests.find("<li>test: READ_SYSTEM_STATE</li>"), std::string::npos) << WithTests;
  EXPECT_NE(WithTests.find("<code>test::test_main_static</code>"), std::string::npos) << WithTests;
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
