// Parsing capgate.toml: the model it builds, and errors with file:line:col
// and did-you-mean suggestions, all reported at once.
#include "capgate/policy/Policy.h"

#include <gtest/gtest.h>

using namespace capgate;
using namespace capgate::policy;

namespace {

std::vector<Diagnostic> errorsOf(std::string_view Text,
                                 const ParseOptions &Options = {}) {
  try {
    parsePolicy(Text, "capgate.toml", Options);
  } catch (const ConfigError &E) {
    return E.diagnostics();
  }
  ADD_FAILURE() << "no error for:\n" << Text;
  return {};
}

TEST(PolicyParse, FullExample) {
  Policy P = parsePolicy(R"(version = 1

[api.tokio-net]
capability = "NETWORK"
include = ["tokio::net"]
exclude = ["tokio::net::unix"]

[pkg.ureq]
allow = ["net", "FILES"]

[pkg.openssl-sys]
allow = ["ffi"]
allow_unsafe = true
build.allow = ["exec", "fs", "env"]

[pkg.old-crate]
version = "^0.4"
allow = ["fs"]

[pkg.serde_derive.proc_macro]
allow = ["env"]

[[pkg.two]]
version = "^1"
allow = ["net"]
[[pkg.two]]
version = "^2"
test.allow = ["fs"]
)",
                         "capgate.toml");
  ASSERT_EQ(P.Apis.size(), 1u);
  EXPECT_EQ(P.Apis[0].Name, "tokio-net");
  EXPECT_EQ(P.Apis[0].Cap, Capability::Network);
  EXPECT_EQ(P.Apis[0].Exclude, std::vector<std::string>{"tokio::net::unix"});

  ASSERT_EQ(P.grantsFor("ureq").size(), 1u);
  const PackageGrant &Ureq = *P.grantsFor("ureq")[0];
  EXPECT_EQ(Ureq.header(), "[pkg.ureq]");
  EXPECT_EQ(Ureq.Pos.Line, 8u);
  ASSERT_EQ(Ureq.scope(Scope::Normal).Allow.size(), 2u);
  EXPECT_EQ(Ureq.scope(Scope::Normal).Allow[0].Cap, Capability::Network);
  EXPECT_EQ(Ureq.scope(Scope::Normal).Allow[0].Spelling, "net");
  EXPECT_EQ(Ureq.scope(Scope::Normal).Allow[1].Cap, Capability::Files);
  EXPECT_EQ(Ureq.scope(Scope::Normal).Pos.Line, 9u);
  EXPECT_FALSE(Ureq.AllowUnsafe);

  const PackageGrant &Ssl = *P.grantsFor("openssl-sys")[0];
  EXPECT_TRUE(Ssl.AllowUnsafe);
  EXPECT_TRUE(Ssl.scope(Scope::BuildScript).Present);
  EXPECT_FALSE(Ssl.scope(Scope::BuildScript).OwnHeader);
  EXPECT_EQ(Ssl.scope(Scope::BuildScript).Pos.Line, 14u);
  EXPECT_EQ(Ssl.scope(Scope::BuildScript).capabilities().names(),
            (std::vector<std::string_view>{"FILES", "EXEC", "READ_SYSTEM_STATE"}));

  const PackageGrant &Old = *P.grantsFor("old-crate")[0];
  ASSERT_TRUE(Old.Version);
  EXPECT_TRUE(Old.appliesTo("0.4.7"));
  EXPECT_FALSE(Old.appliesTo("0.5.0"));
  EXPECT_FALSE(Old.appliesTo("not-semver"));
  EXPECT_TRUE(Ureq.appliesTo("not-semver"));

  const PackageGrant &Derive = *P.grantsFor("serde_derive")[0];
  EXPECT_TRUE(Derive.scope(Scope::ProcMacro).OwnHeader);
  EXPECT_EQ(Derive.scope(Scope::ProcMacro).HeaderPos.Line, 20u);

  std::vector<const PackageGrant *> Two = P.grantsFor("two");
  ASSERT_EQ(Two.size(), 2u);
  EXPECT_TRUE(Two[0]->ArrayEntry);
  EXPECT_EQ(Two[0]->header(), "[[pkg.two]]");
  EXPECT_TRUE(Two[1]->scope(Scope::Test).capabilities().contains(Capability::Files));
}

TEST(PolicyParse, MalformedTomlHasLineAndColumn) {
  std::vector<Diagnostic> E = errorsOf("version = 1\n[pkg.a]\nallow = [\"fs\"\n");
  ASSERT_EQ(E.size(), 1u);
  EXPECT_EQ(E[0].File, "capgate.toml");
  EXPECT_EQ(E[0].Line, 3u);
  EXPECT_EQ(E[0].Column, 15u);
  EXPECT_EQ(E[0].render(), "capgate.toml:3:15: error: Error while parsing array: "
                           "encountered end-of-file");
}

TEST(PolicyParse, VersionIsRequired) {
  std::vector<Diagnostic> E = errorsOf("[pkg.a]\nallow = [\"fs\"]\n");
  ASSERT_EQ(E.size(), 1u);
  EXPECT_NE(E[0].Message.find("version = 1"), std::string::npos);
  E = errorsOf("version = 2\n");
  ASSERT_EQ(E.size(), 1u);
  EXPECT_EQ(E[0].Line, 1u);
  EXPECT_EQ(E[0].Column, 11u);
}

