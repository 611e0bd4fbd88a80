// The facts store and graph: symbols linked across blocks (internal ones
// within their own object first), weak copies kept once, owners mapped to the
// crates of the build, summaries kept for the annotated package only,
// propagation through cycles and references, shortest paths with file:line
// per hop, the errors a bad section gives, and each package's reach blamed
// in dependency direction (PackageReach.h).
#include "FactsGraph.h"
#include "PackageReach.h"

#include "capgate/Facts.h"
#include "capgate/Sha256.h"

#include <gtest/gtest.h>

#include <initializer_list>
#include <stdexcept>

using namespace capgate;

namespace {

using Record = std::initializer_list<std::string_view>;

/// The facts key the blocks of these tests are authenticated with.
const std::string TestKey(32, 'k');

/// One framed block holding \p Records, authenticated as capgate's wrapper
/// and plugin would: the unit is the crate's name (a crate record's eighth
/// field, the unit, is added when the record does not give it).
std::string block(std::initializer_list<Record> Records) {
  std::string Payload, Unit;
  for (const Record &Fields : Records) {
    facts::RecordWriter Writer(Payload);
    for (std::string_view Field : Fields)
      Writer.field(Field);
    if (Fields.size() == 8 && *Fields.begin() == "crate") {
      Unit = std::string(*std::next(Fields.begin()));
      Writer.field(Unit);
    } else if (Fields.size() == 9 && *Fields.begin() == "crate") {
      Unit = std::string(*std::next(Fields.begin(), 8));
    }
  }
  return facts::frameBlock(Payload, Unit, facts::unitKey(TestKey, Unit));
}

// Two crates: app (disambiguator "a1") depends on lib (disambiguator "l1").
const Record AppCrate{"crate", "app", "a1", "bin", "app", "0.1.0", "/ws/app", "app.0"};
const Record LibCrate{"crate", "lib", "l1", "lib", "lib", "0.2.0", "/ws/lib", "lib.0"};

int nodeOf(const FactsGraph &Graph, std::string_view Path) {
  for (std::size_t I = 0; I < Graph.nodes().size(); ++I)
    if (Graph.nodes()[I].Path == Path)
      return static_cast<int>(I);
  return -1;
}

std::string describe(const std::vector<Hop> &Path) {
  std::string Text;
  for (const Hop &H : Path) {
    if (!Text.empty())
      Text += " -> ";
    Text += H.Function;
    if (!H.Site.File.empty())
      Text += "@" + H.Site.File + ":" + std::to_string(H.Site.Line);
  }
  return Text;
}

} // namespace

TEST(FactsGraph, CallsAcrossCratesCarryCapabilities) {
  FactsGraph Graph(TestKey);
  Graph.addSection(block({LibCrate,
                          {"fn", "_RNv3lib4read", "x", "lib", "l1", "lib::read", "src/lib.rs", "3"},
                          {"use", "_RNv3lib4read", "FILES", "std::fs::read", "src/lib.rs", "4"}}),
                   "lib.rlib");
  Graph.addSection(block({AppCrate,
                          {"fn", "main", "x", "", "", "main", "", "0"},
                          {"fn", "_RNv3app4main", "x", "app", "a1", "app::main", "src/main.rs", "1"},
                          {"call", "main", "_RNv3app4main", "", "0"},
                          {"call", "_RNv3app4main", "_RNv3lib4read", "src/main.rs", "2"},
                          {"root", "main", "export"}}),
                   "app");
  Graph.link();
  int Main = nodeOf(Graph, "app::main");
  ASSERT_GE(Main, 0);
  EXPECT_TRUE(Graph.reach(Main).contains(Capability::Files));
  EXPECT_FALSE(Graph.reach(Main).contains(Capability::Network));
  EXPECT_EQ(describe(Graph.shortestPath({Main}, Capability::Files)),
            "app::main@src/main.rs:2 -> lib::read@src/lib.rs:4 -> std::fs::read");
  EXPECT_TRUE(Graph.nodes()[nodeOf(Graph, "main")].Root);
  EXPECT_EQ(Graph.crates()[Graph.nodes()[nodeOf(Graph, "lib::read")].Crate].Package, "lib");
}

