// The lexer-level `unsafe` scan: the keyword counts, the word in comments,
// strings, raw strings, character literals and identifiers does not.
#include "UnsafeScan.h"
#include "TestFiles.h"

#include <gtest/gtest.h>

using namespace capgate;

namespace {

std::vector<unsigned> linesOf(const std::string &Source) {
  test::TemporaryDirectory Dir;
  std::vector<unsigned> Lines;
  for (const SourceSite &Site : findUnsafe({Dir.write("lib.rs", Source)}))
    Lines.push_back(Site.Line);
  return Lines;
}

} // namespace

TEST(UnsafeScan, KeywordsWithTheirLines) {
  EXPECT_EQ(linesOf("fn a() {}\nunsafe fn b() {}\nfn c() { unsafe { b() } }\n"),
            (std::vector<unsigned>{2, 3}));
}

TEST(UnsafeScan, CommentsDoNotCount) {
  EXPECT_TRUE(linesOf("// unsafe\n/// unsafe docs\n/* unsafe /* nested unsafe */ still unsafe */\nfn a() {}\n")
                  .empty());
  EXPECT_EQ(linesOf("/* a\n /* b */\n */ unsafe fn x() {}\n"), std::vector<unsigned>{3});
}

TEST(UnsafeScan, StringsDoNotCount) {
  EXPECT_TRUE(linesOf("const A: &str = \"unsafe\";\nconst B: &str = \"say \\\"unsafe\\\"\";\n"
                      "const C: &[u8] = b\"unsafe\";\n")
                  .empty());
  EXPECT_EQ(linesOf("const A: &str = \"two\nlines\";\nunsafe fn x() {}\n"), std::vector<unsigned>{3});
}

TEST(UnsafeScan, RawStringsAndRawIdentifiersDoNotCount) {
  EXPECT_TRUE(linesOf("const A: &str = r\"unsafe\";\nconst B: &str = r#\"a \"quoted\" unsafe\"#;\n"
                      "const C: &[u8] = br##\"unsafe\"##;\nfn r#unsafe() {}\n")
                  .empty());
}

TEST(UnsafeScan, CharactersAndLifetimes) {
  // A quote inside a character literal opens no string; a lifetime is no
  // character literal.
  EXPECT_EQ(linesOf("fn f<'a>(x: &'a str) -> char { '\"' }\nfn g() -> char { '\\'' }\nunsafe fn h() {}\n"),
            std::vector<unsigned>{3});
  EXPECT_EQ(linesOf("const Q: char = '\\''; const S: &str = \"unsafe\"; unsafe fn h() {}\n"),
            std::vector<unsigned>{1});
}

TEST(UnsafeScan, IdentifiersContainingTheWordDoNotCount) {
  EXPECT_TRUE(linesOf("fn unsafe_op() {}\nfn not_unsafe() {}\nlet unsafety = 1;\n").empty());
}

TEST(UnsafeScan, DepInfoListsThePackagesOwnSources) {
  // rustc's dep-info: the package's sources, OUT_DIR code its build script
  // generated, and a dependency's file, which is not the package's.
  test::TemporaryDirectory Dir;
  std::string Main = Dir.write("pkg/src/main.rs", "mod util;\n");
  std::string Util = Dir.write("pkg/src/my util.rs", "\n");
  std::string Generated = Dir.write("target/debug/build/pkg-0123/out/gen.rs", "\n");
  std::string Other = Dir.write("other/src/lib.rs", "\n");
  std::string Escaped = Util;
  Escaped.replace(Escaped.find(' '), 1, "\\ ");
  std::string Artifact = (Dir.Path / "target/debug/deps/pkg-0123").string();
  Dir.write("target/debug/deps/pkg-0123.d",
            Artifact + ": " + Main + " " + Escaped + " " + Generated + " " + Other + "\n\n" + Main + ":\n");
  EXPECT_EQ(sourcesOf(Artifact, "pkg", (Dir.Path / "pkg").string()),
            (std::vector<std::string>{Main, Util, Generated}));
}
