//===- Policy.cpp - Parsing capgate.toml -----------------------------------===//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//
//
// DESCRIPTION:
//   Reads capgate.toml with toml++ and checks it completely before
//   reporting, so one run names every unknown key, capability and package.
//
//===----------------------------------------------------------------------===//

#include "capgate/policy/Policy.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <tuple>

namespace capgate::policy {

namespace {
/// The sub-table of [pkg.NAME] holding a scope's grant; empty for Normal.
std::string_view scopeTableKey(Scope S) {
  switch (S) {
  case Scope::Normal:
    return "";
  case Scope::BuildScript:
    return "build";
  case Scope::ProcMacro:
    return "proc_macro";
  case Scope::Test:
    return "test";
  }
  return "";
}
} // namespace

std::string scopeAllowKey(Scope S) {
  std::string_view Table = scopeTableKey(S);
  return Table.empty() ? "allow" : std::string(Table) + ".allow";
}

std::string_view policySpelling(Capability Cap) {
  const CapabilityName &Entry = CapabilityNames[static_cast<std::size_t>(Cap)];
  return Entry.Alias.empty() ? Entry.Name : Entry.Alias;
}

CapabilitySet ScopeGrant::capabilities() const {
  CapabilitySet Set;
  for (const CapabilityGrant &G : Allow)
    Set.insert(G.Cap);
  return Set;
}

std::string tomlQuote(std::string_view S) {
  std::string Out = "\"";
  for (char C : S) {
    switch (C) {
    case '"':
      Out += "\\\"";
      break;
    case '\\':
      Out += "\\\\";
      break;
    case '\n':
      Out += "\\n";
      break;
    case '\t':
      Out += "\\t";
      break;
    default:
      if (static_cast<unsigned char>(C) < 0x20)
        Out += fmt::format("\\u{:04x}", C);
      else
        Out += C;
    }
  }
  return Out + "\"";
}

std::string tomlKey(std::string_view Name) {
  bool Bare = !Name.empty();
  for (char C : Name)
    if (!((C >= 'a' && C <= 'z') || (C >= 'A' && C <= 'Z') ||
          (C >= '0' && C <= '9') || C == '-' || C == '_'))
      Bare = false;
  return Bare ? std::string(Name) : tomlQuote(Name);
}

std::string PackageGrant::header() const {
  std::string Inner = "pkg." + tomlKey(Name);
  return ArrayEntry ? "[[" + Inner + "]]" : "[" + Inner + "]";
}

bool PackageGrant::appliesTo(std::string_view V) const {
  if (!Version)
    return true;
  std::optional<policy::Version> Parsed = policy::Version::parse(V);
  return Parsed && Version->matches(*Parsed);
}

std::vector<const PackageGrant *>
Policy::grantsFor(std::string_view Name) const {
  std::vector<const PackageGrant *> Result;
  for (const PackageGrant &G : Packages)
    if (G.Name == Name)
      Result.push_back(&G);
  return Result;
}

std::string readFile(const std::string &Path) {
  std::ifstream In(Path, std::ios::binary);
  if (!In)
    throw ConfigError(Diagnostic{Path, 0, 0, "cannot read the file", ""});
  std::ostringstream Buffer;
  Buffer << In.rdbuf();
  return Buffer.str();
}

namespace {

SourcePos positionOf(const toml::source_region &Region) {
  return {static_cast<unsigned>(Region.begin.line),
          static_cast<unsigned>(Region.begin.column)};
}

class Parser {
public:
  Parser(std::string_view Text, const std::string &File,
         const ParseOptions &Options)
      : Text(Text), File(File), Options(Options) {}

