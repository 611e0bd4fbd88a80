// The wrapper's trusted channel: the session file survives a round trip, and
// rustc's command line yields the unit and its source whatever the option
// forms.
#include "RustcInvocation.h"
#include "Session.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <unistd.h>

using namespace capgate;
namespace fs = std::filesystem;

namespace {

fs::path scratchDirectory(const std::string &Name) {
  fs::path Directory = fs::temp_directory_path() / ("capgate-session-test-" + std::to_string(getpid()) + "-" + Name);
  fs::remove_all(Directory);
  return Directory;
}

} // namespace

TEST(Session, RoundTrip) {
  Session Written;
  Written.Directory = scratchDirectory("roundtrip").string();
  Written.TargetDir = "/t";
  Written.Executable = "/bin/cargo-capgate";
  Written.Plugin = "/t/capgate-session/plugin-ab.so";
  Written.AnnotationsDir = "/share/annotations";
  Written.ExtraAnnotations = {"/a.toml", "/b.toml"};
  Written.Digest = "ab";
  Written.InnerWrapper = "sccache";
  Written.PolicyPath = "/ws/capgate.toml";
  Written.FindingsDir = "/t/capgate-findings";
  Written.FactsKeyDirectory = "/home/u/.local/share/capgate";
  Written.Sandbox = false;
  Written.BuildScriptNetwork = {"openssl-sys"};
  Written.Units[Session::unitKey("/ws/evil/src/lib.rs", "evil")] = {"evil", "0.2.0", "/ws/evil", "lib", {"victim"}, true};
  Written.write();

  Session Read = Session::read(Written.Directory);
  EXPECT_EQ(Read.Plugin, Written.Plugin);
  EXPECT_EQ(Read.ExtraAnnotations, Written.ExtraAnnotations);
  EXPECT_EQ(Read.InnerWrapper, "sccache");
  EXPECT_EQ(Read.FactsKeyDirectory, Written.FactsKeyDirectory);
  EXPECT_FALSE(Read.Sandbox);
  EXPECT_EQ(Read.BuildScriptNetwork, Written.BuildScriptNetwork);
  ASSERT_EQ(Read.Units.size(), 1u);
  const UnitIdentity &Evil = Read.Units.at(Session::unitKey("/ws/evil/src/lib.rs", "evil"));
  EXPECT_EQ(Evil.Package, "evil");
  EXPECT_EQ(Evil.Version, "0.2.0");
  EXPECT_EQ(Evil.ManifestDir, "/ws/evil");
  EXPECT_EQ(Evil.TargetKind, "lib");
  EXPECT_EQ(Evil.AlsoClaimedBy, std::vector<std::string>{"victim"});
  EXPECT_TRUE(Evil.BuildOnly);
  // The launcher finds cargo-capgate through this file.
  std::ifstream Executable(fs::path(Written.Directory) / "executable");
  std::string Line;
  std::getline(Executable, Line);
  EXPECT_EQ(Line, "/bin/cargo-capgate");
  fs::remove_all(Written.Directory);
}

TEST(Session, DamagedOrMissingFileIsAnError) {
  fs::path Directory = scratchDirectory("damaged");
  EXPECT_THROW(Session::read(Directory.string()), std::runtime_error);
  fs::create_directories(Directory);
  std::ofstream(Directory / "session.json") << R"({"version": 1, "plugin": 7})";
  EXPECT_THROW(Session::read(Directory.string()), std::runtime_error);
  std::ofstream(Directory / "session.json") << "not json";
  EXPECT_THROW(Session::read(Directory.string()), std::runtime_error);
  fs::remove_all(Directory);
}

TEST(RustcInvocation, CargoLibraryCompilation) {
  RustcInvocation C = parseRustcInvocation(
      {"--crate-name", "evil", "--edition=2021", "evil/src/lib.rs", "--error-format=json",
       "--json=diagnostic-rendered-ansi,artifacts,future-incompat", "--crate-type", "lib",
       "--emit=dep-info,metadata,link", "-C", "embed-bitcode=no", "-C", "metadata=0a1b", "-C",
       "extra-filename=-0a1b2c3d", "--out-dir", "/t/debug/deps", "-L", "dependency=/t/debug/deps",
       "--cfg", "feature=\"x\"", "--extern", "victim=/t/libvictim.rlib"});
  EXPECT_EQ(C.CrateName, "evil");
  EXPECT_EQ(C.Source, "evil/src/lib.rs");
  EXPECT_EQ(C.unitId(), "evil-0a1b2c3d");
  EXPECT_EQ(C.OutDir, "/t/debug/deps");
  EXPECT_EQ(C.CrateTypes, std::vector<std::string>{"lib"});
  EXPECT_TRUE(C.Links);
  EXPECT_TRUE(C.JsonErrors);
  EXPECT_FALSE(C.Query);
  EXPECT_FALSE(C.binary());
}

TEST(RustcInvocation, ValuesThatLookLikeSourcesAreNotTheSource) {
  // Each option's value follows it; only the lone path is the crate root.
  RustcInvocation C = parseRustcInvocation({"--cfg", "x.rs", "-L", "native=y.rs", "--extern", "z=z.rs",
                                            "--crate-name=build_script_build", "build.rs",
                                            "--crate-type", "bin,rlib", "-Cextra-filename=-ff"});
  EXPECT_EQ(C.Source, "build.rs");
  EXPECT_EQ(C.CrateName, "build_script_build");
  EXPECT_EQ(C.CrateTypes, (std::vector<std::string>{"bin", "rlib"}));
  EXPECT_EQ(C.ExtraFilename, "-ff");
  EXPECT_TRUE(C.binary());
}

TEST(RustcInvocation, QueriesAndStandardInput) {
  EXPECT_TRUE(parseRustcInvocation({"-vV"}).Query);
  RustcInvocation Print = parseRustcInvocation(
      {"-", "--crate-name", "___", "--print=file-names", "--crate-type", "bin", "--print", "cfg"});
  EXPECT_TRUE(Print.Query);
  EXPECT_EQ(Print.Source, "");
  EXPECT_TRUE(parseRustcInvocation({"--test", "src/lib.rs"}).Test);
}