TEST(PolicyParse, UnknownKeysWithSuggestions) {
  std::vector<Diagnostic> E = errorsOf(R"(version = 1
[pkg.a]
alow = ["fs"]
allow_unsafe = true
build.alow = ["exec"]
[pkg.b.proc-macro]
allow = ["env"]
[api.x]
capabilty = "NETWORK"
include = ["x::net"]
[pkgs.c]
)");
  ASSERT_EQ(E.size(), 6u);
  EXPECT_EQ(E[0].Message.substr(0, 19), "unknown key 'alow' ");
  EXPECT_EQ(E[0].Suggestion, "allow");
  EXPECT_EQ(E[0].Line, 3u);
  EXPECT_EQ(E[0].Column, 1u);
  // Order: the file is walked table by table, sorted by key.
  std::vector<std::string> Suggestions;
  for (const Diagnostic &D : E)
    Suggestions.push_back(D.Suggestion);
  EXPECT_NE(std::find(Suggestions.begin(), Suggestions.end(), "proc_macro"),
            Suggestions.end());
  EXPECT_NE(std::find(Suggestions.begin(), Suggestions.end(), "capability"),
            Suggestions.end());
  EXPECT_NE(std::find(Suggestions.begin(), Suggestions.end(), "pkg"),
            Suggestions.end());
  bool BuildAlow = false;
  for (const Diagnostic &D : E)
    if (D.Line == 5 && D.Column == 7 && D.Suggestion == "allow")
      BuildAlow = true;
  EXPECT_TRUE(BuildAlow) << ConfigError(E).render();
}

TEST(PolicyParse, UnknownCapabilitiesWithSuggestions) {
  std::vector<Diagnostic> E = errorsOf(R"(version = 1
[pkg.a]
allow = ["fs", "NETWROK", "file"]
test.allow = ["SAFE"]
)");
  ASSERT_EQ(E.size(), 3u);
  EXPECT_EQ(E[0].Line, 3u);
  EXPECT_EQ(E[0].Column, 16u);
  EXPECT_EQ(E[0].Message, "unknown capability 'NETWROK'");
  EXPECT_EQ(E[0].Suggestion, "NETWORK");
  EXPECT_EQ(E[0].render(), "capgate.toml:3:16: error: unknown capability "
                           "'NETWROK' (did you mean 'NETWORK'?)");
  EXPECT_EQ(E[1].Column, 27u);
  EXPECT_EQ(E[1].Suggestion, "FILES");
  EXPECT_NE(E[2].Message.find("SAFE"), std::string::npos);
}

TEST(PolicyParse, UnknownPackagesWithSuggestions) {
  ParseOptions Options;
  Options.KnownPackages = std::vector<std::string>{"ureq", "tokio", "serde_json"};
  std::vector<Diagnostic> E = errorsOf(R"(version = 1
[pkg.ureq]
allow = ["net"]
[pkg.serde-json]
allow = ["fs"]
[[pkg.tokyo]]
allow = ["net"]
[pkg.zzzzzz]
)",
                                       Options);
  ASSERT_EQ(E.size(), 3u);
  EXPECT_EQ(E[0].Line, 4u);
  EXPECT_EQ(E[0].Column, 6u);
  EXPECT_EQ(E[0].Suggestion, "serde_json");
  EXPECT_EQ(E[1].Suggestion, "tokio");
  EXPECT_EQ(E[2].Suggestion, "");
}

TEST(PolicyParse, BadValues) {
  std::vector<Diagnostic> E = errorsOf(R"(version = 1
[pkg.a]
allow = "fs"
allow_unsafe = "yes"
version = "^1.x.3"
[api.y]
include = ["y"]
[api.z]
capability = "NET"
)");
  ASSERT_EQ(E.size(), 6u) << ConfigError(E).render();
  EXPECT_NE(E[0].Message.find("array of strings"), std::string::npos);
  EXPECT_NE(E[2].Message.find("invalid version requirement"), std::string::npos);
  EXPECT_EQ(E[2].Line, 5u);
}

TEST(PolicyParse, AnnotationFileForThePass) {
  Policy P = parsePolicy(R"(version = 1
[api.tokio-net]
capability = "net"
include = ["tokio::net"]
exclude = ["tokio::net::unix"]
[api.mio-net]
capability = "NETWORK"
include = ["mio::net"]
[api.spawn]
capability = "EXEC"
functions = ["duct::cmd"]
)",
                         "capgate.toml");
  EXPECT_EQ(annotationToml(P), R"(# Generated by capgate from the [api.*] tables of capgate.toml.
version = 1

# api: mio-net, tokio-net
[rust.NETWORK]
include = [
  "mio::net",
  "tokio::net",
]
exclude = [
  "tokio::net::unix",
]

# api: spawn
[rust.EXEC]
functions = [
  "duct::cmd",
]
)");
  EXPECT_EQ(annotationToml(parsePolicy("version = 1\n", "p.toml")), "");
}

TEST(PolicyParse, TomlQuoting) {
  EXPECT_EQ(tomlKey("serde_json"), "serde_json");
  EXPECT_EQ(tomlKey("weird.name"), "\"weird.name\"");
  EXPECT_EQ(tomlQuote("a\"b\\c"), "\"a\\\"b\\\\c\"");
}

} // namespace