  Policy run() {
    toml::table Root;
    try {
      Root = toml::parse(Text, std::string_view(File));
    } catch (const toml::parse_error &Failure) {
      SourcePos Pos = positionOf(Failure.source());
      throw ConfigError(
          Diagnostic{File, Pos.Line, Pos.Column,
                     std::string(Failure.description()), ""});
    }
    Policy Result;
    Result.File = File;

    const toml::node *Version = Root.get("version");
    if (!Version) {
      error({1, 1}, "policy files must start with `version = 1`");
    } else if (std::optional<int64_t> V = Version->value<int64_t>();
               !V || *V != 1) {
      error(positionOf(Version->source()),
            "unsupported policy version (this capgate reads `version = 1`)");
    }

    for (const auto &[Key, Node] : Root) {
      std::string_view Name = Key.str();
      if (Name == "version")
        continue;
      if (Name == "api")
        readApis(Node, Result);
      else if (Name == "pkg")
        readPackages(Node, Result);
      else
        unknownKey(Key, "", {"version", "api", "pkg"});
    }
    if (!Errors.empty()) {
      // The tables come back sorted by key; report in file order.
      std::stable_sort(Errors.begin(), Errors.end(),
                       [](const Diagnostic &A, const Diagnostic &B) {
                         return std::tie(A.Line, A.Column) <
                                std::tie(B.Line, B.Column);
                       });
      throw ConfigError(std::move(Errors));
    }
    return Result;
  }

private:
  void error(SourcePos Pos, std::string Message, std::string Suggestion = "") {
    Errors.push_back(
        Diagnostic{File, Pos.Line, Pos.Column, std::move(Message),
                   std::move(Suggestion)});
  }

  void unknownKey(const toml::key &Key, std::string_view Where,
                  std::vector<std::string_view> Allowed) {
    std::string Message = fmt::format("unknown key '{}'", Key.str());
    if (!Where.empty())
      Message += fmt::format(" in [{}]", Where);
    std::string Suggestion(closestMatch(Key.str(), Allowed));
    if (Suggestion.empty()) {
      std::string Expected;
      for (std::string_view A : Allowed)
        Expected += (Expected.empty() ? "" : ", ") + std::string(A);
      Message += fmt::format(" (expected one of: {})", Expected);
    }
    error(positionOf(Key.source()), Message, Suggestion);
  }

  const toml::table *expectTable(const toml::node &Node,
                                 std::string_view What) {
    const toml::table *Table = Node.as_table();
    if (!Table)
      error(positionOf(Node.source()), fmt::format("{} must be a table", What));
    return Table;
  }

  std::vector<std::pair<std::string, SourcePos>>
  readStrings(const toml::node &Node, std::string_view What) {
    std::vector<std::pair<std::string, SourcePos>> Result;
    const toml::array *Array = Node.as_array();
    if (!Array) {
      error(positionOf(Node.source()),
            fmt::format("'{}' must be an array of strings", What));
      return Result;
    }
    for (const toml::node &Element : *Array) {
      std::optional<std::string_view> S = Element.value<std::string_view>();
      if (!S || S->empty()) {
        error(positionOf(Element.source()),
              fmt::format("'{}' must be an array of non-empty strings", What));
        continue;
      }
      Result.emplace_back(std::string(*S), positionOf(Element.source()));
    }
    return Result;
  }

  std::optional<Capability> capability(std::string_view Name, SourcePos Pos,
                                       bool AllowSafe) {
    std::optional<Capability> Cap = parseCapability(Name, true);
    if (!Cap) {
      error(Pos, fmt::format("unknown capability '{}'", Name),
            std::string(suggestCapability(Name)));
      return std::nullopt;
    }
    if (*Cap == Capability::Safe && !AllowSafe) {
      error(Pos, "SAFE is an annotation verdict and cannot be granted");
      return std::nullopt;
    }
    return Cap;
  }

  void readApis(const toml::node &Node, Policy &Result) {
    const toml::table *Apis = expectTable(Node, "'api'");
    if (!Apis)
      return;
    for (const auto &[Key, Body] : *Apis) {
      std::string Where = "api." + tomlKey(Key.str());
      const toml::table *Fields = expectTable(Body, "[" + Where + "]");
      if (!Fields)
        continue;
      ApiDefinition Api;
      Api.Name = std::string(Key.str());
      Api.Pos = positionOf(Body.source());
      bool HaveCap = false;
      for (const auto &[FieldKey, Value] : *Fields) {
        std::string_view Field = FieldKey.str();
        if (Field == "capability") {
          std::optional<std::string_view> Name = Value.value<std::string_view>();
          if (!Name) {
            error(positionOf(Value.source()),
                  "'capability' must be a string such as \"NETWORK\"");
            HaveCap = true; // Reported; do not also say it is missing.
            continue;
          }
          HaveCap = true;
          if (std::optional<Capability> Cap =
                  capability(*Name, positionOf(Value.source()), true))
            Api.Cap = *Cap;
        } else if (Field == "include" || Field == "exclude" ||
                   Field == "functions") {
          auto &Out = Field == "include"   ? Api.Include
                      : Field == "exclude" ? Api.Exclude
                                           : Api.Functions;
          for (auto &[S, Pos] : readStrings(Value, Field))
            Out.push_back(std::move(S));
        } else {
          unknownKey(FieldKey, Where,
                     {"capability", "include", "exclude", "functions"});
        }
      }
      if (!HaveCap)
        error(Api.Pos, fmt::format("[{}] needs `capability = \"...\"`", Where));
      else if (Api.Include.empty() && Api.Functions.empty())
        error(Api.Pos, fmt::format("[{}] needs `include` or `functions`", Where));
      Result.Apis.push_back(std::move(Api));
    }
  }

