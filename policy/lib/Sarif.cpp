//===- Sarif.cpp - SARIF 2.1.0 output --------------------------------------===//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//

#include "capgate/policy/Sarif.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <tuple>

namespace fs = std::filesystem;

namespace capgate::policy {

namespace {

using json = nlohmann::ordered_json;

struct Rule {
  const char *Id;
  const char *Name;
  const char *Text;
  const char *Level;
};

enum RuleIndex : std::size_t { NotAllowed, UnsafeNotAllowed, Unused, Gained, Lost };

constexpr Rule Rules[] = {
    {"capgate/capability-not-allowed", "CapabilityNotAllowed",
     "A package uses a capability its policy does not grant.", "error"},
    {"capgate/unsafe-not-allowed", "UnsafeNotAllowed",
     "A package contains unsafe code its policy does not allow.", "error"},
    {"capgate/unused-grant", "UnusedGrant",
     "A grant in the policy that no code needs.", "warning"},
    {"capgate/capability-gained", "CapabilityGained",
     "A package or binary gained a capability.", "error"},
    {"capgate/capability-lost", "CapabilityLost",
     "A package or binary lost a capability.", "note"},
};

/// Code scanning shows at most 100 locations of a result (the primary one
/// and 99 related ones) and rejects a result with more than 1,000; the
/// message gives the full count.
constexpr std::size_t MaxRelated = 99;

/// The key of capgate's partial fingerprint; the suffix versions what is
/// hashed, so that a change to it is a new key rather than a silent change
/// of every value.
constexpr const char *FingerprintKey = "capgateFinding/v1";

/// What a result is about, hashed (64-bit FNV-1a over the parts, each
/// followed by a zero byte): the rule, the package, the capability and the
/// scope, never a line number or a path, so that a result keeps its
/// fingerprint when code moves, on every machine and run.
std::string fingerprint(std::initializer_list<std::string_view> Parts) {
  std::uint64_t Hash = 0xcbf29ce484222325ULL;
  auto mix = [&](unsigned char Byte) {
    Hash ^= Byte;
    Hash *= 0x100000001b3ULL;
  };
  for (std::string_view Part : Parts) {
    for (char C : Part)
      mix(static_cast<unsigned char>(C));
    mix(0);
  }
  return fmt::format("{:016x}", Hash);
}

/// \p Path with the characters a URI path may not hold percent-encoded.
std::string uriPath(std::string_view Path) {
  constexpr std::string_view Allowed = "-._~!$&'()*+,;=:@/";
  std::string Out;
  for (char C : Path) {
    unsigned char Byte = static_cast<unsigned char>(C);
    if ((Byte < 0x80 && std::isalnum(Byte)) || Allowed.find(C) != std::string_view::npos)
      Out += C;
    else
      Out += fmt::format("%{:02X}", Byte);
  }
  return Out;
}

/// The value of a `key = "value"` line of Cargo.lock, or nullopt when the
/// line sets another key.
std::optional<std::string> lockValue(const std::string &Line, std::string_view Key) {
  if (!Line.starts_with(Key))
    return std::nullopt;
  std::size_t Equals = Line.find_first_not_of(' ', Key.size());
  if (Equals == std::string::npos || Line[Equals] != '=')
    return std::nullopt;
  std::size_t Open = Line.find('"', Equals);
  std::size_t Close = Open == std::string::npos ? Open : Line.find('"', Open + 1);
  if (Close == std::string::npos)
    return std::nullopt;
  return Line.substr(Open + 1, Close - Open - 1);
}

/// The [[package]] entries of a Cargo.lock: the line of each entry's
/// `name = "..."`, by name and version.
class LockEntries {
public:
  explicit LockEntries(const fs::path &File) {
    std::ifstream In(File);
    std::string Line, Name, Version;
    unsigned NameLine = 0;
    bool InPackage = false;
    auto finish = [&] {
      if (InPackage && NameLine)
        Lines.emplace(std::make_pair(Name, Version), NameLine);
      Name.clear();
      Version.clear();
      NameLine = 0;
    };
    for (unsigned Number = 1; std::getline(In, Line); ++Number) {
      if (Line.starts_with("[")) {
        finish();
        InPackage = Line == "[[package]]";
      } else if (!InPackage) {
        continue;
      } else if (std::optional<std::string> Value = lockValue(Line, "name")) {
        Name = *Value;
        NameLine = Number;
      } else if (std::optional<std::string> Value = lockValue(Line, "version")) {
        Version = *Value;
      }
    }
    finish();
  }

