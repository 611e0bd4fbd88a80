// DependencyTree.cpp - dependency trees with capabilities, and the routes of
// one capability into each binary.
#include "DependencyTree.h"

#include "Renderings.h"
#include "ReportBuilder.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <functional>
#include <map>
#include <sstream>
#include <stdexcept>
#include <tuple>

namespace capgate {

EdgeKinds parseEdgeKinds(const std::vector<std::string> &Values) {
  std::vector<std::string> Kinds;
  for (const std::string &Value : Values) {
    std::stringstream List(Value);
    for (std::string Kind; std::getline(List, Kind, ',');)
      if (!Kind.empty())
        Kinds.push_back(Kind);
  }
  bool Positive = false, Negative = false;
  EdgeKinds Chosen{false, false, false};
  EdgeKinds AllBut{true, true, true};
  for (const std::string &Kind : Kinds) {
    if (Kind == "all") {
      Chosen = {true, true, true};
      Positive = true;
    } else if (Kind == "normal" || Kind == "build" || Kind == "dev") {
      (Kind == "normal" ? Chosen.Normal : Kind == "build" ? Chosen.Build : Chosen.Dev) = true;
      Positive = true;
    } else if (Kind == "no-normal" || Kind == "no-build" || Kind == "no-dev") {
      (Kind == "no-normal" ? AllBut.Normal : Kind == "no-build" ? AllBut.Build : AllBut.Dev) = false;
      Negative = true;
    } else if (Kind == "features" || Kind == "no-proc-macro") {
      throw std::invalid_argument("capgate's tree follows dependencies only, not `" + Kind + "`");
    } else {
      throw std::invalid_argument("unknown dependency kind `" + Kind +
                                  "` (expected normal, build, dev, all, no-normal, no-build or no-dev)");
    }
  }
  if (Positive && Negative)
    throw std::invalid_argument("the no- dependency kinds cannot be mixed with normal, build, dev or all");
  if (Negative)
    return AllBut;
  if (Positive)
    return Chosen;
  return EdgeKinds{};
}

namespace {

/// The edge kinds in the order `cargo tree` prints them, with the heading it
/// gives all but the first.
enum Kind { NormalEdge, BuildEdge, DevEdge, KindCount };
constexpr std::array<std::string_view, KindCount> KindHeadings{"", "[build-dependencies]", "[dev-dependencies]"};

/// Orders versions as semver does for release numbers: numerically, part by
/// part, then by the rest (pre-release and build metadata) as text.
bool versionLess(std::string_view X, std::string_view Y) {
  auto Parts = [](std::string_view Version) {
    std::array<unsigned long, 3> Numbers{};
    std::size_t At = 0;
    for (unsigned long &Number : Numbers) {
      auto [End, Error] = std::from_chars(Version.data() + At, Version.data() + Version.size(), Number);
      At = static_cast<std::size_t>(End - Version.data());
      if (Error != std::errc() || At >= Version.size() || Version[At] != '.')
        break;
      ++At;
    }
    return std::make_pair(Numbers, Version.substr(std::min(At, Version.size())));
  };
  return Parts(X) < Parts(Y);
}

class TreePrinter {
public:
  TreePrinter(const Report &R, const CargoResolve &Resolve, const TreeSettings &Settings)
      : R(R), Resolve(Resolve), Settings(Settings) {
    std::map<std::pair<std::string, std::string>, const PackageReport *> Rows;
    for (const PackageReport &P : R.Packages)
      Rows[{P.Name, P.Version}] = &P;
    std::size_t Count = Resolve.Packages.size();
    Row.assign(Count, nullptr);
    for (std::size_t I = 0; I < Count; ++I)
      if (auto Found = Rows.find({Resolve.Packages[I].Name, Resolve.Packages[I].Version}); Found != Rows.end())
        Row[I] = Found->second;
    Dependencies.assign(Count, {});
    Dependents.assign(Count, {});
    for (std::size_t I = 0; I < Count; ++I) {
      if (!Row[I])
        continue;
      for (const CargoResolve::Dependency &Dependency : Resolve.Packages[I].Dependencies) {
        if (!Row[Dependency.Package])
          continue;
        std::array<bool, KindCount> Roles{Dependency.Normal && Settings.Edges.Normal,
                                          Dependency.Build && Settings.Edges.Build,
                                          Dependency.Dev && Settings.Edges.Dev};
        for (int K = 0; K < KindCount; ++K)
          if (Roles[K]) {
            Dependencies[I][K].push_back(Dependency.Package);
            Dependents[Dependency.Package][K].push_back(static_cast<int>(I));
          }
      }
    }
    auto ByPackage = [&](int X, int Y) {
      const CargoResolve::Package &A = Resolve.Packages[X], &B = Resolve.Packages[Y];
      return A.Name != B.Name ? A.Name < B.Name : versionLess(A.Version, B.Version);
    };
    for (std::size_t I = 0; I < Count; ++I)
      for (int K = 0; K < KindCount; ++K) {
        for (std::vector<int> *List : {&Dependencies[I][K], &Dependents[I][K]}) {
          std::sort(List->begin(), List->end(), ByPackage);
          List->erase(std::unique(List->begin(), List->end()), List->end());
        }
      }
  }