TEST(FactsGraph, SyscallNumbersJoinAcrossCodegenUnits) {
  // rustix at opt-level 0, in three units: `syscall1` makes the system call
  // with its parameter 0 passed through `to_asm`; `nr` returns its one
  // parameter; `getuid` and `chdir` call syscall1(nr(102)) and
  // syscall1(nr(80)). `any` passes a number computed at run time to
  // `syscall2`, which therefore keeps its SYSTEM_CALLS.
  FactsGraph Graph(TestKey);
  Graph.addSection(block({LibCrate,
                          {"fn", "s1", "x", "lib", "l1", "lib::syscall1", "asm.rs", "1"},
                          {"use", "s1", "SYSTEM_CALLS", "asm!", "asm.rs", "2", ""},
                          {"sysfwd", "s1", "0", "to_asm", "asm.rs", "2"},
                          {"fn", "s2", "x", "lib", "l1", "lib::syscall2", "asm.rs", "5"},
                          {"use", "s2", "SYSTEM_CALLS", "asm!", "asm.rs", "6", ""},
                          {"sysfwd", "s2", "0", "to_asm", "asm.rs", "6"}}),
                   "lib.0.o");
  Graph.addSection(block({LibCrate, {"sysret", "nr"}, {"sysret", "to_asm"}}), "lib.1.o");
  Graph.addSection(block({LibCrate,
                          {"fn", "uid", "x", "lib", "l1", "lib::getuid", "id.rs", "1"},
                          {"call", "uid", "s1", "id.rs", "2"},
                          {"sysarg", "uid", "s1", "0", "102", "nr", "id.rs", "2"},
                          {"fn", "cd", "x", "lib", "l1", "lib::chdir", "cd.rs", "1"},
                          {"call", "cd", "s1", "cd.rs", "2"},
                          {"sysarg", "cd", "s1", "0", "80", "nr", "cd.rs", "2"},
                          {"fn", "any", "x", "lib", "l1", "lib::any", "any.rs", "1"},
                          {"call", "any", "s2", "any.rs", "2"},
                          {"call", "any", "s2", "any.rs", "3"},
                          {"sysarg", "any", "s2", "0", "39", "nr", "any.rs", "2"}}),
                   "lib.2.o");
  Graph.link();
  auto Uses = [&](std::string_view Path) {
    std::string Text;
    for (const Use &U : Graph.nodes()[nodeOf(Graph, Path)].Uses)
      Text += std::string(capabilityName(U.Cap)) + " " + U.Callee + "@" + U.Site.File + ":" +
              std::to_string(U.Site.Line) + ";";
    return Text;
  };
  EXPECT_EQ(Uses("lib::syscall1"), "");
  EXPECT_EQ(Uses("lib::getuid"), "READ_SYSTEM_STATE syscall getuid (102)@id.rs:2;");
  EXPECT_EQ(Uses("lib::chdir"), "MODIFY_SYSTEM_STATE syscall chdir (80)@cd.rs:2;");
  EXPECT_EQ(Uses("lib::syscall2"), "SYSTEM_CALLS asm!@asm.rs:6;");
  EXPECT_EQ(Uses("lib::any"), "");
  EXPECT_TRUE(Graph.reach(nodeOf(Graph, "lib::any")).contains(Capability::SystemCalls));
}

TEST(FactsGraph, InternalForwardersJoinWithinTheirObject) {
  // A helper only one unit calls is internal to it (rustix's
  // `syscall5_readonly`), its number still passed through another unit's
  // `to_asm` and `nr`. Two objects each have an internal `s5`: in the first
  // every call passes a constant, so that copy is settled and its caller
  // charged; in the second one call passes a number computed at run time,
  // so that copy keeps its SYSTEM_CALLS and the other's settlement does not
  // leak into it.
  FactsGraph Graph(TestKey);
  Graph.addSection(block({LibCrate, {"sysret", "nr"}, {"sysret", "to_asm"}}), "lib.0.o");
  Graph.addSection(block({LibCrate,
                          {"fn", "s5", "i", "lib", "l1", "lib::syscall5_readonly", "a.rs", "1"},
                          {"use", "s5", "SYSTEM_CALLS", "asm!", "a.rs", "2", ""},
                          {"sysfwd", "s5", "0", "to_asm", "a.rs", "2"},
                          {"fn", "cd", "x", "lib", "l1", "lib::chdir", "a.rs", "5"},
                          {"call", "cd", "s5", "a.rs", "6"},
                          {"sysarg", "cd", "s5", "0", "80", "nr", "a.rs", "6"}}),
                   "lib.1.o");
  Graph.addSection(block({LibCrate,
                          {"fn", "s5", "i", "lib", "l1", "lib::syscall5_readonly", "b.rs", "1"},
                          {"use", "s5", "SYSTEM_CALLS", "asm!", "b.rs", "2", ""},
                          {"sysfwd", "s5", "0", "to_asm", "b.rs", "2"},
                          {"fn", "any", "x", "lib", "l1", "lib::any", "b.rs", "5"},
                          {"call", "any", "s5", "b.rs", "6"},
                          {"sysarg", "any", "s5", "0", "80", "nr", "b.rs", "6"},
                          {"call", "any", "s5", "b.rs", "7"}}),
                   "lib.2.o");
  Graph.link();
  auto Uses = [&](int Node) {
    std::string Text;
    for (const Use &U : Graph.nodes()[Node].Uses)
      Text += std::string(capabilityName(U.Cap)) + " " + U.Callee + "@" + U.Site.File + ":" +
              std::to_string(U.Site.Line) + ";";
    return Text;
  };
  int Settled = -1, Kept = -1;
  for (std::size_t Node = 0; Node < Graph.nodes().size(); ++Node)
    if (Graph.nodes()[Node].Path == "lib::syscall5_readonly")
      (Graph.nodes()[Node].DefinitionFile == "a.rs" ? Settled : Kept) = static_cast<int>(Node);
  ASSERT_GE(Settled, 0);
  ASSERT_GE(Kept, 0);
  EXPECT_EQ(Uses(Settled), "");
  EXPECT_EQ(Uses(nodeOf(Graph, "lib::chdir")), "MODIFY_SYSTEM_STATE syscall chdir (80)@a.rs:6;");
  EXPECT_EQ(Uses(Kept), "SYSTEM_CALLS asm!@b.rs:2;");
  EXPECT_EQ(Uses(nodeOf(Graph, "lib::any")), "");
  EXPECT_TRUE(Graph.reach(nodeOf(Graph, "lib::any")).contains(Capability::SystemCalls));
  EXPECT_FALSE(Graph.reach(nodeOf(Graph, "lib::chdir")).contains(Capability::SystemCalls));
}

