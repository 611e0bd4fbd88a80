// Cargo's version-requirement semantics, as the policy's `version` narrows
// grants with them.
#include "capgate/policy/Semver.h"

#include <gtest/gtest.h>

using namespace capgate::policy;

namespace {

bool matches(const char *Req, const char *V) {
  std::optional<Version> Parsed = Version::parse(V);
  EXPECT_TRUE(Parsed) << V;
  return VersionReq::parse(Req).matches(*Parsed);
}

TEST(Version, ParsesAndOrders) {
  ASSERT_TRUE(Version::parse("1.2.3"));
  EXPECT_EQ(Version::parse("1.2.3-alpha.1+build.5")->str(), "1.2.3-alpha.1");
  EXPECT_FALSE(Version::parse("1.2"));
  EXPECT_FALSE(Version::parse("01.2.3"));
  EXPECT_FALSE(Version::parse("1.2.3-"));
  EXPECT_FALSE(Version::parse("1.2.3-a..b"));
  EXPECT_FALSE(Version::parse("x.y.z"));
  // Semver's precedence example, in increasing order.
  const char *Ordered[] = {"1.0.0-alpha",      "1.0.0-alpha.1", "1.0.0-alpha.beta",
                           "1.0.0-beta",       "1.0.0-beta.2",  "1.0.0-beta.11",
                           "1.0.0-rc.1",       "1.0.0",         "1.0.1",
                           "1.1.0",            "2.0.0"};
  for (std::size_t I = 0; I + 1 < std::size(Ordered); ++I)
    EXPECT_LT(*Version::parse(Ordered[I]), *Version::parse(Ordered[I + 1]))
        << Ordered[I] << " < " << Ordered[I + 1];
  EXPECT_EQ(*Version::parse("1.0.0+a"), *Version::parse("1.0.0+b"));
}

TEST(VersionReq, Caret) {
  EXPECT_TRUE(matches("^1.2", "1.2.0"));
  EXPECT_TRUE(matches("^1.2", "1.9.7"));
  EXPECT_FALSE(matches("^1.2", "1.1.9"));
  EXPECT_FALSE(matches("^1.2", "2.0.0"));
  EXPECT_TRUE(matches("^1.2.3", "1.2.3"));
  EXPECT_FALSE(matches("^1.2.3", "1.2.2"));
  EXPECT_TRUE(matches("^0.4", "0.4.9"));
  EXPECT_FALSE(matches("^0.4", "0.5.0"));
  EXPECT_TRUE(matches("^0.2.3", "0.2.9"));
  EXPECT_FALSE(matches("^0.2.3", "0.3.0"));
  EXPECT_TRUE(matches("^0.0.3", "0.0.3"));
  EXPECT_FALSE(matches("^0.0.3", "0.0.4"));
  EXPECT_TRUE(matches("^0.0", "0.0.7"));
  EXPECT_FALSE(matches("^0.0", "0.1.0"));
  EXPECT_TRUE(matches("^0", "0.9.0"));
  EXPECT_FALSE(matches("^0", "1.0.0"));
  // A bare version is a caret requirement.
  EXPECT_TRUE(matches("1.2", "1.5.0"));
  EXPECT_FALSE(matches("1.2", "2.0.0"));
}

TEST(VersionReq, TildeExactAndRanges) {
  EXPECT_TRUE(matches("~1.2.3", "1.2.9"));
  EXPECT_FALSE(matches("~1.2.3", "1.3.0"));
  EXPECT_TRUE(matches("~1", "1.9.0"));
  EXPECT_FALSE(matches("~1", "2.0.0"));
  EXPECT_TRUE(matches("=1.0.3", "1.0.3"));
  EXPECT_FALSE(matches("=1.0.3", "1.0.4"));
  EXPECT_TRUE(matches("=1.2", "1.2.7"));
  EXPECT_FALSE(matches("=1.2", "1.3.0"));
  EXPECT_TRUE(matches(">=0.4, <0.6", "0.4.0"));
  EXPECT_TRUE(matches(">=0.4, <0.6", "0.5.11"));
  EXPECT_FALSE(matches(">=0.4, <0.6", "0.6.0"));
  EXPECT_FALSE(matches(">=0.4, <0.6", "0.3.9"));
  EXPECT_TRUE(matches(">1.2", "1.3.0"));
  EXPECT_FALSE(matches(">1.2", "1.2.5"));
  EXPECT_TRUE(matches("<=1.2", "1.2.9"));
  EXPECT_FALSE(matches("<=1.2", "1.3.0"));
  EXPECT_TRUE(matches("<2", "1.99.0"));
  EXPECT_FALSE(matches("<2", "2.0.0"));
}

TEST(VersionReq, Wildcards) {
  EXPECT_TRUE(matches("*", "0.0.1"));
  EXPECT_TRUE(matches("*", "42.0.0"));
  EXPECT_TRUE(matches("1.*", "1.4.0"));
  EXPECT_FALSE(matches("1.*", "2.0.0"));
  EXPECT_TRUE(matches("1.2.x", "1.2.8"));
  EXPECT_FALSE(matches("1.2.*", "1.3.0"));
}

TEST(VersionReq, PreReleasesOnlyWhenNamed) {
  EXPECT_FALSE(matches("^1.2", "1.3.0-beta.1"));
  EXPECT_FALSE(matches("*", "1.0.0-rc.1"));
  EXPECT_TRUE(matches("^1.2.3-beta", "1.2.3-beta.2"));
  EXPECT_TRUE(matches("^1.2.3-beta", "1.2.3"));
  EXPECT_TRUE(matches("^1.2.3-beta", "1.4.0"));
  EXPECT_FALSE(matches("^1.2.3-beta", "1.2.4-beta"));
  EXPECT_FALSE(matches("^1.2.3-beta.2", "1.2.3-beta.1"));
  EXPECT_TRUE(matches(">=1.0.0-alpha, <2", "1.0.0-beta"));
}

TEST(VersionReq, RejectsNonsense) {
  for (const char *Bad : {"", "^", "1.2.3.4", "abc", ">= ", "1.*.3", "^1.*",
                          "1.2-beta", "~x", ">=1.2,", "01.2"})
    EXPECT_THROW(VersionReq::parse(Bad), std::invalid_argument) << Bad;
}

} // namespace