  /// The line of \p Name's entry: of one of \p Versions (the diff joins
  /// several with ", ") when present, else of its first entry; 0 when the
  /// lock file has none.
  unsigned lineOf(const std::string &Name, const std::string &Versions) const {
    std::size_t Start = 0;
    while (Start <= Versions.size()) {
      std::size_t End = Versions.find(", ", Start);
      std::string Version = Versions.substr(Start, End == std::string::npos ? End : End - Start);
      if (auto Found = Lines.find({Name, Version}); Found != Lines.end())
        return Found->second;
      if (End == std::string::npos)
        break;
      Start = End + 2;
    }
    unsigned First = 0;
    for (auto It = Lines.lower_bound({Name, ""}); It != Lines.end() && It->first.first == Name; ++It)
      First = First ? std::min(First, It->second) : It->second;
    return First;
  }

private:
  std::map<std::pair<std::string, std::string>, unsigned> Lines;
};

fs::path normalised(const std::string &Path) {
  std::error_code Error;
  fs::path Result = fs::weakly_canonical(fs::absolute(Path), Error);
  return Error ? fs::absolute(Path).lexically_normal() : Result;
}

bool inside(const fs::path &File, const fs::path &Directory) {
  fs::path Relative = File.lexically_relative(Directory);
  return !Relative.empty() && Relative != "." && *Relative.begin() != "..";
}

std::string names(CapabilitySet S) {
  return fmt::format("{}", fmt::join(S.names(), ", "));
}

std::string viewName(View V) {
  return V == View::Shipped ? "shipped" : V == View::BuildTime ? "build-time" : "test";
}

/// Whether code of \p P in scope \p S counts in view \p V (as
/// viewCapabilities decides).
bool inView(const PackageReport &P, Scope S, View V) {
  switch (V) {
  case View::Shipped:
    return S == Scope::Normal && !P.BuildOnly;
  case View::BuildTime:
    return isBuildTime(S) || (S == Scope::Normal && P.BuildOnly);
  case View::Test:
    return S == Scope::Test;
  }
  return false;
}

/// One use site of a finding: where, and what it does there.
struct Site {
  std::string File;
  unsigned Line = 0;
  std::string What;
};

} // namespace

class SarifLog::Builder {
public:
  explicit Builder(const SarifOptions &Options)
      : Options(Options), Root(normalised(Options.SourceRoot.empty() ? "." : Options.SourceRoot)),
        LockPath(Options.LockFile.empty() ? Root / "Cargo.lock" : normalised(Options.LockFile)), Lock(LockPath) {
    for (const std::string &Directory : Options.GeneratedDirs)
      if (!Directory.empty())
        Generated.push_back(normalised(Directory));
  }

  void addEvaluation(const Evaluation &E, const Policy &P, bool DenyUnused) {
    // One result per (kind, package, capability, scope), in the order the
    // evaluation found them.
    std::vector<std::vector<const Violation *>> Findings;
    std::map<std::tuple<int, std::string, int, int>, std::size_t> Index;
    for (const Violation &V : E.Violations) {
      auto Key = std::make_tuple(static_cast<int>(V.What), V.Package, V.Cap ? static_cast<int>(*V.Cap) : -1,
                                 static_cast<int>(V.Where));
      auto [It, New] = Index.emplace(Key, Findings.size());
      if (New)
        Findings.emplace_back();
      Findings[It->second].push_back(&V);
    }
    for (const std::vector<const Violation *> &Finding : Findings)
      addViolation(Finding, P);

    for (const UnusedGrant &U : E.Unused) {
      // A grant of no capability (allow_unsafe, a whole table) is told
      // apart by its message, which names no line or path.
      std::string What = U.Cap ? std::string(capabilityName(*U.Cap)) : U.Message;
      json Properties = {{"package", U.Package}, {"scope", scopeName(U.Where)}};
      if (U.Cap)
        Properties["capability"] = capabilityName(*U.Cap);
      add(Unused, DenyUnused ? "error" : "warning", U.Message + ".", policyLocation(P, U.Pos.Line, U.Pos.Column),
          fingerprint({Rules[Unused].Id, U.Package, What, scopeName(U.Where)}), std::move(Properties));
    }
  }