TEST(FactsGraph, InternalSymbolsResolveWithinTheirObject) {
  // Two objects each define an internal `helper`; each caller reaches its
  // own.
  FactsGraph Graph(TestKey);
  Graph.addSection(block({AppCrate,
                          {"fn", "helper", "i", "app", "a1", "app::one::helper", "a.rs", "1"},
                          {"use", "helper", "NETWORK", "connect", "a.rs", "2"},
                          {"fn", "_RNv3app3one", "x", "app", "a1", "app::one", "a.rs", "5"},
                          {"call", "_RNv3app3one", "helper", "a.rs", "6"}}),
                   "a.o");
  Graph.addSection(block({AppCrate,
                          {"fn", "helper", "i", "app", "a1", "app::two::helper", "b.rs", "1"},
                          {"use", "helper", "EXEC", "execve", "b.rs", "2"},
                          {"fn", "_RNv3app3two", "x", "app", "a1", "app::two", "b.rs", "5"},
                          {"call", "_RNv3app3two", "helper", "b.rs", "6"}}),
                   "b.o");
  Graph.link();
  CapabilitySet One = Graph.reach(nodeOf(Graph, "app::one"));
  CapabilitySet Two = Graph.reach(nodeOf(Graph, "app::two"));
  EXPECT_TRUE(One.contains(Capability::Network));
  EXPECT_FALSE(One.contains(Capability::Exec));
  EXPECT_TRUE(Two.contains(Capability::Exec));
  EXPECT_FALSE(Two.contains(Capability::Network));
}

TEST(FactsGraph, WeakCopiesAreOneNode) {
  // A generic of lib instantiated in two objects of app: one node, owned by
  // lib (by its disambiguator), called from both.
  auto Object = [](std::string_view Caller, std::string_view Line) {
    return block({AppCrate,
                  {"fn", "_RINvg", "w", "lib", "l1", "lib::generic::<u8>", "/ws/lib/src/lib.rs", "9"},
                  {"use", "_RINvg", "FILES", "std::fs::write", "/ws/lib/src/lib.rs", "10"},
                  {"fn", Caller, "x", "app", "a1", Caller, "src/main.rs", Line},
                  {"call", Caller, "_RINvg", "src/main.rs", Line}});
  };
  FactsGraph Graph(TestKey);
  Graph.addSection(block({LibCrate}), "lib.rlib");
  Graph.addSection(Object("app::first", "3"), "a.o");
  Graph.addSection(Object("app::second", "4"), "b.o");
  Graph.link();
  int Copies = 0;
  for (const GraphNode &Node : Graph.nodes())
    Copies += Node.Path == "lib::generic::<u8>";
  EXPECT_EQ(Copies, 1);
  int Generic = nodeOf(Graph, "lib::generic::<u8>");
  EXPECT_EQ(Graph.nodes()[Generic].Uses.size(), 1u);
  EXPECT_EQ(Graph.crates()[Graph.nodes()[Generic].Crate].Name, "lib");
  EXPECT_TRUE(Graph.reach(nodeOf(Graph, "app::first")).contains(Capability::Files));
  EXPECT_TRUE(Graph.reach(nodeOf(Graph, "app::second")).contains(Capability::Files));
}

TEST(FactsGraph, OwnersOutsideTheBuildAreTheToolchains) {
  FactsGraph Graph(TestKey);
  Graph.addSection(block({AppCrate,
                          {"fn", "_RINvstd", "w", "std", "s9", "std::thread::spawn::<F>", "", "0"},
                          {"fn", "_RNvlegacy", "w", "core", "", "core::fmt::write", "", "0"},
                          {"fn", "_RNvown", "x", "app", "", "app::own", "", "0"}}),
                   "a.o");
  Graph.link();
  EXPECT_EQ(Graph.nodes()[nodeOf(Graph, "std::thread::spawn::<F>")].Crate, -1);
  EXPECT_EQ(Graph.nodes()[nodeOf(Graph, "std::thread::spawn::<F>")].OwnerName, "std");
  EXPECT_EQ(Graph.nodes()[nodeOf(Graph, "core::fmt::write")].Crate, -1);
  EXPECT_GE(Graph.nodes()[nodeOf(Graph, "app::own")].Crate, 0);
}

TEST(FactsGraph, GenericOnlyCratesOwnTheirInstances) {
  // Two versions of a crate whose only code is generic: the pass saw no
  // code of theirs, so their records carry no disambiguator. An instance
  // compiled in app belongs to the one whose directory holds its source; a
  // crate of the same name cannot claim std's code, whose files are the
  // toolchain's.
  FactsGraph Graph(TestKey);
  Graph.addSection(block({{"crate", "gen", "", "lib", "gen", "1.0.0", "/reg/gen-1.0.0", "gen.0", "gen-1"}}),
                   "libgen-1.rlib");
  Graph.addSection(block({{"crate", "gen", "", "lib", "gen", "2.0.0", "/reg/gen-2.0.0", "gen.0", "gen-2"}}),
                   "libgen-2.rlib");
  Graph.addSection(block({{"crate", "std", "", "lib", "evil", "0.1.0", "/reg/evil", "std.0", "std-1"}}),
                   "libstd.rlib");
  Graph.addSection(block({AppCrate,
                          {"fn", "_RINv2", "w", "gen", "g2", "gen::read_any::<&str>", "/reg/gen-2.0.0/src/lib.rs", "3"},
                          {"fn", "_RINv1", "w", "gen", "g1", "gen::read_any::<&str>", "/reg/gen-1.0.0/src/lib.rs", "3"},
                          {"fn", "_RINvx", "w", "gen", "g3", "gen::other::<u8>", "/reg/gen-1.0.0-fake/src/lib.rs", "3"},
                          {"fn", "_RINvstd", "w", "std", "s9", "std::fs::read::<&str>", "/rustc/1/library/std/src/fs.rs",
                           "9"}}),
                   "a.o");
  Graph.link();
  auto VersionOf = [&](std::string_view Symbol) -> std::string {
    for (const GraphNode &Node : Graph.nodes())
      if (Node.Symbol == Symbol)
        return Node.Crate < 0 ? "-" : Graph.crates()[Node.Crate].Version;
    return "?";
  };
  EXPECT_EQ(VersionOf("_RINv1"), "1.0.0");
  EXPECT_EQ(VersionOf("_RINv2"), "2.0.0");
  EXPECT_EQ(VersionOf("_RINvx"), "-");
  EXPECT_EQ(VersionOf("_RINvstd"), "-");
}

