//===- AnnotationRulesTest.cpp - Tests for annotation matching ------------===//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//

#include "AnnotationRules.h"

#include "gtest/gtest.h"

using namespace capgate;
using Kind = AnnotationRules::EntryKind;

namespace {

class AnnotationRulesTest : public ::testing::Test {
protected:
  void SetUp() override {
    Rules.addRustRule("std::fs", Kind::Include, Capability::Files);
    Rules.addRustRule("std::fs::Permissions", Kind::Exclude, Capability::Files);
    Rules.addRustRule("std::path::Path::exists", Kind::Exact,
                      Capability::Files);
    Rules.addRustRule("std::env", Kind::Include, Capability::ReadSystemState);
    Rules.addRustRule("std::env::set_var", Kind::Include,
                      Capability::ModifySystemState);
    Rules.addRustRule("std::env::set_var", Kind::Exclude,
                      Capability::ReadSystemState);
    Rules.addRustRule("core::ops::drop::Drop::drop", Kind::Include,
                      Capability::Safe);
    Rules.addCRule("open", Capability::Files);
    Rules.addCRule("__open*", Capability::Files);
    Rules.addCRule("memcpy", Capability::Safe);
  }

  Verdict rust(std::vector<std::string> Candidates) {
    return Rules.classifyRust(Candidates);
  }

  AnnotationRules Rules;
};

TEST_F(AnnotationRulesTest, PrefixesMatchWholeSegments) {
  EXPECT_TRUE(rust({"std::fs::read"}).Capabilities.contains(Capability::Files));
  EXPECT_TRUE(rust({"std::fs"}).Capabilities.contains(Capability::Files));
  EXPECT_FALSE(rust({"std::fsx::read"}).decided());
  EXPECT_FALSE(rust({"mycrate::std::fs::read"}).decided());
}

TEST_F(AnnotationRulesTest, LongestPatternWins) {
  EXPECT_FALSE(rust({"std::fs::Permissions::readonly"}).decided());
  Verdict SetVar = rust({"std::env::set_var"});
  EXPECT_TRUE(SetVar.Capabilities.contains(Capability::ModifySystemState));
  EXPECT_FALSE(SetVar.Capabilities.contains(Capability::ReadSystemState));
  EXPECT_TRUE(rust({"std::env::var"}).Capabilities.contains(
      Capability::ReadSystemState));
}

TEST_F(AnnotationRulesTest, ExactCoversClosuresOnly) {
  EXPECT_TRUE(rust({"std::path::Path::exists"}).decided());
  EXPECT_TRUE(rust({"std::path::Path::exists::{closure#0}"}).decided());
  EXPECT_FALSE(rust({"std::path::Path::exists::helper"}).decided());
  EXPECT_FALSE(rust({"std::path::Path"}).decided());
}

TEST_F(AnnotationRulesTest, FirstDecidingCandidateWins) {
  Verdict Drop = rust({"core::ops::drop::Drop::drop", "std::fs::File::drop"});
  EXPECT_TRUE(Drop.Safe);
  EXPECT_TRUE(Drop.Capabilities.empty());
  Verdict Read = rust({"std::io::Read::read", "std::fs::File::read"});
  EXPECT_TRUE(Read.Capabilities.contains(Capability::Files));
}

TEST_F(AnnotationRulesTest, CSymbols) {
  bool Known = false;
  EXPECT_TRUE(Rules.classifyC("open", Known).Capabilities.contains(
      Capability::Files));
  EXPECT_TRUE(Known);
  EXPECT_TRUE(Rules.classifyC("__open_2", Known).Capabilities.contains(
      Capability::Files));
  EXPECT_TRUE(Rules.classifyC("memcpy", Known).Safe);
  EXPECT_TRUE(Known);
  EXPECT_FALSE(Rules.classifyC("mystery", Known).decided());
  EXPECT_FALSE(Known);
}

} // namespace
