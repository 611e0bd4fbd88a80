// `init`: the generated policy names why each grant is there, parses, and
// evaluates the same facts clean, with no unused grants.
#include "capgate/policy/Evaluate.h"
#include "capgate/policy/Init.h"

#include <gtest/gtest.h>

using namespace capgate;
using namespace capgate::policy;

namespace {

std::vector<PackageReport> workspace() {
  std::vector<PackageReport> All;
  auto Add = [&](std::string Name, std::string Version) -> PackageReport & {
    All.push_back(PackageReport{});
    All.back().Name = std::move(Name);
    All.back().Version = std::move(Version);
    return All.back();
  };
  PackageReport &Ureq = Add("ureq", "2.9.1");
  Ureq.addUse({Capability::Network, "ureq::stream::connect", "std::net::TcpStream::connect", {"/ws/vendor/ureq/src/stream.rs", 42}, Scope::Normal});
  Ureq.addUse({Capability::Network, "ureq::resolve", "std::net::ToSocketAddrs::to_socket_addrs", {"/ws/vendor/ureq/src/stream.rs", 12}, Scope::Normal});
  Ureq.addUse({Capability::Files, "ureq::tls::load", "std::fs::read", {"/ws/vendor/ureq/src/tls.rs", 7}, Scope::Normal});
  PackageReport &Ssl = Add("openssl-sys", "0.9.100");
  Ssl.Unsafe = true;
  Ssl.UnsafeSites = {{"/ws/vendor/openssl-sys/src/lib.rs", 20}};
  Ssl.addUse({Capability::NativeCode, "openssl_sys::init", "OPENSSL_init_ssl", {"/ws/vendor/openssl-sys/src/lib.rs", 30}, Scope::Normal});
  Ssl.addUse({Capability::Exec, "build_script_main::main", "std::process::Command::output", {"/ws/vendor/openssl-sys/build/main.rs", 5}, Scope::BuildScript});
  Ssl.addUse({Capability::NativeCode, "build_script_main::probe", "probe", {"/ws/vendor/openssl-sys/build/main.rs", 9}, Scope::BuildScript});
  PackageReport &Derive = Add("my-derive", "0.1.0");
  Derive.addUse({Capability::ReadSystemState, "my_derive::expand", "std::env::var", {"/ws/my-derive/src/lib.rs", 3}, Scope::ProcMacro});
  PackageReport &Tests = Add("app", "0.1.0");
  Tests.addUse({Capability::Files, "app::tests::roundtrip", "std::fs::write", {"/ws/app/src/lib.rs", 50}, Scope::Test});
  // Two semver-incompatible versions of one package.
  Add("rand", "0.7.3").addUse({Capability::Files, "rand::os", "std::fs::File::open", {"/r7/lib.rs", 1}, Scope::Normal});
  Add("rand", "0.8.5").addUse({Capability::ReadSystemState, "rand::seed", "std::env::var", {"/r8/lib.rs", 1}, Scope::Normal});
  // Compatible versions share one grant.
  Add("log", "0.4.17").addUse({Capability::ReadSystemState, "log::init", "std::env::var", {"/l17/lib.rs", 1}, Scope::Normal});
  Add("log", "0.4.20");
  Add("itoa", "1.0.9"); // Uses nothing: no grant.
  return All;
}

TEST(Init, GrantsExactlyWhatIsUsed) {
  std::vector<PackageReport> Facts = workspace();
  InitOptions Options;
  Options.SourceRoot = "/ws";
  std::string Text = generatePolicy(Facts, Options);
  Policy P = parsePolicy(Text, "capgate.toml");
  Evaluation E = evaluate(P, Facts);
  EXPECT_TRUE(E.Violations.empty()) << Text << renderEvaluation(E, P, true);
  EXPECT_TRUE(E.Unused.empty()) << Text << renderEvaluation(E, P, true);

  EXPECT_EQ(P.grantsFor("itoa").size(), 0u);
  EXPECT_EQ(P.grantsFor("rand").size(), 2u);
  EXPECT_EQ(P.grantsFor("log").size(), 1u);
  EXPECT_EQ(P.grantsFor("log")[0]->Version->str(), "^0.4.17");

  // One commented line per grant, naming the function that needs it.
  EXPECT_NE(Text.find(R"(  "net", # ureq::resolve calls std::net::ToSocketAddrs::to_socket_addrs (vendor/ureq/src/stream.rs:12), and 1 more)"),
            std::string::npos)
      << Text;
  EXPECT_NE(Text.find(R"(  "fs", # ureq::tls::load calls std::fs::read (vendor/ureq/src/tls.rs:7))"),
            std::string::npos)
      << Text;
  EXPECT_NE(Text.find("build.allow = [\n  \"exec\", # build_script_main::main calls "
                      "std::process::Command::output"),
            std::string::npos)
      << Text;
  EXPECT_NE(Text.find("allow_unsafe = true # unsafe code at vendor/openssl-sys/src/lib.rs:20"),
            std::string::npos)
      << Text;
  EXPECT_NE(Text.find("proc_macro.allow = [\n  \"env\""), std::string::npos) << Text;
  EXPECT_NE(Text.find("test.allow = [\n  \"fs\""), std::string::npos) << Text;
  // NATIVE_CODE in the build script is covered by the normal grant.
  EXPECT_EQ(Text.find("\"ffi\", # build_script_main::probe"), std::string::npos) << Text;
}

TEST(Init, WithoutVersionNarrowing) {
  std::vector<PackageReport> Facts = workspace();
  InitOptions Options;
  Options.NarrowVersions = false;
  std::string Text = generatePolicy(Facts, Options);
  EXPECT_EQ(Text.find("version = \"^"), std::string::npos);
  Policy P = parsePolicy(Text, "capgate.toml");
  EXPECT_EQ(P.grantsFor("rand").size(), 1u);
  Evaluation E = evaluate(P, Facts);
  EXPECT_TRUE(E.Violations.empty());
  EXPECT_TRUE(E.Unused.empty());
}

TEST(Init, NewMajorVersionIsNotCovered) {
  std::vector<PackageReport> Facts = workspace();
  Policy P = parsePolicy(generatePolicy(Facts), "capgate.toml");
  Facts[0].Version = "3.0.0";
  Evaluation E = evaluate(P, Facts);
  EXPECT_EQ(E.Violations.size(), 3u);
}

} // namespace
