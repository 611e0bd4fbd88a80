// DotReport.cpp - the report as a Graphviz picture (--format dot).
#include "Renderings.h"

#include "ReportBuilder.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <deque>
#include <map>
#include <set>

namespace capgate {

namespace {

// What the colours say. A border is what a package's own code uses; a fill
// is what that code reaches, through itself or its dependencies, so that a
// package that uses nothing itself but pulls a capability in still shows.
constexpr const char *ShippedBorder = "red";
constexpr const char *BuildTimeBorder = "orange";
constexpr const char *ShippedFill = "#f4cccc";
constexpr const char *BuildTimeFill = "#fce5cd";

/// \p Text as the inside of a DOT quoted string.
std::string quoted(const std::string &Text) {
  std::string Out;
  for (char C : Text) {
    if (C == '"' || C == '\\')
      Out += '\\';
    Out += C;
  }
  return Out;
}

/// \p Lines as the inside of a DOT label, one line each.
std::string labelOf(const std::vector<std::string> &Lines) {
  std::string Out;
  for (const std::string &Line : Lines)
    Out += (Out.empty() ? "" : "\\n") + quoted(Line);
  return Out;
}

std::string packageId(const std::string &Name, const std::string &Version) { return Name + " " + Version; }

/// The shape that marks a binary of cargo kind \p Kind, apart from the
/// packages' boxes.
const char *binaryShape(const std::string &Kind) {
  if (Kind == "bin")
    return "doubleoctagon";
  if (Kind == "cdylib" || Kind == "staticlib")
    return "component";
  return "note";
}

/// The picture's parts, each package (name and version) once.
class Picture {
public:
  Picture(const Report &R, bool Tests, std::optional<Capability> Only) : R(R), Tests(Tests), Only(Only) {
    for (std::size_t I = 0; I < R.Packages.size(); ++I) {
      const PackageReport &P = R.Packages[I];
      IndexOf.try_emplace(packageId(P.Name, P.Version), I);
      ByName[P.Name].push_back(I);
    }
    collectEdges();
    // Build scripts and proc-macros are not drawn: what they do is on their
    // package's build line, and a real build has dozens of them.
    for (const BinaryReport &B : R.Binaries)
      if (shownBinary(B.Kind, Tests) && !isBuildTime(scopeOfKind(B.Kind)) &&
          (!Only || B.Capabilities.contains(*Only)))
        Binaries.push_back(&B);
    Kept.assign(R.Packages.size(), !Only);
    if (Only)
      keepRoutes();
  }

  std::string render() const {
    std::string Out = "digraph capgate {\n  rankdir=LR;\n  fontname=\"monospace\";\n"
                      "  node [shape=box, fontname=\"monospace\"];\n  edge [fontname=\"monospace\"];\n";
    if (Only)
      Out += fmt::format("  label=\"the routes of {}: the packages that use it, and every package on a "
                         "dependency path from a binary that reaches it down to them\";\n  labelloc=t;\n",
                         capabilityName(*Only));
    Out += legend();
    for (std::size_t I = 0; I < R.Packages.size(); ++I)
      if (Kept[I])
        Out += packageNode(R.Packages[I]);
    for (const BinaryReport *B : Binaries) {
      std::string Id = binaryId(*B);
      std::vector<std::string> Label{B->Name, "(" + B->Kind + ")"};
      CapabilitySet Caps = restrict(B->Capabilities);
      if (!Caps.empty())
        Label.push_back(joinNames(Caps));
      bool Shipped = scopeOfKind(B->Kind) == Scope::Normal;
      Out += fmt::format("  \"{}\" [label=\"{}\", shape={}{}];\n", quoted(Id), labelOf(Label), binaryShape(B->Kind),
                         Caps.empty() ? "" : fmt::format(", color={}, penwidth=2", Shipped ? ShippedBorder : "black"));
      // A binary belongs to its package; two versions of one name are two
      // packages, and a binary's report names only the package, so it is
      // drawn to each.
      if (auto Found = ByName.find(B->Package); Found != ByName.end())
        for (std::size_t Index : Found->second)
          if (Kept[Index])
            Out += fmt::format("  \"{}\" -> \"{}\" [style=bold, arrowhead=empty];\n", quoted(Id),
                               quoted(packageId(R.Packages[Index].Name, R.Packages[Index].Version)));
    }
    for (const auto &[From, To, Called] : Edges)
      if (Kept[From] && Kept[To])
        Out += fmt::format("  \"{}\" -> \"{}\"{};\n",
                           quoted(packageId(R.Packages[From].Name, R.Packages[From].Version)),
                           quoted(packageId(R.Packages[To].Name, R.Packages[To].Version)),
                           Called ? "" : " [style=dashed]");
    return Out + "}\n";
  }

private:
  struct Edge {
    std::size_t From, To;
    /// Whether the dependent's code calls into the dependency.
    bool Called;
    friend auto operator<=>(const Edge &, const Edge &) = default;
  };

