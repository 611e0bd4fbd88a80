//===- CackleImport.cpp - cackle.toml to capgate.toml ----------------------===//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//
//
// DESCRIPTION:
//   Cackle names APIs (its built-in std ones, or [api.NAME] tables of path
//   prefixes) and grants them per package and per scope; capgate grants
//   capabilities. The import maps every API name to capabilities, keeps the
//   scopes (a package's build script and code reachable from build scripts
//   both become capgate's build scope; likewise tests), and reports what has
//   no counterpart: sandboxes, build flags, features, imported API
//   definitions, build-instruction filters.
//
//===----------------------------------------------------------------------===//

#include "capgate/policy/CackleImport.h"
#include "capgate/policy/Policy.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <map>
#include <set>

namespace capgate::policy {

std::string ImportNote::render() const {
  std::string Out = File;
  if (Line) {
    Out += ":" + std::to_string(Line);
    if (Column)
      Out += ":" + std::to_string(Column);
  }
  return Out + ": note: " + Message;
}

std::vector<Capability> cackleApiCapabilities(std::string_view Api,
                                              bool &Known) {
  // "crab1::fs": an API that crate crab1 exports; judge it by its name.
  if (std::size_t At = Api.rfind("::"); At != std::string_view::npos)
    Api = Api.substr(At + 2);
  Known = true;
  if (Api == "fs")
    return {Capability::Files};
  if (Api == "net")
    return {Capability::Network};
  if (Api == "process")
    return {Capability::Exec};
  // Cackle's env API is all of std::env: reading variables, arguments and
  // the current directory, but also set_var and set_current_dir.
  if (Api == "env")
    return {Capability::ReadSystemState, Capability::ModifySystemState};
  // exit and abort: not a capability in capgate.
  if (Api == "terminate")
    return {};
  if (std::optional<Capability> Cap = parseCapability(Api, true);
      Cap && *Cap != Capability::Safe)
    return {*Cap};
  Known = false;
  return {};
}

namespace {

struct Grants {
  std::vector<Capability> Caps;
  void add(const std::vector<Capability> &More) {
    for (Capability C : More)
      if (std::find(Caps.begin(), Caps.end(), C) == Caps.end())
        Caps.push_back(C);
  }
};

struct Package {
  std::string Name;
  unsigned Line = 0;
  bool AllowUnsafe = false;
  std::array<Grants, NumScopes> Scopes;
  std::vector<std::string> Comments;
};

struct Api {
  std::string Name;
  unsigned Line = 0;
  std::optional<Capability> Cap;
  std::vector<std::string> Include, Exclude;
};

class Importer {
public:
  Importer(const std::string &File) : File(File) {}

  CackleImport run(std::string_view Text) {
    toml::table Root;
    try {
      Root = toml::parse(Text, std::string_view(File));
    } catch (const toml::parse_error &Failure) {
      throw ConfigError(Diagnostic{
          File, static_cast<unsigned>(Failure.source().begin.line),
          static_cast<unsigned>(Failure.source().begin.column),
          std::string(Failure.description()), ""});
    }
    if (!Root.get("common") && !Root.get("pkg") && !Root.get("api") &&
        !Root.get("version"))
      throw ConfigError(Diagnostic{
          File, 0, 0,
          "not a Cackle configuration (no [common], [api] or [pkg] tables)",
          ""});

    // API definitions first: packages refer to them by name.
    if (const toml::table *Apis = Root["api"].as_table())
      for (const auto &[Key, Body] : *Apis)
        readApi(std::string(Key.str()), Body);

    for (const auto &[Key, Node] : Root) {
      std::string_view Name = Key.str();
      if (Name == "common")
        readCommon(Node);
      else if (Name == "version" || Name == "import_std" ||
               Name == "features")
        readCommonKey(Key, Node); // Older Cackle files put these at the top.
      else if (Name == "api")
        continue;
      else if (Name == "pkg")
        readPackages(Node);
      else if (Name == "sandbox")
        note(Node, "[sandbox] is not mapped: capgate does not run build "
                   "scripts or tests in a sandbox");
      else if (Name == "rustc")
        note(Node, "[rustc] is not mapped: capgate does not sandbox rustc");
      else
        note(Key, fmt::format("unknown Cackle key '{}' ignored", Name));
    }
    if (!SawImportStd)
      note(Root, "no import_std: Cackle checked only the APIs this file "
                 "defines, capgate always checks the standard library");
    std::stable_sort(Notes.begin(), Notes.end(),
                     [](const ImportNote &A, const ImportNote &B) {
                       return A.Line < B.Line;
                     });
    return {render(), std::move(Notes)};
  }

private:
  template <typename T> unsigned lineOf(const T &Node) {
    return static_cast<unsigned>(Node.source().begin.line);
  }
  template <typename T> void note(const T &Node, std::string Message) {
    Notes.push_back(ImportNote{File, lineOf(Node),
                               static_cast<unsigned>(Node.source().begin.column),
                               std::move(Message)});
  }

