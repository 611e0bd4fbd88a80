// ReportBuilder.cpp - per-package and per-binary results from the facts.
#include "ReportBuilder.h"

#include "FactsKey.h"
#include "MacFile.h"
#include "ObjectFile.h"
#include "PackageReach.h"
#include "Sandbox.h"
#include "Seals.h"
#include "UnsafeScan.h"

#include "capgate/ReportJson.h"
#include "capgate/Sha256.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <optional>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>
#include <set>
#include <stdexcept>
#include <tuple>

namespace capgate {

namespace {

using Json = nlohmann::ordered_json;

bool holdsFacts(const std::string &File) {
  return File.ends_with(".rlib") || File.ends_with(".so") || File.ends_with(".o") ||
         File.ends_with(".a") || File.find('.', File.find_last_of('/') + 1) == std::string::npos;
}

/// Where a crate's code runs, by what its artefact is to cargo (an example
/// is a binary to rustc), else by how rustc compiled it.
Scope scopeOf(const CrateRecord &Crate, const std::map<std::string, Scope> &UnitScopes) {
  if (auto Found = UnitScopes.find(Crate.Unit); Found != UnitScopes.end())
    return Found->second;
  if (isBuildScriptCrate(Crate.Name, Crate.Types.find("bin") != std::string::npos))
    return Scope::BuildScript;
  if (Crate.Types.find("proc-macro") != std::string::npos)
    return Scope::ProcMacro;
  if (Crate.Types.find("test") != std::string::npos)
    return Scope::Test;
  return Scope::Normal;
}

} // namespace

Scope scopeOfKind(const std::string &Kind) {
  if (Kind == "build-script")
    return Scope::BuildScript;
  if (Kind == "proc-macro")
    return Scope::ProcMacro;
  if (Kind == "test" || Kind == "example")
    return Scope::Test;
  return Scope::Normal;
}

namespace {

/// The crate a callee path belongs to: `std` for `std::fs::read::<&str>` and
/// `<std::fs::File as std::io::Read>::read`; empty for a C symbol.
std::string crateOfPath(const std::string &Path) {
  std::size_t Start = Path.find_first_not_of("<&*");
  std::size_t Separator = Path.find("::", Start);
  if (Start == std::string::npos || Separator == std::string::npos)
    return "";
  std::string Crate = Path.substr(Start, Separator - Start);
  if (Crate.rfind("mut ", 0) == 0 || Crate.rfind("const ", 0) == 0)
    Crate = Crate.substr(Crate.find(' ') + 1);
  return Crate;
}

std::vector<PathHop> toPathHops(const FactsGraph &Graph, const std::vector<Hop> &Hops) {
  std::vector<PathHop> Result;
  for (std::size_t I = 0; I < Hops.size(); ++I) {
    bool Last = I + 1 == Hops.size();
    Result.push_back({Hops[I].Function,
                      Last ? crateOfPath(Hops[I].Function)
                           : packageOf(Graph, Hops[I].Crate, Hops[I].OwnerName),
                      Hops[I].Site});
  }
  return Result;
}


/// The session directory of the analysis build that produced \p A:
/// <target dir>/capgate-session, where cargo's artefacts are under
/// <target dir>/[<triple>/]<profile>/.
std::string sessionDirectoryOf(const Artifact &A) {
  for (const std::string &File : A.Files) {
    std::filesystem::path Directory = std::filesystem::path(File).parent_path();
    for (int Up = 0; Up < 5 && Directory.has_relative_path(); ++Up, Directory = Directory.parent_path())
      if (std::filesystem::is_directory(Directory / "capgate-session"))
        return (Directory / "capgate-session").string();
  }
  return "";
}

/// The compilation units ("name-0a1b2c3d") whose output \p A's files are.
/// cargo reports a library by its file in deps/, named after the unit; a
/// program, static or shared library by the copy (a hard link) it makes
/// outside deps/; a build script by the name it gives it in its own
/// directory, which is named after the unit's suffix.
std::vector<std::string> unitsOf(const Artifact &A) {
  namespace fs = std::filesystem;
  std::vector<std::string> Units;
  auto UnitOfName = [](fs::path Name) {
    std::string Extension = Name.extension().string();
    std::string Stem = Extension == ".rlib" || Extension == ".rmeta" || Extension == ".so" || Extension == ".a"
                           ? Name.stem().string()
                           : Name.filename().string();
    return Stem.starts_with("lib") && !Extension.empty() ? Stem.substr(3) : Stem;
  };
  for (const std::string &Each : A.Files) {
    fs::path File(Each);
    std::error_code Error;
    if (File.parent_path().filename() == "deps") {
      Units.push_back(UnitOfName(File.filename()));
    } else if (A.Kind == "build-script") {
      std::string Directory = File.parent_path().filename().string();
      std::string Crate = A.TargetName;
      std::replace(Crate.begin(), Crate.end(), '-', '_');
      Units.push_back(Crate + Directory.substr(Directory.rfind('-')));
    } else {
      // Units without a suffix (a cdylib's, a dylib's) have one file name
      // in and outside deps/.
      std::string Prefix = File.stem().string() + "-";
      for (const fs::path &Directory : {File.parent_path() / "deps", File.parent_path()})
        for (const fs::directory_entry &Entry : fs::directory_iterator(Directory, Error)) {
          fs::path Name = Entry.path().filename();
          if (((Name.string().starts_with(Prefix) && Name.extension() == File.extension()) ||
               (Name == File.filename() && Directory.filename() == "deps")) &&
              fs::equivalent(Entry.path(), File, Error))
            Units.push_back(UnitOfName(Name));
        }
    }
  }
  return Units;
}

} // namespace

std::string packageOf(const FactsGraph &Graph, int Crate, const std::string &OwnerName) {
  if (Crate >= 0 && !Graph.crates()[Crate].Package.empty())
    return Graph.crates()[Crate].Package;
  return OwnerName;
}

std::map<Capability, std::vector<PackageRef>> binaryContributors(const FactsGraph &Program,
                                                                 const std::vector<int> &Roots) {
  const std::vector<GraphNode> &Nodes = Program.nodes();
  std::vector<bool> Reached = Program.reachableFrom(Roots);
  std::map<Capability, std::set<PackageRef>> Found;
  auto Charge = [&](int Crate, CapabilitySet Caps) {
    const CrateRecord &Record = Program.crates()[Crate];
    if (Record.Package.empty())
      return;
    Caps.forEach([&](Capability Cap) { Found[Cap].insert({Record.Package, Record.Version}); });
  };
  // What each reached toolchain node uses itself or through toolchain code
  // alone: a backward worklist from the toolchain's uses, which enlarges
  // each node's set at most once per capability.
  std::vector<std::vector<int>> ToolchainCallers(Nodes.size());
  for (std::size_t I = 0; I < Nodes.size(); ++I)
    if (Reached[I] && Nodes[I].Crate < 0)
      for (const GraphEdge &Edge : Nodes[I].Edges)
        if (Nodes[Edge.Target].Crate < 0)
          ToolchainCallers[Edge.Target].push_back(static_cast<int>(I));
  std::vector<CapabilitySet> ThroughToolchain(Nodes.size());
  std::vector<int> Work;
  for (std::size_t I = 0; I < Nodes.size(); ++I)
    if (Reached[I] && Nodes[I].Crate < 0) {
      for (const Use &U : Nodes[I].Uses)
        ThroughToolchain[I].insert(U.Cap);
      if (!ThroughToolchain[I].empty())
        Work.push_back(static_cast<int>(I));
    }
  while (!Work.empty()) {
    int Callee = Work.back();
    Work.pop_back();
    for (int Caller : ToolchainCallers[Callee]) {
      if (ThroughToolchain[Caller].unite(ThroughToolchain[Callee]))
        Work.push_back(Caller);
    }
  }
  for (std::size_t I = 0; I < Nodes.size(); ++I) {
    const GraphNode &Node = Nodes[I];
    if (!Reached[I] || Node.Crate < 0)
      continue;
    CapabilitySet Caps;
    for (const Use &U : Node.Uses)
      Caps.insert(U.Cap);
    for (const GraphEdge &Edge : Node.Edges)
      if (Nodes[Edge.Target].Crate < 0)
        Caps.unite(ThroughToolchain[Edge.Target]);
    Charge(Node.Crate, Caps);
  }
  for (const auto &[Crate, Uses] : Program.crateUses()) {
    CapabilitySet Caps;
    for (const Use &U : Uses)
      Caps.insert(U.Cap);
    Charge(Crate, Caps);
  }
  std::map<Capability, std::vector<PackageRef>> Contributors;
  for (auto &[Cap, Packages] : Found)
    Contributors[Cap].assign(Packages.begin(), Packages.end());
  return Contributors;
}

namespace {

/// The crate an artefact of \p A is compiled from: cargo's target name,
/// which rustc's crate name spells with underscores.
std::string crateNameOf(const Artifact &A) {
  std::string Name = A.TargetName;
  std::replace(Name.begin(), Name.end(), '-', '_');
  return Name;
}

std::string sessionDirectory(const std::string &TargetDir) {
  return (std::filesystem::path(TargetDir) / "capgate-session").string();
}

/// loadFacts, verifying with \p Seals.
FactsGraph loadFactsWith(const std::vector<Artifact> &Artifacts, const std::string &TargetDir,
                         const std::string &FactsKey, SealChecker &Seals) {
  FactsGraph Graph(std::make_shared<FactsStore>(FactsKey));
  std::vector<std::string> WithoutFacts;
  std::set<std::string> Read;
  // In a fixed order (cargo reports artefacts as they finish), so that the
  // one definition kept of a symbol several artefacts define is always the
  // same.
  std::vector<const Artifact *> Sorted;
  for (const Artifact &A : Artifacts)
    Sorted.push_back(&A);
  std::sort(Sorted.begin(), Sorted.end(), [](const Artifact *X, const Artifact *Y) {
    return std::tie(X->PackageName, X->PackageVersion, X->Kind, X->TargetName, X->Files) <
           std::tie(Y->PackageName, Y->PackageVersion, Y->Kind, Y->TargetName, Y->Files);
  });
  std::map<const Artifact *, bool> Found;
  // Libraries first: a linked file may hold only its own unit's blocks and
  // copies of blocks its libraries hold.
  for (bool Libraries : {true, false})
    for (const Artifact *Each : Sorted) {
      const Artifact &A = *Each;
      for (const std::string &Listed : A.Files) {
        // A build script's facts are in the executable rustc linked, which
        // the sandbox's launcher stands in front of.
        std::string File = A.Kind == "build-script" ? realBuildScript(Listed) : Listed;
        if (!holdsFacts(File) || File.ends_with(".rlib") != Libraries || !Read.insert(File).second)
          continue;
        std::string Unit = Seals.verify(File, A.PackageName, crateNameOf(A), TargetDir);
        FactsSections Sections;
        try {
          Sections = readFactsSections(File);
        } catch (const std::runtime_error &Error) {
          // A sealed file rustc wrote, which may hold native objects a
          // build script bundled.
          throw std::runtime_error("capgate: " + A.PackageName + "'s artefact is not a well-formed object file or "
                                   "archive: " + Error.what());
        }
        for (std::string_view Section : Sections.Sections)
          Graph.addSection(Section, FactsOrigin(File, A.PackageName, Unit, !Libraries));
        Found[Each] = Found[Each] || !Sections.Sections.empty();
      }
    }
  for (const Artifact *Each : Sorted)
    if (!Found[Each] && !Each->Files.empty())
      WithoutFacts.push_back(Each->PackageName + " (" + Each->Files.front() + ")");
  if (!WithoutFacts.empty()) {
    std::string List;
    for (const std::string &Each : WithoutFacts)
      List += "\n  " + Each;
    throw std::runtime_error("no capgate facts in these artefacts; they were not built by "
                             "`cargo capgate` (remove the target directory and build again):" +
                             List);
  }
  Graph.link();
  return Graph;
}

} // namespace

FactsGraph loadFacts(const std::vector<Artifact> &Artifacts, const std::string &TargetDir) {
  std::string FactsKey = readFactsKey();
  SealChecker Seals(FactsKey, sessionDirectory(TargetDir));
  return loadFactsWith(Artifacts, TargetDir, FactsKey, Seals);
}

Report buildReport(const std::vector<Artifact> &Artifacts, const FactsGraph &Graph, const CargoResolve &Resolve) {
  Report R;
  // Packages, in name order, with the source files of all their targets,
  // and the unsafe code the wrapper recorded for them as rustc compiled
  // them (UnsafeScan.h).
  std::map<std::pair<std::string, std::string>, std::vector<std::string>> Sources;
  std::map<std::pair<std::string, std::string>, std::vector<SourceSite>> Recorded;
  std::set<std::pair<std::string, std::string>> BuildOnly;
  std::map<std::string, Scope> UnitScopes;
  std::optional<std::string> FactsKey;
  for (const Artifact &A : Artifacts) {
    if (A.BuildOnly)
      BuildOnly.insert({A.PackageName, A.PackageVersion});
    auto &Files = Sources[{A.PackageName, A.PackageVersion}];
    for (const std::string &File : A.Files)
      for (std::string &Source : sourcesOf(File, A.PackageName, A.ManifestDir))
        if (std::find(Files.begin(), Files.end(), Source) == Files.end())
          Files.push_back(std::move(Source));
    std::string Session = sessionDirectoryOf(A);
    if (Session.empty())
      continue;
    if (!FactsKey)
      FactsKey = readFactsKey();
    auto &Sites = Recorded[{A.PackageName, A.PackageVersion}];
    for (const std::string &Unit : unitsOf(A)) {
      UnitScopes[Unit] = scopeOfKind(A.Kind);
      if (std::optional<UnsafeRecord> Record = readUnsafeRecord(Session, *FactsKey, Unit)) {
        if (!Record->Complete)
          throw std::runtime_error("capgate's record of the unsafe code of `" + Unit + "` (package " +
                                   A.PackageName + ") is incomplete: the wrapper did not finish with it");
        Sites.insert(Sites.end(), Record->Sites.begin(), Record->Sites.end());
      }
    }
  }
  std::map<std::pair<std::string, std::string>, std::size_t> PackageIndex;
  for (const auto &[Key, Files] : Sources) {
    PackageIndex[Key] = R.Packages.size();
    PackageReport &P = R.Packages.emplace_back();
    P.Name = Key.first;
    P.Version = Key.second;
    P.BuildOnly = BuildOnly.count(Key) != 0;
    // The scan sees what no compilation shows (a macro_rules the package
    // only exports); the records what no scan of its files can (included
    // files, unsafe attributes, proc-macro output). One entry per line.
    P.UnsafeSites = findUnsafe(Files);
    auto &Sites = Recorded[Key];
    P.UnsafeSites.insert(P.UnsafeSites.end(), Sites.begin(), Sites.end());
    auto SiteKey = [](const SourceSite &Site) { return std::tie(Site.File, Site.Line); };
    std::sort(P.UnsafeSites.begin(), P.UnsafeSites.end(),
              [&](const SourceSite &X, const SourceSite &Y) { return SiteKey(X) < SiteKey(Y); });
    P.UnsafeSites.erase(std::unique(P.UnsafeSites.begin(), P.UnsafeSites.end(),
                                    [&](const SourceSite &X, const SourceSite &Y) { return SiteKey(X) == SiteKey(Y); }),
                        P.UnsafeSites.end());
    P.Unsafe = !P.UnsafeSites.empty();
  }
  auto PackageOfCrate = [&](int Crate) -> PackageReport * {
    if (Crate < 0)
      return nullptr;
    const CrateRecord &Record = Graph.crates()[Crate];
    auto Found = PackageIndex.find({Record.Package, Record.Version});
    return Found == PackageIndex.end() ? nullptr : &R.Packages[Found->second];
  };

  std::vector<Scope> CrateScopes;
  for (const CrateRecord &Crate : Graph.crates())
    CrateScopes.push_back(scopeOf(Crate, UnitScopes));

  std::set<std::pair<std::string, std::string>> Calls;
  for (std::size_t I = 0; I < Graph.nodes().size(); ++I) {
    const GraphNode &Node = Graph.nodes()[I];
    PackageReport *Owner = PackageOfCrate(Node.Crate);
    if (!Owner)
      continue;
    Scope Where = CrateScopes[Node.Crate];
    Owner->scope(Where).Present = true;
    for (const Use &U : Node.Uses)
      Owner->addUse({U.Cap, Node.Path, U.Callee, U.Site, Where});
    for (const GraphEdge &Edge : Node.Edges) {
      int TargetCrate = Graph.nodes()[Edge.Target].Crate;
      if (TargetCrate == Node.Crate || TargetCrate < 0)
        continue;
      if (PackageReport *Callee = PackageOfCrate(TargetCrate); Callee && Callee != Owner)
        Calls.insert({Owner->Name, Callee->Name});
    }
  }
  for (const auto &[Crate, Uses] : Graph.crateUses())
    if (PackageReport *Owner = PackageOfCrate(Crate))
      for (const Use &U : Uses) {
        Owner->addUse({U.Cap, Graph.crates()[Crate].Name, U.Callee, U.Site, CrateScopes[Crate]});
        Owner->transitive(CrateScopes[Crate]).insert(U.Cap);
      }
  R.Calls.assign(Calls.begin(), Calls.end());
  // Blame in dependency direction: what the package's own code of each
  // scope reaches through itself, std and its dependencies (PackageReach.h).
  std::vector<ScopeReach> Reach = packageReach(ownedGraph(Graph, Resolve, CrateScopes), Resolve);
  for (PackageReport &P : R.Packages)
    if (int Index = Resolve.find(P.Name, P.Version); Index >= 0)
      for (Scope S : AllScopes)
        P.transitive(S).unite(Reach[Index][static_cast<std::size_t>(S)]);
  // The same use can be in several copies of a function (one per codegen
  // unit that instantiated it): list it once, in source order, so that a
  // report does not depend on the order cargo finished its crates in.
  for (PackageReport &P : R.Packages) {
    auto Key = [](const UseReport &U) {
      return std::tie(U.Where, U.Site.File, U.Site.Line, U.Cap, U.Function, U.Callee);
    };
    std::sort(P.Uses.begin(), P.Uses.end(),
              [&](const UseReport &X, const UseReport &Y) { return Key(X) < Key(Y); });
    P.Uses.erase(std::unique(P.Uses.begin(), P.Uses.end(),
                             [&](const UseReport &X, const UseReport &Y) { return Key(X) == Key(Y); }),
                 P.Uses.end());
  }

  // Binaries: only what their own roots reach counts, from their own facts.
  for (const Artifact &A : Artifacts) {
    if (A.Binary.empty() || A.Kind == "lib")
      continue;
    FactsGraph Program = programGraph(Graph, A);
    std::vector<int> Roots;
    for (std::size_t I = 0; I < Program.nodes().size(); ++I)
      if (Program.nodes()[I].Root)
        Roots.push_back(static_cast<int>(I));
    BinaryReport &B = R.Binaries.emplace_back();
    B.Name = A.TargetName;
    B.Package = A.PackageName;
    B.Kind = A.Kind;
    for (int Root : Roots)
      B.Capabilities.unite(Program.reach(Root));
    for (const auto &[Crate, Uses] : Program.crateUses())
      for (const Use &U : Uses)
        B.Capabilities.insert(U.Cap);
    B.Capabilities.forEach([&](Capability Cap) {
      std::vector<Hop> Path = Program.shortestPath(Roots, Cap);
      if (!Path.empty())
        B.Paths[Cap] = toPathHops(Program, Path);
    });
    B.Contributors = binaryContributors(Program, Roots);
  }
  std::sort(R.Binaries.begin(), R.Binaries.end(), [](const BinaryReport &X, const BinaryReport &Y) {
    return std::tie(X.Package, X.Kind, X.Name) < std::tie(Y.Package, Y.Kind, Y.Name);
  });
  return R;
}

std::vector<CrateOrigin> crateOrigins(const std::vector<Artifact> &Artifacts, const FactsGraph &Graph) {
  std::map<std::string, Scope> UnitScopes;
  std::map<std::string, const Artifact *> UnitOutputs;
  for (const Artifact &A : Artifacts)
    for (const std::string &Unit : unitsOf(A)) {
      UnitScopes[Unit] = scopeOfKind(A.Kind);
      UnitOutputs[Unit] = &A;
    }
  std::vector<CrateOrigin> Origins;
  for (const CrateRecord &Crate : Graph.crates()) {
    auto Output = UnitOutputs.find(Crate.Unit);
    Origins.push_back({scopeOf(Crate, UnitScopes), Output == UnitOutputs.end() ? nullptr : Output->second});
  }
  return Origins;
}

FactsGraph programGraph(const FactsGraph &Whole, const Artifact &A) {
  // The artefact's blocks were verified and decoded with the whole
  // build's: this only links them again, on their own.
  FactsGraph Program(Whole.store());
  std::string Binary = A.Kind == "build-script" ? realBuildScript(A.Binary) : A.Binary;
  if (const std::vector<int> *Blocks = Whole.store()->blocksOf(Binary))
    Program.addBlocks(*Blocks);
  if (Program.empty())
    throw std::runtime_error("no capgate facts in " + A.Binary + "; it was not built by `cargo capgate`");
  Program.link();
  return Program;
}

namespace {

/// What a report depends on: capgate itself, cargo's resolve and every artefact file's
/// contents, each verified against its seal. The artefacts' facts depend on
/// the plugin, the annotations and the policy's [api] tables, so their
/// digests cover those too.
std::string cacheKey(const std::vector<Artifact> &Artifacts, const CargoResolve &Resolve, const std::string &TargetDir,
                     SealChecker &Seals) {
  std::vector<std::string> Lines;
  // cargo's resolve decides blame and build_only, and can change (a new
  // dev-dependency, a workspace member) without any artefact changing.
  for (const CargoResolve::Package &Package : Resolve.Packages) {
    std::string Line = "resolve " + Package.Id + (Package.Member ? " member" : "") +
                       (Package.ProcMacro ? " proc-macro" : "");
    for (const CargoResolve::Dependency &Dependency : Package.Dependencies)
      Line += " " + Resolve.Packages[Dependency.Package].Id + (Dependency.Normal ? ":n" : "") +
              (Dependency.Build ? ":b" : "") + (Dependency.Dev ? ":d" : "");
    Lines.push_back(std::move(Line));
  }
  for (const Artifact &A : Artifacts) {
    Lines.push_back(A.PackageName + " " + A.PackageVersion + " " + A.Kind + " " + A.TargetName + " " +
                    A.ManifestDir + " " + A.Binary + (A.BuildOnly ? " build-only" : ""));
    for (const std::string &Listed : A.Files) {
      std::string File = A.Kind == "build-script" ? realBuildScript(Listed) : Listed;
      Seals.verify(File, A.PackageName, crateNameOf(A), TargetDir);
      std::string Digest = Seals.digestOf(File);
      Lines.push_back(File + " " + sha256::toHex(Digest.data(), Digest.size()));
    }
  }
  std::sort(Lines.begin(), Lines.end());
  // This executable too: a rebuilt capgate may report differently.
  std::string Self = Seals.digestOf("/proc/self/exe");
  std::string Key = "capgate-report-cache 3 " CAPGATE_VERSION " " + sha256::toHex(Self.data(), Self.size());
  for (const std::string &Line : Lines)
    Key += "\n" + Line;
  return Key;
}

} // namespace

namespace {

std::filesystem::path reportCachePath(const std::string &TargetDir) {
  return std::filesystem::path(TargetDir) / ".capgate-report-cache";
}

} // namespace

ReportCache::ReportCache(const std::string &TargetDir)
    : TargetDir(TargetDir), Reading(std::async(std::launch::async, [TargetDir]() {
        // The body: the key, a NUL, the report.
        Cached Found;
        try {
          MacFileContents Contents =
              readMacFile(reportCachePath(TargetDir), macFileKey(readFactsKey(), "capgate-report-cache"));
          Found.Forged = Contents.State == MacFileContents::Forged;
          std::size_t End = Contents.Body.find('\0');
          if (Contents.State == MacFileContents::Valid && End != std::string::npos) {
            Found.Report = readReportJson(std::string_view(Contents.Body).substr(End + 1));
            Found.Key = Contents.Body.substr(0, End);
          }
        } catch (const std::exception &) {
          // No facts key yet, or a cache of another shape: a miss.
        }
        return Found;
      })) {}

Report ReportCache::report(const std::vector<Artifact> &Artifacts, const CargoResolve &Resolve) {
  std::string FactsKey = readFactsKey();
  SealChecker Seals(FactsKey, sessionDirectory(TargetDir),
                    (std::filesystem::path(TargetDir) / ".capgate-digests").string());
  std::string Key = cacheKey(Artifacts, Resolve, TargetDir, Seals);
  Cached Found = Reading.get();
  if (Found.Forged)
    std::fprintf(stderr, "note: capgate: the report cache %s was changed by something other than capgate; "
                         "building the report again\n", reportCachePath(TargetDir).c_str());
  if (Found.Report && Found.Key == Key) {
    Seals.save();
    return std::move(*Found.Report);
  }
  FactsGraph Graph = loadFactsWith(Artifacts, TargetDir, FactsKey, Seals);
  Report R = buildReport(Artifacts, Graph, Resolve);
  Seals.save();
  // A cache that cannot be written is no error.
  try {
    writeMacFile(reportCachePath(TargetDir), macFileKey(FactsKey, "capgate-report-cache"),
                 Key + '\0' + writeReportJson(R));
  } catch (const std::runtime_error &) {
  }
  return R;
}

} // namespace capgate