  void addDiff(const ReportDiff &D, const Report &New) {
    for (const PackageChange &C : D.Packages) {
      std::string Version = C.NewVersion.empty() ? C.OldVersion : C.NewVersion;
      const PackageReport *Now = nullptr;
      for (const PackageReport &P : New.Packages)
        if (P.Name == C.Name)
          Now = &P;
      for (View V : AllViews) {
        const ViewChange &VC = C.view(V);
        std::string Where = V == View::Shipped ? "" : V == View::BuildTime ? " at build time" : " in tests";
        VC.GainedDirect.forEach([&](Capability Cap) {
          std::vector<Site> Sites;
          for (const PackageReport &P : New.Packages)
            if (P.Name == C.Name)
              for (const UseReport &U : P.Uses)
                if (U.Cap == Cap && !U.Site.File.empty() && inView(P, U.Where, V))
                  Sites.push_back({U.Site.File, U.Site.Line, fmt::format("`{}` calls `{}`", U.Function, U.Callee)});
          std::string Was = C.OldVersion.empty()            ? " (a new dependency)"
                            : C.OldVersion == C.NewVersion ? ""
                                                           : fmt::format(" (was {})", C.OldVersion);
          std::string Message =
              fmt::format("package `{}` {}{} gained {}{}", C.Name, C.NewVersion, Was, capabilityName(Cap), Where);
          addAt(Gained, "error", Message, "", Sites, lockLocation(C.Name, Version),
                fingerprint({Rules[Gained].Id, C.Name, capabilityName(Cap), viewName(V)}),
                {{"package", C.Name}, {"capability", capabilityName(Cap)}, {"scope", viewName(V)}});
        });
        VC.GainedTransitive.without(VC.GainedDirect).forEach([&](Capability Cap) {
          add(Gained, "error",
              fmt::format("package `{}` {} now reaches {}{} through its dependencies.", C.Name, Version,
                          capabilityName(Cap), Where),
              lockLocation(C.Name, Version),
              fingerprint({Rules[Gained].Id, C.Name, capabilityName(Cap), viewName(V), "transitive"}),
              {{"package", C.Name}, {"capability", capabilityName(Cap)}, {"scope", viewName(V)}});
        });
        if (!VC.LostDirect.empty())
          add(Lost, "note", fmt::format("package `{}` {} lost {}{}.", C.Name, Version, names(VC.LostDirect), Where),
              lockLocation(C.Name, Version),
              fingerprint({Rules[Lost].Id, C.Name, names(VC.LostDirect), viewName(V)}),
              {{"package", C.Name}, {"scope", viewName(V)}});
      }
      if (C.GainedUnsafe) {
        std::vector<Site> Sites;
        if (Now)
          for (const SourceSite &S : Now->UnsafeSites)
            Sites.push_back({S.File, S.Line, "unsafe code"});
        addAt(Gained, "error", fmt::format("package `{}` {} gained unsafe code", C.Name, Version), "", Sites,
              lockLocation(C.Name, Version), fingerprint({Rules[Gained].Id, C.Name, "unsafe"}),
              {{"package", C.Name}});
      }
    }
    for (const BinaryChange &C : D.Binaries) {
      auto report = [&](RuleIndex Rule, const char *Level, const char *Verb, CapabilitySet Caps) {
        if (Caps.empty())
          return;
        add(Rule, Level, fmt::format("binary `{}` ({}, {}) {} {}.", C.Name, C.Package, C.Kind, Verb, names(Caps)),
            lockLocation(C.Package, ""),
            fingerprint({Rules[Rule].Id, "binary", C.Package, C.Kind, C.Name, names(Caps)}),
            {{"binary", C.Name}, {"package", C.Package}});
      };
      report(Gained, "error", "gained", C.Gained);
      report(Lost, "note", "lost", C.Lost);
    }
  }

  std::string str() const {
    json RuleList = json::array();
    for (const Rule &R : Rules)
      RuleList.push_back({{"id", R.Id},
                          {"name", R.Name},
                          {"shortDescription", {{"text", R.Text}}},
                          {"defaultConfiguration", {{"level", R.Level}}}});
    std::string RootUri = uriPath(Root.generic_string());
    if (!RootUri.ends_with('/'))
      RootUri += '/';
    json Run = {{"tool", {{"driver", {{"name", "capgate"}, {"version", Options.ToolVersion}, {"rules", RuleList}}}}},
                {"originalUriBaseIds", {{"%SRCROOT%", {{"uri", "file://" + RootUri}}}}},
                {"results", Results}};
    json Doc = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                {"version", "2.1.0"},
                {"runs", json::array({Run})}};
    return Doc.dump(2) + "\n";
  }

private:
  /// \p File relative to the source root, or nullopt when code scanning
  /// cannot show it: outside the root, or generated into it by the build.
  std::optional<std::string> relative(const std::string &File) const {
    if (File.empty())
      return std::nullopt;
    fs::path Path = normalised(File);
    for (const fs::path &Directory : Generated)
      if (Path == Directory || inside(Path, Directory))
        return std::nullopt;
    if (!inside(Path, Root))
      return std::nullopt;
    return Path.lexically_relative(Root).generic_string();
  }