TEST(FactsGraph, ReferencesCountAsEdgesAndCyclesPropagate) {
  // spawn_it hands a closure to std (a reference); the closure and a pair
  // of mutually recursive functions reach EXEC.
  FactsGraph Graph(TestKey);
  Graph.addSection(block({AppCrate,
                          {"fn", "spawn_it", "x", "app", "a1", "app::spawn_it", "m.rs", "1"},
                          {"fn", "closure", "i", "app", "a1", "app::spawn_it::{closure#0}", "m.rs", "2"},
                          {"fn", "even", "x", "app", "a1", "app::even", "m.rs", "5"},
                          {"fn", "odd", "x", "app", "a1", "app::odd", "m.rs", "8"},
                          {"ref", "spawn_it", "closure", "m.rs", "2"},
                          {"call", "closure", "even", "m.rs", "3"},
                          {"call", "even", "odd", "m.rs", "6"},
                          {"call", "odd", "even", "m.rs", "9"},
                          {"use", "odd", "EXEC", "std::process::Command::new", "m.rs", "10"}}),
                   "a.o");
  Graph.link();
  for (std::string_view Path : {"app::spawn_it", "app::spawn_it::{closure#0}", "app::even", "app::odd"})
    EXPECT_TRUE(Graph.reach(nodeOf(Graph, Path)).contains(Capability::Exec)) << Path;
  EXPECT_EQ(describe(Graph.shortestPath({nodeOf(Graph, "app::spawn_it")}, Capability::Exec)),
            "app::spawn_it@m.rs:2 -> app::spawn_it::{closure#0}@m.rs:3 -> app::even@m.rs:6 -> "
            "app::odd@m.rs:10 -> std::process::Command::new");
  std::vector<bool> Reachable = Graph.reachableFrom({nodeOf(Graph, "app::even")});
  EXPECT_FALSE(Reachable[nodeOf(Graph, "app::spawn_it")]);
  EXPECT_TRUE(Reachable[nodeOf(Graph, "app::odd")]);
}

TEST(FactsGraph, ShortestPathPrefersFewerHops) {
  FactsGraph Graph(TestKey);
  Graph.addSection(block({AppCrate,
                          {"fn", "a", "x", "app", "a1", "app::a", "f.rs", "1"},
                          {"fn", "b", "x", "app", "a1", "app::b", "f.rs", "2"},
                          {"fn", "c", "x", "app", "a1", "app::c", "f.rs", "3"},
                          {"call", "a", "b", "f.rs", "10"},
                          {"call", "b", "c", "f.rs", "20"},
                          {"call", "a", "c", "f.rs", "11"},
                          {"use", "c", "NETWORK", "connect", "f.rs", "30"}}),
                   "a.o");
  Graph.link();
  EXPECT_EQ(describe(Graph.shortestPath({nodeOf(Graph, "app::a")}, Capability::Network)),
            "app::a@f.rs:11 -> app::c@f.rs:30 -> connect");
  EXPECT_TRUE(Graph.shortestPath({nodeOf(Graph, "app::a")}, Capability::Exec).empty());
}

TEST(FactsGraph, NativeCodeDefinedInTheBuildIsNotNative) {
  // A C call to a symbol a crate of the build defines (#[no_mangle]) is an
  // edge, not NATIVE_CODE; one to a symbol nobody defines stays native.
  FactsGraph Graph(TestKey);
  Graph.addSection(block({LibCrate,
                          {"fn", "plugin_init", "x", "lib", "l1", "lib::plugin_init", "l.rs", "1"}}),
                   "lib.rlib");
  Graph.addSection(
      block({AppCrate,
             {"fn", "main", "x", "app", "a1", "app::main", "m.rs", "1"},
             {"use", "main", "NATIVE_CODE", "plugin_init", "m.rs", "2", "plugin_init"},
             {"use", "main", "NATIVE_CODE", "mystery_c_function", "m.rs", "3", "mystery_c_function"},
             {"call", "main", "plugin_init", "m.rs", "2"}}),
      "app");
  Graph.link();
  const GraphNode &Main = Graph.nodes()[nodeOf(Graph, "app::main")];
  ASSERT_EQ(Main.Uses.size(), 1u);
  EXPECT_EQ(Main.Uses[0].Callee, "mystery_c_function");
}