  std::vector<std::pair<std::string, const toml::node *>>
  strings(const toml::node &Node) {
    std::vector<std::pair<std::string, const toml::node *>> Result;
    if (const toml::array *Array = Node.as_array()) {
      for (const toml::node &Element : *Array)
        if (std::optional<std::string_view> S = Element.value<std::string_view>())
          Result.emplace_back(std::string(*S), &Element);
        else
          note(Element, "expected a string; ignored");
    } else {
      note(Node, "expected an array of strings; ignored");
    }
    return Result;
  }

  void readCommonKey(const toml::key &Key, const toml::node &Node) {
    std::string_view Name = Key.str();
    if (Name == "version") {
      // Cackle's format version; capgate's is its own.
    } else if (Name == "import_std") {
      SawImportStd = true;
      std::set<std::string> Imported;
      for (auto &[Api, Element] : strings(Node))
        Imported.insert(Api);
      std::vector<std::string> Missing;
      for (const char *Std : {"fs", "net", "process", "env"})
        if (!Imported.count(Std))
          Missing.push_back(Std);
      if (!Missing.empty())
        note(Key, fmt::format(
                      "import_std leaves out {}: Cackle did not check those "
                      "APIs, capgate always does, so packages using them "
                      "will need grants",
                      fmt::join(Missing, ", ")));
    } else if (Name == "features") {
      note(Key, "features are not mapped: pass them to cargo capgate "
                "(--features) as to cargo");
    } else if (Name == "build_flags" || Name == "profile") {
      note(Key, fmt::format("{} is not mapped: capgate uses the cargo flags "
                            "and profile it is given",
                            Name));
    } else {
      note(Key, fmt::format("unknown Cackle key 'common.{}' ignored", Name));
    }
  }

  void readCommon(const toml::node &Node) {
    const toml::table *Common = Node.as_table();
    if (!Common)
      return note(Node, "[common] must be a table; ignored");
    for (const auto &[Key, Value] : *Common)
      readCommonKey(Key, Value);
  }

  void readApi(const std::string &Name, const toml::node &Body) {
    Api A;
    A.Name = Name;
    A.Line = lineOf(Body);
    const toml::table *Fields = Body.as_table();
    if (!Fields)
      return note(Body, fmt::format("[api.{}] must be a table; ignored", Name));
    for (const auto &[Key, Value] : *Fields) {
      if (Key.str() == "include")
        for (auto &[S, E] : strings(Value))
          A.Include.push_back(S);
      else if (Key.str() == "exclude")
        for (auto &[S, E] : strings(Value))
          A.Exclude.push_back(S);
      else if (Key.str() == "no_auto_detect")
        note(Key, fmt::format("api.{}.no_auto_detect is not mapped", Name));
      else
        note(Key, fmt::format("unknown key 'api.{}.{}' ignored", Name,
                              Key.str()));
    }
    bool Known = false;
    std::vector<Capability> Caps = cackleApiCapabilities(Name, Known);
    if (!Caps.empty()) {
      A.Cap = Caps.front();
      if (Caps.size() > 1)
        note(Body, fmt::format("[api.{}] paths are classified as {} only "
                               "(an API table has one capability)",
                               Name, capabilityName(*A.Cap)));
    } else {
      // A name of its own ("tokio-net"): look for a std API name among the
      // path segments ("tokio::net").
      std::set<Capability> Inferred;
      for (const std::string &Path : A.Include) {
        std::size_t Start = 0;
        while (Start <= Path.size()) {
          std::size_t End = Path.find("::", Start);
          std::string Segment = Path.substr(
              Start, End == std::string::npos ? std::string::npos : End - Start);
          bool SegmentKnown = false;
          std::vector<Capability> SegmentCaps =
              cackleApiCapabilities(Segment, SegmentKnown);
          if (!SegmentCaps.empty())
            Inferred.insert(SegmentCaps.front());
          if (End == std::string::npos)
            break;
          Start = End + 2;
        }
      }
      if (Inferred.size() == 1) {
        A.Cap = *Inferred.begin();
        note(Body, fmt::format("[api.{}] has no capgate counterpart by name; "
                               "its paths suggest {}: check it",
                               Name, capabilityName(*A.Cap)));
      } else {
        note(Body, fmt::format("[api.{}] is not mapped: say which capability "
                               "its paths mean (it is left commented out)",
                               Name));
      }
    }
    Apis[Name] = std::move(A);
  }