  bool lineStartsWithBracket(unsigned Line) const {
    std::size_t Start = 0;
    for (unsigned L = 1; L < Line; ++L) {
      Start = Text.find('\n', Start);
      if (Start == std::string_view::npos)
        return false;
      ++Start;
    }
    while (Start < Text.size() && (Text[Start] == ' ' || Text[Start] == '\t'))
      ++Start;
    return Start < Text.size() && Text[Start] == '[';
  }

  void readScope(const toml::node &Node, PackageGrant &Grant, Scope S,
                 const std::string &Where) {
    ScopeGrant &Out = Grant.Scopes[static_cast<std::size_t>(S)];
    const toml::table *Fields = expectTable(Node, "'" + Where + "'");
    if (!Fields)
      return;
    Out.HeaderPos = positionOf(Node.source());
    // A dotted key (build.allow = ...) gives the implicit table the key's
    // position; a header gives the header's.
    Out.OwnHeader =
        Out.HeaderPos.Line != 0 && lineStartsWithBracket(Out.HeaderPos.Line);
    for (const auto &[Key, Value] : *Fields) {
      if (Key.str() == "allow")
        readAllow(Key, Value, Out);
      else
        unknownKey(Key, Where, {"allow"});
    }
  }

  void readAllow(const toml::key &Key, const toml::node &Value,
                 ScopeGrant &Out) {
    Out.Present = true;
    Out.Pos = positionOf(Key.source());
    for (auto &[Name, Pos] : readStrings(Value, "allow"))
      if (std::optional<Capability> Cap = capability(Name, Pos, false))
        Out.Allow.push_back(CapabilityGrant{*Cap, Name, Pos});
  }

  void readPackage(const toml::key &NameKey, const toml::table &Fields,
                   bool ArrayEntry, Policy &Result) {
    PackageGrant Grant;
    Grant.Name = std::string(NameKey.str());
    Grant.ArrayEntry = ArrayEntry;
    Grant.Pos = positionOf(Fields.source());
    if (Grant.Pos.Line == 0)
      Grant.Pos = positionOf(NameKey.source());
    std::string Where = "pkg." + tomlKey(Grant.Name);
    for (const auto &[Key, Value] : Fields) {
      std::string_view Field = Key.str();
      if (Field == "allow") {
        readAllow(Key, Value, Grant.Scopes[0]);
      } else if (Field == "allow_unsafe") {
        std::optional<bool> B = Value.value<bool>();
        if (!B)
          error(positionOf(Value.source()), "'allow_unsafe' must be true or false");
        Grant.AllowUnsafe = B.value_or(false);
        Grant.UnsafePos = positionOf(Key.source());
      } else if (Field == "version") {
        Grant.VersionPos = positionOf(Value.source());
        std::optional<std::string_view> Req = Value.value<std::string_view>();
        if (!Req) {
          error(Grant.VersionPos,
                "'version' must be a version requirement string such as \"^1.2\"");
          continue;
        }
        try {
          Grant.Version = VersionReq::parse(*Req);
        } catch (const std::invalid_argument &Bad) {
          error(Grant.VersionPos,
                fmt::format("invalid version requirement: {}", Bad.what()));
        }
      } else if (Field == "build" || Field == "proc_macro" || Field == "test") {
        Scope S = Field == "build"        ? Scope::BuildScript
                  : Field == "proc_macro" ? Scope::ProcMacro
                                          : Scope::Test;
        readScope(Value, Grant, S, Where + "." + std::string(Field));
      } else {
        unknownKey(Key, Where,
                   {"allow", "allow_unsafe", "version", "build", "proc_macro",
                    "test"});
      }
    }
    Result.Packages.push_back(std::move(Grant));
  }

