// HumanReport.cpp - the report as a table (the default format).
#include "Renderings.h"

#include "ReportBuilder.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>

namespace capgate {

namespace {

/// The widest line a list of contributors is wrapped at.
constexpr std::size_t WrapColumn = 100;

/// `    NETWORK  via rustls 0.20.8, ureq 2.6.2`, wrapped under its first
/// package; the capability's name is \p Width wide and painted by \p Paint.
std::string contributorLine(Capability Cap, const std::map<Capability, std::vector<PackageRef>> &Contributors,
                            std::size_t Width, const std::function<std::string(const std::string &)> &Paint) {
  std::string Name(capabilityName(Cap));
  std::string Lead = "    " + Name + std::string(Width - Name.size(), ' ') + "  ";
  std::string Line = "    " + Paint(Name) + std::string(Width - Name.size(), ' ') + "  ";
  auto Found = Contributors.find(Cap);
  if (Found == Contributors.end() || Found->second.empty())
    return Line + "from the toolchain's own code only\n";
  std::string Out;
  std::size_t Column = Lead.size() + 4;
  Line += "via ";
  for (std::size_t I = 0; I < Found->second.size(); ++I) {
    std::string Package = Found->second[I].Name + " " + Found->second[I].Version;
    if (I + 1 < Found->second.size())
      Package += ",";
    if (I > 0 && Column + 1 + Package.size() > WrapColumn) {
      Out += Line + "\n";
      Line = std::string(Lead.size() + 4, ' ');
      Column = Line.size();
    } else if (I > 0) {
      Line += " ";
      ++Column;
    }
    Line += Package;
    Column += Package.size();
  }
  return Out + Line + "\n";
}

} // namespace

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
  // The contributors' capability names, aligned.
  std::size_t Width = 0;
  for (const BinaryReport &B : R.Binaries)
    if (shownBinary(B.Kind, Tests))
      withoutSafe(B.Capabilities).forEach([&](Capability Cap) { Width = std::max(Width, capabilityName(Cap).size()); });
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
      // Who brings each capability in (none in a report from before
      // capgate recorded it). For a build script or proc-macro whose
      // capabilities all come from its own package the lines would only
      // repeat its name; one that gets them from others (cc for ring's
      // build script) lists them.
      bool OnlyOwnPackage =
          BuildTime && std::all_of(B.Contributors.begin(), B.Contributors.end(), [&](const auto &Entry) {
            return std::all_of(Entry.second.begin(), Entry.second.end(),
                               [&](const PackageRef &P) { return P.Name == B.Package; });
          });
      if (!B.Contributors.empty() && !OnlyOwnPackage)
        withoutSafe(B.Capabilities).forEach([&](Capability Cap) {
          Out += contributorLine(Cap, B.Contributors, Width, [&](const std::string &Name) {
            return Paint(Name, BuildTime ? "33" : "1;33");
          });
        });
    }
  }
  if (!R.Sandbox)
    Out += "\nbuild scripts were not sandboxed (--no-sandbox)\n";
  return Out;
}

} // namespace capgate
