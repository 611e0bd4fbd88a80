// SARIF for GitHub code scanning: URIs relative to %SRCROOT%, one result per
// (package, capability, scope) with its sites, a dependency's result anchored
// on the policy or on Cargo.lock, generated code not placed, fingerprints
// that do not move with lines or checkouts, and check's violations and diff
// in one log.
#include "capgate/policy/Diff.h"
#include "capgate/policy/Sarif.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

using namespace capgate;
using namespace capgate::policy;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

/// A directory of its own for one test, removed afterwards.
class Checkout {
public:
  Checkout() {
    std::string Template = (fs::temp_directory_path() / "capgate-sarif-XXXXXX").string();
    Root = ::mkdtemp(Template.data());
  }
  ~Checkout() { fs::remove_all(Root); }

  std::string write(const std::string &Relative, const std::string &Text) const {
    fs::path Path = Root / Relative;
    fs::create_directories(Path.parent_path());
    std::ofstream(Path) << Text;
    return Path.string();
  }
  std::string path(const std::string &Relative) const { return (Root / Relative).string(); }

  fs::path Root;
};

const char *PolicyText = "version = 1\n"     // 1
                         "\n"                // 2
                         "[pkg.app]\n"       // 3
                         "allow = [\"fs\"]\n" // 4
                         "\n"                // 5
                         "[pkg.ureq]\n"      // 6
                         "allow = [\"fs\"]\n"; // 7

const char *LockText = "version = 3\n"           // 1
                       "\n"                      // 2
                       "[[package]]\n"           // 3
                       "name = \"app\"\n"        // 4
                       "version = \"0.1.0\"\n"   // 5
                       "\n"                      // 6
                       "[[package]]\n"           // 7
                       "name = \"tiny-dns\"\n"   // 8
                       "version = \"0.2.0\"\n"   // 9
                       "\n"                      // 10
                       "[[package]]\n"           // 11
                       "name = \"ureq\"\n"       // 12
                       "version = \"2.9.1\"\n";  // 13

PackageReport package(std::string Name, std::string Version) {
  PackageReport P;
  P.Name = std::move(Name);
  P.Version = std::move(Version);
  return P;
}

void use(PackageReport &P, Capability Cap, std::string Function, std::string File, unsigned Line,
         Scope S = Scope::Normal) {
  P.addUse(UseReport{Cap, std::move(Function), "std::net::TcpStream::connect", {std::move(File), Line}, S});
}

/// app uses EXEC at two sites in the checkout; ureq NETWORK at three sites
/// of the registry; tiny-dns, with no grant, NETWORK at one.
std::vector<PackageReport> packages(const Checkout &C, unsigned Shift = 0) {
  PackageReport App = package("app", "0.1.0");
  App.addUse(UseReport{Capability::Exec, "app::main", "<std::process::Command>::new",
                       {C.path("app/src/main.rs"), 4 + Shift}, Scope::Normal});
  App.addUse(UseReport{Capability::Exec, "app::main", "<std::process::Command>::new",
                       {C.path("app/src/main.rs"), 7 + Shift}, Scope::Normal});
  PackageReport Ureq = package("ureq", "2.9.1");
  use(Ureq, Capability::Network, "ureq::a", "/usr/share/cargo/registry/ureq-2.9.1/src/stream.rs", 4 + Shift);
  use(Ureq, Capability::Network, "ureq::b", "/usr/share/cargo/registry/ureq-2.9.1/src/stream.rs", 40 + Shift);
  use(Ureq, Capability::Network, "ureq::c", "/usr/share/cargo/registry/ureq-2.9.1/src/unit.rs", 12 + Shift);
  PackageReport Dns = package("tiny-dns", "0.2.0");
  use(Dns, Capability::Network, "tiny_dns::lookup", "/usr/share/cargo/registry/tiny-dns-0.2.0/src/lib.rs", 31);
  return {App, Ureq, Dns};
}

json evaluationLog(const Checkout &C, const std::vector<PackageReport> &Packages, SarifOptions Options = {}) {
  Policy P = parsePolicy(PolicyText, C.path("capgate.toml"));
  if (Options.SourceRoot.empty())
    Options.SourceRoot = C.Root.string();
  return json::parse(sarifForEvaluation(evaluate(P, Packages), P, false, Options));
}

json physical(const json &Result) { return Result["locations"][0]["physicalLocation"]; }

/// The result for \p Package under \p Rule; fails the test when there is
/// none.
json resultFor(const json &Log, const std::string &Rule, const std::string &Package) {
  for (const json &R : Log["runs"][0]["results"])
    if (R["ruleId"] == Rule && R["properties"]["package"] == Package)
      return R;
  ADD_FAILURE() << "no " << Rule << " result for " << Package << " in " << Log.dump(2);
  return json::object();
}

