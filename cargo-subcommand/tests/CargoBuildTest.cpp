// cargo's package ids, in the forms cargo versions have written them, and
// which packages of cargo's resolve only run at build time.
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

TEST(BuildOnly, FromTheResolve) {
  // app -> serde (normal) -> serde_derive (proc-macro) -> syn; app builds
  // with cc (build-dependency), which uses shlex; app tests with
  // tempfile (dev), whose own dev-dependency is not app's.
  nlohmann::json Metadata = nlohmann::json::parse(R"({
    "packages": [
      {"id": "app", "targets": [{"kind": ["bin"]}]},
      {"id": "serde", "targets": [{"kind": ["lib"]}]},
      {"id": "serde_derive", "targets": [{"kind": ["proc-macro"]}]},
      {"id": "syn", "targets": [{"kind": ["lib"]}]},
      {"id": "cc", "targets": [{"kind": ["lib"]}]},
      {"id": "shlex", "targets": [{"kind": ["lib"]}]},
      {"id": "tempfile", "targets": [{"kind": ["lib"]}]},
      {"id": "quickcheck", "targets": [{"kind": ["lib"]}]}],
    "workspace_members": ["app"],
    "resolve": {"nodes": [
      {"id": "app", "deps": [
        {"pkg": "serde", "dep_kinds": [{"kind": null}]},
        {"pkg": "cc", "dep_kinds": [{"kind": "build"}]},
        {"pkg": "tempfile", "dep_kinds": [{"kind": "dev"}]}]},
      {"id": "serde", "deps": [{"pkg": "serde_derive", "dep_kinds": [{"kind": null}]}]},
      {"id": "serde_derive", "deps": [{"pkg": "syn", "dep_kinds": [{"kind": null}]}]},
      {"id": "syn", "deps": []},
      {"id": "cc", "deps": [{"pkg": "shlex", "dep_kinds": [{"kind": null}]}]},
      {"id": "shlex", "deps": []},
      {"id": "tempfile", "deps": [{"pkg": "quickcheck", "dep_kinds": [{"kind": "dev"}]}]},
      {"id": "quickcheck", "deps": []}]}})");
  EXPECT_EQ(buildOnlyPackages(Metadata), (std::set<std::string>{"cc", "quickcheck", "serde_derive", "shlex", "syn"}));
}

TEST(BuildOnly, ANormalEdgeToo) {
  // syn is both a proc-macro's dependency and app's own.
  nlohmann::json Metadata = nlohmann::json::parse(R"({
    "packages": [
      {"id": "app", "targets": [{"kind": ["bin"]}]},
      {"id": "derive", "targets": [{"kind": ["proc-macro"]}]},
      {"id": "syn", "targets": [{"kind": ["lib"]}]}],
    "workspace_members": ["app"],
    "resolve": {"nodes": [
      {"id": "app", "deps": [{"pkg": "derive", "dep_kinds": [{"kind": null}]},
                             {"pkg": "syn", "dep_kinds": [{"kind": "build"}, {"kind": null}]}]},
      {"id": "derive", "deps": [{"pkg": "syn", "dep_kinds": [{"kind": null}]}]},
      {"id": "syn", "deps": []}]}})");
  EXPECT_EQ(buildOnlyPackages(Metadata), std::set<std::string>{"derive"});
}
