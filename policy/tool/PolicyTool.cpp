//===- PolicyTool.cpp - capgate-policy-tool --------------------------------===//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//
//
// DESCRIPTION:
//   A thin driver over the policy library, for its tests and for trying a
//   policy by hand; `cargo capgate` exposes the same functions as
//   check/init/diff/import-cackle. Exit codes: 0 clean, 1 violations (or
//   gained capabilities), 2 usage or configuration errors.
//
//===----------------------------------------------------------------------===//

#include "capgate/policy/CackleImport.h"
#include "capgate/policy/Diff.h"
#include "capgate/policy/Evaluate.h"
#include "capgate/policy/Init.h"
#include "capgate/policy/Policy.h"
#include "capgate/policy/ReportFile.h"
#include "capgate/policy/Sarif.h"

#include <fmt/format.h>

#include <cstdio>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

using namespace capgate;
using namespace capgate::policy;

namespace {

constexpr const char *Usage = R"(usage: capgate-policy-tool COMMAND ...
  check-policy POLICY [--packages a,b,c]
                      parse and check a capgate.toml
  evaluate POLICY REPORT.json [--deny-unused] [--format text|sarif]
                      [--sarif-root DIR]
                      check a capgate-report/1 against a policy
  init REPORT.json [--no-narrow] [--source-root DIR]
                      print a policy granting what the report shows in use
  import-cackle CACKLE.toml
                      print the capgate.toml equivalent of a Cackle config
  diff OLD.json NEW.json [--format text|sarif] [--sarif-root DIR]
                      capabilities gained and lost between two reports
  annotations POLICY OUT.toml
                      write the policy's [api] tables as an annotation file
exit codes: 0 clean, 1 violations or gained capabilities, 2 usage errors
)";

struct UsageError {
  std::string Message;
};

/// Positional arguments and --options (with a value unless listed in Flags).
struct Args {
  std::vector<std::string> Positional;
  std::map<std::string, std::string> Options;

  Args(int Argc, char **Argv, int First, const std::set<std::string> &Flags,
       const std::set<std::string> &Valued) {
    for (int I = First; I < Argc; ++I) {
      std::string A = Argv[I];
      if (A.starts_with("--")) {
        std::string Name = A, Value;
        if (std::size_t Eq = A.find('='); Eq != std::string::npos) {
          Name = A.substr(0, Eq);
          Value = A.substr(Eq + 1);
        } else if (Valued.count(Name)) {
          if (I + 1 >= Argc)
            throw UsageError{Name + " needs a value"};
          Value = Argv[++I];
        }
        if (!Flags.count(Name) && !Valued.count(Name))
          throw UsageError{"unknown option " + Name};
        Options[Name] = Value;
      } else {
        Positional.push_back(A);
      }
    }
  }
  bool has(const std::string &Name) const { return Options.count(Name); }
  std::string get(const std::string &Name, std::string Default = "") const {
    auto It = Options.find(Name);
    return It == Options.end() ? Default : It->second;
  }
  void expect(std::size_t N) const {
    if (Positional.size() != N)
      throw UsageError{fmt::format("expected {} argument{}, got {}", N,
                                   N == 1 ? "" : "s", Positional.size())};
  }
};

bool sarifFormat(const Args &A) {
  std::string Format = A.get("--format", "text");
  if (Format != "text" && Format != "sarif")
    throw UsageError{"--format must be text or sarif"};
  return Format == "sarif";
}

/// --sarif-root, when given, is %SRCROOT%; else the current directory.
SarifOptions sarifOptions(const Args &A) {
  SarifOptions Options;
  Options.SourceRoot = A.get("--sarif-root");
  return Options;
}

std::vector<std::string> splitCommas(const std::string &S) {
  std::vector<std::string> Result;
  std::size_t Start = 0;
  while (Start <= S.size()) {
    std::size_t End = S.find(',', Start);
    std::string Item = S.substr(Start, End == std::string::npos
                                           ? std::string::npos
                                           : End - Start);
    if (!Item.empty())
      Result.push_back(Item);
    if (End == std::string::npos)
      break;
    Start = End + 1;
  }
  return Result;
}