TEST(Sarif, OneResultPerPackageCapabilityAndScopeWithItsSites) {
  Checkout C;
  C.write("capgate.toml", PolicyText);
  C.write("Cargo.lock", LockText);
  json Log = evaluationLog(C, packages(C));
  const json &Run = Log["runs"][0];
  EXPECT_EQ(Run["originalUriBaseIds"]["%SRCROOT%"]["uri"],
            "file://" + fs::weakly_canonical(C.Root).generic_string() + "/");
  // app EXEC, ureq NETWORK, tiny-dns NETWORK, and app's and ureq's unused
  // fs grants.
  ASSERT_EQ(Run["results"].size(), 5u) << Log.dump(2);

  json App = resultFor(Log, "capgate/capability-not-allowed", "app");
  EXPECT_EQ(physical(App)["artifactLocation"], (json{{"uri", "app/src/main.rs"}, {"uriBaseId", "%SRCROOT%"}}));
  EXPECT_EQ(physical(App)["region"]["startLine"], 4);
  EXPECT_EQ(App["properties"]["sites"], 2);
  EXPECT_NE(App["message"]["text"].get<std::string>().find("(2 sites; the first: `app::main` calls "
                                                           "`<std::process::Command>::new` at app/src/main.rs:4)"),
            std::string::npos)
      << App.dump(2);
  ASSERT_EQ(App["relatedLocations"].size(), 1u);
  EXPECT_EQ(App["relatedLocations"][0]["physicalLocation"]["region"]["startLine"], 7);
}

TEST(Sarif, DependencyAnchoredOnItsGrantOrItsLockEntry) {
  Checkout C;
  C.write("capgate.toml", PolicyText);
  C.write("Cargo.lock", LockText);
  json Log = evaluationLog(C, packages(C));

  // ureq has a grant: its result sits on that line of capgate.toml, with
  // the registry's sites in the message and as related locations.
  json Ureq = resultFor(Log, "capgate/capability-not-allowed", "ureq");
  EXPECT_EQ(physical(Ureq)["artifactLocation"]["uri"], "capgate.toml");
  EXPECT_EQ(physical(Ureq)["region"]["startLine"], 7);
  EXPECT_NE(Ureq["message"]["text"].get<std::string>().find(
                "(3 sites; the first: `ureq::a` calls `std::net::TcpStream::connect` at "
                "/usr/share/cargo/registry/ureq-2.9.1/src/stream.rs:4)"),
            std::string::npos)
      << Ureq.dump(2);
  ASSERT_EQ(Ureq["relatedLocations"].size(), 3u);
  EXPECT_EQ(Ureq["relatedLocations"][1]["physicalLocation"]["artifactLocation"]["uri"],
            "file:///usr/share/cargo/registry/ureq-2.9.1/src/stream.rs");
  EXPECT_EQ(Ureq["relatedLocations"][1]["physicalLocation"]["region"]["startLine"], 40);

  // tiny-dns has none: its entry in Cargo.lock.
  json Dns = resultFor(Log, "capgate/capability-not-allowed", "tiny-dns");
  EXPECT_EQ(physical(Dns)["artifactLocation"], (json{{"uri", "Cargo.lock"}, {"uriBaseId", "%SRCROOT%"}}));
  EXPECT_EQ(physical(Dns)["region"]["startLine"], 8);
}

TEST(Sarif, EveryResultHasAFingerprintThatIgnoresLinesAndCheckouts) {
  Checkout First, Second;
  for (Checkout *C : {&First, &Second}) {
    C->write("capgate.toml", PolicyText);
    C->write("Cargo.lock", LockText);
  }
  json Before = evaluationLog(First, packages(First));
  json After = evaluationLog(Second, packages(Second, 3));
  const json &Results = Before["runs"][0]["results"];
  ASSERT_EQ(Results.size(), After["runs"][0]["results"].size());
  std::set<std::string> Seen;
  for (std::size_t I = 0; I < Results.size(); ++I) {
    const json &Prints = Results[I]["partialFingerprints"];
    ASSERT_EQ(Prints.size(), 1u);
    EXPECT_EQ(Prints, After["runs"][0]["results"][I]["partialFingerprints"]);
    EXPECT_TRUE(Seen.insert(Prints.begin().value().get<std::string>()).second) << "two results share "
                                                                                 << Prints.dump();
  }
}