  /// \p File as a person reads it in a message: relative to the source root
  /// when it is in it.
  std::string shown(const std::string &File, unsigned Line) const {
    std::string Name = relative(File).value_or(File);
    return Line ? fmt::format("{}:{}", Name, Line) : Name;
  }

  static json physical(json Artifact, unsigned Line, unsigned Column = 0) {
    json Physical = {{"artifactLocation", std::move(Artifact)}};
    if (Line) {
      json Region = {{"startLine", Line}};
      if (Column)
        Region["startColumn"] = Column;
      Physical["region"] = std::move(Region);
    }
    return json{{"physicalLocation", std::move(Physical)}};
  }

  /// A location code scanning can place, or nullopt.
  std::optional<json> placed(const std::string &File, unsigned Line, unsigned Column = 0) const {
    std::optional<std::string> Relative = relative(File);
    if (!Relative)
      return std::nullopt;
    return physical({{"uri", uriPath(*Relative)}, {"uriBaseId", "%SRCROOT%"}}, Line, Column);
  }

  /// Where a file outside the source root is: an absolute URI, which a
  /// reader of the log can follow though code scanning cannot show it.
  json anywhere(const std::string &File, unsigned Line, unsigned Column = 0) const {
    if (std::optional<json> Placed = placed(File, Line, Column))
      return *Placed;
    return physical({{"uri", "file://" + uriPath(normalised(File).generic_string())}}, Line, Column);
  }

  /// \p Package's entry in the lock file, or nullopt when there is no lock
  /// file in the source root. A package the lock file lacks (one the diff
  /// saw go) is placed on its first line.
  std::optional<json> lockLocation(const std::string &Package, const std::string &Versions) const {
    if (!fs::is_regular_file(LockPath))
      return std::nullopt;
    unsigned Line = Lock.lineOf(Package, Versions);
    return placed(LockPath.string(), Line ? Line : 1);
  }

  json policyLocation(const Policy &P, unsigned Line, unsigned Column = 0) const {
    return anywhere(P.File, Line, Column);
  }

  void addViolation(const std::vector<const Violation *> &Finding, const Policy &P) {
    const Violation &First = *Finding.front();
    std::vector<std::string> Versions, Fixes, Notes;
    auto addOnce = [](std::vector<std::string> &List, const std::string &Item) {
      if (!Item.empty() && std::find(List.begin(), List.end(), Item) == List.end())
        List.push_back(Item);
    };
    std::vector<Site> Sites;
    for (const Violation *V : Finding) {
      addOnce(Versions, V->Version);
      addOnce(Fixes, fmt::format("`{}` in {}", V->Fix.text(), V->Fix.Table));
      addOnce(Notes, V->Note);
      if (!V->File.empty()) {
        std::string What = !V->Function.empty() && !V->Callee.empty()
                               ? fmt::format("`{}` calls `{}`", V->Function, V->Callee)
                               : V->What == Violation::Kind::Unsafe ? "unsafe code" : "";
        Sites.push_back({V->File, V->Line, What});
      }
    }
    // The finding's own words, as check prints them, without a site's.
    Violation Head = First;
    Head.Function.clear();
    Head.Callee.clear();
    Head.Version = fmt::format("{}", fmt::join(Versions, " and "));
    std::string Advice = fmt::format(" To allow it, set {} of {}.", fmt::join(Fixes, " and "), shown(P.File, 0));
    for (const std::string &Note : Notes)
      Advice += " Note: " + Note + ".";

    // A dependency's finding sits on the policy's line for the package: the
    // grant to change, or the table to add it to.
    unsigned PolicyLine = First.Fix.Line ? First.Fix.Line : First.Fix.TableLine;
    std::optional<json> Anchor;
    if (PolicyLine)
      Anchor = placed(P.File, PolicyLine);
    if (!Anchor)
      Anchor = lockLocation(First.Package, First.Version);

    json Properties = {{"package", First.Package},
                       {"version", First.Version},
                       {"scope", scopeName(First.Where)},
                       {"build_only", First.BuildOnly},
                       {"sites", Sites.size()},
                       {"policyTable", First.Fix.Table},
                       {"policyLine", First.Fix.text()}};
    std::string What = "unsafe";
    if (First.Cap) {
      Properties["capability"] = capabilityName(*First.Cap);
      What = capabilityName(*First.Cap);
    }
    RuleIndex Rule = First.What == Violation::Kind::Unsafe ? UnsafeNotAllowed : NotAllowed;
    addAt(Rule, "error", Head.message(), Advice, Sites, Anchor,
          fingerprint({Rules[Rule].Id, First.Package, What, scopeName(First.Where)}), std::move(Properties));
  }

