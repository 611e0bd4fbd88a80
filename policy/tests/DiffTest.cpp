// Reading capgate-report/1 and diffing two reports (SarifTest.cpp has their
// SARIF).
#include "capgate/policy/Diff.h"

#include <gtest/gtest.h>

using namespace capgate;
using namespace capgate::policy;

namespace {

const char *OldJson = R"({
  "schema": "capgate-report/1",
  "packages": [
    { "name": "app", "version": "0.1.0", "direct": ["FILES"], "transitive": ["FILES"],
      "unsafe": false,
      "uses": [ { "capability": "FILES", "function": "app::main",
                  "callee": "std::fs::read", "file": "/ws/app/src/main.rs", "line": 4 } ] },
    { "name": "helper", "version": "1.2.0", "direct": [], "transitive": [], "unsafe": false,
      "uses": [] },
    { "name": "legacy", "version": "0.3.0", "direct": ["EXEC"], "transitive": ["EXEC"],
      "unsafe": true, "uses": [] }
  ],
  "binaries": [
    { "name": "app", "package": "app", "kind": "bin", "capabilities": ["FILES"],
      "paths": {} }
  ]
})";

const char *NewJson = R"({
  "schema": "capgate-report/1",
  "packages": [
    { "name": "app", "version": "0.1.0", "direct": ["FILES"],
      "transitive": ["FILES", "NETWORK"], "unsafe": false,
      "uses": [ { "capability": "FILES", "function": "app::main",
                  "callee": "std::fs::read", "file": "/ws/app/src/main.rs", "line": 4 } ] },
    { "name": "helper", "version": "1.3.0", "direct": ["NETWORK"],
      "transitive": ["NETWORK"], "unsafe": false,
      "uses": [ { "capability": "NETWORK", "function": "helper::phone_home",
                  "callee": "std::net::TcpStream::connect",
                  "file": "/reg/helper-1.3.0/src/lib.rs", "line": 17 } ] },
    { "name": "newdep", "version": "0.1.0", "direct": [], "transitive": [], "unsafe": true,
      "uses": [ { "capability": "EXEC", "scope": "build-script",
                  "function": "build_script_build::main",
                  "callee": "std::process::Command::output", "file": "/reg/newdep/build.rs",
                  "line": 3 } ],
      "unsafe_sites": [ { "file": "/reg/newdep/src/lib.rs", "line": 9 } ] }
  ],
  "binaries": [
    { "name": "app", "package": "app", "kind": "bin", "capabilities": ["FILES", "NETWORK"],
      "paths": {} }
  ]
})";

TEST(Report, ReadsPackagesUsesAndScopes) {
  Report R = parseReport(NewJson, "new.json");
  ASSERT_EQ(R.Packages.size(), 3u);
  const PackageReport &Helper = R.Packages[1];
  EXPECT_EQ(Helper.Version, "1.3.0");
  ASSERT_EQ(Helper.Uses.size(), 1u);
  EXPECT_EQ(Helper.Uses[0].Callee, "std::net::TcpStream::connect");
  EXPECT_EQ(Helper.Uses[0].Site.Line, 17u);
  EXPECT_TRUE(Helper.direct(Scope::Normal).contains(Capability::Network));
  const PackageReport &New = R.Packages[2];
  EXPECT_TRUE(New.direct(Scope::BuildScript).contains(Capability::Exec));
  EXPECT_TRUE(New.direct(Scope::Normal).empty());
  ASSERT_EQ(New.UnsafeSites.size(), 1u);
  EXPECT_EQ(R.packageNames(), (std::vector<std::string>{"app", "helper", "newdep"}));
  ASSERT_EQ(R.Binaries.size(), 1u);
  EXPECT_EQ(R.Binaries[0].Kind, "bin");
}

TEST(Report, Errors) {
  try {
    parseReport("{\n  \"schema\": \"capgate-report/1\",\n  \"packages\": [ }\n", "r.json");
    FAIL();
  } catch (const ConfigError &E) {
    EXPECT_EQ(E.diagnostics()[0].Line, 3u);
    EXPECT_NE(E.render().find("r.json:3:"), std::string::npos) << E.render();
  }
  EXPECT_THROW(parseReport(R"({"schema": "other/2"})", "r.json"), ConfigError);
  try {
    parseReport(R"({"schema": "capgate-report/1", "packages": [
      {"name": "a", "version": "1.0.0", "direct": ["NETWROK"]}]})",
                "r.json");
    FAIL();
  } catch (const ConfigError &E) {
    EXPECT_EQ(E.diagnostics()[0].Suggestion, "NETWORK");
  }
}