TEST(FactsGraph, ANameDoesNotSpeakForADefinitionOfTheBuild) {
  // evil exports a function that reads files under std's and libc's names.
  // The uses app's calls were given by those names go; the edges lead to
  // evil's code instead. A use whose callee is defined as what its name
  // says (std's generic, instantiated in lib) stays.
  FactsGraph Graph(TestKey);
  Graph.addSection(block({{"crate", "evil", "e1", "lib", "evil", "0.1.0", "/e", "evil.0"},
                          {"fn", "_ZN3std2fs5write17h0123456789abcdefE", "x", "evil", "e1",
                           "evil::innocent", "e.rs", "1"},
                          {"use", "_ZN3std2fs5write17h0123456789abcdefE", "FILES",
                           "std::fs::read::<&str>", "e.rs", "2", "_RINvNtCs1_3std2fs4readReECse1_4evil"},
                          {"fn", "getpid", "x", "evil", "e1", "getpid", "e.rs", "3"},
                          {"call", "getpid", "_ZN3std2fs5write17h0123456789abcdefE", "e.rs", "4"}}),
                   "evil.rlib");
  Graph.addSection(block({LibCrate,
                          {"fn", "_RINvNtCs1_3std2fs4readReECsl1_3lib", "x", "std", "1",
                           "std::fs::read::<&str>", "fs.rs", "1"},
                          {"call", "_RINvNtCs1_3std2fs4readReECsl1_3lib", "open", "fs.rs", "2"}}),
                   "lib.rlib");
  Graph.addSection(
      block({AppCrate,
             {"fn", "main", "x", "app", "a1", "app::main", "m.rs", "1"},
             {"use", "main", "FILES", "std::fs::write", "m.rs", "2",
              "_ZN3std2fs5write17h0123456789abcdefE"},
             {"call", "main", "_ZN3std2fs5write17h0123456789abcdefE", "m.rs", "2"},
             {"use", "main", "READ_SYSTEM_STATE", "getpid", "m.rs", "3", "getpid"},
             {"call", "main", "getpid", "m.rs", "3"},
             {"use", "main", "FILES", "std::fs::read::<&str>", "m.rs", "4",
              "_RINvNtCs1_3std2fs4readReECsl1_3lib"},
             {"call", "main", "_RINvNtCs1_3std2fs4readReECsl1_3lib", "m.rs", "4"}}),
      "app");
  Graph.link();
  const GraphNode &Main = Graph.nodes()[nodeOf(Graph, "app::main")];
  ASSERT_EQ(Main.Uses.size(), 1u);
  EXPECT_EQ(Main.Uses[0].Callee, "std::fs::read::<&str>");
  EXPECT_EQ(Main.Uses[0].Site.Line, 4u);
  ASSERT_EQ(Main.Edges.size(), 3u);
  EXPECT_EQ(Graph.nodes()[Main.Edges[0].Target].Path, "evil::innocent");
  EXPECT_EQ(Graph.nodes()[Main.Edges[1].Target].Path, "getpid");
  EXPECT_TRUE(Graph.reach(nodeOf(Graph, "app::main")).contains(Capability::Files));
  EXPECT_EQ(Graph.nodes()[Main.Edges[0].Target].OwnerName, "evil");
}

TEST(FactsGraph, ASummaryHoldsForTheAnnotatedPackageOnly) {
  // app instantiates a generic of the package wrap-os (crate wrap_os) and
  // one of evil, whose library also took the name wrap_os; the pass made
  // both summaries, their bodies beside them. wrap-os's summary holds ('-'
  // is '_' in crate names): its body's system call stays behind it. evil's
  // function gets its body back: app reaches its connect.
  FactsGraph Graph(TestKey);
  Graph.addSection(block({{"crate", "wrap_os", "w1", "lib", "wrap-os", "1.0.0", "/w", "wrap_os.0",
                           "wrap_os-w"}}),
                   "libwrap_os-w.rlib");
  Graph.addSection(block({{"crate", "wrap_os", "e1", "lib", "evil", "0.1.0", "/e", "wrap_os.0",
                           "wrap_os-e"}}),
                   "libwrap_os-e.rlib");
  Graph.addSection(
      block({AppCrate,
             {"fn", "main", "x", "app", "a1", "app::main", "m.rs", "1"},
             {"call", "main", "_RINvCsw1_7wrap_os4sizeECsa1_3app", "m.rs", "2"},
             {"call", "main", "_RINvCse1_7wrap_os4sizeECsa1_3app", "m.rs", "3"},
             {"fn", "_RINvCsw1_7wrap_os4sizeECsa1_3app", "w", "wrap_os", "w1", "wrap_os::size::<u8>",
              "w.rs", "1"},
             {"fn", "_RINvCse1_7wrap_os4sizeECsa1_3app", "w", "wrap_os", "e1", "wrap_os::size::<i8>",
              "e.rs", "1"},
             {"fn", "_RINvCsw1_7wrap_os4sizeECsa1_3app.capgate.body", "i", "wrap_os", "w1",
              "wrap_os::size::<u8>", "w.rs", "1"},
             {"use", "_RINvCsw1_7wrap_os4sizeECsa1_3app.capgate.body", "SYSTEM_CALLS", "asm!", "w.rs",
              "2"},
             {"fn", "_RINvCse1_7wrap_os4sizeECsa1_3app.capgate.body", "i", "wrap_os", "e1",
              "wrap_os::size::<i8>", "e.rs", "1"},
             {"use", "_RINvCse1_7wrap_os4sizeECsa1_3app.capgate.body", "NETWORK", "connect", "e.rs",
              "2"}}),
      "app");
  Graph.link();
  int Real = nodeOf(Graph, "wrap_os::size::<u8>");
  int Namesake = nodeOf(Graph, "wrap_os::size::<i8>");
  ASSERT_GE(Real, 0);
  ASSERT_GE(Namesake, 0);
  EXPECT_TRUE(Graph.reach(Real).empty());
  EXPECT_TRUE(Graph.reach(Namesake).contains(Capability::Network));
  int Main = nodeOf(Graph, "app::main");
  EXPECT_TRUE(Graph.reach(Main).contains(Capability::Network));
  EXPECT_FALSE(Graph.reach(Main).contains(Capability::SystemCalls));
  EXPECT_EQ(describe(Graph.shortestPath({Main}, Capability::Network)),
            "app::main@m.rs:3 -> wrap_os::size::<i8>@e.rs:2 -> connect");
}