  void checkKnown(const toml::key &Key) {
    if (!Options.KnownPackages)
      return;
    std::vector<std::string_view> Names(Options.KnownPackages->begin(),
                                        Options.KnownPackages->end());
    for (std::string_view Known : Names)
      if (Known == Key.str())
        return;
    error(positionOf(Key.source()),
          fmt::format("unknown package '{}': no package of that name is in "
                      "the dependency graph",
                      Key.str()),
          std::string(closestMatch(Key.str(), Names)));
  }

  void readPackages(const toml::node &Node, Policy &Result) {
    const toml::table *Packages = expectTable(Node, "'pkg'");
    if (!Packages)
      return;
    for (const auto &[Key, Body] : *Packages) {
      checkKnown(Key);
      if (const toml::array *Entries = Body.as_array()) {
        for (const toml::node &Entry : *Entries) {
          const toml::table *Fields = expectTable(
              Entry, "each [[pkg." + tomlKey(Key.str()) + "]] entry");
          if (Fields)
            readPackage(Key, *Fields, true, Result);
        }
        continue;
      }
      const toml::table *Fields =
          expectTable(Body, "[pkg." + tomlKey(Key.str()) + "]");
      if (Fields)
        readPackage(Key, *Fields, false, Result);
    }
  }

  std::string_view Text;
  const std::string &File;
  const ParseOptions &Options;
  std::vector<Diagnostic> Errors;
};

} // namespace

Policy parsePolicy(std::string_view Text, const std::string &File,
                   const ParseOptions &Options) {
  return Parser(Text, File, Options).run();
}

Policy loadPolicy(const std::string &Path, const ParseOptions &Options) {
  return parsePolicy(readFile(Path), Path, Options);
}

namespace {
void appendList(std::string &Out, std::string_view Key,
                const std::vector<std::string> &Items) {
  if (Items.empty())
    return;
  Out += fmt::format("{} = [\n", Key);
  for (const std::string &Item : Items)
    Out += fmt::format("  {},\n", tomlQuote(Item));
  Out += "]\n";
}
} // namespace

std::string annotationToml(const Policy &P) {
  if (P.Apis.empty())
    return "";
  // The pass's files hold one [rust.CAP] table per capability, so APIs with
  // the same capability are merged.
  std::map<Capability, std::vector<const ApiDefinition *>> ByCap;
  for (const ApiDefinition &Api : P.Apis)
    ByCap[Api.Cap].push_back(&Api);
  std::string Out = fmt::format(
      "# Generated by capgate from the [api.*] tables of {}.\nversion = 1\n",
      P.File);
  for (const auto &[Cap, Apis] : ByCap) {
    std::vector<std::string> Include, Exclude, Functions;
    std::string Names;
    for (const ApiDefinition *Api : Apis) {
      Include.insert(Include.end(), Api->Include.begin(), Api->Include.end());
      Exclude.insert(Exclude.end(), Api->Exclude.begin(), Api->Exclude.end());
      Functions.insert(Functions.end(), Api->Functions.begin(),
                       Api->Functions.end());
      Names += (Names.empty() ? "" : ", ") + Api->Name;
    }
    Out += fmt::format("\n# api: {}\n[rust.{}]\n", Names, capabilityName(Cap));
    appendList(Out, "include", Include);
    appendList(Out, "exclude", Exclude);
    appendList(Out, "functions", Functions);
  }
  return Out;
}

bool writeAnnotationFile(const Policy &P, const std::string &Path) {
  std::string Text = annotationToml(P);
  if (Text.empty())
    return false;
  std::ofstream Out(Path, std::ios::binary | std::ios::trunc);
  Out << Text;
  if (!Out)
    throw ConfigError(Diagnostic{Path, 0, 0, "cannot write the file", ""});
  return true;
}

} // namespace capgate::policy
