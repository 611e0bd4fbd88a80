// What `check` prints: violations grouped per (package, capability, scope)
// with their sites counted, one merged policy edit per package, and where
// a site's caret goes.
#include "capgate/policy/CheckReport.h"

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

void use(PackageReport &F, Capability Cap, std::string Callee, unsigned Line, Scope S = Scope::Normal) {
  F.addUse(UseReport{Cap, F.Name + "::f", std::move(Callee), {"/src/" + F.Name + "/lib.rs", Line}, S});
}

TEST(CheckReport, OneGroupPerPackageCapabilityAndScope) {
  Policy P = parsePolicy("version = 1\n\n[pkg.ureq]\nallow = [\"env\"]\n", "capgate.toml");
  PackageReport Ureq = package("ureq", "2.9.1");
  for (unsigned Line : {10u, 20u, 30u, 40u})
    use(Ureq, Capability::Network, "std::net::TcpStream::connect", Line);
  use(Ureq, Capability::Files, "std::fs::read", 50);
  use(Ureq, Capability::Exec, "<std::process::Command>::new::<&str>", 5, Scope::BuildScript);
  PackageReport Helper = package("helper", "0.1.0");
  use(Helper, Capability::Exec, "<std::process::Command>::new::<&str>", 3);
  use(Helper, Capability::Exec, "<std::process::Command>::status", 3);

  std::vector<PackageViolations> Packages = groupViolations(evaluate(P, {Ureq, Helper}));
  ASSERT_EQ(Packages.size(), 2u);
  const PackageViolations &U = Packages[0];
  EXPECT_EQ(U.Package, "ureq");
  // In the order of the capabilities (Capability.h), scope by scope.
  ASSERT_EQ(U.Groups.size(), 3u);
  EXPECT_EQ(U.Groups[0].message(), "package `ureq` 2.9.1 may not use FILES (1 site)");
  EXPECT_EQ(U.Groups[1].Sites.size(), 4u);
  EXPECT_EQ(U.Groups[1].message(), "package `ureq` 2.9.1 may not use NETWORK (4 sites)");
  EXPECT_EQ(U.Groups[2].message(), "package `ureq` 2.9.1 may not use EXEC in build-script code (1 site)");
  // One edit per key: NETWORK and FILES merge into the existing `allow`,
  // the build script's EXEC goes to `build.allow`.
  ASSERT_EQ(U.Fixes.size(), 2u);
  EXPECT_EQ(U.Fixes[0].text(), "allow = [\"env\", \"fs\", \"net\"]");
  EXPECT_EQ(U.Fixes[0].Line, 4u);
  EXPECT_EQ(U.Fixes[1].text(), "build.allow = [\"exec\"]");
  EXPECT_EQ(U.Fixes[1].Line, 0u);
  EXPECT_EQ(renderPackageFix(U, "capgate.toml"),
            "help: to allow everything `ureq` 2.9.1 uses, put these lines in capgate.toml:\n"
            "    [pkg.ureq]  # line 3\n"
            "    allow = [\"env\", \"fs\", \"net\"]  # replaces line 4\n"
            "    build.allow = [\"exec\"]\n");

  const PackageViolations &H = Packages[1];
  ASSERT_EQ(H.Groups.size(), 1u);
  EXPECT_EQ(H.Groups[0].Sites.size(), 2u);
  EXPECT_EQ(renderPackageFix(H, "capgate.toml"),
            "help: to allow everything `helper` 0.1.0 uses, put these lines in capgate.toml:\n"
            "    [pkg.helper]  # a new table\n"
            "    allow = [\"exec\"]\n");
}

TEST(CheckReport, FirstSitesShownAndTheRestCounted) {
  Policy P = parsePolicy("version = 1\n", "capgate.toml");
  PackageReport Ureq = package("ureq", "2.9.1");
  for (unsigned Line : {10u, 20u, 30u, 40u, 50u})
    use(Ureq, Capability::Network, "std::net::TcpStream::connect", Line);
  Evaluation E = evaluate(P, {Ureq});
  std::string Three = renderCheck(E, P, false, DefaultShownSites);
  // The sources are not there: file and line only.
  EXPECT_NE(Three.find("--> /src/ureq/lib.rs:30\n"), std::string::npos) << Three;
  EXPECT_EQ(Three.find("--> /src/ureq/lib.rs:40"), std::string::npos) << Three;
  EXPECT_NE(Three.find("= note: and 2 more sites (`--verbose` shows every site)"), std::string::npos) << Three;
  EXPECT_NE(Three.find("capgate: 1 violation (5 sites) in 1 package, 0 unused grants\n"), std::string::npos);
  std::string All = renderCheck(E, P, false, 0);
  EXPECT_NE(All.find("--> /src/ureq/lib.rs:50\n"), std::string::npos) << All;
  EXPECT_EQ(All.find("more site"), std::string::npos) << All;
}

TEST(CheckReport, CaretUnderTheCallee) {
  std::string Line = "    std::process::Command::new(program).arg(\"--version\").status().is_ok()";
  SiteColumn New = siteColumn(Line, "<std::process::Command>::new::<&str>");
  EXPECT_EQ(Line.substr(New.Column - 1, New.Width), "Command::new");
  SiteColumn Arg = siteColumn(Line, "<std::process::Command>::arg::<&str>");
  EXPECT_EQ(Line.substr(Arg.Column - 1, Arg.Width), "arg");
  SiteColumn Trait = siteColumn("    let n = file.read(&mut buf)?;", "<std::fs::File as std::io::Read>::read");
  EXPECT_EQ(Trait.Column, 18u);
  EXPECT_EQ(Trait.Width, 4u);
  // A word inside another is no match: the first non-blank column instead.
  SiteColumn Unnamed = siteColumn("    reader()", "std::fs::read");
  EXPECT_EQ(Unnamed.Column, 5u);
  EXPECT_EQ(Unnamed.Width, 1u);
}

} // namespace
