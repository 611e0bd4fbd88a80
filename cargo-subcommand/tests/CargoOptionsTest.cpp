// The cargo options capgate forwards: what reaches `cargo build` and
// `cargo metadata`, and which targets `report --tests` adds.
#include "Commands.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

using namespace capgate;

namespace {

bool contains(const std::vector<std::string> &Arguments, const std::vector<std::string> &Run) {
  return std::search(Arguments.begin(), Arguments.end(), Run.begin(), Run.end()) != Arguments.end();
}

} // namespace

TEST(CargoOptions, ForwardsCargosConventions) {
  CargoOptions Options;
  Options.Workspace = true;
  Options.Exclude = {"app"};
  Options.Lib = Options.AllBins = Options.Tests = Options.Examples = true;
  Options.Target = "x86_64-unknown-linux-gnu";
  Options.Jobs = 3;
  Options.Frozen = true;
  Options.Config = {"net.retry=1", "profile.dev.debug=0"};
  std::vector<std::string> Build = Options.cargoArguments();
  EXPECT_TRUE(contains(Build, {"--workspace", "--exclude", "app", "--lib", "--bins", "--tests", "--examples"}));
  EXPECT_TRUE(contains(Build, {"--target", "x86_64-unknown-linux-gnu", "--jobs", "3"}));
  EXPECT_TRUE(contains(Build, {"--frozen", "--config", "net.retry=1", "--config", "profile.dev.debug=0"}));
  EXPECT_TRUE(contains(Build, {"--color", "auto"}));
  // cargo metadata takes neither target selection nor --target nor -j.
  std::vector<std::string> Metadata = Options.metadataArguments();
  EXPECT_TRUE(contains(Metadata, {"--frozen", "--config", "net.retry=1", "--config", "profile.dev.debug=0"}));
  for (const char *BuildOnly : {"--exclude", "--lib", "--tests", "--target", "--jobs", "--color"})
    EXPECT_EQ(std::count(Metadata.begin(), Metadata.end(), BuildOnly), 0) << BuildOnly;
}

TEST(CargoOptions, AConfigFileIsReadFromWhereCapgateStarted) {
  CargoOptions Options;
  Options.Config = {"extra.toml", "build.target-dir=\"out.toml\""};
  std::vector<std::string> Arguments = Options.configArguments();
  ASSERT_EQ(Arguments.size(), 4u);
  EXPECT_EQ(Arguments[1], (std::filesystem::current_path() / "extra.toml").string());
  EXPECT_EQ(Arguments[3], "build.target-dir=\"out.toml\"");
}

TEST(CargoOptions, ReportTestsBuildsEveryTargetUnlessSomeAreSelected) {
  CargoOptions Default;
  Default.includeTestTargets();
  EXPECT_TRUE(Default.AllTargets);
  EXPECT_FALSE(Default.Tests);

  CargoOptions Library;
  Library.Lib = true;
  Library.includeTestTargets();
  EXPECT_TRUE(Library.Tests);
  EXPECT_FALSE(Library.AllTargets);

  CargoOptions Everything;
  Everything.AllTargets = true;
  Everything.includeTestTargets();
  EXPECT_FALSE(Everything.Tests);
}
