// ReportJsonTest.cpp - the report codec: round trip, capgate-report/1,
// malformed and foreign documents.
#include "capgate/ReportJson.h"

#include <gtest/gtest.h>

using namespace capgate;

namespace {

Report sampleReport() {
  Report R;
  R.Sandbox = false;
  PackageReport &Serde = R.Packages.emplace_back();
  Serde.Name = "serde";
  Serde.Version = "1.0.210";
  Serde.addUse({Capability::Exec, "build_script_build::main", "std::process::Command::output", {"build.rs", 3},
                Scope::BuildScript});
  Serde.transitive(Scope::BuildScript).insert(Capability::Exec);
  Serde.transitive(Scope::BuildScript).insert(Capability::ReadSystemState);
  Serde.scope(Scope::Test).Present = true;
  PackageReport &Cc = R.Packages.emplace_back();
  Cc.Name = "cc";
  Cc.Version = "1.0.83";
  Cc.BuildOnly = true;
  Cc.addUse({Capability::Files, "cc::Build::compile", "std::fs::File::open", {"src/lib.rs", 12}, Scope::Normal});
  Cc.transitive().insert(Capability::Files);
  Cc.Unsafe = true;
  Cc.UnsafeSites.push_back({"src/lib.rs", 40});
  BinaryReport &B = R.Binaries.emplace_back();
  B.Name = "app";
  B.Package = "app";
  B.Kind = "bin";
  B.Capabilities.insert(Capability::Files);
  B.Paths[Capability::Files] = {{"app::main", "app", {"src/main.rs", 2}}, {"std::fs::read", "", {}}};
  B.Contributors[Capability::Files] = {{"app", "0.1.0"}, {"cfg-if", "1.0.0"}};
  R.Calls.emplace_back("app", "cc");
  return R;
}

TEST(ReportJson, RoundTrip) {
  Report R = sampleReport();
  std::string Text = writeReportJson(R);
  Report Back = readReportJson(Text);
  EXPECT_EQ(writeReportJson(Back), Text);
  ASSERT_EQ(Back.Packages.size(), 2u);
  const PackageReport &Serde = Back.Packages[0];
  EXPECT_TRUE(Serde.direct().empty());
  EXPECT_EQ(Serde.direct(Scope::BuildScript).names(), std::vector<std::string_view>{"EXEC"});
  EXPECT_TRUE(Serde.scope(Scope::Test).Present);
  EXPECT_FALSE(Serde.scope(Scope::ProcMacro).Present);
  ASSERT_EQ(Serde.Uses.size(), 1u);
  EXPECT_EQ(Serde.Uses[0].Where, Scope::BuildScript);
  EXPECT_EQ(Serde.Uses[0].Site, (SourceSite{"build.rs", 3}));
  EXPECT_TRUE(Back.Packages[1].BuildOnly);
  EXPECT_TRUE(Back.Packages[1].Unsafe);
  EXPECT_FALSE(Back.Sandbox);
  ASSERT_EQ(Back.Binaries.size(), 1u);
  EXPECT_EQ(Back.Binaries[0].Paths.at(Capability::Files).size(), 2u);
  EXPECT_EQ(Back.Binaries[0].Contributors, R.Binaries[0].Contributors);
  EXPECT_EQ(Back.Calls, R.Calls);
}

TEST(ReportJson, WritesOnlyScopesWithCode) {
  std::string Text = writeReportJson(sampleReport());
  EXPECT_NE(Text.find("\"schema\": \"capgate-report/2\""), std::string::npos);
  EXPECT_NE(Text.find("\"build-script\": {"), std::string::npos);
  EXPECT_NE(Text.find("\"test\": {"), std::string::npos);
  EXPECT_EQ(Text.find("\"proc-macro\": {"), std::string::npos);
  EXPECT_EQ(Text.find("\"normal\": {"), std::string::npos);
}

TEST(ReportJson, ReadsVersion1ByTheUsesScopes) {
  Report R = readReportJson(R"({"schema": "capgate-report/1", "packages": [
    {"name": "serde", "version": "1.0.0", "direct": ["EXEC", "FILES", "NETWORK"],
     "transitive": ["EXEC", "FILES", "NETWORK", "READ_SYSTEM_STATE"], "unsafe": false,
     "uses": [{"capability": "EXEC", "function": "f", "callee": "g", "scope": "build-script"},
              {"capability": "FILES", "function": "f", "callee": "g", "scope": "test"}]}],
    "binaries": []})");
  ASSERT_EQ(R.Packages.size(), 1u);
  const PackageReport &P = R.Packages[0];
  EXPECT_EQ(P.direct(Scope::BuildScript).names(), std::vector<std::string_view>{"EXEC"});
  EXPECT_EQ(P.direct(Scope::Test).names(), std::vector<std::string_view>{"FILES"});
  // NETWORK: in `direct` with no use to place it.
  EXPECT_EQ(P.direct().names(), std::vector<std::string_view>{"NETWORK"});
  EXPECT_EQ(P.transitive().names(),
            (std::vector<std::string_view>{"FILES", "NETWORK", "EXEC", "READ_SYSTEM_STATE"}));
  EXPECT_EQ(P.transitive(Scope::BuildScript).names(), std::vector<std::string_view>{"EXEC"});
  EXPECT_FALSE(P.BuildOnly);
}

TEST(ReportJson, MalformedJsonHasLineAndColumn) {
  try {
    readReportJson("{\n  \"schema\": capgate\n}");
    FAIL() << "no error";
  } catch (const ReportError &E) {
    EXPECT_EQ(E.Line, 2u);
    EXPECT_EQ(E.Column, 13u);
    EXPECT_EQ(E.Message.rfind("malformed JSON: ", 0), 0u) << E.Message;
  }
}

TEST(ReportJson, RejectsUnknownSchema) {
  try {
    readReportJson(R"({"schema": "capgate-report/3"})");
    FAIL() << "no error";
  } catch (const ReportError &E) {
    EXPECT_EQ(E.Message, "unsupported report schema 'capgate-report/3' (this capgate reads capgate-report/2 and "
                         "capgate-report/1)");
    EXPECT_EQ(E.Line, 0u);
  }
  EXPECT_THROW(readReportJson(R"({"packages": []})"), ReportError);
  EXPECT_THROW(readReportJson("[]"), ReportError);
}

TEST(ReportJson, RejectsWrongFields) {
  EXPECT_THROW(readReportJson(R"({"schema": "capgate-report/2", "packages": [{"name": "a", "scopes": {"normal": {}}}]})"),
               ReportError);
  EXPECT_THROW(readReportJson(R"({"schema": "capgate-report/2", "packages": [{"name": "a", "scopes": {"lib": {}}}]})"),
               ReportError);
  EXPECT_THROW(readReportJson(R"({"schema": "capgate-report/2", "packages": [{"name": "a", "build_only": 1}]})"),
               ReportError);
  try {
    readReportJson(R"({"schema": "capgate-report/2", "packages": [{"name": "a", "direct": ["FILEZ"]}]})");
    FAIL() << "no error";
  } catch (const ReportError &E) {
    EXPECT_EQ(E.Message, "unknown capability 'FILEZ' in package 'a'");
    EXPECT_EQ(E.Suggestion, "FILES");
  }
}

} // namespace