int checkPolicy(const Args &A) {
  A.expect(1);
  ParseOptions Options;
  if (A.has("--packages"))
    Options.KnownPackages = splitCommas(A.get("--packages"));
  Policy P = loadPolicy(A.Positional[0], Options);
  std::cout << fmt::format("{}: ok ({} package grant{}, {} api definition{})\n",
                           P.File, P.Packages.size(),
                           P.Packages.size() == 1 ? "" : "s", P.Apis.size(),
                           P.Apis.size() == 1 ? "" : "s");
  return ExitClean;
}

int evaluateCommand(const Args &A) {
  A.expect(2);
  bool Sarif = sarifFormat(A);
  bool DenyUnused = A.has("--deny-unused");
  Report R = loadReport(A.Positional[1]);
  ParseOptions Options;
  Options.KnownPackages = R.packageNames();
  Policy P = loadPolicy(A.Positional[0], Options);
  Evaluation E = evaluate(P, R.Packages);
  if (Sarif)
    std::cout << sarifForEvaluation(E, P, DenyUnused, sarifOptions(A));
  else
    std::cerr << renderEvaluation(E, P, DenyUnused);
  return E.exitCode(DenyUnused);
}

int initCommand(const Args &A) {
  A.expect(1);
  InitOptions Options;
  Options.NarrowVersions = !A.has("--no-narrow");
  Options.SourceRoot = A.get("--source-root");
  std::cout << generatePolicy(loadReport(A.Positional[0]).Packages, Options);
  return ExitClean;
}

int importCackleCommand(const Args &A) {
  A.expect(1);
  CackleImport I = importCackleFile(A.Positional[0]);
  std::cout << I.PolicyText;
  for (const ImportNote &N : I.Notes)
    std::cerr << N.render() << "\n";
  return ExitClean;
}

int diffCommand(const Args &A) {
  A.expect(2);
  bool Sarif = sarifFormat(A);
  Report Old = loadReport(A.Positional[0]);
  Report New = loadReport(A.Positional[1]);
  ReportDiff D = diffReports(Old, New);
  std::cout << (Sarif ? sarifForDiff(D, New, sarifOptions(A)) : renderDiff(D));
  return D.exitCode();
}

int annotationsCommand(const Args &A) {
  A.expect(2);
  Policy P = loadPolicy(A.Positional[0]);
  if (!writeAnnotationFile(P, A.Positional[1]))
    std::cerr << P.File << ": no [api] tables; nothing written\n";
  return ExitClean;
}

} // namespace

int main(int Argc, char **Argv) {
  if (Argc < 2) {
    std::cerr << Usage;
    return ExitUsage;
  }
  std::string Command = Argv[1];
  try {
    if (Command == "check-policy")
      return checkPolicy(Args(Argc, Argv, 2, {}, {"--packages"}));
    if (Command == "evaluate")
      return evaluateCommand(
          Args(Argc, Argv, 2, {"--deny-unused"}, {"--format", "--sarif-root"}));
    if (Command == "init")
      return initCommand(Args(Argc, Argv, 2, {"--no-narrow"}, {"--source-root"}));
    if (Command == "import-cackle")
      return importCackleCommand(Args(Argc, Argv, 2, {}, {}));
    if (Command == "diff")
      return diffCommand(Args(Argc, Argv, 2, {}, {"--format", "--sarif-root"}));
    if (Command == "annotations")
      return annotationsCommand(Args(Argc, Argv, 2, {}, {}));
    if (Command == "--help" || Command == "-h" || Command == "help") {
      std::cout << Usage;
      return ExitClean;
    }
    throw UsageError{"unknown command '" + Command + "'"};
  } catch (const UsageError &E) {
    std::cerr << "capgate-policy-tool: " << E.Message << "\n" << Usage;
    return ExitUsage;
  } catch (const ConfigError &E) {
    std::cerr << E.render() << "\n";
    return ExitUsage;
  }
}
