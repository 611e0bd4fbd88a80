// HumanReport.cpp - the report as a table (the default format).
#include "Renderings.h"

#include "ReportBuilder.h"

#include <fmt/format.h>

#include <algorithm>

namespace capgate {

std::string renderHuman(const Report &R, bool Colour, bool Tests) {
  auto Paint = [&](const std::string &Text, const char *Code) {
    return Colour && Text != "-" ? fmt::format("\x1b[{}m{}\x1b[0m", Code, Text) : Text;
  };
  // The columns: package, version, shipped (its direct set in what the
  // build ships), build time, [tests,] unsafe, transitive (what its shipped
  // code reaches).
  std::vector<std::string> Header{"package", "version", "shipped", "build-time"};
  if (Tests)
    Header.push_back("tests");
  Header.insert(Header.end(), {"unsafe", "transitive"});
  std::vector<std::vector<std::string>> Rows;
  for (const PackageReport &P : R.Packages) {
    CapabilitySet Shipped = withoutSafe(P.shippedDirect()), BuildTime = withoutSafe(P.buildTimeDirect()),
                  Test = withoutSafe(testDirect(P));
    std::vector<std::string> Cells{P.Name, P.Version, joinNames(Shipped), joinNames(BuildTime)};
    if (Tests)
      Cells.push_back(joinNames(Test));
    Cells.push_back(P.Unsafe ? "yes" : "no");
    Cells.push_back(joinNames(withoutSafe(P.shippedTransitive())));
    Rows.push_back(std::move(Cells));
  }
  std::vector<std::size_t> Widths;
  for (const std::string &Title : Header)
    Widths.push_back(Title.size());
  for (const auto &Cells : Rows)
    for (std::size_t I = 0; I < Cells.size(); ++I)
      Widths[I] = std::max(Widths[I], Cells[I].size());
  auto Line = [&](const std::vector<std::string> &Cells, bool Painted) {
    std::string Text;
    for (std::size_t I = 0; I < Cells.size(); ++I) {
      bool Last = I + 1 == Cells.size();
      std::string Cell = Cells[I];
      std::string Pad = Last ? "" : std::string(Widths[I] - Cell.size(), ' ') + "  ";
      if (Painted && I == 2)
        Cell = Paint(Cell, "1;33");
      else if (Painted && I == 3)
        Cell = Paint(Cell, "33");
      Text += Cell + Pad;
    }
    return Text + "\n";
  };
  std::string Out = Line(Header, false);
  for (const auto &Cells : Rows)
    Out += Line(Cells, true);
  Out += "\n" + summaryLine(R, Tests) + "\n";
  // What the build ships first, then what ran while it ran.
  for (bool BuildTime : {false, true}) {
    bool Any = false;
    for (const BinaryReport &B : R.Binaries) {
      if (!shownBinary(B.Kind, Tests) || isBuildTime(scopeOfKind(B.Kind)) != BuildTime)
        continue;
      if (!Any)
        Out += BuildTime ? "\nbuild scripts and proc-macros (what their roots reach while the build runs)\n"
                         : "\nbinaries (what their roots reach)\n";
      Any = true;
      Out += fmt::format("  {} ({}, package {}): {}\n", B.Name, B.Kind, B.Package,
                         Paint(joinNames(B.Capabilities), BuildTime ? "33" : "1;33"));
    }
  }
  if (!R.Sandbox)
    Out += "\nbuild scripts were not sandboxed (--no-sandbox)\n";
  return Out;
}

} // namespace capgate
