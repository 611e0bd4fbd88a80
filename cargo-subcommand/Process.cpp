// Process.cpp - running another program with an argument vector: fork and
// exec, no shell.
#include "Process.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <string_view>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace capgate {

namespace {

/// The file \p Program names: itself when it holds a slash, else the first
/// executable of that name in a directory of PATH (an empty entry is the
/// current directory, as for the shell). Looked up before fork, so that the
/// child only has to call execv.
std::string programPath(const std::string &Program) {
  if (Program.find('/') != std::string::npos)
    return Program;
  const char *Path = std::getenv("PATH");
  std::string_view Directories = Path ? Path : "/usr/local/bin:/usr/bin:/bin";
  while (true) {
    std::size_t Colon = Directories.find(':');
    std::string Directory(Directories.substr(0, Colon));
    std::string Candidate = (Directory.empty() ? "." : Directory) + "/" + Program;
    struct stat Info;
    if (stat(Candidate.c_str(), &Info) == 0 && S_ISREG(Info.st_mode) && access(Candidate.c_str(), X_OK) == 0)
      return Candidate;
    if (Colon == std::string_view::npos)
      break;
    Directories.remove_prefix(Colon + 1);
  }
  throw std::runtime_error("cannot run `" + Program + "`: it is not on PATH");
}

/// What the child tells the parent through the exec pipe when it cannot
/// become the program: the step that failed and its errno.
struct ChildFailure {
  enum Step : int { EnterDirectory, Exec } What;
  int Error;
};

void closeBoth(int Pipe[2]) {
  close(Pipe[0]);
  close(Pipe[1]);
}

} // namespace

ProcessResult runProcess(const std::vector<std::string> &Argv, const std::string &WorkingDir) {
  if (Argv.empty())
    throw std::logic_error("runProcess needs a program to run");
  std::string Program = programPath(Argv.front());
  std::vector<char *> Exec;
  for (const std::string &Argument : Argv)
    Exec.push_back(const_cast<char *>(Argument.c_str()));
  Exec.push_back(nullptr);

  // Output carries the program's stdout; Status is closed by a successful
  // exec (close-on-exec), or carries a ChildFailure.
  int Output[2], Status[2];
  if (pipe2(Output, O_CLOEXEC) != 0)
    throw std::runtime_error(std::string("cannot create a pipe: ") + std::strerror(errno));
  if (pipe2(Status, O_CLOEXEC) != 0) {
    int Error = errno;
    closeBoth(Output);
    throw std::runtime_error(std::string("cannot create a pipe: ") + std::strerror(Error));
  }
  pid_t Child = fork();
  if (Child < 0) {
    int Error = errno;
    closeBoth(Output);
    closeBoth(Status);
    throw std::runtime_error("cannot run `" + Argv.front() + "`: " + std::strerror(Error));
  }
  if (Child == 0) {
    // Only async-signal-safe calls from here to exec.
    ChildFailure Failed{ChildFailure::Exec, 0};
    if (!WorkingDir.empty() && chdir(WorkingDir.c_str()) != 0)
      Failed = {ChildFailure::EnterDirectory, errno};
    else if (dup2(Output[1], STDOUT_FILENO) < 0)
      Failed = {ChildFailure::Exec, errno};
    else {
      execv(Program.c_str(), Exec.data());
      Failed = {ChildFailure::Exec, errno};
    }
    ssize_t Ignored = write(Status[1], &Failed, sizeof Failed);
    (void)Ignored;
    _exit(127);
  }
  close(Output[1]);
  close(Status[1]);

  ProcessResult Result;
  char Buffer[65536];
  while (true) {
    ssize_t Read = read(Output[0], Buffer, sizeof Buffer);
    if (Read > 0)
      Result.Output.append(Buffer, static_cast<std::size_t>(Read));
    else if (Read == 0 || errno != EINTR)
      break;
  }
  close(Output[0]);
  ChildFailure Failed{};
  ssize_t Told;
  do
    Told = read(Status[0], &Failed, sizeof Failed);
  while (Told < 0 && errno == EINTR);
  close(Status[0]);

  int WaitStatus = 0;
  while (waitpid(Child, &WaitStatus, 0) < 0 && errno == EINTR)
    ;
  if (Told == static_cast<ssize_t>(sizeof Failed)) {
    if (Failed.What == ChildFailure::EnterDirectory)
      throw std::runtime_error("cannot run `" + Argv.front() + "` in " + WorkingDir + ": " +
                               std::strerror(Failed.Error));
    throw std::runtime_error("cannot run `" + Program + "`: " + std::strerror(Failed.Error));
  }
  Result.Status = WIFEXITED(WaitStatus) ? WEXITSTATUS(WaitStatus) : 128 + WTERMSIG(WaitStatus);
  return Result;
}

std::string captureOutput(const std::vector<std::string> &Argv, const std::string &WorkingDir) {
  ProcessResult Result = runProcess(Argv, WorkingDir);
  if (Result.Status != 0) {
    std::string Command;
    for (const std::string &Argument : Argv)
      Command += (Command.empty() ? "" : " ") + Argument;
    throw std::runtime_error("`" + Command + "` failed with exit status " + std::to_string(Result.Status));
  }
  return std::move(Result.Output);
}

} // namespace capgate