  /// \p Set without SAFE, and under --capability only that capability.
  CapabilitySet restrict(CapabilitySet Set) const {
    Set = withoutSafe(Set);
    if (!Only)
      return Set;
    CapabilitySet Just;
    if (Set.contains(*Only))
      Just.insert(*Only);
    return Just;
  }

  static CapabilitySet buildTimeTransitive(const PackageReport &P) {
    CapabilitySet All = P.transitive(Scope::BuildScript);
    All.unite(P.transitive(Scope::ProcMacro));
    if (P.BuildOnly)
      All.unite(P.transitive(Scope::Normal));
    return All;
  }

  /// cargo's dependency edges between the packages of the report, solid
  /// where the dependent calls into the dependency. Calls are recorded
  /// between package names, so an edge of one version of a package counts
  /// as called when any version of it calls into the dependency's name.
  /// Without cargo's resolve, the calls alone, to every version of the
  /// callee.
  void collectEdges() {
    std::set<std::pair<std::string, std::string>> Calls(R.Calls.begin(), R.Calls.end());
    std::set<Edge> Unique;
    if (R.Dependencies.empty()) {
      for (const auto &[From, To] : R.Calls)
        if (ByName.count(From) && ByName.count(To))
          for (std::size_t I : ByName.at(From))
            for (std::size_t J : ByName.at(To))
              Unique.insert({I, J, true});
    }
    for (const auto &[From, To] : R.Dependencies) {
      auto I = IndexOf.find(packageId(From.Name, From.Version)), J = IndexOf.find(packageId(To.Name, To.Version));
      if (I != IndexOf.end() && J != IndexOf.end() && I->second != J->second)
        Unique.insert({I->second, J->second, Calls.count({From.Name, To.Name}) != 0});
    }
    Edges.assign(Unique.begin(), Unique.end());
  }

  /// Under --capability: the packages whose own code uses it, and those on
  /// a dependency path from a binary that reaches it down to one of them.
  void keepRoutes() {
    std::size_t Count = R.Packages.size();
    std::vector<std::vector<std::size_t>> Dependencies(Count), Dependents(Count);
    for (const Edge &E : Edges) {
      Dependencies[E.From].push_back(E.To);
      Dependents[E.To].push_back(E.From);
    }
    auto Reach = [&](std::vector<bool> Seen, const std::vector<std::vector<std::size_t>> &Next) {
      std::deque<std::size_t> Work;
      for (std::size_t I = 0; I < Count; ++I)
        if (Seen[I])
          Work.push_back(I);
      while (!Work.empty()) {
        std::size_t Current = Work.front();
        Work.pop_front();
        for (std::size_t Following : Next[Current])
          if (!Seen[Following]) {
            Seen[Following] = true;
            Work.push_back(Following);
          }
      }
      return Seen;
    };
    std::vector<bool> Users(Count, false), Starts(Count, false);
    for (std::size_t I = 0; I < Count; ++I)
      Users[I] = !restrict(directShown(R.Packages[I])).empty();
    for (const BinaryReport *B : Binaries)
      if (auto Found = ByName.find(B->Package); Found != ByName.end())
        for (std::size_t Index : Found->second)
          Starts[Index] = true;
    std::vector<bool> Below = Reach(Starts, Dependencies), Above = Reach(Users, Dependents);
    for (std::size_t I = 0; I < Count; ++I)
      Kept[I] = Users[I] || (Below[I] && Above[I]);
  }

  /// What a package's own code uses in the scopes shown.
  CapabilitySet directShown(const PackageReport &P) const {
    CapabilitySet All = P.shippedDirect();
    All.unite(P.buildTimeDirect());
    if (Tests)
      All.unite(testDirect(P));
    return All;
  }

