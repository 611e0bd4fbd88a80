//===- ReportJson.cpp - Reading and writing capgate-report/2 ---------------===//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//
//
// DESCRIPTION:
//   nlohmann::json both ways. Reading checks every field's type, since a
//   report may come from anywhere (a baseline file, another tool), and turns
//   a parse error's byte offset into line:column.
//
//===----------------------------------------------------------------------===//

#include "capgate/ReportJson.h"

#include <nlohmann/json.hpp>

namespace capgate {

namespace {

using Json = nlohmann::ordered_json;

Json capabilityList(CapabilitySet Set) {
  Json List = Json::array();
  Set.forEach([&](Capability Cap) { List.push_back(std::string(capabilityName(Cap))); });
  return List;
}

Json siteFields(Json Entry, const SourceSite &Site) {
  if (!Site.File.empty())
    Entry["file"] = Site.File;
  if (Site.Line)
    Entry["line"] = Site.Line;
  return Entry;
}

Json packageJson(const PackageReport &P) {
  Json Scopes = Json::object();
  for (Scope S : AllScopes) {
    const ScopeReport &Each = P.scope(S);
    if (S == Scope::Normal || (!Each.Present && Each.Direct.empty() && Each.Transitive.empty()))
      continue;
    Scopes[std::string(scopeName(S))] = {{"direct", capabilityList(Each.Direct)},
                                         {"transitive", capabilityList(Each.Transitive)}};
  }
  Json Uses = Json::array();
  for (const UseReport &U : P.Uses) {
    Json Entry = siteFields({{"capability", std::string(capabilityName(U.Cap))},
                             {"function", U.Function},
                             {"callee", U.Callee}},
                            U.Site);
    Entry["scope"] = std::string(scopeName(U.Where));
    Uses.push_back(std::move(Entry));
  }
  Json Sites = Json::array();
  for (const SourceSite &Site : P.UnsafeSites)
    Sites.push_back({{"file", Site.File}, {"line", Site.Line}});
  return {{"name", P.Name},
          {"version", P.Version},
          {"build_only", P.BuildOnly},
          {"direct", capabilityList(P.direct())},
          {"transitive", capabilityList(P.transitive())},
          {"scopes", std::move(Scopes)},
          {"unsafe", P.Unsafe},
          {"uses", std::move(Uses)},
          {"unsafe_sites", std::move(Sites)}};
}

Json binaryJson(const BinaryReport &B) {
  Json Paths = Json::object();
  for (const auto &[Cap, Hops] : B.Paths) {
    Json List = Json::array();
    for (const PathHop &Hop : Hops) {
      Json Entry{{"function", Hop.Function}};
      if (!Hop.Package.empty())
        Entry["package"] = Hop.Package;
      List.push_back(siteFields(std::move(Entry), Hop.Site));
    }
    Paths[std::string(capabilityName(Cap))] = std::move(List);
  }
  Json Contributors = Json::object();
  for (const auto &[Cap, Packages] : B.Contributors) {
    Json List = Json::array();
    for (const PackageRef &Package : Packages)
      List.push_back({{"name", Package.Name}, {"version", Package.Version}});
    Contributors[std::string(capabilityName(Cap))] = std::move(List);
  }
  return {{"name", B.Name},
          {"package", B.Package},
          {"kind", B.Kind},
          {"capabilities", capabilityList(B.Capabilities)},
          {"paths", std::move(Paths)},
          {"contributors", std::move(Contributors)}};
}

/// Reads one document, knowing which schema it declared.
class Reader {
public:
  [[noreturn]] static void fail(const std::string &Message) { throw ReportError(Message); }

  static std::string string(const Json &Object, const char *Key, const std::string &Where, bool Required = true) {
    auto It = Object.find(Key);
    if (It == Object.end() || It->is_null()) {
      if (Required)
        fail(Where + " has no \"" + Key + "\"");
      return "";
    }
    if (!It->is_string())
      fail("\"" + std::string(Key) + "\" of " + Where + " must be a string");
    return It->get<std::string>();
  }

  static bool boolean(const Json &Object, const char *Key, const std::string &Where) {
    auto It = Object.find(Key);
    if (It == Object.end())
      return false;
    if (!It->is_boolean())
      fail("\"" + std::string(Key) + "\" of " + Where + " must be true or false");
    return It->get<bool>();
  }

  static unsigned line(const Json &Object, const std::string &Where) {
    auto It = Object.find("line");
    if (It == Object.end() || It->is_null())
      return 0;
    if (!It->is_number_unsigned())
      fail("\"line\" of " + Where + " must be a positive number");
    return It->get<unsigned>();
  }

