// HtmlReport.cpp - the report as one self-contained HTML page (--format html).
//
// Everything the page shows comes from the build, and a hostile crate chooses
// its function names, file paths and more: every text is escaped, no text is
// ever placed inside the script or the style, and the page's Content Security
// Policy runs only its own script and style (by their SHA-256) and loads
// nothing, so that even a mistake here could neither run a crate's markup nor
// reach the network.
#include "Renderings.h"

#include "ReportBuilder.h"

#include "capgate/Sha256.h"

#include <fmt/format.h>

#include <string_view>

namespace capgate {

namespace {

/// \p Text with the five characters HTML gives meaning to replaced, safe in
/// element content and in quoted attribute values.
std::string escaped(std::string_view Text) {
  std::string Out;
  Out.reserve(Text.size());
  for (char C : Text) {
    switch (C) {
    case '&':
      Out += "&amp;";
      break;
    case '<':
      Out += "&lt;";
      break;
    case '>':
      Out += "&gt;";
      break;
    case '"':
      Out += "&quot;";
      break;
    case '\'':
      Out += "&#39;";
      break;
    default:
      Out += C;
    }
  }
  return Out;
}

std::string base64(const sha256::Digest &Digest) {
  static constexpr std::string_view Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string Out;
  for (std::size_t I = 0; I < Digest.size(); I += 3) {
    std::uint32_t Group = Digest[I] << 16;
    if (I + 1 < Digest.size())
      Group |= Digest[I + 1] << 8;
    if (I + 2 < Digest.size())
      Group |= Digest[I + 2];
    for (std::size_t J = 0; J < 4; ++J)
      Out += I + J <= Digest.size() ? Alphabet[(Group >> (18 - 6 * J)) & 63] : '=';
  }
  return Out;
}

/// A Content Security Policy source for an inline element's exact text.
std::string hashSource(std::string_view Text) { return "'sha256-" + base64(sha256::hash(Text)) + "'"; }

constexpr std::string_view Style = R"(
body { font-family: system-ui, sans-serif; margin: 2em; color: #202124; }
code, .site, td.caps, td.version { font-family: ui-monospace, monospace; font-size: 0.9em; }
#summary { font-weight: 600; }
.warning { color: #b3261e; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
th, td { border-bottom: 1px solid #dadce0; padding: 0.3em 0.8em; text-align: left; vertical-align: top; }
th button { font: inherit; font-weight: 600; background: none; border: none; padding: 0; cursor: pointer; }
th[aria-sort=ascending] button::after { content: " \25B2"; }
th[aria-sort=descending] button::after { content: " \25BC"; }
td.shipped { color: #b3261e; font-weight: 600; }
td.build-time { color: #b06000; }
td.none { color: #80868b; }
.binary { margin-bottom: 1.5em; }
.binary h3 { margin-bottom: 0.2em; }
table.capabilities { width: 100%; }
.kind, .package, .site { color: #5f6368; }
details summary { cursor: pointer; }
details summary { white-space: nowrap; }
ol.path { margin: 0.3em 0; padding-left: 1.5em; }
ul.uses, ul.scopes { margin: 0; padding-left: 0; list-style: none; }
ul.uses li { margin: 0.2em 0; }
)";

// Sorts the package table by the clicked column (again: the other way), or
// on load by the column a `#sort=COLUMN` (ascending) or `#sort=-COLUMN`
// (descending) fragment names. Each cell's data-key is what it sorts by; the
// sort is stable, so rows that tie keep their order.
constexpr std::string_view Script = R"(
(function () {
  var table = document.getElementById('packages');
  var headers = table.tHead.rows[0].cells;
  function sortBy(index, descending) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var numeric = headers[index].getAttribute('data-type') === 'number';
    rows.sort(function (a, b) {
      var x = a.cells[index].getAttribute('data-key'), y = b.cells[index].getAttribute('data-key');
      var order = numeric ? Number(x) - Number(y) : x.localeCompare(y, 'en', { numeric: true });
      return descending ? -order : order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    for (var i = 0; i < headers.length; i++)
      headers[i].removeAttribute('aria-sort');
    headers[index].setAttribute('aria-sort', descending ? 'descending' : 'ascending');
  }
  function columnNamed(name) {
    for (var i = 0; i < headers.length; i++)
      if (headers[i].getAttribute('data-column') === name)
        return i;
    return -1;
  }
  Array.prototype.forEach.call(headers, function (header, index) {
    header.querySelector('button').addEventListener('click', function () {
      var descending = header.getAttribute('aria-sort') === 'ascending';
      sortBy(index, descending);
      history.replaceState(null, '', '#sort=' + (descending ? '-' : '') + header.getAttribute('data-column'));
    });
  });
  var asked = /^#sort=(-?)([a-z-]+)$/.exec(location.hash);
  if (asked && columnNamed(asked[2]) >= 0)
    sortBy(columnNamed(asked[2]), asked[1] === '-');
})();
)";

/// A table cell listing capabilities, sorted by how many.
std::string capabilityCell(CapabilitySet Set, const char *Class) {
  std::size_t Count = Set.names().size();
  return fmt::format("<td class=\"caps {}\" data-key=\"{}\">{}</td>", Count ? Class : "none", Count,
                     escaped(joinNames(Set)));
}

std::string siteText(const SourceSite &Site) {
  if (Site.File.empty())
    return "";
  return Site.Line ? fmt::format("{}:{}", Site.File, Site.Line) : Site.File;
}

/// Where a package's code is, scope by scope, with what each uses.
std::string scopesCell(const PackageReport &P, bool Tests) {
  std::string Items;
  std::size_t Count = 0;
  for (Scope S : AllScopes) {
    if (!P.scope(S).Present || (S == Scope::Test && !Tests))
      continue;
    ++Count;
    Items += fmt::format("<li>{}: {}</li>", scopeName(S), escaped(joinNames(withoutSafe(P.direct(S)))));
  }
  return fmt::format("<td data-key=\"{}\"><ul class=\"scopes\">{}</ul></td>", Count, Items);
}

/// Each place the package's own code uses a capability, expandable.
std::string usesCell(const PackageReport &P, bool Tests) {
  std::string Items;
  std::size_t Count = 0;
  for (const UseReport &U : P.Uses) {
    if (U.Cap == Capability::Safe || (U.Where == Scope::Test && !Tests))
      continue;
    ++Count;
    std::string Site = siteText(U.Site);
    Items += fmt::format("<li>{} in <code>{}</code> calls <code>{}</code>{} <span class=\"kind\">({})</span></li>",
                         capabilityName(U.Cap), escaped(U.Function), escaped(U.Callee),
                         Site.empty() ? "" : " at <span class=\"site\">" + escaped(Site) + "</span>",
                         scopeName(U.Where));
  }
  if (!Count)
    return "<td data-key=\"0\">-</td>";
  return fmt::format("<td data-key=\"{}\"><details><summary>{} use{}</summary><ul class=\"uses\">{}</ul>"
                     "</details></td>",
                     Count, Count, Count == 1 ? "" : "s", Items);
}

std::string packageTable(const Report &R, bool Tests) {
  struct Column {
    const char *Name;
    bool Numeric;
  };
  std::vector<Column> Columns{{"package", false}, {"version", false}, {"shipped", true}, {"build-time", true}};
  if (Tests)
    Columns.push_back({"tests", true});
  Columns.insert(Columns.end(), {{"unsafe", false}, {"transitive", true}, {"scopes", true}, {"uses", true}});
  std::string Out = "<table id=\"packages\">\n<thead><tr>";
  for (const Column &C : Columns)
    Out += fmt::format("<th data-column=\"{0}\" data-type=\"{1}\"><button type=\"button\">{0}</button></th>", C.Name,
                       C.Numeric ? "number" : "text");
  Out += "</tr></thead>\n<tbody>\n";
  for (const PackageReport &P : R.Packages) {
    Out += fmt::format("<tr><td data-key=\"{0}\">{0}</td><td class=\"version\" data-key=\"{1}\">{1}</td>",
                       escaped(P.Name), escaped(P.Version));
    Out += capabilityCell(withoutSafe(P.shippedDirect()), "shipped");
    Out += capabilityCell(withoutSafe(P.buildTimeDirect()), "build-time");
    if (Tests)
      Out += capabilityCell(withoutSafe(testDirect(P)), "test");
    Out += fmt::format("<td data-key=\"{0}\">{0}</td>", P.Unsafe ? "yes" : "no");
    Out += capabilityCell(withoutSafe(P.shippedTransitive()), "shipped");
    Out += scopesCell(P, Tests);
    Out += usesCell(P, Tests);
    Out += "</tr>\n";
  }
  return Out + "</tbody>\n</table>\n";
}

std::string pathList(const std::vector<PathHop> &Hops) {
  std::string Items;
  for (const PathHop &Hop : Hops) {
    std::string Site = siteText(Hop.Site);
    Items += fmt::format("<li><code>{}</code>{}{}</li>", escaped(Hop.Function),
                         Hop.Package.empty() ? "" : " <span class=\"package\">[" + escaped(Hop.Package) + "]</span>",
                         Site.empty() ? "" : " <span class=\"site\">" + escaped(Site) + "</span>");
  }
  std::string First = Hops.empty() ? "" : Hops.front().Function, Last = Hops.empty() ? "" : Hops.back().Function;
  return fmt::format("<details><summary><code>{}</code> &rarr; &hellip; &rarr; <code>{}</code> ({} hop{})</summary>"
                     "<ol class=\"path\">{}</ol></details>",
                     escaped(First), escaped(Last), Hops.size(), Hops.size() == 1 ? "" : "s", Items);
}

std::string binarySection(const BinaryReport &B) {
  std::string Out = fmt::format("<section class=\"binary\">\n<h3>{} <span class=\"kind\">({}, package {})</span>"
                                "</h3>\n",
                                escaped(B.Name), escaped(B.Kind), escaped(B.Package));
  CapabilitySet Caps = withoutSafe(B.Capabilities);
  if (Caps.empty())
    return Out + "<p>reaches no capability</p>\n</section>\n";
  Out += "<table class=\"capabilities\">\n<thead><tr><th>capability</th><th>contributors</th>"
         "<th>a shortest path from a root</th></tr></thead>\n<tbody>\n";
  Caps.forEach([&](Capability Cap) {
    std::string Contributors;
    if (auto Found = B.Contributors.find(Cap); Found != B.Contributors.end())
      for (const PackageRef &Package : Found->second)
        Contributors += fmt::format("{}{} {}", Contributors.empty() ? "" : ", ", escaped(Package.Name),
                                    escaped(Package.Version));
    auto Path = B.Paths.find(Cap);
    Out += fmt::format("<tr><td class=\"caps shipped\">{}</td><td>{}</td><td>{}</td></tr>\n", capabilityName(Cap),
                       Contributors.empty() ? "-" : Contributors,
                       Path == B.Paths.end() ? "-" : pathList(Path->second));
  });
  return Out + "</tbody>\n</table>\n</section>\n";
}

} // namespace

std::string renderHtml(const Report &R, bool Tests) {
  std::string Out = fmt::format("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                                "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                                "style-src {}; script-src {}\">\n"
                                "<title>capgate report</title>\n<style>{}</style>\n</head>\n<body>\n"
                                "<h1>capgate report</h1>\n<p id=\"summary\">{}</p>\n",
                                hashSource(Style), hashSource(Script), Style, escaped(summaryLine(R, Tests)));
  if (!R.Sandbox)
    Out += "<p class=\"warning\">build scripts were not sandboxed (--no-sandbox)</p>\n";
  // What the programs the build ships can do and who brings it in first,
  // then every package, then what ran while the build ran.
  auto Binaries = [&](bool BuildTime) {
    bool Any = false;
    for (const BinaryReport &B : R.Binaries) {
      if (!shownBinary(B.Kind, Tests) || isBuildTime(scopeOfKind(B.Kind)) != BuildTime)
        continue;
      if (!Any)
        Out += BuildTime ? "<h2 id=\"build-time\">Build scripts and proc-macros</h2>\n<p>What their roots reach "
                           "while the build runs.</p>\n"
                         : "<h2 id=\"binaries\">Binaries</h2>\n<p>What their roots reach; contributors: the packages "
                           "whose own code uses the capability on a path the roots reach.</p>\n";
      Any = true;
      Out += binarySection(B);
    }
  };
  Binaries(false);
  Out += "<h2>Packages</h2>\n<p>shipped: what the package's own code uses in the programs "
         "the build ships; build-time: in its build script, proc-macro or as a build-only package; transitive: what "
         "its shipped code reaches through itself, std and its dependencies. Click a column to sort.</p>\n";
  Out += packageTable(R, Tests);
  Binaries(true);
  return Out + fmt::format("<script>{}</script>\n</body>\n</html>\n", Script);
}

} // namespace capgate
