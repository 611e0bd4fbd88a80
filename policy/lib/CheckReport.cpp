//===- CheckReport.cpp - A check's verdict, for people ---------------------===//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//

#include "capgate/policy/CheckReport.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <tuple>

namespace capgate::policy {

namespace {

std::string plural(std::size_t N, std::string_view One, std::string_view Many) {
  return fmt::format("{} {}", N, N == 1 ? One : Many);
}

/// The segments of a Rust path, split at `::` outside angle brackets:
/// `<std::process::Command>::new::<&str>` gives `<std::process::Command>`,
/// `new` and `<&str>`.
std::vector<std::string> pathSegments(const std::string &Path) {
  std::vector<std::string> Segments;
  int Depth = 0;
  std::size_t Start = 0;
  for (std::size_t I = 0; I < Path.size(); ++I) {
    char C = Path[I];
    if (C == '<')
      ++Depth;
    else if (C == '>' && Depth > 0 && (I == 0 || Path[I - 1] != '-'))
      --Depth;
    else if (Depth == 0 && C == ':' && I + 1 < Path.size() && Path[I + 1] == ':') {
      Segments.push_back(Path.substr(Start, I - Start));
      Start = I + 2;
      ++I;
    }
  }
  Segments.push_back(Path.substr(Start));
  return Segments;
}

/// The name a segment gives in source: `Command` for
/// `<std::process::Command>` or `<std::fs::File as std::io::Read>`, the
/// segment itself for a plain name, empty for generic arguments and
/// compiler-made names (`{closure#0}`).
std::string sourceNameOf(std::string Segment) {
  if (Segment.empty() || Segment.front() == '{')
    return "";
  if (Segment.front() == '<') {
    Segment = Segment.substr(1, Segment.size() >= 2 ? Segment.size() - 2 : 0);
    if (std::size_t As = Segment.find(" as "); As != std::string::npos)
      Segment = Segment.substr(0, As);
    if (std::size_t Generic = Segment.find('<'); Generic != std::string::npos)
      Segment = Segment.substr(0, Generic);
    std::vector<std::string> Inner = pathSegments(Segment);
    return Inner.back();
  }
  bool Identifier = std::all_of(Segment.begin(), Segment.end(),
                                [](unsigned char C) { return std::isalnum(C) || C == '_'; });
  return Identifier ? Segment : "";
}

bool identifierCharacter(char C) { return std::isalnum(static_cast<unsigned char>(C)) || C == '_'; }

/// Where \p Needle occurs in \p Line as whole words, or npos.
std::size_t findWords(const std::string &Line, const std::string &Needle) {
  if (Needle.empty())
    return std::string::npos;
  for (std::size_t At = Line.find(Needle); At != std::string::npos; At = Line.find(Needle, At + 1)) {
    std::size_t End = At + Needle.size();
    if ((At == 0 || !identifierCharacter(Line[At - 1])) && (End == Line.size() || !identifierCharacter(Line[End])))
      return At;
  }
  return std::string::npos;
}

/// `["fs", "net"]`, as Evaluate.cpp writes a list.
std::string listValue(const std::vector<std::string> &Items) {
  std::string Out = "[";
  for (std::size_t I = 0; I < Items.size(); ++I)
    Out += (I ? ", " : "") + tomlQuote(Items[I]);
  return Out + "]";
}

/// The group's message with the site left out.
std::string groupHeadline(const Violation &First) {
  Violation Headline = First;
  Headline.Function.clear();
  Headline.Callee.clear();
  return Headline.message();
}

} // namespace

std::string siteLabel(const Violation &V) {
  if (V.What == Violation::Kind::Unsafe)
    return "unsafe code";
  if (!V.Function.empty() && !V.Callee.empty())
    return fmt::format("`{}` calls `{}`", V.Function, V.Callee);
  if (!V.Callee.empty())
    return fmt::format("calls `{}`", V.Callee);
  if (!V.Function.empty())
    return fmt::format("in `{}`", V.Function);
  return "";
}

/// Whether a violation names a use: a place, or at least the call. A
/// violation the facts name neither of stands for the capability alone.
namespace {
bool namesUse(const Violation &V) { return !V.File.empty() || !siteLabel(V).empty(); }
} // namespace

std::string ViolationGroup::message() const {
  std::size_t Located = std::count_if(Sites.begin(), Sites.end(), namesUse);
  std::string Out = groupHeadline(first());
  if (Located == 0)
    return Out;
  // "at build time (a build-only package; 2 sites)", not two parentheses.
  if (Out.ends_with(")"))
    return Out.substr(0, Out.size() - 1) + fmt::format("; {})", plural(Located, "site", "sites"));
  return Out + fmt::format(" ({})", plural(Located, "site", "sites"));
}


std::string siteNeedle(const Violation &V) { return V.What == Violation::Kind::Unsafe ? "unsafe" : V.Callee; }

std::vector<PackageViolations> groupViolations(const Evaluation &E) {
  std::vector<PackageViolations> Packages;
  // By package and version (two versions of a package are two packages to
  // the policy), then by what is violated, in order of first appearance.
  std::map<std::pair<std::string, std::string>, std::size_t> PackageIndex;
  std::map<std::tuple<std::size_t, int, int, int>, std::size_t> GroupIndex;
  for (const Violation &V : E.Violations) {
    auto [P, NewPackage] = PackageIndex.try_emplace({V.Package, V.Version}, Packages.size());
    if (NewPackage)
      Packages.push_back({V.Package, V.Version, {}, {}});
    PackageViolations &Package = Packages[P->second];
    std::tuple<std::size_t, int, int, int> Key{P->second, static_cast<int>(V.What),
                                              V.Cap ? static_cast<int>(*V.Cap) : -1, static_cast<int>(V.Where)};
    auto [G, NewGroup] = GroupIndex.try_emplace(Key, Package.Groups.size());
    if (NewGroup)
      Package.Groups.push_back({});
    Package.Groups[G->second].Sites.push_back(V);
  }
  // Each group's sites in the order of the source: by file, line and column.
  std::map<std::pair<std::string, unsigned>, std::string> Lines;
  auto ColumnOf = [&](const Violation &V) {
    auto [Found, New] = Lines.try_emplace({V.File, V.Line});
    if (New)
      Found->second = sourceLineOf(V.File, V.Line);
    return Found->second.empty() ? 0u : siteColumn(Found->second, siteNeedle(V)).Column;
  };
  for (PackageViolations &Package : Packages)
    for (ViolationGroup &Group : Package.Groups)
      std::stable_sort(Group.Sites.begin(), Group.Sites.end(), [&](const Violation &A, const Violation &B) {
        return std::make_tuple(A.File.empty(), A.File, A.Line, ColumnOf(A)) <
               std::make_tuple(B.File.empty(), B.File, B.Line, ColumnOf(B));
      });
  for (PackageViolations &Package : Packages)
    for (const ViolationGroup &Group : Package.Groups) {
      const PolicyFix &Fix = Group.first().Fix;
      auto Same = std::find_if(Package.Fixes.begin(), Package.Fixes.end(), [&](const PolicyFix &Existing) {
        return Existing.Table == Fix.Table && Existing.Key == Fix.Key;
      });
      if (Same == Package.Fixes.end()) {
        Package.Fixes.push_back(Fix);
        continue;
      }
      for (const std::string &Item : Fix.Items)
        if (std::find(Same->Items.begin(), Same->Items.end(), Item) == Same->Items.end())
          Same->Items.push_back(Item);
      if (!Same->Items.empty())
        Same->Value = listValue(Same->Items);
    }
  return Packages;
}

SiteColumn siteColumn(const std::string &Line, const std::string &Callee) {
  std::vector<std::string> Segments = pathSegments(Callee);
  // Generic arguments (`::<&str>`) and compiler-made names (`{closure#0}`)
  // after the function's name are not in the source.
  while (Segments.size() > 1 && (Segments.back().starts_with('<') || sourceNameOf(Segments.back()).empty()))
    Segments.pop_back();
  std::string Name = sourceNameOf(Segments.back());
  std::string Owner = Segments.size() > 1 ? sourceNameOf(Segments[Segments.size() - 2]) : "";
  for (const std::string &Needle : {Owner.empty() ? std::string() : Owner + "::" + Name, Name}) {
    std::size_t At = Needle.empty() || Name.empty() ? std::string::npos : findWords(Line, Needle);
    if (At != std::string::npos)
      return {static_cast<unsigned>(At + 1), static_cast<unsigned>(Needle.size())};
  }
  std::size_t First = Line.find_first_not_of(" \t");
  return {static_cast<unsigned>(First == std::string::npos ? 1 : First + 1), 1};
}

std::string displayPath(const std::string &Path) {
  std::error_code Error;
  std::filesystem::path Relative = std::filesystem::relative(Path, std::filesystem::current_path(Error), Error);
  if (Error || Relative.empty() || *Relative.begin() == "..")
    return Path;
  return Relative.string();
}

std::string renderGroup(const ViolationGroup &G, std::size_t ShownSites) {
  // Those with a place first (groupViolations sorts them so), then those
  // the facts give only the call of.
  std::vector<const Violation *> Located;
  for (const Violation &V : G.Sites)
    if (namesUse(V))
      Located.push_back(&V);
  std::size_t Shown = ShownSites == 0 ? Located.size() : std::min(ShownSites, Located.size());
  // rustc's layout: the gutter is as wide as the widest line number shown.
  std::size_t Gutter = 1;
  for (std::size_t I = 0; I < Shown; ++I)
    Gutter = std::max(Gutter, std::to_string(Located[I]->Line).size());
  std::string Pad(Gutter, ' ');
  std::string Out = "error: " + G.message() + "\n";
  // Sites on one line (sorted together by groupViolations) share its
  // snippet, each with its own caret, labelled as rustc labels several
  // spans of one line: the rightmost after its caret, the others below.
  for (std::size_t I = 0, Next = 0; I < Shown; I = Next) {
    const Violation &V = *Located[I];
    for (Next = I + 1; Next < Shown && Located[Next]->File == V.File && Located[Next]->Line == V.Line; ++Next)
      ;
    if (V.File.empty()) {
      for (std::size_t Each = I; Each < Next; ++Each)
        Out += fmt::format("{} = note: {} (the facts give no place)\n", Pad, siteLabel(*Located[Each]));
      continue;
    }
    std::string File = displayPath(V.File);
    std::string Source = sourceLineOf(V.File, V.Line);
    if (V.Line == 0 || Source.empty()) {
      // Without the source there is no column to give.
      Out += fmt::format("{}--> {}{}\n", Pad, File, V.Line ? ":" + std::to_string(V.Line) : "");
      for (std::size_t Each = I; Each < Next; ++Each)
        Out += fmt::format("{} = note: {}\n", Pad, siteLabel(*Located[Each]));
      continue;
    }
    std::vector<std::pair<SiteColumn, std::string>> Marks;
    for (std::size_t Each = I; Each < Next; ++Each)
      Marks.push_back({siteColumn(Source, siteNeedle(*Located[Each])), siteLabel(*Located[Each])});
    Out += fmt::format("{}--> {}:{}:{}\n", Pad, File, V.Line, Marks.front().first.Column);
    // Tabs count as one column, as rustc counts them; show them as one
    // space so that the carets line up.
    std::replace(Source.begin(), Source.end(), '\t', ' ');
    Out += fmt::format("{} |\n", Pad);
    Out += fmt::format("{:>{}} | {}\n", V.Line, Gutter, Source);
    auto Row = [&](std::string Text) {
      Text.erase(Text.find_last_not_of(' ') + 1);
      return fmt::format("{} |{}{}\n", Pad, Text.empty() ? "" : " ", Text);
    };
    auto Place = [](std::string &Text, std::size_t At, const std::string &What) {
      if (Text.size() < At + What.size())
        Text.resize(At + What.size(), ' ');
      Text.replace(At, What.size(), What);
    };
    std::string Carets;
    for (const auto &[Column, Label] : Marks)
      Place(Carets, Column.Column - 1, std::string(Column.Width, '^'));
    Out += Row(Carets + " " + Marks.back().second);
    if (Marks.size() > 1) {
      std::string Bars;
      for (std::size_t Each = 0; Each + 1 < Marks.size(); ++Each)
        Place(Bars, Marks[Each].first.Column - 1, "|");
      Out += Row(Bars);
      for (std::size_t Each = Marks.size() - 1; Each-- > 0;) {
        std::string Text;
        for (std::size_t Left = 0; Left < Each; ++Left)
          Place(Text, Marks[Left].first.Column - 1, "|");
        Place(Text, Marks[Each].first.Column - 1, Marks[Each].second);
        Out += Row(Text);
      }
    }
  }
  if (Shown < Located.size())
    Out += fmt::format("{} = note: and {} more {} (`--verbose` shows every site)\n", Pad, Located.size() - Shown,
                       Located.size() - Shown == 1 ? "site" : "sites");
  if (!G.first().Note.empty())
    Out += fmt::format("{} = note: {}\n", Pad, G.first().Note);
  return Out;
}

std::string renderPackageFix(const PackageViolations &Package, const std::string &PolicyFile) {
  std::string Out = fmt::format("help: to allow everything `{}` {} uses, put these lines in {}:\n", Package.Package,
                                Package.Version, displayPath(PolicyFile));
  // The keys under their table, tables in the order first needed.
  std::vector<std::string> Tables;
  for (const PolicyFix &Fix : Package.Fixes)
    if (std::find(Tables.begin(), Tables.end(), Fix.Table) == Tables.end())
      Tables.push_back(Fix.Table);
  for (const std::string &Table : Tables) {
    unsigned TableLine = 0;
    for (const PolicyFix &Fix : Package.Fixes)
      if (Fix.Table == Table)
        TableLine = std::max(TableLine, Fix.TableLine);
    Out += "    " + Table + (TableLine ? fmt::format("  # line {}", TableLine) : "  # a new table") + "\n";
    for (const PolicyFix &Fix : Package.Fixes)
      if (Fix.Table == Table)
        Out += "    " + Fix.text() + (Fix.Line ? fmt::format("  # replaces line {}", Fix.Line) : "") + "\n";
  }
  return Out;
}

std::string renderUnused(const Evaluation &E, const Policy &P, bool DenyUnused) {
  std::string Out;
  for (const UnusedGrant &U : E.Unused) {
    std::string Position = P.File;
    if (U.Pos.Line)
      Position += fmt::format(":{}:{}", U.Pos.Line, U.Pos.Column);
    Out += fmt::format("{}: {}: {}\n", DenyUnused ? "error" : "warning", Position, U.Message);
  }
  return Out;
}

std::string renderSummary(const Evaluation &E) {
  if (E.Violations.empty() && E.Unused.empty())
    return "";
  std::vector<PackageViolations> Packages = groupViolations(E);
  std::size_t Groups = 0;
  for (const PackageViolations &Package : Packages)
    Groups += Package.Groups.size();
  return fmt::format("capgate: {} ({}) in {}, {}\n", plural(Groups, "violation", "violations"),
                     plural(E.Violations.size(), "site", "sites"), plural(Packages.size(), "package", "packages"),
                     plural(E.Unused.size(), "unused grant", "unused grants"));
}

std::string renderCheck(const Evaluation &E, const Policy &P, bool DenyUnused, std::size_t ShownSites) {
  std::string Out;
  for (const PackageViolations &Package : groupViolations(E)) {
    for (const ViolationGroup &Group : Package.Groups)
      Out += renderGroup(Group, ShownSites);
    Out += renderPackageFix(Package, P.File);
  }
  return Out + renderUnused(E, P, DenyUnused) + renderSummary(E);
}

} // namespace capgate::policy
