//===- Report.cpp - Reading capgate-report/1 -------------------------------===//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//
//
// DESCRIPTION:
//   Reads the report JSON with nlohmann::json. Besides the documented fields
//   it reads two optional ones the policy needs: `scope` on a use
//   ("normal", "build-script", "proc-macro", "test"; normal when absent) and
//   `unsafe_sites` ([{file, line}]) on a package.
//
//===----------------------------------------------------------------------===//

#include "capgate/policy/Report.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

namespace capgate::policy {

CapabilitySet PackageFacts::allDirect() const {
  CapabilitySet All;
  for (const CapabilitySet &S : Direct)
    All.unite(S);
  return All;
}

void PackageFacts::addUse(UseSite U) {
  direct(U.Where).insert(U.Cap);
  Uses.push_back(std::move(U));
}

std::vector<std::string> Report::packageNames() const {
  std::set<std::string> Names;
  for (const PackageFacts &P : Packages)
    Names.insert(P.Name);
  return {Names.begin(), Names.end()};
}

namespace {

using nlohmann::json;

class Reader {
public:
  explicit Reader(const std::string &File) : File(File) {}

  [[noreturn]] void fail(const std::string &Message) {
    throw ConfigError(Diagnostic{File, 0, 0, Message, ""});
  }

  const json &field(const json &Object, const char *Key, const std::string &Where) {
    auto It = Object.find(Key);
    if (It == Object.end())
      fail(fmt::format("{} has no \"{}\"", Where, Key));
    return *It;
  }

  std::string string(const json &Object, const char *Key,
                     const std::string &Where, bool Required = true) {
    auto It = Object.find(Key);
    if (It == Object.end() || It->is_null()) {
      if (Required)
        fail(fmt::format("{} has no \"{}\"", Where, Key));
      return "";
    }
    if (!It->is_string())
      fail(fmt::format("\"{}\" of {} must be a string", Key, Where));
    return It->get<std::string>();
  }

  unsigned line(const json &Object, const std::string &Where) {
    auto It = Object.find("line");
    if (It == Object.end() || It->is_null())
      return 0;
    if (!It->is_number_unsigned())
      fail(fmt::format("\"line\" of {} must be a positive number", Where));
    return It->get<unsigned>();
  }

  Capability capability(const json &Value, const std::string &Where) {
    if (!Value.is_string())
      fail(fmt::format("capabilities of {} must be strings", Where));
    std::string Name = Value.get<std::string>();
    std::optional<Capability> Cap = parseCapability(Name);
    if (!Cap) {
      std::string_view Suggestion = suggestCapability(Name);
      throw ConfigError(Diagnostic{
          File, 0, 0,
          fmt::format("unknown capability '{}' in {}", Name, Where),
          std::string(Suggestion)});
    }
    return *Cap;
  }

  CapabilitySet capabilities(const json &Object, const char *Key,
                             const std::string &Where) {
    CapabilitySet Set;
    auto It = Object.find(Key);
    if (It == Object.end())
      return Set;
    if (!It->is_array())
      fail(fmt::format("\"{}\" of {} must be an array", Key, Where));
    for (const json &Name : *It)
      Set.insert(capability(Name, Where));
    return Set;
  }

  PackageFacts package(const json &P, std::size_t Index) {
    std::string Where = fmt::format("packages[{}]", Index);
    if (!P.is_object())
      fail(Where + " must be an object");
    PackageFacts F;
    F.Name = string(P, "name", Where);
    Where = fmt::format("package '{}'", F.Name);
    F.Version = string(P, "version", Where, false);
    F.Transitive = capabilities(P, "transitive", Where);
    if (auto It = P.find("unsafe"); It != P.end()) {
      if (!It->is_boolean())
        fail(fmt::format("\"unsafe\" of {} must be true or false", Where));
      F.Unsafe = It->get<bool>();
    }
    if (auto It = P.find("unsafe_sites"); It != P.end() && It->is_array())
      for (const json &Site : *It)
        if (Site.is_object())
          F.UnsafeSites.push_back(
              {string(Site, "file", Where + " unsafe site", false),
               line(Site, Where)});
    if (auto It = P.find("uses"); It != P.end()) {
      if (!It->is_array())
        fail(fmt::format("\"uses\" of {} must be an array", Where));
      for (const json &U : *It) {
        if (!U.is_object())
          fail(fmt::format("each use of {} must be an object", Where));
        UseSite Site;
        Site.Cap = capability(field(U, "capability", Where + " use"), Where);
        std::string ScopeText = string(U, "scope", Where, false);
        if (!ScopeText.empty()) {
          std::optional<Scope> S = parseScopeName(ScopeText);
          if (!S)
            fail(fmt::format("unknown scope '{}' in {}", ScopeText, Where));
          Site.Where = *S;
        }
        Site.Function = string(U, "function", Where, false);
        Site.Callee = string(U, "callee", Where, false);
        Site.File = string(U, "file", Where, false);
        Site.Line = line(U, Where);
        F.addUse(std::move(Site));
      }
    }
    // A capability in `direct` that no use explains counts as normal code.
    CapabilitySet Listed = capabilities(P, "direct", Where);
    F.direct(Scope::Normal).unite(Listed.without(F.allDirect()));
    return F;
  }

  Report read(std::string_view Text) {
    json Doc;
    try {
      Doc = json::parse(Text);
    } catch (const json::parse_error &Failure) {
      // nlohmann reports a byte offset; turn it into line:col.
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
      throw ConfigError(
          Diagnostic{File, Line, Column, "malformed JSON: " + Message, ""});
    }
    if (!Doc.is_object())
      fail("a report must be a JSON object");
    std::string Schema = string(Doc, "schema", "the report");
    if (Schema != "capgate-report/1")
      fail(fmt::format("unsupported report schema '{}' (this capgate reads "
                       "capgate-report/1)",
                       Schema));
    Report R;
    if (auto It = Doc.find("packages"); It != Doc.end()) {
      if (!It->is_array())
        fail("\"packages\" must be an array");
      for (std::size_t I = 0; I < It->size(); ++I)
        R.Packages.push_back(package((*It)[I], I));
    }
    if (auto It = Doc.find("binaries"); It != Doc.end()) {
      if (!It->is_array())
        fail("\"binaries\" must be an array");
      for (std::size_t I = 0; I < It->size(); ++I) {
        const json &B = (*It)[I];
        std::string Where = fmt::format("binaries[{}]", I);
        if (!B.is_object())
          fail(Where + " must be an object");
        BinaryFacts F;
        F.Name = string(B, "name", Where);
        F.Package = string(B, "package", Where, false);
        F.Kind = string(B, "kind", Where, false);
        F.Capabilities = capabilities(B, "capabilities", Where);
        R.Binaries.push_back(std::move(F));
      }
    }
    return R;
  }

private:
  const std::string &File;
};

} // namespace

Report parseReport(std::string_view Json, const std::string &File) {
  return Reader(File).read(Json);
}

Report loadReport(const std::string &Path) {
  return parseReport(readFile(Path), Path);
}

} // namespace capgate::policy
