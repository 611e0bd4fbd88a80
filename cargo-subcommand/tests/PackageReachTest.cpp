// PackageReachTest.cpp - blame in dependency direction on small synthetic
// call graphs, and the shortcut checked against the plain per-package walk.
#include "PackageReach.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace capgate {
namespace {

constexpr CapabilitySet none() { return {}; }
CapabilitySet caps(std::initializer_list<Capability> List) {
  CapabilitySet Set;
  for (Capability Cap : List)
    Set.insert(Cap);
  return Set;
}

/// A resolve and a graph built by hand. Dependencies are "name" (normal),
/// "name:build" or "name:dev".
class World {
public:
  int package(const std::string &Name, const std::vector<std::string> &Deps = {}) {
    CargoResolve::Package &P = Resolve.Packages.emplace_back();
    P.Name = Name;
    P.Version = "1.0.0";
    for (const std::string &Dep : Deps) {
      std::string DepName = Dep.substr(0, Dep.find(':'));
      int Index = Resolve.find(DepName, "1.0.0");
      EXPECT_GE(Index, 0) << "declare " << DepName << " before " << Name;
      CargoResolve::Dependency &D = P.Dependencies.emplace_back();
      D.Package = Index;
      D.Normal = Dep.find(':') == std::string::npos;
      D.Build = Dep.ends_with(":build");
      D.Dev = Dep.ends_with(":dev");
    }
    return static_cast<int>(Resolve.Packages.size() - 1);
  }
  int node(int Owner, CapabilitySet Uses = {}, Scope Where = Scope::Normal) {
    Nodes.push_back({Owner, Where, Uses, {}});
    return static_cast<int>(Nodes.size() - 1);
  }
  void edge(int From, int To) { Nodes[From].Successors.push_back(To); }
  OwnedGraph graph() const {
    OwnedGraph Graph;
    for (const Node &N : Nodes) {
      Graph.addNode(N.Owner, N.Where, N.Uses);
      for (int Target : N.Successors)
        Graph.addTarget(Target);
    }
    return Graph;
  }
  std::vector<ScopeReach> reach() const { return packageReach(graph(), Resolve); }