TEST(FactsGraph, AnotherFunctionUnderTheSameNameIsNoCopy) {
  // evil exports a file read under lib's symbol: not a copy of lib::f (the
  // path differs), so its use still counts, while a call by the name goes
  // to the definition added first; likewise a crate that took lib's name.
  // A real copy (same crate, same path: another codegen unit) is one node.
  FactsGraph Graph(TestKey);
  Graph.addSection(block({LibCrate,
                          {"fn", "_RNvCsl1_3lib1f", "x", "lib", "l1", "lib::f", "l.rs", "1"},
                          {"call", "_RNvCsl1_3lib1f", "free", "l.rs", "2"}}),
                   "lib.rlib");
  Graph.addSection(block({{"crate", "evil", "e1", "lib", "evil", "0.1.0", "/e", "evil.0"},
                          {"fn", "_RNvCsl1_3lib1f", "x", "evil", "e1", "evil::hidden", "e.rs", "1"},
                          {"use", "_RNvCsl1_3lib1f", "FILES", "std::fs::read", "e.rs", "2"}}),
                   "evil.rlib");
  Graph.addSection(block({LibCrate,
                          {"fn", "_RNvCsl1_3lib1f", "w", "lib", "l1", "lib::f", "l.rs", "1"}}),
                   "lib-cgu2.o");
  // A crate whose library takes lib's name, exporting under lib's symbol.
  Graph.addSection(block({{"crate", "lib", "x9", "lib", "namesake", "0.1.0", "/n", "lib.0"},
                          {"fn", "_RNvCsl1_3lib1f", "x", "lib", "x9", "lib::f", "n.rs", "1"},
                          {"use", "_RNvCsl1_3lib1f", "EXEC", "std::process::Command::new", "n.rs", "2"}}),
                   "namesake.rlib");
  Graph.link();
  const GraphNode &Hidden = Graph.nodes()[nodeOf(Graph, "evil::hidden")];
  ASSERT_EQ(Hidden.Uses.size(), 1u);
  EXPECT_EQ(Graph.crates()[Hidden.Crate].Name, "evil");
  ASSERT_EQ(Graph.nodes().size(), 3u);
  EXPECT_EQ(Graph.crates()[Graph.nodes()[2].Crate].Package, "namesake");
  EXPECT_EQ(Graph.nodes()[2].Uses.size(), 1u);
}

TEST(FactsGraph, CrateLevelUses) {
  FactsGraph Graph(TestKey);
  Graph.addSection(block({AppCrate, {"use", "", "ARBITRARY_EXECUTION", "global_asm!", "m.rs", "7"}}), "a.o");
  Graph.link();
  ASSERT_EQ(Graph.crateUses().size(), 1u);
  EXPECT_EQ(Graph.crateUses().begin()->second.at(0).Cap, Capability::ArbitraryExecution);
}

TEST(FactsGraph, TheSameBlockTwiceCountsOnce) {
  // An rlib's object, and the binary it was linked into.
  std::string Lib = block({LibCrate,
                           {"fn", "f", "x", "lib", "l1", "lib::f", "l.rs", "1"},
                           {"use", "f", "FILES", "std::fs::read", "l.rs", "2"}});
  std::string App = block({AppCrate, {"fn", "main", "x", "app", "a1", "app::main", "m.rs", "1"}});
  FactsGraph Graph(TestKey);
  Graph.addSection(Lib, "lib.rlib");
  Graph.addSection(App + Lib, "app");
  Graph.link();
  EXPECT_EQ(Graph.nodes().size(), 2u);
  EXPECT_EQ(Graph.nodes()[nodeOf(Graph, "lib::f")].Uses.size(), 1u);
}

TEST(FactsGraph, GraphsShareAStore) {
  // The build's graph and one binary's: the binary sees only its blocks,
  // but owners resolve against every crate of the build.
  std::string Lib = block({LibCrate});
  std::string Bin = block({AppCrate,
                           {"fn", "main", "x", "", "", "main", "", "0"},
                           {"fn", "g", "w", "lib", "l1", "lib::g::<u8>", "l.rs", "1"},
                           {"call", "main", "g", "", "0"},
                           {"use", "g", "NETWORK", "connect", "l.rs", "2"},
                           {"root", "main", "export"}});
  FactsGraph Build(std::make_shared<FactsStore>(TestKey));
  Build.addSection(Lib, "lib.rlib");
  Build.addSection(Bin, "app");
  Build.link();
  FactsGraph Program(Build.store());
  Program.addSection(Bin, "app");
  Program.link();
  EXPECT_EQ(Program.nodes().size(), 2u);
  const GraphNode &Generic = Program.nodes()[nodeOf(Program, "lib::g::<u8>")];
  ASSERT_GE(Generic.Crate, 0);
  EXPECT_EQ(Program.crates()[Generic.Crate].Package, "lib");
  EXPECT_TRUE(Program.reach(nodeOf(Program, "main")).contains(Capability::Network));
}

TEST(FactsGraph, EscapedFieldsSurvive) {
  FactsGraph Graph(TestKey);
  Graph.addSection(block({AppCrate, {"fn", "s", "x", "app", "a1", "app::weird\tname\\x", "dir\nfile.rs", "1"}}),
                   "a.o");
  Graph.link();
  EXPECT_GE(nodeOf(Graph, "app::weird\tname\\x"), 0);
}

