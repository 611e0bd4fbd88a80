// TraceRun.cpp - `cargo capgate trace`: the tracer run against the static report.
#include "TraceRun.h"

#include "FactsKey.h"
#include "ObjectFile.h"

#include <deque>

#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <unordered_map>

namespace fs = std::filesystem;

namespace capgate {

namespace {

/// Where each function of a program is defined, by symbol, from the facts
/// linked into it. The facts keep only functions that lead to a capability
/// (and roots), which are the frames a reader of a trace wants named.
class SymbolIndex {
public:
  // The facts are authenticated like a report's: a frame named from a
  // forged block would mislead whoever reads the trace.
  explicit SymbolIndex(const std::string &Program) : Graph(readFactsKey()) {
    Sections = readFactsSections(Program);
    for (std::string_view Section : Sections.Sections)
      Graph.addSection(Section, Program);
    for (const GraphNode &Node : Graph.nodes())
      if (!Node.Symbol.empty())
        BySymbol.emplace(Node.Symbol, &Node);
  }

  void name(trace::Frame &F) const {
    auto Found = BySymbol.find(F.Symbol);
    if (Found == BySymbol.end())
      return;
    const GraphNode &Node = *Found->second;
    F.Function = Node.Path;
    if (!Node.DefinitionFile.empty())
      F.Location = fmt::format("{}:{}", Node.DefinitionFile, Node.DefinitionLine);
  }

private:
  FactsSections Sections;
  FactsGraph Graph;
  std::unordered_map<std::string_view, const GraphNode *> BySymbol;
};

void nameFrames(trace::TraceResult &Result, const std::string &Program) {
  SymbolIndex Index(Program);
  std::string Module = fs::path(Program).filename().string();
  for (trace::Observation &O : Result.Observations)
    for (trace::Frame &F : O.Stack)
      if (F.Module == Module && !F.Symbol.empty())
        Index.name(F);
}

/// Runs a program in its directory, with the variables cargo gives the
/// programs it runs, and comes back to where it was.
trace::TraceResult traceIn(const TraceTarget &Target, const trace::TraceOptions &Options) {
  fs::path Previous = fs::current_path();
  if (!Target.Directory.empty())
    fs::current_path(Target.Directory);
  setenv("CARGO_MANIFEST_DIR", Target.Built->ManifestDir.c_str(), 1);
  setenv("CARGO_PKG_NAME", Target.Built->PackageName.c_str(), 1);
  setenv("CARGO_PKG_VERSION", Target.Built->PackageVersion.c_str(), 1);
  struct Restore {
    fs::path To;
    ~Restore() {
      std::error_code Ignored;
      fs::current_path(To, Ignored);
    }
  } Back{Previous};
  return trace::traceProgram(Target.Argv, Options);
}

} // namespace

TraceOutcome traceTargets(const std::vector<TraceTarget> &Targets, const TraceSettings &Settings) {
  TraceOutcome Outcome;
  // Kept whole until the end: the JSON of several runs is one document.
  std::deque<trace::TraceResult> Results;
  std::deque<trace::Comparison> Comparisons;
  std::vector<trace::TracedRun> Runs;
  for (const TraceTarget &Target : Targets) {
    trace::TraceResult &Result = Results.emplace_back(traceIn(Target, Settings.Options));
    if (Settings.Options.Stacks)
      nameFrames(Result, Target.Built->Binary);
    trace::StaticCapabilities Static{Target.Static->Name, Target.Static->Capabilities};
    trace::Comparison &Compared = Comparisons.emplace_back(trace::compare(Result, Static));
    Outcome.FalseNegatives += static_cast<unsigned>(Compared.FalseNegatives.size());
    if (Result.ExitStatus != 0)
      ++Outcome.FailedPrograms;
    if (Settings.Format == "json")
      Runs.push_back({&Result, &Compared});
    else
      Outcome.Text += trace::renderText(Result, &Compared, Settings.ShowAll) + "\n";
  }
  if (Settings.Format == "json")
    Outcome.Text = trace::renderJsonRuns(Runs);
  return Outcome;
}

} // namespace capgate