  std::string render() {
    std::vector<int> Roots = rootPackages();
    for (int Root : Roots) {
      std::vector<const BinaryReport *> Binaries;
      for (const BinaryReport &B : R.Binaries)
        if (B.Package == Resolve.Packages[Root].Name && scopeOfKind(B.Kind) == Scope::Normal)
          Binaries.push_back(&B);
      if (Settings.Invert) {
        for (const BinaryReport *B : Binaries)
          printRoutes(Root, *B);
        continue;
      }
      separate();
      for (const BinaryReport *B : Binaries)
        Out += fmt::format("{} ({}): {}\n", B->Name, B->Kind, paint(joinNames(withoutSafe(B->Capabilities)), true));
      printTree(Root, Dependencies, [&](int Package) { return packageLabel(Package); });
    }
    if (Settings.Invert && Out.empty())
      Out = fmt::format("no binary of {} in this build\n", Roots.size() == 1 ? "this package" : "these packages");
    return Out;
  }

private:
  using Adjacency = std::vector<std::array<std::vector<int>, KindCount>>;

  /// The packages whose trees to print: those -p names, else the
  /// workspace members the build compiled, each with a report row.
  std::vector<int> rootPackages() const {
    std::vector<int> Roots;
    for (std::size_t I = 0; I < Resolve.Packages.size(); ++I) {
      const CargoResolve::Package &Package = Resolve.Packages[I];
      if (!Row[I])
        continue;
      bool Selected = Settings.Packages.empty() && Package.Member;
      for (const std::string &Spec : Settings.Packages)
        Selected = Selected || Spec == Package.Name || Spec == Package.Name + "@" + Package.Version;
      if (Selected)
        Roots.push_back(static_cast<int>(I));
    }
    if (Roots.empty() && !Settings.Packages.empty())
      throw std::runtime_error("no package `" + Settings.Packages.front() + "` in this build");
    std::sort(Roots.begin(), Roots.end(), [&](int X, int Y) {
      return std::make_tuple(Resolve.Packages[X].Name, Resolve.Packages[X].Version) <
             std::make_tuple(Resolve.Packages[Y].Name, Resolve.Packages[Y].Version);
    });
    return Roots;
  }

  std::string paint(const std::string &Text, bool Shipped) const {
    return Settings.Colour ? fmt::format("\x1b[{}m{}\x1b[0m", Shipped ? "1;33" : "33", Text) : Text;
  }

  std::string nameAndVersion(int Package) const {
    return Resolve.Packages[Package].Name + " v" + Resolve.Packages[Package].Version;
  }

  /// `ureq v2.6.2 [NETWORK, FILES]`, with `[build-time: EXEC]` for what
  /// runs while the build runs.
  std::string packageLabel(int Package) const {
    std::string Label = nameAndVersion(Package);
    CapabilitySet Shipped = withoutSafe(Row[Package]->shippedDirect());
    CapabilitySet BuildTime = withoutSafe(Row[Package]->buildTimeDirect());
    if (!Shipped.empty())
      Label += " [" + paint(joinNames(Shipped), true) + "]";
    if (!BuildTime.empty())
      Label += " [build-time: " + paint(joinNames(BuildTime), false) + "]";
    return Label;
  }

