// Enforcement.cpp - the crate's own uses against its grants, per scope.
#include "Enforcement.h"

#include "CargoBuild.h"

#include "FactsGraph.h"
#include "ObjectFile.h"

#include "capgate/policy/Diagnostic.h"
#include "capgate/policy/Evaluate.h"
#include "capgate/policy/Policy.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>

namespace fs = std::filesystem;

namespace capgate {

namespace {

/// What rustc was asked to compile, from its command line.
struct Compilation {
  std::string CrateName;
  std::string OutDir;
  std::string ExtraFilename;
  std::vector<std::string> CrateTypes;
  bool Test = false;
  bool Links = false;
  bool JsonErrors = false;
};

Compilation parseRustcArguments(const std::vector<std::string> &Arguments) {
  Compilation C;
  for (std::size_t I = 0; I < Arguments.size(); ++I) {
    const std::string &A = Arguments[I];
    auto Value = [&](const std::string &Option) -> std::optional<std::string> {
      if (A == Option && I + 1 < Arguments.size())
        return Arguments[++I];
      if (A.rfind(Option + "=", 0) == 0)
        return A.substr(Option.size() + 1);
      return std::nullopt;
    };
    if (auto V = Value("--crate-name"))
      C.CrateName = *V;
    else if (auto V = Value("--out-dir"))
      C.OutDir = *V;
    else if (auto V = Value("--crate-type"))
      C.CrateTypes.push_back(*V);
    else if (auto V = Value("--emit"))
      C.Links = C.Links || V->find("link") != std::string::npos;
    else if (auto V = Value("--error-format"))
      C.JsonErrors = *V == "json";
    else if (A == "--test")
      C.Test = true;
    else if (A == "-C" && I + 1 < Arguments.size() &&
             Arguments[I + 1].rfind("extra-filename=", 0) == 0)
      C.ExtraFilename = Arguments[++I].substr(15);
    else if (A.rfind("-Cextra-filename=", 0) == 0)
      C.ExtraFilename = A.substr(17);
  }
  return C;
}

/// The file rustc wrote the crate's code to.
std::optional<std::string> outputOf(const Compilation &C) {
  fs::path Dir(C.OutDir);
  std::string Stem = C.CrateName + C.ExtraFilename;
  for (const fs::path &Candidate :
       {Dir / ("lib" + Stem + ".rlib"), Dir / Stem, Dir / ("lib" + Stem + ".so")})
    if (fs::exists(Candidate))
      return Candidate.string();
  return std::nullopt;
}

policy::Scope scopeOf(const Compilation &C) {
  const char *CrateName = std::getenv("CARGO_CRATE_NAME");
  bool Binary = false;
  for (const std::string &Type : C.CrateTypes) {
    if (Type == "proc-macro")
      return policy::Scope::ProcMacro;
    Binary |= Type == "bin";
  }
  if (CrateName && isBuildScriptCrate(CrateName, Binary))
    return policy::Scope::BuildScript;
  return C.Test ? policy::Scope::Test : policy::Scope::Normal;
}

std::string environment(const char *Name) {
  const char *Value = std::getenv(Name);
  return Value ? Value : "";
}

/// A rustc JSON diagnostic, the shape cargo parses from rustc's stderr.
std::string jsonDiagnostic(const policy::Violation &V, const std::string &Rendered,
                           const std::string &Help) {
  nlohmann::json Spans = nlohmann::json::array();
  if (!V.File.empty() && V.Line)
    Spans.push_back({{"file_name", V.File},
                     {"byte_start", 0},
                     {"byte_end", 0},
                     {"line_start", V.Line},
                     {"line_end", V.Line},
                     {"column_start", 1},
                     {"column_end", 1},
                     {"is_primary", true},
                     {"text", nlohmann::json::array()},
                     {"label", "calls " + V.Callee},
                     {"suggested_replacement", nullptr},
                     {"suggestion_applicability", nullptr},
                     {"expansion", nullptr}});
  nlohmann::json Children = nlohmann::json::array();
  Children.push_back({{"message", Help},
                      {"code", nullptr},
                      {"level", "help"},
                      {"spans", nlohmann::json::array()},
                      {"children", nlohmann::json::array()},
                      {"rendered", nullptr}});
  nlohmann::json Diagnostic{{"$message_type", "diagnostic"},
                            {"message", V.message()},
                            {"code", {{"code", "capgate::policy"}, {"explanation", nullptr}}},
                            {"level", "error"},
                            {"spans", Spans},
                            {"children", Children},
                            {"rendered", Rendered}};
  return Diagnostic.dump();
}

} // namespace

int enforcePolicy(const std::vector<std::string> &RustcArguments) {
  Compilation C = parseRustcArguments(RustcArguments);
  if (!C.Links || C.CrateName.empty())
    return 0;
  std::optional<std::string> Output = outputOf(C);
  if (!Output) {
    std::fprintf(stderr, "error: capgate: cannot find what rustc produced for `%s` in %s\n",
                 C.CrateName.c_str(), C.OutDir.c_str());
    return 1;
  }
  policy::Policy Policy;
  try {
    Policy = policy::loadPolicy(environment(PolicyVariable));
  } catch (const policy::ConfigError &Error) {
    std::fprintf(stderr, "%s\n", Error.render().c_str());
    return 1;
  }

  FactsGraph Graph;
  FactsSections Sections = readFactsSections(*Output);
  for (std::string_view Section : Sections.Sections)
    Graph.addSection(Section, *Output);
  Graph.link();

  // The crate's own code only: generics of other crates instantiated here
  // are their authors', and are checked against their authors' grants.
  policy::PackageFacts Facts;
  Facts.Name = environment("CARGO_PKG_NAME");
  Facts.Version = environment("CARGO_PKG_VERSION");
  policy::Scope Scope = scopeOf(C);
  for (const GraphNode &Node : Graph.nodes()) {
    if (Node.Crate < 0 || Graph.crates()[Node.Crate].Name != C.CrateName)
      continue;
    for (const Use &U : Node.Uses)
      Facts.addUse({U.Cap, Scope, Node.Path, U.Callee, U.Site.File, U.Site.Line});
  }
  for (const auto &[Crate, Uses] : Graph.crateUses())
    if (Graph.crates()[Crate].Name == C.CrateName)
      for (const Use &U : Uses)
        Facts.addUse({U.Cap, Scope, C.CrateName, U.Callee, U.Site.File, U.Site.Line});

  policy::Evaluation Result = policy::evaluate(Policy, {Facts});
  // Unused grants need the whole build; `cargo capgate check` reports them.
  Result.Unused.clear();
  std::erase_if(Result.Violations,
                [](const policy::Violation &V) { return V.What != policy::Violation::Kind::Capability; });
  if (Result.Violations.empty())
    return 0;

  for (const policy::Violation &V : Result.Violations) {
    policy::Evaluation One;
    One.Violations.push_back(V);
    std::string Rendered = policy::renderEvaluation(One, Policy, false);
    // The summary line belongs at the end of the whole check, not per use.
    Rendered = Rendered.substr(0, Rendered.rfind("capgate: "));
    if (C.JsonErrors) {
      std::string Help = "to allow it, add `" + V.Fix.text() + "` to " + V.Fix.Table + " in " + Policy.File;
      std::fprintf(stderr, "%s\n", jsonDiagnostic(V, Rendered, Help).c_str());
    } else {
      std::fputs(Rendered.c_str(), stderr);
    }
  }
  std::string Marks = environment(ViolationsVariable);
  if (!Marks.empty())
    std::ofstream(fs::path(Marks) / (C.CrateName + C.ExtraFilename)) << Result.Violations.size() << "\n";
  return 1;
}

} // namespace capgate