/// A block with the given header numbers and stored bytes, MAC'd with the
/// unit's key, as if the plugin had written it: for malformed payloads.
std::string rawBlock(const std::string &Unit, std::size_t StoredSize, std::size_t PlainSize,
                     const std::string &Stored) {
  std::string Header = "capgate-facts\t2\t" + Unit + "\t" + std::to_string(StoredSize) + "\t" +
                       std::to_string(PlainSize) + "\t";
  std::string Mac = sha256::toHex(
      sha256::Hmac(facts::unitKey(TestKey, Unit)).update(Header).update(Stored.substr(0, StoredSize)).finish());
  return Header + Mac + "\n" + Stored;
}

std::string errorOf(const std::string &Section, const FactsOrigin &Origin = "target/debug/app") {
  try {
    FactsGraph Graph(TestKey);
    Graph.addSection(Section, Origin);
    return "";
  } catch (const std::runtime_error &Error) {
    return Error.what();
  }
}

constexpr std::string_view Refused =
    "capgate: target/debug/app carries capgate facts that capgate did not write for it (";

TEST(FactsGraph, ErrorsNameTheArtefact) {
  EXPECT_EQ(errorOf(block({AppCrate, {"use", "f", "TELEPATHY", "x", "", "0"}})),
            std::string(Refused) + "a block claiming crate app with an unknown capability 'TELEPATHY', in target/debug/app)");
  EXPECT_EQ(errorOf(facts::frameBlock("fn\tf\tx\n", "app", facts::unitKey(TestKey, "app"))),
            std::string(Refused) + "a block claiming crate app without a crate record, in target/debug/app)");
  EXPECT_EQ(errorOf("capgate-facts\t7\t1\t1\nx"),
            std::string(Refused) + "a block of facts format version 7 (this capgate reads version 2), in target/debug/app)");
  EXPECT_EQ(errorOf("garbage"), std::string(Refused) + "no capgate-facts block header at byte 0, in target/debug/app)");
  std::string Truncated = block({AppCrate});
  EXPECT_NE(errorOf(Truncated.substr(0, Truncated.size() - 3)).find("is truncated"), std::string::npos);
  EXPECT_NE(errorOf("capgate-facts\t2\tapp\t1").find("has no end"), std::string::npos);
  EXPECT_NE(errorOf("capgate-facts\t2\tapp\tx\t1\t\nx").find("malformed capgate-facts block header at byte 0"),
            std::string::npos);
  // The package, when known, is the one named.
  EXPECT_EQ(errorOf("garbage", FactsOrigin("libevil.rlib", "evil", "evil-1", false)),
            "capgate: evil carries capgate facts that capgate did not write for it (no capgate-facts block header "
            "at byte 0, in libevil.rlib)");
}

TEST(FactsGraph, OnlyBlocksCapgateWroteForTheUnitAreRead) {
  // Under another key (what a crate that made up a block could use).
  std::string Forged = block({AppCrate});
  std::string OtherKey(32, 'x');
  std::size_t Tab = Forged.rfind('\t', Forged.find('\n'));
  std::string Header = Forged.substr(0, Tab + 1);
  std::string Stored = Forged.substr(Forged.find('\n') + 1);
  std::string WrongMac = sha256::toHex(sha256::Hmac(facts::unitKey(OtherKey, "app")).update(Header).update(Stored).finish());
  EXPECT_EQ(errorOf(Header + WrongMac + "\n" + Stored),
            std::string(Refused) + "a block claiming crate app whose MAC does not verify, in target/debug/app)");
  // A stored byte changed, the MAC kept.
  std::string Flipped = Forged;
  Flipped.back() ^= 1;
  EXPECT_NE(errorOf(Flipped).find("whose MAC does not verify"), std::string::npos);
  // Written without a key (by opt or rustc by hand).
  std::string Unkeyed = Header + "\n" + Stored;
  EXPECT_NE(errorOf(Unkeyed).find("written without a key"), std::string::npos);
  // An authentic block of victim's inside evil's library.
  std::string Victim = block({{"crate", "victim", "v1", "lib", "victim", "0.1.0", "/v", "v.0", "victim-1"}});
  EXPECT_EQ(errorOf(Victim, FactsOrigin("libevil-1.rlib", "evil", "evil-1", false)),
            "capgate: evil carries capgate facts that capgate did not write for it (a block claiming crate victim "
            "in the library of evil, in libevil-1.rlib)");
  EXPECT_EQ(errorOf(Victim, FactsOrigin("libvictim-1.rlib", "victim", "victim-1", false)), "");
  // A block whose crate record is not its unit's.
  std::string Mislabelled = block({{"crate", "victim", "v1", "lib", "victim", "0.1.0", "/v", "v.0", "evil-1"}});
  EXPECT_NE(errorOf(Mislabelled).find("a block claiming crate evil whose crate record names crate victim of unit evil-1"),
            std::string::npos);
}

TEST(FactsGraph, ALinkedFileHoldsItsOwnAndItsLibrariesBlocks) {
  std::string Lib = block({{"crate", "lib", "l1", "lib", "lib", "0.2.0", "/l", "l.0", "lib-1"},
                           {"fn", "f", "x", "lib", "l1", "lib::f", "", "0"}});
  std::string App = block({{"crate", "app", "a1", "bin", "app", "0.1.0", "/a", "a.0", "app-2"},
                           {"fn", "main", "x", "app", "a1", "app::main", "", "0"}});
  std::string Other = block({{"crate", "victim", "v1", "lib", "victim", "0.1.0", "/v", "v.0", "victim-3"}});
  FactsGraph Graph(TestKey);
  Graph.addSection(Lib, FactsOrigin("liblib-1.rlib", "lib", "lib-1", false));
  Graph.addSection(App + Lib, FactsOrigin("app", "app", "app-2", true));
  EXPECT_EQ(Graph.nodes().size(), 2u);
  // An authentic block that no library read holds: it came into the
  // binary from somewhere else.
  try {
    Graph.addSection(App + Other, FactsOrigin("app", "app", "app-2", true));
    ADD_FAILURE() << "accepted";
  } catch (const std::runtime_error &Error) {
    EXPECT_STREQ(Error.what(), "capgate: app carries capgate facts that capgate did not write for it (a block "
                               "claiming crate victim that is in no library of the build, in app)");
  }
}