  static SourceSite site(const Json &Object, const std::string &Where) {
    return {string(Object, "file", Where, false), line(Object, Where)};
  }

  static Capability capability(const Json &Value, const std::string &Where) {
    if (!Value.is_string())
      fail("capabilities of " + Where + " must be strings");
    std::string Name = Value.get<std::string>();
    std::optional<Capability> Cap = parseCapability(Name);
    if (!Cap)
      throw ReportError("unknown capability '" + Name + "' in " + Where, 0, 0,
                        std::string(suggestCapability(Name)));
    return *Cap;
  }

  static CapabilitySet capabilities(const Json &Object, const char *Key, const std::string &Where) {
    CapabilitySet Set;
    auto It = Object.find(Key);
    if (It == Object.end())
      return Set;
    if (!It->is_array())
      fail("\"" + std::string(Key) + "\" of " + Where + " must be an array");
    for (const Json &Name : *It)
      Set.insert(capability(Name, Where));
    return Set;
  }

  static Scope scope(const std::string &Name, const std::string &Where) {
    std::optional<Scope> S = parseScope(Name);
    if (!S)
      fail("unknown scope '" + Name + "' in " + Where);
    return *S;
  }

  explicit Reader(bool Version1) : Version1(Version1) {}

  PackageReport package(const Json &P, std::size_t Index) {
    std::string Where = "packages[" + std::to_string(Index) + "]";
    if (!P.is_object())
      fail(Where + " must be an object");
    PackageReport R;
    R.Name = string(P, "name", Where);
    Where = "package '" + R.Name + "'";
    R.Version = string(P, "version", Where, false);
    R.BuildOnly = boolean(P, "build_only", Where);
    R.Unsafe = boolean(P, "unsafe", Where);
    if (auto It = P.find("unsafe_sites"); It != P.end()) {
      if (!It->is_array())
        fail("\"unsafe_sites\" of " + Where + " must be an array");
      for (const Json &Site : *It) {
        if (!Site.is_object())
          fail("each unsafe site of " + Where + " must be an object");
        R.UnsafeSites.push_back(site(Site, Where + " unsafe site"));
      }
    }
    if (auto It = P.find("uses"); It != P.end()) {
      if (!It->is_array())
        fail("\"uses\" of " + Where + " must be an array");
      for (const Json &U : *It) {
        if (!U.is_object())
          fail("each use of " + Where + " must be an object");
        auto Cap = U.find("capability");
        if (Cap == U.end())
          fail(Where + " use has no \"capability\"");
        UseReport Use{capability(*Cap, Where), string(U, "function", Where, false), string(U, "callee", Where, false),
                      site(U, Where), Scope::Normal};
        if (std::string Name = string(U, "scope", Where, false); !Name.empty())
          Use.Where = scope(Name, Where);
        // /1 has no per-scope sets: its uses say where each capability is
        // used.
        if (Version1)
          R.addUse(std::move(Use));
        else
          R.Uses.push_back(std::move(Use));
      }
    }
    CapabilitySet Direct = capabilities(P, "direct", Where);
    CapabilitySet Transitive = capabilities(P, "transitive", Where);
    if (Version1) {
      // What no use places in a scope, and everything transitive, which /1
      // did not split, counts as normal code; another scope's code reaches
      // at least what it uses. So a /1 baseline shows no gain where /2
      // only splits what /1 had.
      R.direct().unite(Direct.without(R.allDirect()));
      R.transitive() = Transitive;
      for (Scope S : AllScopes)
        if (S != Scope::Normal)
          R.transitive(S) = R.direct(S);
      return R;
    }
    R.direct() = Direct;
    R.transitive() = Transitive;
    if (auto It = P.find("scopes"); It != P.end()) {
      if (!It->is_object())
        fail("\"scopes\" of " + Where + " must be an object");
      for (const auto &[Name, Sets] : It->items()) {
        Scope S = scope(Name, Where);
        std::string In = Where + " scope '" + Name + "'";
        if (S == Scope::Normal)
          fail(In + ": normal code is the package's own \"direct\" and \"transitive\"");
        if (!Sets.is_object())
          fail(In + " must be an object");
        ScopeReport &Each = R.scope(S);
        Each.Present = true;
        Each.Direct = capabilities(Sets, "direct", In);
        Each.Transitive = capabilities(Sets, "transitive", In);
      }
    }
    return R;
  }

