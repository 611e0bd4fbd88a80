// capgate-trace-tool: drives the tracing library for the tests (and for use
// without cargo). `cargo capgate trace` links the same library.
//
//   capgate-trace-tool run [options] -- PROGRAM [ARGS...]
//
// Exit status: without a comparison, the program's own; with one (--static
// or --allowed), 1 when a capability seen at run time is missing, else 0;
// 2 for usage errors and programs that cannot be traced.
#include "capgate/trace/Trace.h"

#include <fmt/format.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

using namespace capgate::trace;

namespace {

const char *Usage =
    "usage: capgate-trace-tool run [options] -- PROGRAM [ARGS...]\n"
    "\n"
    "Runs PROGRAM under ptrace and reports the capabilities its system calls\n"
    "exercise (report on stderr unless -o).\n"
    "\n"
    "options:\n"
    "  --json                 write the capgate-trace/1 JSON document\n"
    "  -o, --output FILE      write the report to FILE\n"
    "  -v, --verbose          list runtime, spawn and other-program calls in full\n"
    "  --static REPORT.json   compare with a capgate-report/2 or /1 report ...\n"
    "  --binary NAME          ... for this binary (default: PROGRAM's file name)\n"
    "  --allowed CAP,CAP      compare with a list of capabilities (aliases accepted)\n"
    "  --no-stacks            do not record user-space stacks\n"
    "  --follow-execs         keep tracing programs the program runs\n";

int usageError(const std::string &Message) {
  std::cerr << "capgate-trace-tool: " << Message << "\n" << Usage;
  return 2;
}

} // namespace

int main(int Argc, char **Argv) {
  std::vector<std::string> Args(Argv + 1, Argv + Argc);
  if (Args.empty() || Args[0] == "--help" || Args[0] == "-h") {
    std::cout << Usage;
    return Args.empty() ? 2 : 0;
  }
  if (Args[0] != "run")
    return usageError(fmt::format("unknown command `{}`", Args[0]));

  bool Json = false, Verbose = false;
  std::optional<std::string> Output, StaticPath, Binary, Allowed;
  TraceOptions Options;
  std::vector<std::string> Program;
  for (std::size_t I = 1; I < Args.size(); ++I) {
    const std::string &A = Args[I];
    auto Value = [&](const char *Name) -> std::optional<std::string> {
      if (I + 1 >= Args.size())
        return std::nullopt;
      (void)Name;
      return Args[++I];
    };
    if (A == "--") {
      Program.assign(Args.begin() + static_cast<long>(I) + 1, Args.end());
      break;
    }
    if (A == "--json") {
      Json = true;
    } else if (A == "-v" || A == "--verbose") {
      Verbose = true;
    } else if (A == "--no-stacks") {
      Options.Stacks = false;
    } else if (A == "--follow-execs") {
      Options.FollowExecs = true;
    } else if (A == "-o" || A == "--output" || A == "--static" || A == "--binary" ||
               A == "--allowed") {
      auto V = Value(A.c_str());
      if (!V)
        return usageError(fmt::format("{} needs a value", A));
      (A == "-o" || A == "--output" ? Output
       : A == "--static"            ? StaticPath
       : A == "--binary"            ? Binary
                                    : Allowed) = *V;
    } else {
      return usageError(fmt::format("unknown option `{}` (the program goes after `--`)", A));
    }
  }
  if (Program.empty())
    return usageError("no program given after `--`");
  if (StaticPath && Allowed)
    return usageError("--static and --allowed exclude each other");
  if (Binary && !StaticPath)
    return usageError("--binary needs --static");

  try {
    // Read the static side first: a bad report should not cost a run.
    std::optional<StaticCapabilities> Static;
    if (StaticPath) {
      std::string Name = Binary ? *Binary : Program[0].substr(Program[0].rfind('/') + 1);
      Static = loadStaticReport(*StaticPath, Name);
    } else if (Allowed) {
      Static = parseCapabilityList(*Allowed);
    }

    TraceResult Result = traceProgram(Program, Options);
    std::optional<Comparison> Compared;
    if (Static)
      Compared = compare(Result, *Static);
    const Comparison *C = Compared ? &*Compared : nullptr;
    std::string Text = Json ? renderJson(Result, C) : renderText(Result, C, Verbose);
    if (Output) {
      std::ofstream Out(*Output);
      if (!Out)
        throw TraceError(fmt::format("cannot write {}", *Output));
      Out << Text;
    } else {
      std::cerr << Text;
    }
    if (Compared)
      return Compared->FalseNegatives.empty() ? 0 : 1;
    return Result.ExitStatus;
  } catch (const TraceError &E) {
    std::cerr << "capgate-trace-tool: error: " << E.what() << "\n";
    return 2;
  }
}
