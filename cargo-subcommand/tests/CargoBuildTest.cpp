// cargo's package ids, in the forms cargo versions have written them,
// which packages of cargo's resolve only run at build time, and units
// checked against the identities cargo's metadata gives them.
#include "CargoBuild.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace capgate;

namespace {

std::pair<std::string, std::string> parse(const std::string &Id) {
  std::pair<std::string, std::string> Result;
  parsePackageId(Id, Result.first, Result.second);
  return Result;
}

} // namespace

TEST(PackageId, RegistryWithNameAndVersion) {
  EXPECT_EQ(parse("registry+https://github.com/rust-lang/crates.io-index#serde@1.0.152"),
            std::make_pair(std::string("serde"), std::string("1.0.152")));
}

TEST(PackageId, PathWhoseDirectoryIsTheName) {
  EXPECT_EQ(parse("path+file:///work/ws/lib_a#0.1.0"), std::make_pair(std::string("lib_a"), std::string("0.1.0")));
}

TEST(PackageId, PathWhoseDirectoryIsNotTheName) {
  EXPECT_EQ(parse("path+file:///work/ws/crates/a#lib-a@0.2.0-rc.1"),
            std::make_pair(std::string("lib-a"), std::string("0.2.0-rc.1")));
}

TEST(PackageId, OldSpaceSeparatedForm) {
  EXPECT_EQ(parse("regex 1.7.1 (registry+https://github.com/rust-lang/crates.io-index)"),
            std::make_pair(std::string("regex"), std::string("1.7.1")));
}


// After a build from cached metadata, the driver checks cargo's account of
// each unit against the identities it gave the wrapper.
namespace {

Artifact artifact(const std::string &Package, const std::string &Directory, const std::string &Target,
                  const std::string &Source, const std::string &Kind = "lib") {
  Artifact A;
  A.PackageName = Package;
  A.PackageVersion = "0.1.0";
  A.ManifestDir = Directory;
  A.TargetName = Target;
  A.SourcePath = Source;
  A.Kind = Kind;
  return A;
}

std::map<std::string, UnitIdentity> identities() {
  std::map<std::string, UnitIdentity> Units;
  Units[targetUnitKey(false, "lib-a", "/nonexistent/ws/a/src/lib.rs")] = {"lib-a", "0.1.0", "/nonexistent/ws/a",
                                                                          "lib", {}, false};
  Units[targetUnitKey(true, "build-script-build", "/nonexistent/ws/a/build.rs")] = {
      "lib-a", "0.1.0", "/nonexistent/ws/a", "custom-build", {}, false};
  return Units;
}

} // namespace

TEST(IdentityMismatch, EveryUnitAsTheMetadataSays) {
  EXPECT_EQ(identityMismatch(identities(),
                             {artifact("lib-a", "/nonexistent/ws/a", "lib-a", "/nonexistent/ws/a/src/lib.rs"),
                              artifact("lib-a", "/nonexistent/ws/a", "build-script-build",
                                       "/nonexistent/ws/a/build.rs", "build-script")}),
            std::nullopt);
}

TEST(IdentityMismatch, AUnitTheMetadataDoesNotList) {
  std::optional<std::string> Mismatch = identityMismatch(
      identities(), {artifact("late", "/nonexistent/ws/late", "late", "/nonexistent/ws/late/src/lib.rs")});
  ASSERT_TRUE(Mismatch);
  EXPECT_EQ(*Mismatch, "cargo built target `late` of late 0.1.0, which cargo's metadata does not list");
}

TEST(IdentityMismatch, AUnitTheMetadataGivesToAnotherPackage) {
  std::optional<std::string> Mismatch = identityMismatch(
      identities(), {artifact("evil", "/nonexistent/ws/evil", "lib-a", "/nonexistent/ws/a/src/lib.rs")});
  ASSERT_TRUE(Mismatch);
  EXPECT_EQ(*Mismatch, "cargo built target `lib-a` of evil 0.1.0 from /nonexistent/ws/evil, which cargo's "
                       "metadata gives to lib-a 0.1.0 in /nonexistent/ws/a");
}

TEST(IdentityMismatch, ASourceFileTwoPackagesClaim) {
  // The wrapper refuses to compile such a unit; cargo's account of either
  // package is no sign of a stale answer.
  std::map<std::string, UnitIdentity> Units = identities();
  Units.at(targetUnitKey(false, "lib-a", "/nonexistent/ws/a/src/lib.rs")).AlsoClaimedBy.push_back("other");
  EXPECT_EQ(identityMismatch(Units, {artifact("other", "/nonexistent/ws/other", "lib-a",
                                              "/nonexistent/ws/a/src/lib.rs")}),
            std::nullopt);
}