  static BinaryReport binary(const Json &B, std::size_t Index) {
    std::string Where = "binaries[" + std::to_string(Index) + "]";
    if (!B.is_object())
      fail(Where + " must be an object");
    BinaryReport R;
    R.Name = string(B, "name", Where);
    R.Package = string(B, "package", Where, false);
    R.Kind = string(B, "kind", Where, false);
    R.Capabilities = capabilities(B, "capabilities", Where);
    if (auto It = B.find("paths"); It != B.end()) {
      if (!It->is_object())
        fail("\"paths\" of " + Where + " must be an object");
      for (const auto &[Name, Hops] : It->items()) {
        Capability Cap = capability(Json(Name), Where);
        if (!Hops.is_array())
          fail("the path to " + Name + " of " + Where + " must be an array");
        std::vector<PathHop> &Path = R.Paths[Cap];
        for (const Json &Hop : Hops) {
          if (!Hop.is_object())
            fail("each step of a path of " + Where + " must be an object");
          Path.push_back({string(Hop, "function", Where), string(Hop, "package", Where, false), site(Hop, Where)});
        }
      }
    }
    // Reports written before contributors were recorded have none.
    if (auto It = B.find("contributors"); It != B.end()) {
      if (!It->is_object())
        fail("\"contributors\" of " + Where + " must be an object");
      for (const auto &[Name, Packages] : It->items()) {
        Capability Cap = capability(Json(Name), Where);
        if (!Packages.is_array())
          fail("the contributors to " + Name + " of " + Where + " must be an array");
        for (const Json &Package : Packages) {
          if (!Package.is_object())
            fail("each contributor of " + Where + " must be an object");
          R.Contributors[Cap].push_back({string(Package, "name", Where), string(Package, "version", Where, false)});
        }
      }
    }
    return R;
  }

private:
  bool Version1;
};

} // namespace

std::string writeReportJson(const Report &R) {
  Json Packages = Json::array(), Binaries = Json::array(), Calls = Json::array();
  for (const PackageReport &P : R.Packages)
    Packages.push_back(packageJson(P));
  for (const BinaryReport &B : R.Binaries)
    Binaries.push_back(binaryJson(B));
  for (const auto &[From, To] : R.Calls)
    Calls.push_back({From, To});
  Json Root{{"schema", std::string(ReportSchema)},
            {"sandbox", R.Sandbox},
            {"packages", std::move(Packages)},
            {"binaries", std::move(Binaries)},
            {"calls", std::move(Calls)}};
  return Root.dump(2) + "\n";
}

Report readReportJson(std::string_view Text) {
  Json Doc;
  try {
    Doc = Json::parse(Text);
  } catch (const Json::parse_error &Failure) {
    // nlohmann reports the byte offset just past the error.
    std::size_t Offset = std::min<std::size_t>(Failure.byte, Text.size());
    unsigned Line = 1, Column = 1;
    for (std::size_t I = 0; I + 1 < Offset; ++I) {
      if (Text[I] == '\n')
        ++Line, Column = 1;
      else
        ++Column;
    }
    std::string Message = Failure.what();
    if (std::size_t At = Message.find(": "); At != std::string::npos)
      Message = Message.substr(At + 2);
    throw ReportError("malformed JSON: " + Message, Line, Column);
  }
  if (!Doc.is_object())
    Reader::fail("a report must be a JSON object");
  std::string Schema = Reader::string(Doc, "schema", "the report");
  if (Schema != ReportSchema && Schema != "capgate-report/1")
    Reader::fail("unsupported report schema '" + Schema + "' (this capgate reads " + std::string(ReportSchema) +
                 " and capgate-report/1)");
  Reader Read(Schema == "capgate-report/1");
  Report R;
  R.Sandbox = Doc.contains("sandbox") ? Reader::boolean(Doc, "sandbox", "the report") : true;
  if (auto It = Doc.find("packages"); It != Doc.end()) {
    if (!It->is_array())
      Reader::fail("\"packages\" must be an array");
    for (std::size_t I = 0; I < It->size(); ++I)
      R.Packages.push_back(Read.package((*It)[I], I));
  }
  if (auto It = Doc.find("binaries"); It != Doc.end()) {
    if (!It->is_array())
      Reader::fail("\"binaries\" must be an array");
    for (std::size_t I = 0; I < It->size(); ++I)
      R.Binaries.push_back(Reader::binary((*It)[I], I));
  }
  if (auto It = Doc.find("calls"); It != Doc.end()) {
    if (!It->is_array())
      Reader::fail("\"calls\" must be an array");
    for (const Json &Call : *It) {
      if (!Call.is_array() || Call.size() != 2 || !Call[0].is_string() || !Call[1].is_string())
        Reader::fail("each of \"calls\" must be [caller, callee]");
      R.Calls.emplace_back(Call[0].get<std::string>(), Call[1].get<std::string>());
    }
  }
  return R;
}

} // namespace capgate
