// ExplainCommand.cpp - `cargo capgate explain`: the call path from a package or function to a
// capability.
//
// The subject is looked for where it runs: with --bin, in that binary's own
// facts from its roots; otherwise in the whole build, and a function found
// in a linked artefact (a program, a build script) is then explained in
// that artefact's own facts. A subject that names code in several
// packages, versions or scopes (every build script has a `main`) is not
// guessed at: the candidates are listed.
#include "Commands.h"

#include "AnalysisBuild.h"
#include "ReportBuilder.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <deque>
#include <iostream>
#include <map>
#include <set>
#include <tuple>

namespace capgate {

namespace {

std::string_view scopeLabel(Scope Where) {
  switch (Where) {
  case Scope::Normal:
    return "shipped";
  case Scope::BuildScript:
    return "build script";
  case Scope::ProcMacro:
    return "proc-macro";
  case Scope::Test:
    return "test";
  }
  return "";
}

/// --scope's spelling: the report's names, with `shipped` for normal code.
std::optional<Scope> parseScopeOption(const std::string &Name) {
  if (Name.empty())
    return std::nullopt;
  return Name == "shipped" ? Scope::Normal : parseScope(Name);
}

/// What the subject names: a package, as NAME or NAME@VERSION, or else a
/// function by its full path or last segments.
struct Subject {
  std::string Text;
  std::string Package;
  std::string Version;
  bool IsPackage = false;

  bool namesPackage(const CrateRecord &Crate) const {
    return Crate.Package == Package && (Version.empty() || Crate.Version == Version);
  }
  bool namesFunction(const GraphNode &Node) const {
    return Node.Path == Text || (Node.Path.size() > Text.size() && Node.Path.ends_with("::" + Text));
  }
};

Subject parseSubject(const std::string &Text, const FactsGraph &Whole) {
  Subject S{Text, Text, ""};
  std::size_t At = Text.find('@');
  if (At != std::string::npos && At + 1 < Text.size() && std::isdigit(static_cast<unsigned char>(Text[At + 1]))) {
    S.Package = Text.substr(0, At);
    S.Version = Text.substr(At + 1);
  }
  S.IsPackage = std::any_of(Whole.crates().begin(), Whole.crates().end(),
                            [&](const CrateRecord &Crate) { return S.namesPackage(Crate); });
  return S;
}

/// A linked artefact whose own facts a search runs in: the programs,
/// build scripts and proc-macros; not libraries.
bool isLinked(const Artifact *A) { return A && !A->Binary.empty() && A->Kind != "lib"; }

/// A file as its reader knows it: relative to the workspace root when it is
/// inside it; a dependency's file by its full path.
std::string displayFile(std::string_view File, const std::string &Root) {
  std::string Prefix = Root.ends_with("/") ? Root : Root + "/";
  return File.starts_with(Prefix) ? std::string(File.substr(Prefix.size())) : std::string(File);
}

std::string displaySite(const SourceSite &Site, const std::string &Root) {
  if (Site.File.empty())
    return "";
  return displayFile(Site.File, Root) + (Site.Line ? ":" + std::to_string(Site.Line) : "");
}

/// One function the subject names, and where it is.
struct Candidate {
  int Node;
  std::string Function;
  std::string Package, Version;
  Scope Where;
  /// The linked artefact whose own facts hold it, or null for the whole
  /// build's (a package's library and binaries together).
  const Artifact *Program;
  SourceSite Definition;

