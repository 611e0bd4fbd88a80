// The lexer-level `unsafe` scan: the keyword counts, the word in comments,
// strings, raw strings, character literals and identifiers does not. The
// filter of rustc's unsafe_code warnings, the reading of rustc's printed
// expansion for proc-macro output, and the wrapper's sealed records.
#include "UnsafeScan.h"
#include "TestFiles.h"

#include <gtest/gtest.h>

#include <fstream>

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

namespace {

/// A rustc JSON diagnostic line as cargo receives it.
std::string diagnostic(const std::string &Code, const std::string &Message, const std::string &File = "",
                       unsigned Line = 0) {
  std::string Spans = File.empty() ? "[]"
                                   : "[{\"file_name\":\"" + File + "\",\"line_start\":" + std::to_string(Line) +
                                         ",\"is_primary\":true}]";
  std::string CodeJson = Code.empty() ? "null" : "{\"code\":\"" + Code + "\",\"explanation\":null}";
  return "{\"$message_type\":\"diagnostic\",\"message\":\"" + Message + "\",\"code\":" + CodeJson +
         ",\"level\":\"warning\",\"spans\":" + Spans + ",\"children\":[],\"rendered\":\"warning: " + Message +
         "\\n\"}";
}

} // namespace

TEST(UnsafeLint, WarningsAreTakenOutWithTheirSites) {
  UnsafeLintFilter Filter("/ws");
  EXPECT_FALSE(Filter.filter(diagnostic("unsafe_code", "usage of an `unsafe` block", "src/../../outside/x.rs", 3)));
  EXPECT_FALSE(Filter.filter(diagnostic("unsafe_code", "declaration of a `no_mangle` function", "/abs/lib.rs", 9)));
  ASSERT_EQ(Filter.Sites.size(), 2u);
  EXPECT_EQ(Filter.Sites[0].File, "/outside/x.rs");
  EXPECT_EQ(Filter.Sites[0].Line, 3u);
  EXPECT_EQ(Filter.Sites[1].File, "/abs/lib.rs");
  EXPECT_EQ(Filter.Sites[1].Line, 9u);
}

TEST(UnsafeLint, EveryOtherLinePassesUnchanged) {
  UnsafeLintFilter Filter("/ws");
  // The user's own warnings, text that is no JSON, and a line that only
  // mentions the lint's name.
  for (const std::string &Line :
       {diagnostic("dead_code", "function `f` is never used", "src/lib.rs", 1), std::string("note: unsafe_code"),
        std::string("{\"$message_type\":\"artifact\",\"artifact\":\"x\",\"emit\":\"link\"}"),
        diagnostic("dead_code", "`unsafe_code` mentioned", "src/lib.rs", 2)})
    EXPECT_EQ(Filter.filter(Line), Line);
  EXPECT_TRUE(Filter.Sites.empty());
}

TEST(UnsafeLint, RustcsCountLeavesOutTheWarningsTakenOut) {
  UnsafeLintFilter Filter("/ws");
  Filter.filter(diagnostic("unsafe_code", "usage of an `unsafe` block", "src/lib.rs", 1));
  Filter.filter(diagnostic("unsafe_code", "usage of an `unsafe` block", "src/lib.rs", 2));
  EXPECT_EQ(Filter.filter(diagnostic("", "3 warnings emitted")), diagnostic("", "1 warning emitted"));
  EXPECT_FALSE(Filter.filter(diagnostic("", "2 warnings emitted")));
  EXPECT_EQ(Filter.filter(diagnostic("", "aborting due to 1 previous error; 2 warnings emitted")),
            diagnostic("", "aborting due to 1 previous error"));
}