  std::string packageNode(const PackageReport &P) const {
    CapabilitySet Shipped = restrict(P.shippedDirect()), BuildTime = restrict(P.buildTimeDirect()),
                  Reaches = restrict(P.shippedTransitive()), BuildReaches = restrict(buildTimeTransitive(P));
    std::vector<std::string> Label{P.Name + " " + P.Version};
    if (!Shipped.empty())
      Label.push_back("uses: " + joinNames(Shipped));
    if (!Reaches.without(Shipped).empty())
      Label.push_back("reaches: " + joinNames(Reaches.without(Shipped)));
    if (!BuildTime.empty())
      Label.push_back("build: " + joinNames(BuildTime));
    if (Tests && !restrict(testDirect(P)).empty())
      Label.push_back("tests: " + joinNames(restrict(testDirect(P))));
    std::string Attributes = fmt::format("label=\"{}\"", labelOf(Label));
    if (!Shipped.empty() || !BuildTime.empty())
      Attributes += fmt::format(", color={}, penwidth=2", !Shipped.empty() ? ShippedBorder : BuildTimeBorder);
    std::vector<std::string> Styles;
    if (P.BuildOnly)
      Styles.push_back("dashed");
    if (!Reaches.empty() || !BuildReaches.empty()) {
      Styles.push_back("filled");
      Attributes += fmt::format(", fillcolor=\"{}\"", !Reaches.empty() ? ShippedFill : BuildTimeFill);
    }
    if (!Styles.empty())
      Attributes += fmt::format(", style=\"{}\"", fmt::join(Styles, ","));
    return fmt::format("  \"{}\" [{}];\n", quoted(packageId(P.Name, P.Version)), Attributes);
  }

  /// A cluster of sample nodes and edges drawn exactly as the picture draws
  /// its own.
  std::string legend() const {
    std::string Out = "  subgraph cluster_legend {\n    label=\"legend\";\n    color=gray;\n";
    Out += fmt::format("    \"legend: shipped\" [label=\"its own code uses a capability\\nin what the build ships\", "
                       "color={}, penwidth=2];\n",
                       ShippedBorder);
    Out += fmt::format("    \"legend: build time\" [label=\"its own code uses one\\nonly at build time\", "
                       "color={}, penwidth=2];\n",
                       BuildTimeBorder);
    Out += fmt::format("    \"legend: reaches\" [label=\"what it ships reaches one\\n(its own code or a "
                       "dependency's)\", style=filled, fillcolor=\"{}\"];\n",
                       ShippedFill);
    Out += fmt::format("    \"legend: build reaches\" [label=\"its build-time code\\nreaches one\", style=filled, "
                       "fillcolor=\"{}\"];\n",
                       BuildTimeFill);
    Out += "    \"legend: build-only\" [label=\"a build-only package\\n(build-dependency, proc-macro)\", "
           "style=dashed];\n";
    Out += "    \"legend: binary\" [label=\"a binary\", shape=doubleoctagon];\n"
           "    \"legend: package\" [label=\"its package\"];\n"
           "    \"legend: called\" [label=\"a dependency\\nit calls into\"];\n"
           "    \"legend: not called\" [label=\"a dependency\\nit never calls into\"];\n"
           "    \"legend: binary\" -> \"legend: package\" [style=bold, arrowhead=empty];\n"
           "    \"legend: package\" -> \"legend: called\";\n"
           "    \"legend: package\" -> \"legend: not called\" [style=dashed];\n";
    if (Only)
      Out += fmt::format("    \"legend: only\" [label=\"only {} is shown\", shape=plaintext];\n",
                         capabilityName(*Only));
    return Out + "  }\n";
  }

  static std::string binaryId(const BinaryReport &B) {
    return fmt::format("{} {} of {}", B.Kind, B.Name, B.Package);
  }

  const Report &R;
  bool Tests;
  std::optional<Capability> Only;
  std::map<std::string, std::size_t> IndexOf;
  std::map<std::string, std::vector<std::size_t>> ByName;
  std::vector<Edge> Edges;
  std::vector<const BinaryReport *> Binaries;
  std::vector<bool> Kept;
};

} // namespace

std::string renderDot(const Report &R, bool Tests, std::optional<Capability> Only) {
  return Picture(R, Tests, Only).render();
}

} // namespace capgate