TEST(FactsGraph, HostileSizesCostNothing) {
  // 70 bytes that declare 4 GB: refused before anything is allocated.
  std::string Huge = rawBlock("app", 4, 4294967296, "abcd");
  EXPECT_NE(errorOf(Huge).find("declares 4294967296 bytes of payload in 4 stored bytes, more than they can hold"),
            std::string::npos);
  EXPECT_NE(errorOf(rawBlock("app", 4, std::size_t(1) << 40, "abcd")).find("more than they can hold"),
            std::string::npos);
  // Authentic stored bytes that are not zlib, or inflate to more or less
  // than declared: corrupt, and inflating stops at the declared size.
  EXPECT_NE(errorOf(rawBlock("app", 4, 100, "abcd")).find("is corrupt"), std::string::npos);
  std::string Payload(100000, 'a');
  uLongf Size = compressBound(Payload.size());
  std::string Stored(Size, '\0');
  compress(reinterpret_cast<Bytef *>(Stored.data()), &Size, reinterpret_cast<const Bytef *>(Payload.data()),
           Payload.size());
  Stored.resize(Size);
  EXPECT_NE(errorOf(rawBlock("app", Stored.size(), 1000, Stored)).find("does not decode to the 1000 bytes"),
            std::string::npos);
  EXPECT_NE(errorOf(rawBlock("app", Stored.size(), 100001, Stored)).find("does not decode to the 100001 bytes"),
            std::string::npos);
}

TEST(FactsGraph, PaddingBetweenBlocksIsSkipped) {
  FactsGraph Graph(TestKey);
  Graph.addSection(block({LibCrate, {"fn", "f", "x", "lib", "l1", "lib::f", "", "0"}}) + std::string(3, '\0') +
                       block({AppCrate, {"fn", "g", "x", "app", "a1", "app::g", "", "0"}}),
                   "app");
  Graph.link();
  EXPECT_EQ(Graph.nodes().size(), 2u);
  EXPECT_EQ(Graph.crates().size(), 2u);
}

// Blame in dependency direction over a linked graph (PackageReach.h): lib's
// generic, instantiated in app with app's closure, runs the closure through
// a std instance; the closure reads a file. Owners map to the resolve's
// packages by the crate records' package and version; std's to the
// toolchain.
TEST(FactsGraph, PackageReachChargesCallbacksToTheirSupplier) {
  FactsGraph Graph(TestKey);
  Graph.addSection(block({LibCrate, {"fn", "_RNv3lib3own", "x", "lib", "l1", "lib::own", "src/lib.rs", "1"},
                          {"use", "_RNv3lib3own", "NETWORK", "std::net::TcpStream::connect", "src/lib.rs", "2"}}),
                   "lib.rlib");
  Graph.addSection(
      block({AppCrate,
             {"fn", "_RNv3app4main", "x", "app", "a1", "app::main", "src/main.rs", "1"},
             {"fn", "_RINv3lib3run", "w", "lib", "l1", "lib::run::<app::main::{closure#0}>", "src/lib.rs", "5"},
             {"fn", "_RINvstd4call", "w", "core", "c9", "core::ops::FnOnce::call_once::<...>", "", "0"},
             {"fn", "_RNCv3app4main0", "x", "app", "a1", "app::main::{closure#0}", "src/main.rs", "2"},
             {"use", "_RNCv3app4main0", "FILES", "std::fs::read", "src/main.rs", "2"},
             {"call", "_RNv3app4main", "_RINv3lib3run", "src/main.rs", "2"},
             {"call", "_RINv3lib3run", "_RINvstd4call", "src/lib.rs", "6"},
             {"call", "_RINv3lib3run", "_RNv3lib3own", "src/lib.rs", "7"},
             {"call", "_RINvstd4call", "_RNCv3app4main0", "", "0"}}),
      "app");
  Graph.link();

  CargoResolve Resolve;
  Resolve.Packages.resize(2);
  Resolve.Packages[0].Name = "app";
  Resolve.Packages[0].Version = "0.1.0";
  Resolve.Packages[0].Dependencies.push_back({1, true, false, false});
  Resolve.Packages[1].Name = "lib";
  Resolve.Packages[1].Version = "0.2.0";
  OwnedGraph Owned = ownedGraph(Graph, Resolve, std::vector<Scope>(Graph.crates().size(), Scope::Normal));
  EXPECT_EQ(Owned.Owner[nodeOf(Graph, "lib::run::<app::main::{closure#0}>")], 1);
  EXPECT_EQ(Owned.Owner[nodeOf(Graph, "core::ops::FnOnce::call_once::<...>")], OwnedGraph::Toolchain);
  EXPECT_EQ(Owned.Owner[nodeOf(Graph, "app::main::{closure#0}")], 0);

  std::vector<ScopeReach> Reach = packageReach(Owned, Resolve);
  auto Names = [](CapabilitySet Set) {
    std::string Text;
    for (std::string_view Name : Set.names())
      Text += std::string(Name) + " ";
    return Text;
  };
  EXPECT_EQ(Names(Reach[1][0]), "NETWORK ");
  EXPECT_EQ(Names(Reach[0][0]), "FILES NETWORK ");
}
