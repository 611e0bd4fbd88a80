// ExplainCommand.cpp - `cargo capgate explain`: the call path from a package or function to a
// capability.
#include "Commands.h"

#include "AnalysisBuild.h"
#include "ReportBuilder.h"

#include <iostream>

namespace capgate {

int runExplain(const CargoOptions &Options, const std::string &Subject, const std::string &CapabilityName) {
  std::optional<Capability> Cap = parseCapability(CapabilityName, /*AcceptAlias=*/true);
  if (!Cap) {
    std::string Message = "unknown capability `" + CapabilityName + "`";
    std::string_view Suggestion = suggestCapability(CapabilityName);
    if (!Suggestion.empty())
      Message += " (did you mean `" + std::string(Suggestion) + "`?)";
    throw Failure{Message, ExitUsage};
  }
  Workspace Where = workspaceOf(Options);
  std::vector<Artifact> Artifacts = analysisBuild(Options, Where, nullptr);
  FactsGraph Graph = loadFacts(Artifacts, Where.TargetDir);
  std::vector<int> Sources;
  for (std::size_t I = 0; I < Graph.nodes().size(); ++I) {
    const GraphNode &Node = Graph.nodes()[I];
    bool Matches = packageOf(Graph, Node.Crate, Node.OwnerName) == Subject || Node.Path == Subject ||
                   (Node.Path.size() > Subject.size() && Node.Path.ends_with("::" + Subject));
    if (Matches)
      Sources.push_back(static_cast<int>(I));
  }
  if (Sources.empty())
    throw Failure{"no package or function named `" + Subject + "` in this build", ExitIncomplete};
  std::vector<Hop> Path = Graph.shortestPath(Sources, *Cap);
  if (Path.empty()) {
    std::cout << Subject << " does not reach " << capabilityName(*Cap) << "\n";
    return 0;
  }
  std::cout << Subject << " reaches " << capabilityName(*Cap) << ":\n";
  for (std::size_t I = 0; I < Path.size(); ++I) {
    const Hop &H = Path[I];
    std::string Package = I + 1 < Path.size() ? packageOf(Graph, H.Crate, H.OwnerName) : "";
    std::cout << "  " << (I == 0 ? "   " : "-> ") << H.Function;
    if (!Package.empty())
      std::cout << "  [" << Package << "]";
    if (!H.Site.File.empty())
      std::cout << "\n       at " << H.Site.File << (H.Site.Line ? ":" + std::to_string(H.Site.Line) : "");
    std::cout << "\n";
  }
  return 0;
}

} // namespace capgate