TEST(Diff, GainedAndLost) {
  Report Old = parseReport(OldJson, "old.json"), New = parseReport(NewJson, "new.json");
  ReportDiff D = diffReports(Old, New);
  EXPECT_TRUE(D.gained());
  EXPECT_EQ(D.exitCode(), 1);
  ASSERT_EQ(D.Packages.size(), 4u);
  EXPECT_EQ(D.Packages[0].Name, "app");
  EXPECT_TRUE(D.Packages[0].view(View::Shipped).GainedDirect.empty());
  EXPECT_TRUE(D.Packages[0].view(View::Shipped).GainedTransitive.contains(Capability::Network));
  EXPECT_EQ(D.Packages[1].Name, "helper");
  EXPECT_EQ(D.Packages[1].OldVersion, "1.2.0");
  EXPECT_EQ(D.Packages[1].NewVersion, "1.3.0");
  EXPECT_TRUE(D.Packages[1].view(View::Shipped).GainedDirect.contains(Capability::Network));
  EXPECT_EQ(D.Packages[2].Name, "legacy");
  EXPECT_TRUE(D.Packages[2].view(View::Shipped).LostDirect.contains(Capability::Exec));
  EXPECT_TRUE(D.Packages[2].LostUnsafe);
  EXPECT_FALSE(D.Packages[2].gained());
  EXPECT_EQ(D.Packages[3].Name, "newdep");
  // Its build script's: a build-time gain.
  EXPECT_TRUE(D.Packages[3].view(View::Shipped).GainedDirect.empty());
  EXPECT_TRUE(D.Packages[3].view(View::BuildTime).GainedDirect.contains(Capability::Exec));
  ASSERT_EQ(D.Binaries.size(), 1u);
  EXPECT_EQ(D.Binaries[0].Gained.names(), std::vector<std::string_view>{"NETWORK"});

  EXPECT_EQ(renderDiff(D),
            "package app 0.1.0: now reaches NETWORK\n"
            "package helper 1.2.0 -> 1.3.0: gained NETWORK\n"
            "package legacy 0.3.0 (removed): lost EXEC; lost unsafe code\n"
            "package newdep 0.1.0 (new): gained EXEC at build time; gained unsafe code\n"
            "binary app (app, bin): gained NETWORK\n"
            "capgate: 4 packages and 1 binary changed, 4 gained capabilities\n");

  ReportDiff Back = diffReports(New, Old);
  EXPECT_FALSE(Back.gained() && Back.Binaries[0].Gained.empty() == false);
  EXPECT_TRUE(Back.Binaries[0].Gained.empty());
  ReportDiff Same = diffReports(Old, Old);
  EXPECT_TRUE(Same.empty());
  EXPECT_EQ(Same.exitCode(), 0);
  EXPECT_EQ(renderDiff(Same), "no capability changes\n");
}

TEST(Diff, ShippedAndBuildTimeAreApart) {
  const char *Before = R"({"schema": "capgate-report/2", "packages": [
    {"name": "cc", "version": "1.0.0", "build_only": true, "direct": ["FILES"], "transitive": ["FILES"]},
    {"name": "serde", "version": "1.0.0", "direct": [], "transitive": [],
     "scopes": {"build-script": {"direct": ["EXEC"], "transitive": ["EXEC"]}}}]})";
  // cc now ships (a normal dependency); serde's library runs a program.
  const char *After = R"({"schema": "capgate-report/2", "packages": [
    {"name": "cc", "version": "1.0.0", "build_only": false, "direct": ["FILES"], "transitive": ["FILES"]},
    {"name": "serde", "version": "1.0.0", "direct": ["EXEC"], "transitive": ["EXEC"],
     "scopes": {"build-script": {"direct": ["EXEC"], "transitive": ["EXEC"]}}}]})";
  ReportDiff D = diffReports(parseReport(Before, "old.json"), parseReport(After, "new.json"));
  EXPECT_EQ(renderDiff(D), "package cc 1.0.0: gained FILES; lost FILES at build time\n"
                           "package serde 1.0.0: gained EXEC\n"
                           "capgate: 2 packages and 0 binaries changed, 2 gained capabilities\n");
  EXPECT_EQ(D.exitCode(), ExitViolations);
  // The same build-time use in a /1 baseline, told apart by its use's scope.
  const char *Version1 = R"({"schema": "capgate-report/1", "packages": [
    {"name": "serde", "version": "1.0.0", "direct": ["EXEC"], "transitive": ["EXEC"],
     "uses": [{"capability": "EXEC", "function": "main", "callee": "f", "scope": "build-script"}]}]})";
  ReportDiff FromV1 = diffReports(parseReport(Version1, "old.json"), parseReport(After, "new.json"));
  ASSERT_EQ(FromV1.Packages.size(), 2u);
  EXPECT_EQ(FromV1.Packages[1].view(View::Shipped).GainedDirect.names(), std::vector<std::string_view>{"EXEC"});
  EXPECT_TRUE(FromV1.Packages[1].view(View::BuildTime).GainedDirect.empty());
}

} // namespace
