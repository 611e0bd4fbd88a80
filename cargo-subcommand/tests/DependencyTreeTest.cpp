// `cargo capgate tree`'s rendering (DependencyTree.h): cargo tree's layout
// with each package's capabilities, repeats as (*), edge kinds, depth and
// prefixes, packages the build did not compile left out; and, inverted,
// the routes of one capability from each contributor up to the binary.
#include "DependencyTree.h"

#include <gtest/gtest.h>

#include <stdexcept>

using namespace capgate;

namespace {

/// app (a member, binary `app`) depends on net and on log 0.4; net on
/// log 0.3 and log 0.4; app builds with cc and tests with itoa. winapi, a
/// dependency of net for another platform, was not compiled.
struct Sample {
  Report R;
  CargoResolve Resolve;

  Sample() {
    auto Package = [&](std::string Name, std::string Version) {
      PackageReport &P = R.Packages.emplace_back();
      P.Name = Name;
      P.Version = Version;
      CargoResolve::Package &Q = Resolve.Packages.emplace_back();
      Q.Id = Name + " " + Version;
      Q.Name = Name;
      Q.Version = Version;
      return static_cast<int>(Resolve.Packages.size() - 1);
    };
    int App = Package("app", "0.1.0"), Net = Package("net", "1.2.0"), Log3 = Package("log", "0.3.9"),
        Log4 = Package("log", "0.4.17"), Cc = Package("cc", "1.0.73"), Itoa = Package("itoa", "1.0.1");
    CargoResolve::Package &Winapi = Resolve.Packages.emplace_back();
    Winapi.Name = "winapi";
    Winapi.Version = "0.3.9";
    int WinapiIndex = static_cast<int>(Resolve.Packages.size() - 1);
    Resolve.Packages[App].Member = true;
    Resolve.Packages[App].Dependencies = {{Net, true}, {Log4, true}, {Cc, false, true}, {Itoa, false, false, true}};
    Resolve.Packages[Net].Dependencies = {{Log3, true}, {Log4, true}, {WinapiIndex, true}};
    R.Packages[Net].addUse({Capability::Network, "net::get", "std::net::TcpStream::connect",
                            {"/reg/net-1.2.0/src/lib.rs", 9}, Scope::Normal});
    R.Packages[Log4].addUse({Capability::Files, "log::open", "std::fs::File::open", {"/reg/log-0.4.17/src/lib.rs", 4},
                             Scope::Normal});
    R.Packages[Cc].BuildOnly = true;
    R.Packages[Cc].addUse({Capability::Exec, "cc::run", "std::process::Command::new", {"/reg/cc-1.0.73/src/lib.rs", 7},
                           Scope::Normal});
    R.Packages[App].addUse({Capability::Network, "app::main", "std::net::TcpStream::connect",
                            {"/ws/app/src/main.rs", 3}, Scope::Normal});
    BinaryReport &B = R.Binaries.emplace_back();
    B.Name = "app";
    B.Package = "app";
    B.Kind = "bin";
    B.Capabilities.insert(Capability::Network);
    B.Capabilities.insert(Capability::Files);
    B.Contributors[Capability::Network] = {{"app", "0.1.0"}, {"net", "1.2.0"}};
    B.Contributors[Capability::Files] = {{"log", "0.4.17"}};
  }
};

TreeSettings settings() {
  TreeSettings Settings;
  Settings.WorkspaceRoot = "/ws";
  return Settings;
}

} // namespace

TEST(DependencyTree, CargoTreeLayoutWithCapabilities) {
  Sample S;
  EXPECT_EQ(renderTree(S.R, S.Resolve, settings()), "app (bin): FILES, NETWORK\n"
                                                    "app v0.1.0 [NETWORK]\n"
                                                    "├── log v0.4.17 [FILES]\n"
                                                    "└── net v1.2.0 [NETWORK]\n"
                                                    "    ├── log v0.3.9\n"
                                                    "    └── log v0.4.17 [FILES]\n");
}