TEST(Sarif, GeneratedCodeIsAnchoredLikeADependency) {
  Checkout C;
  C.write("capgate.toml", PolicyText);
  C.write("Cargo.lock", LockText);
  PackageReport Dns = package("tiny-dns", "0.2.0");
  use(Dns, Capability::Network, "tiny_dns::generated", C.path("target/capgate/debug/build/tiny-dns-1/out/gen.rs"), 2);
  SarifOptions Options;
  Options.GeneratedDirs = {C.path("target/capgate")};
  json Result = resultFor(evaluationLog(C, {Dns}, Options), "capgate/capability-not-allowed", "tiny-dns");
  EXPECT_EQ(physical(Result)["artifactLocation"]["uri"], "Cargo.lock");
  EXPECT_EQ(Result["relatedLocations"].size(), 1u);
}

TEST(Sarif, UrisArePercentEncoded) {
  Checkout C;
  C.write("capgate.toml", PolicyText);
  PackageReport App = package("app", "0.1.0");
  App.addUse(UseReport{Capability::Exec, "app::main", "<std::process::Command>::new",
                       {C.path("my app/src/m#in.rs"), 4}, Scope::Normal});
  json Result = resultFor(evaluationLog(C, {App}), "capgate/capability-not-allowed", "app");
  EXPECT_EQ(physical(Result)["artifactLocation"]["uri"], "my%20app/src/m%23in.rs");
}

TEST(Sarif, DiffResultsSitOnTheLockFile) {
  Checkout C;
  C.write("Cargo.lock", LockText);
  Report Old, New;
  Old.Packages = {package("app", "0.1.0"), package("ureq", "2.8.0"), package("gone", "1.0.0")};
  Old.Packages[2].direct().insert(Capability::Files);
  New.Packages = packages(C);
  New.Packages[0].direct() = CapabilitySet();
  New.Packages[0].transitive().insert(Capability::Network);
  SarifOptions Options;
  Options.SourceRoot = C.Root.string();
  json Log = json::parse(sarifForDiff(diffReports(Old, New), New, Options));

  json App = resultFor(Log, "capgate/capability-gained", "app");
  EXPECT_EQ(physical(App)["artifactLocation"], (json{{"uri", "Cargo.lock"}, {"uriBaseId", "%SRCROOT%"}}));
  EXPECT_EQ(physical(App)["region"]["startLine"], 4);
  json Ureq = resultFor(Log, "capgate/capability-gained", "ureq");
  EXPECT_EQ(physical(Ureq)["region"]["startLine"], 12);
  EXPECT_EQ(Ureq["relatedLocations"].size(), 3u);
  EXPECT_NE(Ureq["message"]["text"].get<std::string>().find("package `ureq` 2.9.1 (was 2.8.0) gained NETWORK"),
            std::string::npos);
  // A package the lock file no longer has: its first line.
  json Gone = resultFor(Log, "capgate/capability-lost", "gone");
  EXPECT_EQ(physical(Gone)["region"]["startLine"], 1);
  for (const json &R : Log["runs"][0]["results"])
    EXPECT_FALSE(R["partialFingerprints"].empty()) << R.dump(2);
}

TEST(Sarif, WithoutALockFileAResultStillHasALocation) {
  Checkout C;
  Report Old, New;
  Old.Packages = {package("app", "0.1.0")};
  New.Packages = {package("app", "0.1.0")};
  New.Packages[0].transitive().insert(Capability::Network);
  SarifOptions Options;
  Options.SourceRoot = C.Root.string();
  json Log = json::parse(sarifForDiff(diffReports(Old, New), New, Options));
  json App = resultFor(Log, "capgate/capability-gained", "app");
  EXPECT_EQ(physical(App)["artifactLocation"]["uri"],
            "file://" + (fs::weakly_canonical(C.Root) / "Cargo.lock").generic_string());
}

TEST(Sarif, ViolationsAndTheBaselineDiffAreOneLog) {
  Checkout C;
  C.write("capgate.toml", PolicyText);
  C.write("Cargo.lock", LockText);
  std::vector<PackageReport> Now = packages(C);
  Report Old, New;
  New.Packages = Now;
  Old.Packages = {package("app", "0.1.0")};
  Policy P = parsePolicy(PolicyText, C.path("capgate.toml"));
  SarifOptions Options;
  Options.SourceRoot = C.Root.string();
  SarifLog Log(Options);
  Log.addEvaluation(evaluate(P, Now), P, false);
  Log.addDiff(diffReports(Old, New), New);
  json Doc = json::parse(Log.str());
  ASSERT_EQ(Doc["runs"].size(), 1u);
  std::set<std::string> Rules;
  for (const json &R : Doc["runs"][0]["results"])
    Rules.insert(R["ruleId"].get<std::string>());
  EXPECT_TRUE(Rules.count("capgate/capability-not-allowed"));
  EXPECT_TRUE(Rules.count("capgate/capability-gained"));
}

} // namespace
