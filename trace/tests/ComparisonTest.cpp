// Static reports in, comparisons and renderings out (trace/lib/Comparison.cpp).
#include "capgate/trace/Trace.h"

#include <gtest/gtest.h>

using namespace capgate;
using namespace capgate::trace;

namespace {

const char *Report = R"({
  "schema": "capgate-report/1",
  "packages": [],
  "binaries": [
    { "name": "fetch", "package": "fetch", "kind": "bin",
      "capabilities": ["NETWORK", "READ_SYSTEM_STATE"], "paths": {} },
    { "name": "grepdir", "package": "grepdir", "kind": "bin",
      "capabilities": ["FILES"], "paths": {} }
  ]
})";

Observation observed(Capability Cap, Phase When, const char *Syscall = "openat") {
  Observation O;
  O.Cap = Cap;
  O.When = When;
  O.Syscall = Syscall;
  O.Args = {"AT_FDCWD", "\"/etc/hosts\"", "O_RDONLY"};
  O.Result = 3;
  O.Pid = O.Tid = 42;
  O.Note = "/etc/hosts";
  Frame F;
  F.Address = 0x5555;
  F.Module = "fetch";
  F.Symbol = "_ZN5fetch4main17h0123456789abcdefE";
  F.Offset = 0x2f;
  O.Stack.push_back(F);
  return O;
}

} // namespace

TEST(StaticReport, PicksTheBinary) {
  StaticCapabilities S = parseStaticReport(Report, "fetch");
  EXPECT_EQ(S.Binary, "fetch");
  EXPECT_TRUE(S.Caps.contains(Capability::Network));
  EXPECT_TRUE(S.Caps.contains(Capability::ReadSystemState));
  EXPECT_FALSE(S.Caps.contains(Capability::Files));
}

TEST(StaticReport, ReadsVersion2) {
  StaticCapabilities S = parseStaticReport(R"({"schema": "capgate-report/2", "sandbox": true,
    "packages": [{"name": "fetch", "version": "0.1.0", "build_only": false, "direct": ["NETWORK"],
                  "transitive": ["NETWORK"], "scopes": {}, "unsafe": false, "uses": [], "unsafe_sites": []}],
    "binaries": [{"name": "fetch", "package": "fetch", "kind": "bin", "capabilities": ["NETWORK"],
                  "paths": {"NETWORK": [{"function": "main", "package": "fetch"}]}}],
    "calls": []})",
                                           "fetch");
  EXPECT_EQ(S.Caps.names(), std::vector<std::string_view>{"NETWORK"});
}

TEST(StaticReport, UnknownBinaryNamesTheOthers) {
  try {
    parseStaticReport(Report, "nope");
    FAIL() << "no error";
  } catch (const TraceError &E) {
    EXPECT_STREQ(E.what(), "the static report has no binary named `nope` (it has: fetch, grepdir)");
  }
}

TEST(StaticReport, RejectsOtherDocuments) {
  EXPECT_THROW(parseStaticReport("{\"schema\": \"other/1\"}", "x"), TraceError);
  EXPECT_THROW(parseStaticReport("not json", "x"), TraceError);
  EXPECT_THROW(parseStaticReport(R"({"schema":"capgate-report/1","binaries":[
      {"name":"x","capabilities":["FILEZ"]}]})",
                                 "x"),
               TraceError);
}

TEST(StaticReport, CapabilityLists) {
  StaticCapabilities S = parseCapabilityList("FILES, net,exec");
  EXPECT_TRUE(S.Caps.contains(Capability::Files));
  EXPECT_TRUE(S.Caps.contains(Capability::Network));
  EXPECT_TRUE(S.Caps.contains(Capability::Exec));
  EXPECT_TRUE(parseCapabilityList("").Caps.empty());
  try {
    parseCapabilityList("FILE");
    FAIL() << "no error";
  } catch (const TraceError &E) {
    EXPECT_STREQ(E.what(), "unknown capability `FILE` (did you mean `FILES`?)");
  }
}

TEST(Compare, OnlyTheProgramsOwnPhaseCounts) {
  TraceResult R;
  R.Argv = {"fetch"};
  R.Observations.push_back(observed(Capability::Files, Phase::Runtime));
  R.Observations.push_back(observed(Capability::Files, Phase::Spawn));
  R.Observations.push_back(observed(Capability::Files, Phase::OtherProgram));
  R.Observations.push_back(observed(Capability::Network, Phase::Main, "connect"));
  Comparison C = compare(R, parseStaticReport(Report, "fetch"));
  EXPECT_TRUE(C.FalseNegatives.empty());
  EXPECT_EQ(R.counted().names(), std::vector<std::string_view>{"NETWORK"});
}

TEST(Compare, ListsWhatTheStaticReportLacks) {
  TraceResult R;
  R.Argv = {"fetch"};
  R.Observations.push_back(observed(Capability::Network, Phase::Main, "connect"));
  R.Observations.push_back(observed(Capability::Files, Phase::Main));
  R.Observations.push_back(observed(Capability::Exec, Phase::Main, "execve"));
  R.Observations.push_back(observed(Capability::Files, Phase::Main));
  Comparison C = compare(R, parseStaticReport(Report, "fetch"));
  ASSERT_EQ(C.FalseNegatives.size(), 2u);
  EXPECT_EQ(C.FalseNegatives[0].Cap, Capability::Files);
  EXPECT_EQ(C.FalseNegatives[0].Observations, (std::vector<std::size_t>{1, 3}));
  EXPECT_EQ(C.FalseNegatives[1].Cap, Capability::Exec);
  std::string Text = renderText(R, &C);
  EXPECT_NE(Text.find("false negatives: 2 capabilities seen at run time are missing from the "
                      "static report for `fetch` (NETWORK, READ_SYSTEM_STATE)"),
            std::string::npos)
      << Text;
  EXPECT_NE(Text.find("missing FILES\n  openat(AT_FDCWD, \"/etc/hosts\", O_RDONLY) = 3"),
            std::string::npos)
      << Text;
  EXPECT_NE(Text.find("#0 0x5555 fetch!_ZN5fetch4main17h0123456789abcdefE+0x2f"),
            std::string::npos)
      << Text;
  std::string Json = renderJson(R, &C);
  EXPECT_NE(Json.find("\"schema\": \"capgate-trace/1\""), std::string::npos);
  EXPECT_NE(Json.find("\"false_negatives\""), std::string::npos);
}

TEST(Compare, AlternativesCover) {
  // A read of /proc is READ_SYSTEM_STATE, but a static FILES explains it.
  TraceResult R;
  R.Argv = {"grepdir"};
  Observation O = observed(Capability::ReadSystemState, Phase::Main);
  O.Also.insert(Capability::Files);
  R.Observations.push_back(O);
  EXPECT_TRUE(compare(R, parseStaticReport(Report, "grepdir")).FalseNegatives.empty());
  EXPECT_EQ(compare(R, parseCapabilityList("net")).FalseNegatives.size(), 1u);
}