  auto group() const { return std::tie(Package, Version, Where, Program); }
};

/// What one subject's search starts from: a graph and the candidates in it.
struct Search {
  const FactsGraph *Graph;
  std::vector<Candidate> Candidates;
};

/// "app 0.1.0, shipped, bin app": which code of which package.
std::string describeGroup(const Candidate &C) {
  std::string Text = C.Package + " " + C.Version + ", " + std::string(scopeLabel(C.Where));
  if (C.Program && C.Program->Kind != "build-script" && C.Program->Kind != "proc-macro")
    Text += ", " + C.Program->Kind + " " + C.Program->TargetName;
  return Text;
}

/// One line per group of candidates (package, version, scope, artefact),
/// naming its most specific function, aligned in columns.
std::string listGroups(const std::vector<Candidate> &Candidates, const Subject &Asked, const std::string &Root) {
  std::map<std::tuple<std::string, std::string, Scope, const Artifact *>, std::vector<const Candidate *>> Groups;
  for (const Candidate &C : Candidates)
    Groups[C.group()].push_back(&C);
  std::vector<std::array<std::string, 3>> Rows;
  for (auto &[Key, Members] : Groups) {
    // A Rust function stands for the C symbols of its group (the `main`
    // rustc makes for a program's `app::main`).
    if (std::any_of(Members.begin(), Members.end(), [](const Candidate *C) { return C->Function.find("::") != std::string::npos; }))
      std::erase_if(Members, [](const Candidate *C) { return C->Function.find("::") == std::string::npos; });
    // The shortest path is the nearest the crate's root (a build script's
    // `build_script_build::main` rather than a module's `main`); one with a
    // known definition first.
    const Candidate *Shown = *std::min_element(Members.begin(), Members.end(), [](const Candidate *X, const Candidate *Y) {
      return std::make_tuple(X->Definition.File.empty(), X->Function.size(), X->Function) <
             std::make_tuple(Y->Definition.File.empty(), Y->Function.size(), Y->Function);
    });
    std::set<std::string> Functions;
    for (const Candidate *Each : Members)
      Functions.insert(Each->Function);
    // A package's rows differ only in what describeGroup says.
    std::string Name = Asked.IsPackage ? "" : Shown->Function;
    if (!Asked.IsPackage && Functions.size() > 1)
      Name += " (and " + std::to_string(Functions.size() - 1) + " more)";
    Rows.push_back({Name, describeGroup(*Shown), displaySite(Shown->Definition, Root)});
  }
  std::size_t Widths[2] = {0, 0};
  for (const auto &Row : Rows)
    for (std::size_t Column = 0; Column < 2; ++Column)
      Widths[Column] = std::max(Widths[Column], Row[Column].size());
  std::string Text;
  for (const auto &Row : Rows) {
    std::string Line = "  " + (Widths[0] ? Row[0] + std::string(Widths[0] - Row[0].size() + 2, ' ') : "") + Row[1];
    if (!Row[2].empty())
      Line += std::string(Widths[1] - Row[1].size() + 2, ' ') + Row[2];
    Text += "\n" + Line;
  }
  return Text;
}

/// The candidates in one program's own facts: what its roots reach.
std::vector<Candidate> candidatesInProgram(const FactsGraph &Program, const Artifact &A, const Subject &Asked) {
  std::vector<int> Roots;
  for (std::size_t I = 0; I < Program.nodes().size(); ++I)
    if (Program.nodes()[I].Root)
      Roots.push_back(static_cast<int>(I));
  std::vector<bool> Reached = Program.reachableFrom(Roots);
  std::vector<Candidate> Found;
  for (std::size_t I = 0; I < Program.nodes().size(); ++I) {
    const GraphNode &Node = Program.nodes()[I];
    if (!Reached[I] || Node.Crate < 0)
      continue;
    const CrateRecord &Crate = Program.crates()[Node.Crate];
    if (Asked.IsPackage ? Asked.namesPackage(Crate) : Asked.namesFunction(Node))
      Found.push_back({static_cast<int>(I), Node.Path, Crate.Package, Crate.Version, scopeOfKind(A.Kind), &A,
                       {std::string(Node.DefinitionFile), Node.DefinitionLine}});
  }
  return Found;
}

/// The candidates in the whole build. A package's code is searched in the
/// whole build's facts (its library and binaries together); a function in
/// a linked artefact in that artefact's own.
std::vector<Candidate> candidatesInBuild(const FactsGraph &Whole, const std::vector<CrateOrigin> &Origins,
                                         const Subject &Asked) {
  std::vector<Candidate> Found;
  for (std::size_t I = 0; I < Whole.nodes().size(); ++I) {
    const GraphNode &Node = Whole.nodes()[I];
    if (Node.Crate < 0)
      continue;
    const CrateRecord &Crate = Whole.crates()[Node.Crate];
    const CrateOrigin &Origin = Origins[Node.Crate];
    if (Asked.IsPackage ? Asked.namesPackage(Crate) : Asked.namesFunction(Node))
      Found.push_back({static_cast<int>(I), Node.Path, Crate.Package, Crate.Version, Origin.Where,
                       !Asked.IsPackage && isLinked(Origin.Output) ? Origin.Output : nullptr,
                       {std::string(Node.DefinitionFile), Node.DefinitionLine}});
  }
  return Found;
}

/// The hops a reader needs: without \p Verbose, the nodes the compiler or
/// capgate made are left out (the data rustc passes calls through, such
/// as vtables, shims, and the summary node capgate puts in front of an
/// annotated function's body). The hop before one keeps its file:line,
/// which is where it made the call or took the reference.
std::vector<Hop> visibleHops(const std::vector<Hop> &Path, bool Verbose) {
  if (Verbose)
    return Path;
  auto CompilerMade = [](const std::string &Function) {
    return Function.starts_with("{static data ") || Function.find("{shim:") != std::string::npos ||
           Function.find("{{vtable.shim}}") != std::string::npos || Function.find("{{reify.shim}}") != std::string::npos;
  };
  std::vector<Hop> Shown;
  for (std::size_t I = 0; I < Path.size(); ++I) {
    const Hop &H = Path[I];
    bool Inner = I > 0 && I + 1 < Path.size();
    // A summary and its body are one function, the body saying where it
    // makes the next call.
    bool SameFunction = Inner && Shown.back().Function == H.Function && Shown.back().Crate == H.Crate;
    if (Inner && (SameFunction || CompilerMade(H.Function))) {
      if (Shown.back().Site.File.empty() || (SameFunction && !H.Site.File.empty()))
        Shown.back().Site = H.Site;
      continue;
    }
    Shown.push_back(H);
  }
  return Shown;
}

std::string packageLabel(const FactsGraph &Graph, const Hop &H) {
  std::string Package = packageOf(Graph, H.Crate, H.OwnerName);
  if (H.Crate >= 0 && !Graph.crates()[H.Crate].Version.empty())
    Package += " " + Graph.crates()[H.Crate].Version;
  return Package;
}

/// "did you mean" over the build's package names.
std::string suggestPackage(const std::string &Text, const FactsGraph &Whole) {
  std::set<std::string_view> Names;
  for (const CrateRecord &Crate : Whole.crates())
    if (!Crate.Package.empty())
      Names.insert(Crate.Package);
  std::string_view Suggestion = closestMatch(Text, std::vector<std::string_view>(Names.begin(), Names.end()));
  return Suggestion.empty() ? "" : " (did you mean `" + std::string(Suggestion) + "`?)";
}

} // namespace

int runExplain(const CargoOptions &Options, const ExplainRequest &Request) {
  Capability Cap = capabilityArgument(Request.Capability);
  std::optional<Scope> WantedScope = parseScopeOption(Request.Scope);
  // Explain builds only to read the facts: the warnings of crates cargo
  // did not compile again were shown when it did.
  CargoOptions Quiet = Options;
  Quiet.ReplayFreshWarnings = false;
  Workspace Where = workspaceOf(Quiet);
  std::vector<Artifact> Artifacts = analysisBuild(Quiet, Where, nullptr);
  FactsGraph Whole = loadFacts(Artifacts, Where.TargetDir);
  std::vector<CrateOrigin> Origins = crateOrigins(Artifacts, Whole);
  Subject Asked = parseSubject(Request.Subject, Whole);

  // Every candidate, then those the options narrow to.
  std::deque<FactsGraph> Programs;
  std::vector<const Artifact *> ProgramArtifacts;
  std::vector<Candidate> All;
  std::string InWhat;
  if (!Options.Bins.empty()) {
    for (const Artifact &A : Artifacts) {
      bool Chosen = A.Kind == "bin" &&
                    std::find(Options.Bins.begin(), Options.Bins.end(), A.TargetName) != Options.Bins.end() &&
                    (Options.Packages.empty() || std::find(Options.Packages.begin(), Options.Packages.end(),
                                                           A.PackageName) != Options.Packages.end());
      if (!Chosen)
        continue;
      const FactsGraph &Program = Programs.emplace_back(programGraph(Whole, A));
      ProgramArtifacts.push_back(&A);
      std::vector<Candidate> Found = candidatesInProgram(Program, A, Asked);
      All.insert(All.end(), Found.begin(), Found.end());
      InWhat += (InWhat.empty() ? "" : ", ") + ("bin `" + A.TargetName + "`");
    }
  } else {
    All = candidatesInBuild(Whole, Origins, Asked);
  }
  if (InWhat.empty())
    InWhat = "this build";
  if (All.empty())
    throw Failure{"no package or function named `" + Asked.Text + "` in " + InWhat + suggestPackage(Asked.Text, Whole),
                  ExitIncomplete};
  // A package's own code is its shipped code unless --scope says which, or
  // unless it has code of one other scope only (a proc-macro); a function
  // is looked for in every scope unless --scope says which.
  std::optional<Scope> InScope = WantedScope;
  if (Asked.IsPackage && !InScope) {
    bool OneScope = std::all_of(All.begin(), All.end(), [&](const Candidate &C) { return C.Where == All.front().Where; });
    InScope = OneScope ? All.front().Where : Scope::Normal;
  }
  std::vector<Candidate> Narrowed;
  for (const Candidate &C : All)
    if ((!InScope || C.Where == *InScope) &&
        (Asked.IsPackage || Options.Packages.empty() ||
         std::find(Options.Packages.begin(), Options.Packages.end(), C.Package) != Options.Packages.end()))
      Narrowed.push_back(C);
  if (Narrowed.empty())
    throw Failure{"`" + Asked.Text + "` names no code " +
                      (InScope ? "in scope " + std::string(scopeLabel(*InScope)) : "of the packages given") +
                      "; it names:" + listGroups(All, Asked, Where.Root) +
                      "\nhelp: choose with --scope shipped|build-script|proc-macro|test" +
                      (Asked.IsPackage ? "" : " or --package NAME"),
                  ExitUsage};
  std::set<std::tuple<std::string, std::string, Scope, const Artifact *>> Groups;
  for (const Candidate &C : Narrowed)
    Groups.insert(C.group());
  if (Groups.size() > 1)
    throw Failure{"`" + Asked.Text + "` is ambiguous; it names code in " + std::to_string(Groups.size()) +
                      " places:" + listGroups(Narrowed, Asked, Where.Root) + "\nhelp: " +
                      (Asked.IsPackage ? "choose a version with NAME@VERSION, or one binary with --bin NAME"
                                       : "choose by the function's full path, or narrow with --package NAME, "
                                         "--bin NAME or --scope shipped|build-script|proc-macro|test"),
                  ExitUsage};

  // The search: in the chosen binary's facts, in the facts of the linked
  // artefact the function is in, or in the whole build's.
  const Candidate &Chosen = Narrowed.front();
  const FactsGraph *Graph = &Whole;
  std::vector<int> Sources;
  for (std::size_t I = 0; I < ProgramArtifacts.size(); ++I)
    if (ProgramArtifacts[I] == Chosen.Program)
      Graph = &Programs[I];
  for (const Candidate &C : Narrowed)
    Sources.push_back(C.Node);
  if (Options.Bins.empty() && Chosen.Program) {
    const FactsGraph &Program = Programs.emplace_back(programGraph(Whole, *Chosen.Program));
    std::vector<int> InProgram;
    for (std::size_t I = 0; I < Program.nodes().size(); ++I) {
      const GraphNode &Node = Program.nodes()[I];
      if (Node.Crate >= 0 && Asked.namesFunction(Node) && Program.crates()[Node.Crate].Package == Chosen.Package &&
          Program.crates()[Node.Crate].Version == Chosen.Version)
        InProgram.push_back(static_cast<int>(I));
    }
    if (!InProgram.empty()) {
      Graph = &Program;
      Sources = std::move(InProgram);
    }
  }

  std::string Description = (Asked.IsPackage ? "package " + Chosen.Package + " " + Chosen.Version + " (" +
                                                   std::string(scopeLabel(Chosen.Where)) + ")"
                                             : Asked.Text + " (" + describeGroup(Chosen) + ")");
  std::vector<Hop> Path = Graph->shortestPath(Sources, Cap);
  if (Path.empty()) {
    std::cout << Description << " does not reach " << capabilityName(Cap) << "\n";
    return 0;
  }
  std::cout << Description << " reaches " << capabilityName(Cap) << ":\n";
  std::vector<Hop> Shown = visibleHops(Path, Options.Verbose > 0);
  for (std::size_t I = 0; I < Shown.size(); ++I) {
    const Hop &H = Shown[I];
    std::cout << "  " << (I == 0 ? "   " : "-> ") << H.Function;
    if (I + 1 < Shown.size())
      std::cout << "  [" << packageLabel(*Graph, H) << "]";
    if (std::string Site = displaySite(H.Site, Where.Root); !Site.empty())
      std::cout << "\n       at " << Site;
    std::cout << "\n";
  }
  return 0;
}

} // namespace capgate