  struct Node {
    int Owner;
    Scope Where;
    CapabilitySet Uses;
    std::vector<int> Successors;
  };
  CargoResolve Resolve;
  std::vector<Node> Nodes;
};

constexpr int Std = OwnedGraph::Toolchain;
constexpr std::size_t NormalScope = static_cast<std::size_t>(Scope::Normal);
constexpr std::size_t TestScope = static_cast<std::size_t>(Scope::Test);

TEST(PackageReach, CallbackFromDependentIsNotCharged) {
  // app's main calls runner::run::<app's closure>, which calls the closure,
  // which reads a file: once_cell running bat's closure.
  World W;
  int Runner = W.package("runner");
  int App = W.package("app", {"runner"});
  int Main = W.node(App), Run = W.node(Runner), Closure = W.node(App, caps({Capability::Files}));
  W.edge(Main, Run);
  W.edge(Run, Closure);
  auto Reach = W.reach();
  EXPECT_EQ(Reach[Runner][NormalScope], none());
  EXPECT_EQ(Reach[App][NormalScope], caps({Capability::Files}));
}

TEST(PackageReach, ClosureFromUnrelatedCrateIsNotCharged) {
  // app hands runner a value of sink's type; runner's generic instance
  // drops it, and sink's Drop impl calls native code: serde dropping an
  // onig Regex. runner and sink do not depend on each other.
  World W;
  int Runner = W.package("runner");
  int Sink = W.package("sink");
  int App = W.package("app", {"runner", "sink"});
  int Main = W.node(App), Generic = W.node(Runner), Drop = W.node(Std),
      Impl = W.node(Sink, caps({Capability::NativeCode}));
  W.edge(Main, Generic);
  W.edge(Generic, Drop);
  W.edge(Drop, Impl);
  auto Reach = W.reach();
  EXPECT_EQ(Reach[Runner][NormalScope], none());
  EXPECT_EQ(Reach[Sink][NormalScope], caps({Capability::NativeCode}));
  EXPECT_EQ(Reach[App][NormalScope], caps({Capability::NativeCode}));
}

TEST(PackageReach, StdInBetweenIsFollowed) {
  // runner maps an iterator with its dependency's function (std's
  // Map::next calls fsdep::read) and reaches std's env::var directly; std's
  // instance with app's closure is entered, the closure is not.
  World W;
  int FsDep = W.package("fsdep");
  int Runner = W.package("runner", {"fsdep"});
  int App = W.package("app", {"runner"});
  int Go = W.node(Runner), Map = W.node(Std), Read = W.node(FsDep), StdRead = W.node(Std, caps({Capability::Files}));
  int Var = W.node(Std, caps({Capability::ReadSystemState}));
  W.edge(Go, Map);
  W.edge(Map, Read);
  W.edge(Read, StdRead);
  W.edge(Go, Var);
  int Run = W.node(Runner), MapApp = W.node(Std), AppClosure = W.node(App, caps({Capability::Exec}));
  W.edge(Run, MapApp);
  W.edge(MapApp, AppClosure);
  int Main = W.node(App);
  W.edge(Main, Run);
  auto Reach = W.reach();
  EXPECT_EQ(Reach[Runner][NormalScope], caps({Capability::Files, Capability::ReadSystemState}));
  EXPECT_EQ(Reach[FsDep][NormalScope], caps({Capability::Files}));
  EXPECT_EQ(Reach[App][NormalScope], caps({Capability::Exec}));
}

TEST(PackageReach, DependencysFunctionPassedByPackageIsChargedToIt) {
  // app passes fsdep::read_file (a function of its dependency) to
  // runner::run: app is charged, runner (unrelated to fsdep) is not.
  World W;
  int Runner = W.package("runner");
  int FsDep = W.package("fsdep");
  int App = W.package("app", {"runner", "fsdep"});
  int Main = W.node(App), Run = W.node(Runner), ReadFile = W.node(FsDep, caps({Capability::Files}));
  W.edge(Main, Run);
  W.edge(Run, ReadFile);
  auto Reach = W.reach();
  EXPECT_EQ(Reach[App][NormalScope], caps({Capability::Files}));
  EXPECT_EQ(Reach[Runner][NormalScope], none());
  EXPECT_EQ(Reach[FsDep][NormalScope], caps({Capability::Files}));
}

TEST(PackageReach, Diamond) {
  // app -> a, b; a, b -> c. c's own network use is charged to all; a's
  // closure, run by c's generic, to a and app but not c nor b.
  World W;
  int C = W.package("c");
  int A = W.package("a", {"c"});
  int B = W.package("b", {"c"});
  int App = W.package("app", {"a", "b"});
  int Connect = W.node(C, caps({Capability::Network}));
  int GenericForA = W.node(C), ClosureA = W.node(A, caps({Capability::Files}));
  int FromA = W.node(A), FromB = W.node(B), Main = W.node(App);
  W.edge(GenericForA, ClosureA);
  W.edge(GenericForA, Connect);
  W.edge(FromA, GenericForA);
  W.edge(FromB, Connect);
  W.edge(Main, FromA);
  W.edge(Main, FromB);
  auto Reach = W.reach();
  EXPECT_EQ(Reach[C][NormalScope], caps({Capability::Network}));
  EXPECT_EQ(Reach[A][NormalScope], caps({Capability::Network, Capability::Files}));
  EXPECT_EQ(Reach[B][NormalScope], caps({Capability::Network}));
  EXPECT_EQ(Reach[App][NormalScope], caps({Capability::Network, Capability::Files}));
}

TEST(PackageReach, CycleThroughCallback) {
  // runner's generic and app's closure call each other (a recursive
  // visitor): one component, which runner's walk enters but does not
  // leave for app's node.
  World W;
  int Runner = W.package("runner");
  int App = W.package("app", {"runner"});
  int Walk = W.node(Runner, caps({Capability::ReadSystemState})), Visit = W.node(App, caps({Capability::Files}));
  W.edge(Walk, Visit);
  W.edge(Visit, Walk);
  auto Reach = W.reach();
  EXPECT_EQ(Reach[Runner][NormalScope], caps({Capability::ReadSystemState}));
  EXPECT_EQ(Reach[App][NormalScope], caps({Capability::ReadSystemState, Capability::Files}));
}

TEST(PackageReach, ScopesAndDevDependencies) {
  // lib's tests may be charged through its dev-dependency; its library
  // code and its build script may not (a dev-dependency's code is not
  // theirs to call). A build-dependency is followed from the build script.
  World W;
  int Check = W.package("check");
  int Gen = W.package("gen");
  int Lib = W.package("lib", {"check:dev", "gen:build"});
  int Assert = W.node(Check, caps({Capability::Exec})), Generate = W.node(Gen, caps({Capability::Files}));
  int Code = W.node(Lib), TestCode = W.node(Lib, {}, Scope::Test),
      Script = W.node(Lib, {}, Scope::BuildScript);
  W.edge(Code, Assert);
  W.edge(TestCode, Assert);
  W.edge(Script, Generate);
  W.edge(Script, Assert);
  auto Reach = W.reach();
  EXPECT_EQ(Reach[Lib][NormalScope], none());
  EXPECT_EQ(Reach[Lib][TestScope], caps({Capability::Exec}));
  EXPECT_EQ(Reach[Lib][static_cast<std::size_t>(Scope::BuildScript)], caps({Capability::Files}));
  EXPECT_EQ(Reach[Lib][static_cast<std::size_t>(Scope::ProcMacro)], none());
}

TEST(PackageReach, UnownedNodesAreNotFollowed) {
  World W;
  int Lib = W.package("lib");
  int Code = W.node(Lib), Stranger = W.node(OwnedGraph::Unowned, caps({Capability::Network}));
  W.edge(Code, Stranger);
  EXPECT_EQ(W.reach()[Lib][NormalScope], none());
}

/// The definition, walked plainly: every allowed node below the package's
/// own nodes, no shortcut.
std::vector<ScopeReach> plainReach(const World &W) {
  std::vector<std::vector<int>> Closures = dependencyClosures(W.Resolve);
  std::vector<ScopeReach> Result(W.Resolve.Packages.size());
  for (std::size_t P = 0; P < Result.size(); ++P)
    for (std::size_t S = 0; S < NumScopes; ++S) {
      std::vector<bool> Allowed(Result.size(), false);
      Allowed[P] = true;
      for (int Dep : Closures[P])
        Allowed[Dep] = true;
      if (S == TestScope)
        for (const CargoResolve::Dependency &Dep : W.Resolve.Packages[P].Dependencies)
          if (Dep.Dev) {
            Allowed[Dep.Package] = true;
            for (int Further : Closures[Dep.Package])
              Allowed[Further] = true;
          }
      std::vector<bool> Seen(W.Nodes.size(), false);
      std::vector<int> Work;
      for (std::size_t N = 0; N < Seen.size(); ++N)
        if (W.Nodes[N].Owner == static_cast<int>(P) && static_cast<std::size_t>(W.Nodes[N].Where) == S) {
          Seen[N] = true;
          Work.push_back(static_cast<int>(N));
        }
      while (!Work.empty()) {
        int N = Work.back();
        Work.pop_back();
        Result[P][S].unite(W.Nodes[N].Uses);
        for (int T : W.Nodes[N].Successors) {
          int Owner = W.Nodes[T].Owner;
          bool Follow = Owner == Std || (Owner >= 0 && Allowed[Owner]);
          if (Follow && !Seen[T]) {
            Seen[T] = true;
            Work.push_back(T);
          }
        }
      }
    }
  return Result;
}

TEST(PackageReach, ShortcutAgreesWithPlainWalk) {
  // Random resolves (a DAG of normal, build and dev edges over 70
  // packages, so that the owner bitsets span two words) and random graphs
  // with cycles, toolchain and unowned nodes.
  std::mt19937 Random(10);
  for (int Round = 0; Round < 40; ++Round) {
    World W;
    int Packages = 70;
    for (int P = 0; P < Packages; ++P) {
      std::vector<std::string> Deps;
      for (int Q = 0; Q < P; ++Q)
        if (Random() % 12 == 0) {
          const char *Role[] = {"", "", ":build", ":dev"};
          Deps.push_back("p" + std::to_string(Q) + Role[Random() % 4]);
        }
      W.package("p" + std::to_string(P), Deps);
    }
    int Nodes = 400;
    for (int N = 0; N < Nodes; ++N) {
      int Kind = static_cast<int>(Random() % 10);
      int Owner = Kind < 3 ? Std : Kind == 3 ? OwnedGraph::Unowned : static_cast<int>(Random() % Packages);
      CapabilitySet Uses;
      if (Random() % 6 == 0)
        Uses.insert(static_cast<Capability>(Random() % 10));
      W.node(Owner, Uses, static_cast<Scope>(Random() % 5 == 0 ? Random() % NumScopes : 0));
    }
    for (int E = 0; E < Nodes * 2; ++E)
      W.edge(static_cast<int>(Random() % Nodes), static_cast<int>(Random() % Nodes));
    std::vector<ScopeReach> Fast = W.reach(), Plain = plainReach(W);
    for (int P = 0; P < Packages; ++P)
      for (std::size_t S = 0; S < NumScopes; ++S)
        ASSERT_EQ(Fast[P][S], Plain[P][S]) << "round " << Round << " package " << P << " scope " << S;
  }
}

} // namespace
} // namespace capgate