  /// A use site: relative to the workspace root, or to the directory of
  /// the package's source (`ureq-2.6.2/src/stream.rs:354`) when it is under
  /// one of that name, as the registry's are (Debian's without the
  /// version's build metadata: `libgit2-sys-0.14.1` for 0.14.1+1.5.0).
  std::string siteText(const SourceSite &Site, int Package) const {
    std::string File = Site.File;
    std::string Root = Settings.WorkspaceRoot.empty() || Settings.WorkspaceRoot.ends_with('/')
                           ? Settings.WorkspaceRoot
                           : Settings.WorkspaceRoot + "/";
    const std::string &Name = Resolve.Packages[Package].Name, &Version = Resolve.Packages[Package].Version;
    if (!Root.empty() && File.starts_with(Root)) {
      File = File.substr(Root.size());
    } else {
      for (const std::string &Directory :
           {"/" + Name + "-" + Version + "/", "/" + Name + "-" + Version.substr(0, Version.find('+')) + "/"})
        if (std::size_t At = File.rfind(Directory); At != std::string::npos) {
          File = File.substr(At + 1);
          break;
        }
    }
    return Site.Line ? File + ":" + std::to_string(Site.Line) : File;
  }

  /// A contributing package's line: its first shipped use of the
  /// capability with a known file:line (a use in data such as a vtable has
  /// none, and then what it refers to is named), or, when the use is inside
  /// std code it calls, that it comes through the toolchain.
  std::string contributorLabel(int Package, Capability Cap) const {
    auto Rank = [](const UseReport &U) { return (U.Where == Scope::Normal ? 0 : 2) + (U.Site.File.empty() ? 1 : 0); };
    const UseReport *First = nullptr;
    for (const UseReport &U : Row[Package]->Uses)
      if (U.Cap == Cap && (!First || Rank(U) < Rank(*First)))
        First = &U;
    std::string Where = !First                   ? paintedName(Cap) + " through the toolchain's code it calls"
                        : First->Site.File.empty() ? paintedName(Cap) + " by referring to " + First->Callee
                                                   : paintedName(Cap) + " at " + siteText(First->Site, Package);
    return nameAndVersion(Package) + " [" + Where + "]";
  }

  /// A capability's name, painted as what ships.
  std::string paintedName(Capability Cap) const { return paint(std::string(capabilityName(Cap)), true); }

  void separate() {
    if (!Out.empty())
      Out += "\n";
  }

  /// Prints the tree from \p Top along \p Next, each package once with what
  /// follows it (later, `(*)` when it has anything to follow), down to
  /// --depth, as `cargo tree` does.
  void printTree(int Top, const Adjacency &Next, const std::function<std::string(int)> &Label) {
    std::vector<bool> Printed(Resolve.Packages.size(), false);
    printTree(Top, Next, Label, Printed);
  }

  void printTree(int Top, const Adjacency &Next, const std::function<std::string(int)> &Label,
                 std::vector<bool> &Printed) {
    std::vector<bool> Continues;
    printNode(Top, 0, Continues, Next, Label, Printed);
  }

  void printNode(int Package, std::size_t Depth, std::vector<bool> &Continues, const Adjacency &Next,
                 const std::function<std::string(int)> &Label, std::vector<bool> &Printed) {
    bool HasNext = std::any_of(Next[Package].begin(), Next[Package].end(),
                               [](const std::vector<int> &List) { return !List.empty(); });
    bool New = !Printed[Package];
    Printed[Package] = true;
    Out += linePrefix(Continues, Depth) + Label(Package) + (!New && HasNext ? " (*)" : "") + "\n";
    if (!New || (Settings.MaxDepth && Depth >= *Settings.MaxDepth))
      return;
    for (int K = 0; K < KindCount; ++K) {
      const std::vector<int> &List = Next[Package][K];
      if (List.empty())
        continue;
      if (K != NormalEdge && Settings.Prefix == TreePrefix::Indent) {
        for (bool Continue : Continues)
          Out += Continue ? "│   " : "    ";
        Out += std::string(KindHeadings[K]) + "\n";
      }
      for (std::size_t I = 0; I < List.size(); ++I) {
        Continues.push_back(I + 1 < List.size());
        printNode(List[I], Depth + 1, Continues, Next, Label, Printed);
        Continues.pop_back();
      }
    }
  }