  /// The capabilities of an allow_apis entry, noting what does not map.
  std::vector<Capability> apiCaps(const std::string &Name,
                                  const toml::node &Where) {
    if (auto It = Apis.find(Name); It != Apis.end()) {
      if (It->second.Cap)
        return {*It->second.Cap};
      note(Where, fmt::format("grant of API '{}' dropped: that API is not "
                              "mapped to a capability",
                              Name));
      return {};
    }
    bool Known = false;
    std::vector<Capability> Caps = cackleApiCapabilities(Name, Known);
    if (!Known)
      note(Where, fmt::format("grant of unknown API '{}' dropped", Name));
    else if (Caps.empty())
      note(Where, fmt::format("grant of '{}' dropped: exiting and aborting "
                              "are not capabilities in capgate",
                              Name));
    else if (Name.find("::") != std::string::npos)
      note(Where, fmt::format("'{}' is an API another crate exports; mapped "
                              "by its name to {}",
                              Name, capabilityName(Caps.front())));
    return Caps;
  }

  /// Reads the keys of [pkg.N], [pkg.N.build], [pkg.N.test] and the
  /// [pkg.N.from.*] tables into scope \p S.
  void readScope(Package &P, const toml::table &Fields, Scope S,
                 const std::string &Where) {
    for (const auto &[Key, Value] : Fields) {
      std::string_view K = Key.str();
      if (K == "allow_apis") {
        for (auto &[Name, Element] : strings(Value)) {
          std::vector<Capability> Caps = apiCaps(Name, *Element);
          if (Caps.empty())
            P.Comments.push_back(fmt::format(
                "Cackle: {}.allow_apis \"{}\" not mapped (line {})", Where,
                Name, lineOf(*Element)));
          P.Scopes[static_cast<std::size_t>(S)].add(Caps);
        }
      } else if (K == "allow_unsafe") {
        if (Value.value<bool>().value_or(false)) {
          P.AllowUnsafe = true;
          if (S != Scope::Normal)
            note(Key, fmt::format("{}.allow_unsafe becomes allow_unsafe for "
                                  "the whole package: capgate does not scope "
                                  "unsafe code",
                                  Where));
        }
      } else if (K == "allow_proc_macro") {
        P.Comments.push_back("Cackle: allow_proc_macro = true (capgate does "
                             "not gate being a proc-macro; proc_macro.allow "
                             "grants what it may do)");
      } else if (K == "sandbox") {
        note(Value, fmt::format("{}.sandbox is not mapped: capgate does not "
                                "sandbox",
                                Where));
      } else if (K == "allow_build_instructions") {
        note(Key, fmt::format("{}.allow_build_instructions is not mapped",
                              Where));
      } else if (K == "import") {
        note(Key, fmt::format("{}.import is not mapped: capgate has no "
                              "crate-exported API definitions; write [api] "
                              "tables for them",
                              Where));
      } else if (K == "ignore_unreachable") {
        note(Key, fmt::format("{}.ignore_unreachable is not mapped", Where));
      } else if (S == Scope::Normal &&
                 (K == "build" || K == "test" || K == "from")) {
        const toml::table *Sub = Value.as_table();
        if (!Sub) {
          note(Value, fmt::format("{}.{} must be a table; ignored", Where, K));
          continue;
        }
        if (K == "from") {
          for (const auto &[FromKey, FromValue] : *Sub) {
            const toml::table *FromTable = FromValue.as_table();
            Scope FromScope = FromKey.str() == "build" ? Scope::BuildScript
                                                       : Scope::Test;
            if (!FromTable ||
                (FromKey.str() != "build" && FromKey.str() != "test")) {
              note(FromKey, fmt::format("{}.from.{} is not mapped", Where,
                                        FromKey.str()));
              continue;
            }
            readScope(P, *FromTable, FromScope,
                      Where + ".from." + std::string(FromKey.str()));
          }
        } else {
          readScope(P, *Sub, K == "build" ? Scope::BuildScript : Scope::Test,
                    Where + "." + std::string(K));
        }
      } else {
        note(Key, fmt::format("unknown key '{}.{}' ignored", Where, K));
      }
    }
  }

