// DotReport.cpp - the report as a Graphviz picture (--format dot).
#include "Renderings.h"

#include <fmt/format.h>

#include <set>

namespace capgate {

std::string renderDot(const Report &R, bool Tests) {
  std::string Out = "digraph capgate {\n  rankdir=LR;\n  node [shape=box, fontname=\"monospace\"];\n";
  for (const PackageReport &P : R.Packages) {
    // Red: what ships; orange: build time only; dashed: a build-only
    // package.
    CapabilitySet Shipped = withoutSafe(P.shippedDirect()), BuildTime = withoutSafe(P.buildTimeDirect());
    std::string Label = fmt::format("{} {}\\n{}", P.Name, P.Version, joinNames(Shipped));
    if (!BuildTime.empty())
      Label += "\\nbuild: " + joinNames(BuildTime);
    if (Tests && !withoutSafe(testDirect(P)).empty())
      Label += "\\ntests: " + joinNames(withoutSafe(testDirect(P)));
    std::string Colour = !Shipped.empty() ? "red" : !BuildTime.empty() ? "orange" : "black";
    Out += fmt::format("  \"{}\" [label=\"{}\", color={}{}];\n", P.Name, Label, Colour,
                       P.BuildOnly ? ", style=dashed" : "");
  }
  // Dependency edges; those the dependent never calls into are dashed.
  // Without cargo's resolve, the calls alone.
  std::set<std::pair<std::string, std::string>> Calls(R.Calls.begin(), R.Calls.end());
  std::set<std::string> Names;
  for (const PackageReport &P : R.Packages)
    Names.insert(P.Name);
  if (R.Dependencies.empty())
    for (const auto &[From, To] : R.Calls)
      Out += fmt::format("  \"{}\" -> \"{}\";\n", From, To);
  for (const auto &[From, To] : R.Dependencies)
    if (Names.count(From) && Names.count(To) && From != To)
      Out += fmt::format("  \"{}\" -> \"{}\"{};\n", From, To,
                         Calls.count({From, To}) ? "" : " [style=dashed]");
  return Out + "}\n";
}

} // namespace capgate