namespace {

/// rustc's -Zunpretty=expanded,hygiene output for a crate that expands
/// `sneaky::peek!()` (a proc-macro, call-site hygiene: Transparent),
/// `#[derive(sneaky::Pod)]`, its own macro_rules `local!` and std's
/// thread_local! (mixed-site: SemiOpaque), and has its own unsafe block.
const char *const Expanded = R"(pub fn own /* 1#0 */() -> u8 { unsafe { *(0 as *const u8 /* 2#0 */) } }
pub fn peek /* 3#6 */(p /* 4#6 */: *const u8 /* 2#6 */) -> u8 { unsafe { *p /* 4#6 */ } }
macro_rules! local /* 5#0 */ { () => { unsafe { *(0 as *const u8) } } }
pub fn c /* 6#0 */() -> u8 { unsafe { *(0 as *const u8 /* 2#11 */) } }
pub struct Pixels /* 7#0 */(pub *mut u8 /* 2#0 */);
unsafe impl Send /* 8#9 */ for Pixels /* 7#9 */ {}
#[no_mangle /* 9#6 */]
pub fn exported /* 10#6 */() {}
const TL: () = { unsafe { ::std /* 0#12 */::thread /* 11#12 */::x() } };

/*
Expansions:
crate0::{{expn0}}: parent: crate0::{{expn0}}, call_site_ctxt: #0, def_site_ctxt: #0, kind: Root
crate0::{{expn1}}: parent: crate0::{{expn0}}, call_site_ctxt: #0, def_site_ctxt: #0, kind: AstPass(StdImports)
crate0::{{expn2}}: parent: crate0::{{expn0}}, call_site_ctxt: #0, def_site_ctxt: #0, kind: Macro(Bang, "sneaky::peek")
crate0::{{expn3}}: parent: crate0::{{expn0}}, call_site_ctxt: #0, def_site_ctxt: #0, kind: Macro(Attr, "derive")
crate0::{{expn4}}: parent: crate0::{{expn3}}, call_site_ctxt: #0, def_site_ctxt: #0, kind: Macro(Derive, "sneaky::Pod")
crate0::{{expn5}}: parent: crate0::{{expn0}}, call_site_ctxt: #0, def_site_ctxt: #0, kind: Macro(Bang, "local")
crate0::{{expn6}}: parent: crate0::{{expn0}}, call_site_ctxt: #0, def_site_ctxt: #0, kind: Macro(Bang, "thread_local")

SyntaxContexts:
#0: parent: #0, outer_mark: (crate0::{{expn0}}, Opaque)
#6: parent: #0, outer_mark: (crate0::{{expn2}}, Transparent)
#9: parent: #0, outer_mark: (crate0::{{expn4}}, Transparent)
#11: parent: #0, outer_mark: (crate0::{{expn5}}, SemiOpaque)
#12: parent: #0, outer_mark: (crate0::{{expn6}}, SemiOpaque)
*/
)";

} // namespace

TEST(ExpandedUnsafe, ProcMacroOutputCountsAndNothingElse) {
  std::vector<ExpandedUnsafe> Found = unsafeFromProcMacros(Expanded);
  ASSERT_EQ(Found.size(), 3u);
  EXPECT_EQ(Found[0].Kind, "Bang");
  EXPECT_EQ(Found[0].Macro, "sneaky::peek");
  EXPECT_EQ(Found[1].Kind, "Derive");
  EXPECT_EQ(Found[1].Macro, "sneaky::Pod");
  // The attribute, with no `unsafe` token.
  EXPECT_EQ(Found[2].Kind, "Bang");
  EXPECT_EQ(Found[2].Macro, "sneaky::peek");
  for (const ExpandedUnsafe &Each : Found)
    EXPECT_EQ(Each.Ordinal, 0u);
}

TEST(ExpandedUnsafe, WithoutHygieneDataIsAnError) {
  EXPECT_THROW(unsafeFromProcMacros("pub fn f() { unsafe {} }\n"), std::runtime_error);
}

TEST(ExpandedUnsafe, InvocationSitesInTheCratesSources) {
  test::TemporaryDirectory Dir;
  std::string Root = Dir.write("src/lib.rs", "mod more;\n// peek!() in a comment\nsneaky::peek!();\n"
                                             "#[derive(Debug, sneaky::Pod)]\nstruct P;\n");
  std::string More = Dir.write("src/more.rs", "\n#[sneaky::with_raw_read]\nfn f() { if a != b {} }\npeek!();\n");
  std::vector<SourceSite> Sites = invocationSites({{"Bang", "sneaky::peek", 0},
                                                   {"Bang", "sneaky::peek", 1},
                                                   {"Derive", "sneaky::Pod", 0},
                                                   {"Attr", "sneaky::with_raw_read", 0},
                                                   {"Bang", "elsewhere", 0}},
                                                  {Root, More});
  ASSERT_EQ(Sites.size(), 5u);
  EXPECT_EQ(Sites[0].File, Root);
  EXPECT_EQ(Sites[0].Line, 3u);
  EXPECT_EQ(Sites[1].File, More);
  EXPECT_EQ(Sites[1].Line, 4u);
  EXPECT_EQ(Sites[2].Line, 4u);
  EXPECT_EQ(Sites[3].File, More);
  EXPECT_EQ(Sites[3].Line, 2u);
  // Invoked by another macro: the crate root, line unknown.
  EXPECT_EQ(Sites[4].File, Root);
  EXPECT_EQ(Sites[4].Line, 0u);
}

