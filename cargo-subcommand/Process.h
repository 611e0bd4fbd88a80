// Process.h - running another program with an argument vector, no shell.
//
// Arguments go to the program as they are, so paths with spaces, quotes or
// any other character need no quoting. (The wrapper and the sandbox start
// programs their own way, under constraints of their own: Wrapper.cpp,
// Sandbox.cpp.)
#pragma once

#include <string>
#include <vector>

namespace capgate {

/// What a program that ran said on stdout, and how it ended.
struct ProcessResult {
  /// Its exit status; 128 plus the signal's number when a signal ended it,
  /// as a shell reports it.
  int Status = 0;
  std::string Output;
};

/// Runs \p Argv (Argv[0] is the program, looked up on PATH unless it
/// names a path) in \p WorkingDir, or in the current directory when it is
/// empty. Its stdout is captured; its stderr and stdin are this process's.
/// Throws std::runtime_error when the program cannot be started.
ProcessResult runProcess(const std::vector<std::string> &Argv, const std::string &WorkingDir = "");

/// runProcess's output; throws std::runtime_error when the program cannot
/// be started or exits with a status other than 0 (it has then said why
/// on stderr).
std::string captureOutput(const std::vector<std::string> &Argv, const std::string &WorkingDir = "");

} // namespace capgate