TEST(DependencyTree, EdgeKindsDepthAndPrefixes) {
  Sample S;
  TreeSettings Settings = settings();
  Settings.Edges = parseEdgeKinds({"normal,build", "dev"});
  EXPECT_EQ(renderTree(S.R, S.Resolve, Settings), "app (bin): FILES, NETWORK\n"
                                                  "app v0.1.0 [NETWORK]\n"
                                                  "├── log v0.4.17 [FILES]\n"
                                                  "└── net v1.2.0 [NETWORK]\n"
                                                  "    ├── log v0.3.9\n"
                                                  "    └── log v0.4.17 [FILES]\n"
                                                  "[build-dependencies]\n"
                                                  "└── cc v1.0.73 [build-time: EXEC]\n"
                                                  "[dev-dependencies]\n"
                                                  "└── itoa v1.0.1\n");
  Settings.Edges = parseEdgeKinds({"no-dev"});
  Settings.MaxDepth = 1;
  Settings.Prefix = TreePrefix::Depth;
  EXPECT_EQ(renderTree(S.R, S.Resolve, Settings), "app (bin): FILES, NETWORK\n"
                                                  "0app v0.1.0 [NETWORK]\n"
                                                  "1log v0.4.17 [FILES]\n"
                                                  "1net v1.2.0 [NETWORK]\n"
                                                  "1cc v1.0.73 [build-time: EXEC]\n");
  Settings.Prefix = TreePrefix::None;
  Settings.MaxDepth = 0;
  EXPECT_EQ(renderTree(S.R, S.Resolve, Settings), "app (bin): FILES, NETWORK\napp v0.1.0 [NETWORK]\n");
  EXPECT_THROW(parseEdgeKinds({"normal,no-dev"}), std::invalid_argument);
  EXPECT_THROW(parseEdgeKinds({"features"}), std::invalid_argument);
  EXPECT_THROW(parseEdgeKinds({"norml"}), std::invalid_argument);
}

TEST(DependencyTree, RepeatsAreStarred) {
  // log 0.4 depending on log 0.3 makes its second appearance one with
  // dependencies of its own, so it is starred.
  Sample S;
  S.Resolve.Packages[3].Dependencies = {{2, true}};
  EXPECT_EQ(renderTree(S.R, S.Resolve, settings()), "app (bin): FILES, NETWORK\n"
                                                    "app v0.1.0 [NETWORK]\n"
                                                    "├── log v0.4.17 [FILES]\n"
                                                    "│   └── log v0.3.9\n"
                                                    "└── net v1.2.0 [NETWORK]\n"
                                                    "    ├── log v0.3.9\n"
                                                    "    └── log v0.4.17 [FILES] (*)\n");
}

TEST(DependencyTree, InvertedRoutesOfOneCapability) {
  Sample S;
  TreeSettings Settings = settings();
  Settings.Invert = Capability::Files;
  EXPECT_EQ(renderTree(S.R, S.Resolve, Settings), "app (bin): FILES enters through 1 package\n"
                                                  "\n"
                                                  "log v0.4.17 [FILES at log-0.4.17/src/lib.rs:4]\n"
                                                  "├── app v0.1.0\n"
                                                  "└── net v1.2.0\n"
                                                  "    └── app v0.1.0\n");
  Settings.Invert = Capability::Network;
  EXPECT_EQ(renderTree(S.R, S.Resolve, Settings), "app (bin): NETWORK enters through 2 packages\n"
                                                  "\n"
                                                  "app v0.1.0 [NETWORK at app/src/main.rs:3]\n"
                                                  "\n"
                                                  "net v1.2.0 [NETWORK at net-1.2.0/src/lib.rs:9]\n"
                                                  "└── app v0.1.0 [NETWORK at app/src/main.rs:3]\n");
  Settings.Invert = Capability::Exec;
  EXPECT_EQ(renderTree(S.R, S.Resolve, Settings), "app (bin): no EXEC\n");
}

TEST(DependencyTree, RegistrySitesWithoutBuildMetadata) {
  // Debian's registry names a directory after the version without its
  // build metadata.
  Sample S;
  S.R.Packages[1].Version = S.Resolve.Packages[1].Version = "1.2.0+1.5.0";
  S.R.Packages[1].Uses[0].Site.File = "/reg/net-1.2.0/src/lib.rs";
  S.R.Binaries[0].Contributors[Capability::Network] = {{"net", "1.2.0+1.5.0"}};
  TreeSettings Settings = settings();
  Settings.Invert = Capability::Network;
  EXPECT_EQ(renderTree(S.R, S.Resolve, Settings), "app (bin): NETWORK enters through 1 package\n"
                                                  "\n"
                                                  "net v1.2.0+1.5.0 [NETWORK at net-1.2.0/src/lib.rs:9]\n"
                                                  "└── app v0.1.0\n");
}
