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

