// Importing a Cackle configuration: API names become capabilities, scopes
// are kept, and what has no counterpart is reported with its line.
#include "capgate/policy/CackleImport.h"
#include "capgate/policy/Policy.h"

#include <gtest/gtest.h>

#include <algorithm>

using namespace capgate;
using namespace capgate::policy;

namespace {

const std::string Input = CAPGATE_POLICY_TEST_INPUTS "/cackle.toml";

bool hasNote(const CackleImport &I, unsigned Line, std::string_view Text) {
  return std::any_of(I.Notes.begin(), I.Notes.end(), [&](const ImportNote &N) {
    return N.Line == Line && N.Message.find(Text) != std::string::npos;
  });
}

std::string allNotes(const CackleImport &I) {
  std::string Out;
  for (const ImportNote &N : I.Notes)
    Out += N.render() + "\n";
  return Out;
}

CapabilitySet caps(const Policy &P, std::string_view Package, Scope S) {
  std::vector<const PackageGrant *> G = P.grantsFor(Package);
  EXPECT_EQ(G.size(), 1u) << Package;
  return G.empty() ? CapabilitySet() : G[0]->scope(S).capabilities();
}

TEST(CackleImport, ApiNames) {
  bool Known = false;
  EXPECT_EQ(cackleApiCapabilities("fs", Known), std::vector<Capability>{Capability::Files});
  EXPECT_EQ(cackleApiCapabilities("process", Known), std::vector<Capability>{Capability::Exec});
  EXPECT_EQ(cackleApiCapabilities("env", Known),
            (std::vector<Capability>{Capability::ReadSystemState,
                                     Capability::ModifySystemState}));
  EXPECT_TRUE(cackleApiCapabilities("terminate", Known).empty());
  EXPECT_TRUE(Known);
  EXPECT_EQ(cackleApiCapabilities("crab1::net", Known),
            std::vector<Capability>{Capability::Network});
  EXPECT_TRUE(cackleApiCapabilities("telemetry", Known).empty());
  EXPECT_FALSE(Known);
}

TEST(CackleImport, RealisticConfiguration) {
  CackleImport I = importCackleFile(Input);
  Policy P = parsePolicy(I.PolicyText, "imported.toml");

  // Custom APIs: by name, by path segment, or left commented out.
  ASSERT_EQ(P.Apis.size(), 2u) << I.PolicyText;
  EXPECT_EQ(P.Apis[0].Name, "net");
  EXPECT_EQ(P.Apis[0].Cap, Capability::Network);
  EXPECT_EQ(P.Apis[0].Include, (std::vector<std::string>{"mio::net", "socket2"}));
  EXPECT_EQ(P.Apis[0].Exclude, std::vector<std::string>{"mio::net::uds"});
  EXPECT_EQ(P.Apis[1].Name, "tokio-process");
  EXPECT_EQ(P.Apis[1].Cap, Capability::Exec);
  EXPECT_NE(I.PolicyText.find("# [api.telemetry]"), std::string::npos);

  EXPECT_TRUE(P.grantsFor("serde")[0]->AllowUnsafe);
  EXPECT_EQ(caps(P, "serde", Scope::BuildScript).names(),
            std::vector<std::string_view>{"EXEC"});
  EXPECT_TRUE(caps(P, "serde", Scope::Normal).empty());
  EXPECT_EQ(caps(P, "mio", Scope::Normal).names(), std::vector<std::string_view>{"NETWORK"});
  EXPECT_EQ(caps(P, "tokio", Scope::Normal).names(),
            (std::vector<std::string_view>{"FILES", "NETWORK", "EXEC", "READ_SYSTEM_STATE",
                                           "MODIFY_SYSTEM_STATE"}));
  EXPECT_EQ(caps(P, "ring", Scope::BuildScript).names(),
            (std::vector<std::string_view>{"FILES", "EXEC", "READ_SYSTEM_STATE",
                                           "MODIFY_SYSTEM_STATE"}));
  // from.build / from.test become the build and test scopes.
  EXPECT_EQ(caps(P, "cc", Scope::BuildScript).names(),
            (std::vector<std::string_view>{"FILES", "EXEC", "READ_SYSTEM_STATE",
                                           "MODIFY_SYSTEM_STATE"}));
  EXPECT_EQ(caps(P, "tempfile", Scope::Test).names(), std::vector<std::string_view>{"FILES"});
  EXPECT_EQ(caps(P, "mytool", Scope::Normal).names(),
            (std::vector<std::string_view>{"FILES", "NETWORK", "EXEC"}));
  EXPECT_EQ(caps(P, "mytool", Scope::Test).names(),
            (std::vector<std::string_view>{"READ_SYSTEM_STATE", "MODIFY_SYSTEM_STATE"}));
  // An imported API is judged by its name.
  EXPECT_EQ(caps(P, "crab-helper", Scope::Normal).names(),
            std::vector<std::string_view>{"FILES"});
  // The grant of the unmapped API is dropped; terminate is no capability.
  EXPECT_TRUE(caps(P, "sentry", Scope::Normal).empty());
  EXPECT_EQ(P.grantsFor("serde_derive").size(), 1u);
  EXPECT_NE(I.PolicyText.find("# Cackle: allow_proc_macro = true"), std::string::npos);

  // What could not be mapped, with Cackle's line numbers.
  std::string Notes = allNotes(I);
  EXPECT_TRUE(hasNote(I, 12, "features are not mapped")) << Notes;
  EXPECT_TRUE(hasNote(I, 13, "build_flags is not mapped")) << Notes;
  EXPECT_TRUE(hasNote(I, 15, "[sandbox] is not mapped")) << Notes;
  EXPECT_TRUE(hasNote(I, 30, "[api.telemetry] is not mapped")) << Notes;
  EXPECT_TRUE(hasNote(I, 27, "its paths suggest EXEC")) << Notes;
  EXPECT_TRUE(hasNote(I, 72, "allow_build_instructions is not mapped")) << Notes;
  EXPECT_TRUE(hasNote(I, 81, "sandbox is not mapped")) << Notes;
  EXPECT_TRUE(hasNote(I, 84, "grant of API 'telemetry' dropped")) << Notes;
  EXPECT_TRUE(hasNote(I, 84, "grant of 'terminate' dropped")) << Notes;
  EXPECT_TRUE(hasNote(I, 87, "import is not mapped")) << Notes;
  EXPECT_TRUE(hasNote(I, 88, "'crab-helper::fs' is an API another crate exports")) << Notes;
  EXPECT_TRUE(hasNote(I, 111, "sandbox is not mapped")) << Notes;
  EXPECT_FALSE(hasNote(I, 0, "import_std")) << Notes;
  EXPECT_EQ(I.Notes.front().render().substr(0, Input.size() + 1), Input + ":");
  EXPECT_TRUE(std::is_sorted(I.Notes.begin(), I.Notes.end(),
                             [](const ImportNote &A, const ImportNote &B) {
                               return A.Line < B.Line;
                             }));
}

TEST(CackleImport, MissingStdImportsAreReported) {
  CackleImport I = importCackle("[common]\nversion = 1\nimport_std = [\"fs\"]\n"
                                "[pkg.a]\nallow_apis = [\"fs\"]\n",
                                "c.toml");
  EXPECT_TRUE(hasNote(I, 3, "import_std leaves out net, process, env")) << allNotes(I);
  Policy P = parsePolicy(I.PolicyText, "x.toml");
  EXPECT_EQ(P.grantsFor("a")[0]->scope(Scope::Normal).Allow[0].Spelling, "fs");
}

TEST(CackleImport, Errors) {
  try {
    importCackle("[common\nversion = 1\n", "bad.toml");
    FAIL();
  } catch (const ConfigError &E) {
    EXPECT_EQ(E.diagnostics()[0].Line, 1u);
    EXPECT_NE(E.render().find("bad.toml:1:"), std::string::npos);
  }
  EXPECT_THROW(importCackle("name = \"x\"\n", "c.toml"), ConfigError);
}

} // namespace