  std::string linePrefix(const std::vector<bool> &Continues, std::size_t Depth) const {
    if (Settings.Prefix == TreePrefix::Depth)
      return std::to_string(Depth);
    if (Settings.Prefix == TreePrefix::None || Continues.empty())
      return "";
    std::string Prefix;
    for (std::size_t I = 0; I + 1 < Continues.size(); ++I)
      Prefix += Continues[I] ? "│   " : "    ";
    return Prefix + (Continues.back() ? "├── " : "└── ");
  }

  /// The routes of the capability into \p B: from each contributor up
  /// through its dependents, within what \p Root depends on along the
  /// chosen edges, to \p Root. Packages already shown for this binary are
  /// `(*)`, so the whole costs one pass over the resolve.
  void printRoutes(int Root, const BinaryReport &B) {
    Capability Cap = *Settings.Invert;
    auto Found = B.Contributors.find(Cap);
    separate();
    if (!B.Capabilities.contains(Cap)) {
      Out += fmt::format("{} ({}): no {}\n", B.Name, B.Kind, capabilityName(Cap));
      return;
    }
    if (Found == B.Contributors.end() || Found->second.empty()) {
      Out += fmt::format("{} ({}): {} only from the toolchain's own code, which no package calls into for it\n",
                         B.Name, B.Kind, paintedName(Cap));
      return;
    }
    std::vector<int> Contributors;
    for (const PackageRef &Ref : Found->second)
      if (int Index = Resolve.find(Ref.Name, Ref.Version); Index >= 0 && Row[Index])
        Contributors.push_back(Index);
    Out += fmt::format("{} ({}): {} enters through {} package{}\n", B.Name, B.Kind, paintedName(Cap),
                       Found->second.size(), Found->second.size() == 1 ? "" : "s");
    // What the binary's package depends on along the chosen edges: the
    // dependents worth following.
    std::vector<bool> Below(Resolve.Packages.size(), false);
    std::vector<int> Work{Root};
    Below[Root] = true;
    while (!Work.empty()) {
      int Package = Work.back();
      Work.pop_back();
      for (const std::vector<int> &List : Dependencies[Package])
        for (int Dependency : List)
          if (!Below[Dependency]) {
            Below[Dependency] = true;
            Work.push_back(Dependency);
          }
    }
    Adjacency Up(Resolve.Packages.size());
    for (std::size_t I = 0; I < Resolve.Packages.size(); ++I)
      if (Below[I] && static_cast<int>(I) != Root)
        for (int K = 0; K < KindCount; ++K)
          for (int Dependent : Dependents[I][K])
            if (Below[Dependent])
              Up[I][K].push_back(Dependent);
    std::vector<bool> IsContributor(Resolve.Packages.size(), false);
    for (int Package : Contributors)
      IsContributor[Package] = true;
    auto Label = [&](int Package) {
      return IsContributor[Package] ? contributorLabel(Package, Cap) : nameAndVersion(Package);
    };
    std::vector<bool> Printed(Resolve.Packages.size(), false);
    for (int Package : Contributors) {
      Out += "\n";
      printTree(Package, Up, Label, Printed);
      if (!Below[Package])
        Out += fmt::format("(not among what {} depends on through the chosen dependency kinds)\n",
                           nameAndVersion(Root));
    }
  }

  const Report &R;
  const CargoResolve &Resolve;
  const TreeSettings &Settings;
  /// Per package of the resolve, its report row; null when the build did
  /// not compile it.
  std::vector<const PackageReport *> Row;
  Adjacency Dependencies, Dependents;
  std::string Out;
};

} // namespace

std::string renderTree(const Report &R, const CargoResolve &Resolve, const TreeSettings &Settings) {
  return TreePrinter(R, Resolve, Settings).render();
}

} // namespace capgate