  void readPackages(const toml::node &Node) {
    const toml::table *Packages = Node.as_table();
    if (!Packages)
      return note(Node, "[pkg] must be a table; ignored");
    for (const auto &[Key, Body] : *Packages) {
      Package P;
      P.Name = std::string(Key.str());
      P.Line = lineOf(Key);
      const toml::table *Fields = Body.as_table();
      if (!Fields) {
        note(Body, fmt::format("[pkg.{}] must be a table; ignored", P.Name));
        continue;
      }
      readScope(P, *Fields, Scope::Normal, "pkg." + tomlKey(P.Name));
      Pkgs.push_back(std::move(P));
    }
  }

  static std::string list(std::vector<Capability> Caps) {
    std::sort(Caps.begin(), Caps.end());
    std::vector<std::string> Items;
    for (Capability C : Caps)
      Items.push_back(tomlQuote(policySpelling(C)));
    return "[" + fmt::format("{}", fmt::join(Items, ", ")) + "]";
  }

  static std::string strings(const std::vector<std::string> &Items) {
    std::vector<std::string> Quoted;
    for (const std::string &S : Items)
      Quoted.push_back(tomlQuote(S));
    return "[" + fmt::format("{}", fmt::join(Quoted, ", ")) + "]";
  }

  std::string render() {
    std::string Out = fmt::format(
        "# capgate.toml, imported from the Cackle configuration {}\n"
        "# by `cargo capgate import-cackle`. See docs/policy.md.\n"
        "version = 1\n",
        File);
    for (const auto &[Name, A] : Apis) {
      std::string Prefix = A.Cap ? "" : "# ";
      Out += fmt::format("\n# from {}:{}\n", File, A.Line);
      if (!A.Cap)
        Out += "# Not mapped: set the capability these paths mean.\n";
      Out += fmt::format("{}[api.{}]\n", Prefix, tomlKey(Name));
      Out += fmt::format("{}capability = {}\n", Prefix,
                         tomlQuote(A.Cap ? capabilityName(*A.Cap) : "?"));
      if (!A.Include.empty())
        Out += fmt::format("{}include = {}\n", Prefix, strings(A.Include));
      if (!A.Exclude.empty())
        Out += fmt::format("{}exclude = {}\n", Prefix, strings(A.Exclude));
    }
    for (Package &P : Pkgs) {
      // Normal grants hold in every scope; the others list only additions.
      for (Scope S : AllScopes) {
        if (S == Scope::Normal)
          continue;
        auto &Caps = P.Scopes[static_cast<std::size_t>(S)].Caps;
        std::erase_if(Caps, [&](Capability C) {
          const auto &Normal = P.Scopes[0].Caps;
          return std::find(Normal.begin(), Normal.end(), C) != Normal.end();
        });
      }
      Out += fmt::format("\n[pkg.{}]\n", tomlKey(P.Name));
      for (const std::string &Comment : P.Comments)
        Out += "# " + Comment + "\n";
      for (Scope S : AllScopes) {
        const auto &Caps = P.Scopes[static_cast<std::size_t>(S)].Caps;
        if (!Caps.empty())
          Out += fmt::format("{} = {}\n", scopeAllowKey(S), list(Caps));
      }
      if (P.AllowUnsafe)
        Out += "allow_unsafe = true\n";
    }
    return Out;
  }

  const std::string &File;
  std::map<std::string, Api> Apis;
  std::vector<Package> Pkgs;
  std::vector<ImportNote> Notes;
  bool SawImportStd = false;
};

} // namespace

CackleImport importCackle(std::string_view Text, const std::string &File) {
  return Importer(File).run(Text);
}

CackleImport importCackleFile(const std::string &Path) {
  return importCackle(readFile(Path), Path);
}

} // namespace capgate::policy
