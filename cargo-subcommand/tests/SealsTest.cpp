// Seals (cargo-subcommand/Seals.h): what the wrapper seals after rustc, and
// what readers accept: the same contents, for the same crate, under its own
// name or cargo's copy of it outside deps/; nothing changed, nothing of
// another crate, nothing sealed under another key.
#include "RustcInvocation.h"
#include "Seals.h"
#include "TestFiles.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <stdexcept>

using namespace capgate;

namespace {

const std::string Key(32, 's');

std::string errorOf(SealChecker &Seals, const std::string &File, const std::string &Crate) {
  try {
    Seals.verify(File, "victim", Crate, "/t");
    return "";
  } catch (const std::runtime_error &Error) {
    return Error.what();
  }
}

} // namespace

TEST(Seals, UnitOutputDirectories) {
  EXPECT_TRUE(isUnitOutputDirectory("/t", "/t/debug/deps"));
  EXPECT_TRUE(isUnitOutputDirectory("/t", "/t/x86_64-unknown-linux-gnu/release/deps"));
  EXPECT_TRUE(isUnitOutputDirectory("/t", "/t/debug/examples"));
  EXPECT_TRUE(isUnitOutputDirectory("/t", "/t/debug/build/victim-0a1b"));
  // A build script's OUT_DIR, and directories it could make there.
  EXPECT_FALSE(isUnitOutputDirectory("/t", "/t/debug/build/victim-0a1b/out"));
  EXPECT_FALSE(isUnitOutputDirectory("/t", "/t/debug/build/victim-0a1b/out/deps"));
  EXPECT_FALSE(isUnitOutputDirectory("/t", "/t/debug/build/victim-0a1b/out/x/deps"));
  EXPECT_FALSE(isUnitOutputDirectory("/t", "/elsewhere/debug/deps"));
  EXPECT_FALSE(isUnitOutputDirectory("/t", "/t"));
}

TEST(Seals, OnlyTheSealedContentsOfTheCrateVerify) {
  test::TemporaryDirectory Dir;
  std::string Session = (Dir.Path / "session").string();
  std::string Rlib = Dir.write("debug/deps/libvictim-0a1b.rlib", "rlib contents");
  std::string Binary = Dir.write("debug/deps/victim-0a1b", "program");
  RustcInvocation Invocation;
  Invocation.CrateName = "victim";
  Invocation.ExtraFilename = "-0a1b";
  Invocation.OutDir = (Dir.Path / "debug/deps").string();
  sealArtefacts(Session, Key, Invocation);

  SealChecker Seals(Key, Session);
  EXPECT_EQ(Seals.verify(Rlib, "victim", "victim", "/t"), "victim-0a1b");
  // cargo's copy of the program out of deps/.
  std::filesystem::copy_file(Binary, Dir.Path / "debug/victim");
  EXPECT_EQ(Seals.verify((Dir.Path / "debug/victim").string(), "victim", "victim", "/t"), "victim-0a1b");
  // Another crate's name, another file name, other contents.
  EXPECT_NE(errorOf(Seals, Rlib, "evil").find("capgate: victim's artefact"), std::string::npos);
  std::filesystem::copy_file(Rlib, Dir.Path / "debug/deps/libvictim-9999.rlib");
  EXPECT_NE(errorOf(Seals, (Dir.Path / "debug/deps/libvictim-9999.rlib").string(), "victim"), "");
  std::string Changed = Dir.write("debug/deps/libvictim-0a1b.rlib", "rlib contentz");
  EXPECT_NE(errorOf(Seals, Changed, "victim").find("is not what rustc wrote for it"), std::string::npos);
  // Sealed under another key.
  Dir.write("debug/deps/libvictim-0a1b.rlib", "rlib contents");
  SealChecker OtherKey(std::string(32, 'o'), Session);
  EXPECT_NE(errorOf(OtherKey, Rlib, "victim"), "");
}
