// Running programs with an argument vector: arguments and working
// directories with spaces and quotes arrive as they are, stdout is
// captured, and failures to start are errors rather than statuses.
#include "Process.h"

#include "TestFiles.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <stdexcept>

using namespace capgate;

TEST(Process, ArgumentsArriveUnquoted) {
  ProcessResult Result = runProcess({"printf", "[%s]", "a b", "it's", "\"q\"", "$HOME", "; true"});
  EXPECT_EQ(Result.Status, 0);
  EXPECT_EQ(Result.Output, "[a b][it's][\"q\"][$HOME][; true]");
}

TEST(Process, RunsInTheWorkingDirectory) {
  test::TemporaryDirectory Temporary;
  std::filesystem::path Directory = Temporary.Path / "it's a dir";
  std::filesystem::create_directories(Directory);
  EXPECT_EQ(captureOutput({"pwd"}, Directory.string()), std::filesystem::canonical(Directory).string() + "\n");
}

TEST(Process, ReportsTheExitStatus) {
  EXPECT_EQ(runProcess({"sh", "-c", "echo out; exit 3"}).Status, 3);
  EXPECT_EQ(runProcess({"sh", "-c", "kill -TERM $$"}).Status, 128 + 15);
  EXPECT_THROW(captureOutput({"sh", "-c", "exit 1"}), std::runtime_error);
}

TEST(Process, AProgramThatCannotStartIsAnError) {
  EXPECT_THROW(runProcess({"capgate-no-such-program"}), std::runtime_error);
  EXPECT_THROW(runProcess({"/nonexistent/program"}), std::runtime_error);
  EXPECT_THROW(runProcess({"true"}, "/nonexistent/directory"), std::runtime_error);
}