  /// A result about \p Sites: placed at the first one in the source root,
  /// else at \p Anchor. The message is \p Sentence, the number of sites and
  /// the first of them, then \p Advice; the other sites are related
  /// locations.
  void addAt(RuleIndex Rule, const char *Level, const std::string &Sentence, const std::string &Advice,
             const std::vector<Site> &Sites, const std::optional<json> &Anchor, std::string Fingerprint,
             json Properties) {
    std::optional<std::size_t> Primary;
    for (std::size_t I = 0; I < Sites.size() && !Primary; ++I)
      if (relative(Sites[I].File))
        Primary = I;
    std::string Message = Sentence;
    if (!Sites.empty()) {
      std::string Where = shown(Sites.front().File, Sites.front().Line);
      if (!Sites.front().What.empty())
        Where = fmt::format("{} at {}", Sites.front().What, Where);
      Message += Sites.size() == 1 ? fmt::format(" (1 site: {})", Where)
                                   : fmt::format(" ({} sites; the first: {})", Sites.size(), Where);
    }
    Message += "." + Advice;
    std::optional<json> Location;
    if (Primary)
      Location = placed(Sites[*Primary].File, Sites[*Primary].Line);
    else if (Anchor)
      Location = *Anchor;
    else if (!Sites.empty())
      Location = anywhere(Sites.front().File, Sites.front().Line);

    json Related = json::array();
    for (std::size_t I = 0; I < Sites.size() && Related.size() < MaxRelated; ++I) {
      if (Primary && I == *Primary)
        continue;
      json Each = anywhere(Sites[I].File, Sites[I].Line);
      Each["id"] = Related.size() + 1;
      Each["message"] = {{"text", Sites[I].What.empty() ? shown(Sites[I].File, Sites[I].Line) : Sites[I].What}};
      Related.push_back(std::move(Each));
    }
    add(Rule, Level, std::move(Message), std::move(Location), std::move(Fingerprint), std::move(Properties),
        std::move(Related));
  }

  /// One result. With no location to give (no site, no lock file in the
  /// source root), it names the lock file where it would be, which code
  /// scanning cannot show but a reader can follow.
  void add(RuleIndex Rule, std::string Level, std::string Message, std::optional<json> Location,
           std::string Fingerprint, json Properties, json Related = json::array()) {
    if (!Location)
      Location = physical({{"uri", "file://" + uriPath(LockPath.generic_string())}}, 0);
    json Result = {{"ruleId", Rules[Rule].Id},
                   {"ruleIndex", static_cast<std::size_t>(Rule)},
                   {"level", std::move(Level)},
                   {"message", {{"text", std::move(Message)}}},
                   {"locations", json::array({std::move(*Location)})}};
    if (!Related.empty())
      Result["relatedLocations"] = std::move(Related);
    Result["partialFingerprints"] = {{FingerprintKey, std::move(Fingerprint)}};
    if (!Properties.empty())
      Result["properties"] = std::move(Properties);
    Results.push_back(std::move(Result));
  }

  const SarifOptions Options;
  const fs::path Root;
  const fs::path LockPath;
  const LockEntries Lock;
  std::vector<fs::path> Generated;
  json Results = json::array();
};

SarifLog::SarifLog(const SarifOptions &Options) : Impl(std::make_unique<Builder>(Options)) {}
SarifLog::~SarifLog() = default;

void SarifLog::addEvaluation(const Evaluation &E, const Policy &P, bool DenyUnused) {
  Impl->addEvaluation(E, P, DenyUnused);
}

void SarifLog::addDiff(const ReportDiff &D, const Report &New) { Impl->addDiff(D, New); }

std::string SarifLog::str() const { return Impl->str(); }

std::string sarifForEvaluation(const Evaluation &E, const Policy &P, bool DenyUnused, const SarifOptions &Options) {
  SarifLog Log(Options);
  Log.addEvaluation(E, P, DenyUnused);
  return Log.str();
}

std::string sarifForDiff(const ReportDiff &D, const Report &New, const SarifOptions &Options) {
  SarifLog Log(Options);
  Log.addDiff(D, New);
  return Log.str();
}

} // namespace capgate::policy
