// Contributors per binary (ReportBuilder.h's binaryContributors): only code
// the roots reach counts; each use charges its owning package, two versions
// of one crate apart; a use inside std's code charges the package whose code
// called into std, through any number of std functions; std is never a
// contributor.
#include "ReportBuilder.h"

#include "capgate/Facts.h"

#include <gtest/gtest.h>

#include <initializer_list>

using namespace capgate;

namespace {

using Record = std::initializer_list<std::string_view>;

const std::string TestKey(32, 'k');

/// One framed block holding \p Records, authenticated for the unit the
/// crate record (its ninth field) names.
std::string block(std::initializer_list<Record> Records) {
  std::string Payload, Unit;
  for (const Record &Fields : Records) {
    facts::RecordWriter Writer(Payload);
    for (std::string_view Field : Fields)
      Writer.field(Field);
    if (*Fields.begin() == "crate")
      Unit = std::string(*std::next(Fields.begin(), 8));
  }
  return facts::frameBlock(Payload, Unit, facts::unitKey(TestKey, Unit));
}

std::string describe(const std::map<Capability, std::vector<PackageRef>> &Contributors) {
  std::string Text;
  for (const auto &[Cap, Packages] : Contributors) {
    Text += std::string(capabilityName(Cap)) + ":";
    for (const PackageRef &P : Packages)
      Text += " " + P.Name + "@" + P.Version;
    Text += ";";
  }
  return Text;
}

} // namespace

TEST(Contributors, ReachedUsesChargeTheirPackagesAndStdChargesItsCaller) {
  FactsGraph Graph(TestKey);
  // Two versions of `lib`: 0.2 reads files (and, unreached, runs programs),
  // 1.0 connects.
  Graph.addSection(block({{"crate", "lib", "l1", "lib", "lib", "0.2.0", "/reg/lib-0.2.0", "lib.0", "lib-1"},
                          {"fn", "_RNv3lib4read", "x", "lib", "l1", "lib::read", "src/lib.rs", "3"},
                          {"use", "_RNv3lib4read", "FILES", "std::fs::read", "src/lib.rs", "4"},
                          {"fn", "_RNv3lib4dead", "x", "lib", "l1", "lib::dead", "src/lib.rs", "8"},
                          {"use", "_RNv3lib4dead", "EXEC", "std::process::Command::new", "src/lib.rs", "9"}}),
                   "liblib-1.rlib");
  Graph.addSection(block({{"crate", "lib", "l2", "lib", "lib", "1.0.0", "/reg/lib-1.0.0", "lib.0", "lib-2"},
                          {"fn", "_RNv3lib7connect", "x", "lib", "l2", "lib::connect", "src/lib.rs", "5"},
                          {"use", "_RNv3lib7connect", "NETWORK", "std::net::TcpStream::connect", "src/lib.rs",
                           "6"}}),
                   "liblib-2.rlib");
  // app's main calls both, sets an environment variable itself, and calls a
  // std generic instantiated in app whose body, two std functions down,
  // reads the environment.
  Graph.addSection(block({{"crate", "app", "a1", "bin", "app", "0.1.0", "/ws/app", "app.0", "app"},
                          {"fn", "main", "x", "", "", "main", "", "0"},
                          {"fn", "_RNv3app4main", "x", "app", "a1", "app::main", "src/main.rs", "1"},
                          {"use", "_RNv3app4main", "MODIFY_SYSTEM_STATE", "std::env::set_var", "src/main.rs", "2"},
                          {"fn", "_RNvstd3var", "x", "std", "s1", "std::env::var::<&str>", "env.rs", "10"},
                          {"fn", "_RNvstd5inner", "x", "std", "s1", "std::env::var::inner", "env.rs", "20"},
                          {"use", "_RNvstd5inner", "READ_SYSTEM_STATE", "getenv", "env.rs", "21"},
                          {"call", "main", "_RNv3app4main", "", "0"},
                          {"call", "_RNv3app4main", "_RNv3lib4read", "src/main.rs", "3"},
                          {"call", "_RNv3app4main", "_RNv3lib7connect", "src/main.rs", "4"},
                          {"call", "_RNv3app4main", "_RNvstd3var", "src/main.rs", "5"},
                          {"call", "_RNvstd3var", "_RNvstd5inner", "env.rs", "11"},
                          {"root", "main", "export"}}),
                   "app");
  Graph.link();
  std::vector<int> Roots;
  for (std::size_t I = 0; I < Graph.nodes().size(); ++I)
    if (Graph.nodes()[I].Root)
      Roots.push_back(static_cast<int>(I));
  ASSERT_FALSE(Roots.empty());
  EXPECT_EQ(describe(binaryContributors(Graph, Roots)),
            "FILES: lib@0.2.0;NETWORK: lib@1.0.0;READ_SYSTEM_STATE: app@0.1.0;MODIFY_SYSTEM_STATE: app@0.1.0;");
}

TEST(Contributors, NothingReachedNothingCharged) {
  FactsGraph Graph(TestKey);
  Graph.addSection(block({{"crate", "app", "a1", "bin", "app", "0.1.0", "/ws/app", "app.0", "app"},
                          {"fn", "_RNv3app4main", "x", "app", "a1", "app::main", "src/main.rs", "1"},
                          {"use", "_RNv3app4main", "FILES", "std::fs::read", "src/main.rs", "2"}}),
                   "app");
  Graph.link();
  EXPECT_EQ(describe(binaryContributors(Graph, {})), "");
}