TEST(ExpandedUnsafe, ArgumentsWriteNothing) {
  EXPECT_EQ(expansionArguments({"--crate-name", "app", "src/lib.rs", "--emit=dep-info,link", "-C",
                                "incremental=/t/inc", "-C", "opt-level=0", "--emit", "link", "--out-dir",
                                "/t/deps", "-o", "/t/app"}),
            (std::vector<std::string>{"--crate-name", "app", "src/lib.rs", "-C", "opt-level=0",
                                      "-Zunpretty=expanded,hygiene"}));
}

TEST(UnsafeRecords, SealedForTheirUnit) {
  test::TemporaryDirectory Dir;
  std::string Session = Dir.Path.string(), Key(32, 'k');
  EXPECT_FALSE(readUnsafeRecord(Session, Key, "app-01"));
  writeUnsafeRecord(Session, Key, {"app-01", true, {{"/ws/app/src/lib.rs", 3}, {"/ws/outside/x.rs", 2}}});
  std::optional<UnsafeRecord> Read = readUnsafeRecord(Session, Key, "app-01");
  ASSERT_TRUE(Read);
  EXPECT_TRUE(Read->ProcMacros);
  EXPECT_TRUE(Read->Complete);
  ASSERT_EQ(Read->Sites.size(), 2u);
  EXPECT_EQ(Read->Sites[1].File, "/ws/outside/x.rs");
  EXPECT_EQ(Read->Sites[1].Line, 2u);
  // Another key, another unit's file, or an edit: not capgate's record.
  EXPECT_THROW(readUnsafeRecord(Session, std::string(32, 'x'), "app-01"), std::runtime_error);
  std::filesystem::copy_file(Dir.Path / "unsafe/app-01.json", Dir.Path / "unsafe/victim-02.json");
  EXPECT_THROW(readUnsafeRecord(Session, Key, "victim-02"), std::runtime_error);
  std::string Path = (Dir.Path / "unsafe/app-01.json").string();
  std::ifstream In(Path);
  std::string Text((std::istreambuf_iterator<char>(In)), std::istreambuf_iterator<char>());
  Text.replace(Text.find(",2]"), 3, ",1]");
  std::ofstream(Path) << Text;
  EXPECT_THROW(readUnsafeRecord(Session, Key, "app-01"), std::runtime_error);
}

TEST(UnsafeRecords, WhoMayExpandAProcMacro) {
  test::TemporaryDirectory Dir;
  std::string Session = Dir.Path.string(), Key(32, 'k');
  writeUnsafeRecord(Session, Key, {"plain-01", false, {}});
  writeUnsafeRecord(Session, Key, {"serde-02", true, {}});
  EXPECT_FALSE(mayExpandProcMacros(Session, Key, {"--extern", "plain=/t/deps/libplain-01.rlib", "--extern",
                                                  "proc_macro"}));
  EXPECT_TRUE(mayExpandProcMacros(Session, Key, {"--extern", "pm=/t/deps/libpm-03.so"}));
  EXPECT_TRUE(mayExpandProcMacros(Session, Key, {"--extern", "serde=/t/deps/libserde-02.rmeta"}));
  // No record: capgate cannot tell, so it looks.
  EXPECT_TRUE(mayExpandProcMacros(Session, Key, {"--extern=other=/t/deps/libother-04.rlib"}));
  // Said before rustc runs, for the dependents that start once it has
  // written the unit's metadata.
  EXPECT_TRUE(startUnsafeRecord(Session, Key, "user-05", {"--extern", "serde=/t/deps/libserde-02.rmeta"}));
  std::optional<UnsafeRecord> Started = readUnsafeRecord(Session, Key, "user-05");
  ASSERT_TRUE(Started);
  EXPECT_FALSE(Started->Complete);
  EXPECT_TRUE(mayExpandProcMacros(Session, Key, {"--extern", "user=/t/deps/libuser-05.rmeta"}));
}
