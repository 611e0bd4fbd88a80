// Evaluating facts against a policy: every violation with its site and the
// policy line that would allow it, scopes, version narrowing, unsafe code,
// unused grants.
#include "capgate/policy/Evaluate.h"

#include <gtest/gtest.h>

using namespace capgate;
using namespace capgate::policy;

namespace {

PackageReport package(std::string Name, std::string Version) {
  PackageReport F;
  F.Name = std::move(Name);
  F.Version = std::move(Version);
  return F;
}

void use(PackageReport &F, Capability Cap, std::string Function,
         std::string Callee, std::string File, unsigned Line,
         Scope S = Scope::Normal) {
  F.addUse(UseReport{Cap, std::move(Function), std::move(Callee), {std::move(File), Line}, S});
}

Policy policy(std::string_view Text) { return parsePolicy(Text, "capgate.toml"); }

TEST(Evaluate, CleanWhenEverythingIsGranted) {
  Policy P = policy("version = 1\n[pkg.ureq]\nallow = [\"net\", \"fs\"]\n");
  PackageReport Ureq = package("ureq", "2.9.1");
  use(Ureq, Capability::Network, "ureq::connect", "std::net::TcpStream::connect",
      "/src/ureq/src/stream.rs", 42);
  use(Ureq, Capability::Files, "ureq::certs", "std::fs::read", "/src/ureq/src/tls.rs", 7);
  PackageReport Pure = package("itoa", "1.0.0");
  Evaluation E = evaluate(P, {Ureq, Pure});
  EXPECT_TRUE(E.Violations.empty());
  EXPECT_TRUE(E.Unused.empty());
  EXPECT_EQ(E.exitCode(true), 0);
}

TEST(Evaluate, EveryUseOfAnUngrantedCapability) {
  Policy P = policy("version = 1\n\n[pkg.ureq]\nallow = [\"fs\"]\n");
  PackageReport Ureq = package("ureq", "2.9.1");
  use(Ureq, Capability::Network, "ureq::connect", "std::net::TcpStream::connect",
      "/src/ureq/src/stream.rs", 42);
  use(Ureq, Capability::Network, "ureq::resolve", "std::net::ToSocketAddrs::to_socket_addrs",
      "/src/ureq/src/stream.rs", 77);
  use(Ureq, Capability::Files, "ureq::certs", "std::fs::read", "/src/ureq/src/tls.rs", 7);
  PackageReport Helper = package("helper", "0.1.0");
  use(Helper, Capability::Exec, "helper::run", "std::process::Command::spawn",
      "/src/helper/src/lib.rs", 3);
  Evaluation E = evaluate(P, {Ureq, Helper});
  ASSERT_EQ(E.Violations.size(), 3u);
  EXPECT_TRUE(E.Unused.empty());
  EXPECT_EQ(E.exitCode(false), 1);

  const Violation &First = E.Violations[0];
  EXPECT_EQ(First.Package, "ureq");
  EXPECT_EQ(First.Version, "2.9.1");
  EXPECT_EQ(First.Cap, Capability::Network);
  EXPECT_EQ(First.Callee, "std::net::TcpStream::connect");
  EXPECT_EQ(First.File, "/src/ureq/src/stream.rs");
  EXPECT_EQ(First.Line, 42u);
  EXPECT_EQ(First.Fix.Table, "[pkg.ureq]");
  EXPECT_EQ(First.Fix.text(), "allow = [\"fs\", \"net\"]");
  EXPECT_EQ(First.Fix.Line, 4u);
  EXPECT_EQ(First.Fix.TableLine, 3u);
  EXPECT_EQ(First.message(),
            "package `ureq` 2.9.1 may not use NETWORK: `ureq::connect` calls "
            "`std::net::TcpStream::connect`");
  EXPECT_EQ(E.Violations[1].Line, 77u);

  const Violation &Missing = E.Violations[2];
  EXPECT_EQ(Missing.Package, "helper");
  EXPECT_EQ(Missing.Fix.Table, "[pkg.helper]");
  EXPECT_EQ(Missing.Fix.text(), "allow = [\"exec\"]");
  EXPECT_EQ(Missing.Fix.TableLine, 0u);

  std::string Text = renderEvaluation(E, P, false);
  EXPECT_NE(Text.find("error: package `ureq` 2.9.1 may not use NETWORK"), std::string::npos);
  EXPECT_NE(Text.find("\n  --> /src/ureq/src/stream.rs:42\n"), std::string::npos);
  EXPECT_NE(Text.find("   = help: to allow it, change capgate.toml:4 to "
                      "`allow = [\"fs\", \"net\"]` (in [pkg.ureq])"),
            std::string::npos)
      << Text;
  EXPECT_NE(Text.find("help: to allow it, add `[pkg.helper]` with `allow = [\"exec\"]` "
                      "to capgate.toml"),
            std::string::npos)
      << Text;
  EXPECT_NE(Text.find("capgate: 3 violations in 2 packages, 0 unused grants"),
            std::string::npos);
}

TEST(Evaluate, ScopesAddToNormalGrants) {
  Policy P = policy(R"(version = 1
[pkg.openssl-sys]
allow = ["ffi"]
build.allow = ["exec", "env"]
[pkg.derive]
[pkg.derive.proc_macro]
allow = ["fs"]
)");
  PackageReport Ssl = package("openssl-sys", "0.9.100");
  use(Ssl, Capability::NativeCode, "openssl_sys::init", "OPENSSL_init_ssl", "/s/lib.rs", 1);
  use(Ssl, Capability::Exec, "build_script_build::main", "std::process::Command::output",
      "/s/build.rs", 10, Scope::BuildScript);
  use(Ssl, Capability::NativeCode, "build_script_build::probe", "pkg_config_probe",
      "/s/build.rs", 20, Scope::BuildScript);
  // Exec outside the build script is not granted.
  use(Ssl, Capability::Exec, "openssl_sys::spawn", "std::process::Command::spawn",
      "/s/lib.rs", 30);
  PackageReport Derive = package("derive", "1.0.0");
  use(Derive, Capability::Files, "derive::expand", "std::fs::read_to_string",
      "/d/lib.rs", 5, Scope::ProcMacro);
  use(Derive, Capability::Network, "derive::fetch", "std::net::TcpStream::connect",
      "/d/lib.rs", 9, Scope::ProcMacro);
  Evaluation E = evaluate(P, {Ssl, Derive});
  ASSERT_EQ(E.Violations.size(), 2u);
  EXPECT_EQ(E.Violations[0].Where, Scope::Normal);
  EXPECT_EQ(E.Violations[0].Cap, Capability::Exec);
  EXPECT_EQ(E.Violations[0].Fix.text(), "allow = [\"ffi\", \"exec\"]");
  EXPECT_EQ(E.Violations[1].Where, Scope::ProcMacro);
  EXPECT_EQ(E.Violations[1].Fix.Table, "[pkg.derive.proc_macro]");
  EXPECT_EQ(E.Violations[1].Fix.text(), "allow = [\"fs\", \"net\"]");
  EXPECT_EQ(E.Violations[1].Fix.Line, 7u);
  EXPECT_NE(E.Violations[1].message().find("in proc-macro code"), std::string::npos);
  // build.allow's env is never needed.
  ASSERT_EQ(E.Unused.size(), 1u);
  EXPECT_EQ(E.Unused[0].Cap, Capability::ReadSystemState);
  EXPECT_EQ(E.Unused[0].Where, Scope::BuildScript);
  EXPECT_EQ(E.Unused[0].Pos.Line, 4u);
  EXPECT_EQ(E.Unused[0].Pos.Column, 24u);
  EXPECT_EQ(E.exitCode(false), 1);
}

TEST(Evaluate, BuildScriptOnlyViolation) {
  Policy P = policy("version = 1\n[pkg.cc-user]\nallow = [\"fs\"]\n");
  PackageReport F = package("cc-user", "1.0.0");
  use(F, Capability::Files, "cc_user::load", "std::fs::read", "/c/lib.rs", 2);
  use(F, Capability::Exec, "build_script_build::main", "std::process::Command::status",
      "/c/build.rs", 4, Scope::BuildScript);
  Evaluation E = evaluate(P, {F});
  ASSERT_EQ(E.Violations.size(), 1u);
  EXPECT_EQ(E.Violations[0].Where, Scope::BuildScript);
  EXPECT_EQ(E.Violations[0].Fix.text(), "build.allow = [\"exec\"]");
  EXPECT_EQ(E.Violations[0].Fix.Line, 0u);
  EXPECT_EQ(E.Violations[0].Fix.TableLine, 2u);
}

TEST(Evaluate, BuildOnlyLibraryCodeNeedsBuildAllow) {
  Policy P = policy("version = 1\n[pkg.cc]\nbuild.allow = [\"fs\"]\n[pkg.pkg-config]\n");
  PackageReport Cc = package("cc", "1.0.83");
  Cc.BuildOnly = true;
  use(Cc, Capability::Files, "cc::Build::compile", "std::fs::File::open", "/cc/lib.rs", 3);
  PackageReport PkgConfig = package("pkg-config", "0.3.27");
  PkgConfig.BuildOnly = true;
  use(PkgConfig, Capability::Exec, "pkg_config::run", "std::process::Command::output", "/p/lib.rs", 9);
  Evaluation E = evaluate(P, {Cc, PkgConfig});
  // cc's FILES is granted by build.allow, which is therefore used.
  EXPECT_TRUE(E.Unused.empty());
  ASSERT_EQ(E.Violations.size(), 1u);
  const Violation &V = E.Violations[0];
  EXPECT_EQ(V.Package, "pkg-config");
  EXPECT_EQ(V.Where, Scope::Normal);
  EXPECT_TRUE(V.BuildOnly);
  EXPECT_EQ(V.Fix.text(), "build.allow = [\"exec\"]");
  EXPECT_EQ(V.message(), "package `pkg-config` 0.3.27 may not use EXEC at build time (a build-only package): "
                         "`pkg_config::run` calls `std::process::Command::output`");
}

TEST(Evaluate, VersionNarrowedGrantNoLongerMatches) {
  Policy P = policy(R"(version = 1
[pkg.old-crate]
version = "^0.4"
allow = ["fs"]
)");
  PackageReport F = package("old-crate", "0.5.1");
  use(F, Capability::Files, "old_crate::load", "std::fs::read", "/o/lib.rs", 8);
  Evaluation E = evaluate(P, {F});
  ASSERT_EQ(E.Violations.size(), 1u);
  EXPECT_NE(E.Violations[0].Note.find("\"^0.4\", which old-crate 0.5.1 does not match"),
            std::string::npos)
      << E.Violations[0].Note;
  EXPECT_EQ(E.Violations[0].Fix.text(), "version = \"^0.5.1\"");
  EXPECT_EQ(E.Violations[0].Fix.Line, 3u);
  // The grant itself applies to nothing present.
  ASSERT_EQ(E.Unused.size(), 1u);
  EXPECT_NE(E.Unused[0].Message.find("matches no version of `old-crate`"),
            std::string::npos);

  // The old version is still fine.
  PackageReport Old = package("old-crate", "0.4.2");
  use(Old, Capability::Files, "old_crate::load", "std::fs::read", "/o/lib.rs", 8);
  EXPECT_TRUE(evaluate(P, {Old}).Violations.empty());
}

TEST(Evaluate, SeveralVersionsEachWithItsGrant) {
  Policy P = policy(R"(version = 1
[[pkg.rand]]
version = "^0.7"
allow = ["fs"]
[[pkg.rand]]
version = "^0.8"
allow = ["env"]
)");
  PackageReport Seven = package("rand", "0.7.3"), Eight = package("rand", "0.8.5");
  use(Seven, Capability::Files, "rand::os", "std::fs::File::open", "/r7.rs", 1);
  use(Eight, Capability::Files, "rand::os", "std::fs::File::open", "/r8.rs", 1);
  Evaluation E = evaluate(P, {Seven, Eight});
  ASSERT_EQ(E.Violations.size(), 1u);
  EXPECT_EQ(E.Violations[0].Version, "0.8.5");
  EXPECT_EQ(E.Violations[0].Fix.Table, "[[pkg.rand]]");
  EXPECT_EQ(E.Violations[0].Fix.text(), "allow = [\"env\", \"fs\"]");
  EXPECT_EQ(E.Violations[0].Fix.Line, 7u);
  ASSERT_EQ(E.Unused.size(), 1u);
  EXPECT_EQ(E.Unused[0].Cap, Capability::ReadSystemState);
}

TEST(Evaluate, UnsafeCode) {
  Policy P = policy("version = 1\n[pkg.a]\nallow_unsafe = true\n[pkg.b]\n[pkg.c]\nallow_unsafe = true\n");
  PackageReport A = package("a", "1.0.0"), B = package("b", "1.0.0"), C = package("c", "1.0.0");
  A.Unsafe = B.Unsafe = true;
  B.UnsafeSites = {{"/b/lib.rs", 3}, {"/b/lib.rs", 9}};
  Evaluation E = evaluate(P, {A, B, C});
  ASSERT_EQ(E.Violations.size(), 2u);
  EXPECT_EQ(E.Violations[0].What, Violation::Kind::Unsafe);
  EXPECT_EQ(E.Violations[0].Line, 3u);
  EXPECT_EQ(E.Violations[0].Fix.text(), "allow_unsafe = true");
  EXPECT_EQ(E.Violations[0].Fix.TableLine, 4u);
  EXPECT_EQ(E.Violations[0].message(),
            "package `b` 1.0.0 contains unsafe code, which the policy does not allow");
  ASSERT_EQ(E.Unused.size(), 1u);
  EXPECT_EQ(E.Unused[0].Package, "c");
  EXPECT_FALSE(E.exitCode(false) == 0);
}

TEST(Evaluate, UnusedGrantsAreErrorsOnlyWhenDenied) {
  Policy P = policy("version = 1\n[pkg.a]\nallow = [\"fs\", \"net\"]\n[pkg.gone]\nallow = [\"fs\"]\n");
  PackageReport A = package("a", "1.0.0");
  use(A, Capability::Files, "a::f", "std::fs::read", "/a.rs", 1);
  Evaluation E = evaluate(P, {A});
  EXPECT_TRUE(E.Violations.empty());
  ASSERT_EQ(E.Unused.size(), 2u);
  EXPECT_EQ(E.Unused[0].Pos.Line, 3u);
  EXPECT_EQ(E.Unused[0].Pos.Column, 16u);
  EXPECT_NE(E.Unused[1].Message.find("not in the dependency graph"), std::string::npos);
  EXPECT_EQ(E.exitCode(false), 0);
  EXPECT_EQ(E.exitCode(true), 1);
  std::string Warn = renderEvaluation(E, P, false);
  EXPECT_NE(Warn.find("warning: capgate.toml:3:16: unused grant: `a` does not use NETWORK"),
            std::string::npos)
      << Warn;
  EXPECT_NE(renderEvaluation(E, P, true).find("error: capgate.toml:3:16"), std::string::npos);
}

TEST(Evaluate, DirectWithoutUseReports) {
  Policy P = policy("version = 1\n");
  PackageReport A = package("a", "1.0.0");
  A.direct(Scope::Normal).insert(Capability::SystemCalls);
  Evaluation E = evaluate(P, {A});
  ASSERT_EQ(E.Violations.size(), 1u);
  EXPECT_TRUE(E.Violations[0].File.empty());
  EXPECT_EQ(E.Violations[0].message(), "package `a` 1.0.0 may not use SYSTEM_CALLS");
}

} // namespace
