// Enforcement.cpp - the crate's own uses against its grants, per scope.
#include "Enforcement.h"

#include "CargoBuild.h"
#include "RustcInvocation.h"
#include "Session.h"

#include "FactsGraph.h"
#include "FactsKey.h"
#include "ObjectFile.h"

#include "capgate/policy/Diagnostic.h"
#include "capgate/policy/Evaluate.h"
#include "capgate/policy/Policy.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace capgate {

namespace {

Scope scopeOf(const RustcInvocation &C, const UnitIdentity &Identity) {
  if (C.procMacro())
    return Scope::ProcMacro;
  // From cargo's metadata: a binary may call itself build_script_x, and an
  // example is a binary to rustc.
  if (Identity.TargetKind == "custom-build")
    return Scope::BuildScript;
  if (C.Test || Identity.TargetKind == "example" || Identity.TargetKind == "bench" || Identity.TargetKind == "test")
    return Scope::Test;
  return Scope::Normal;
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

int enforcePolicy(const Session &S, const RustcInvocation &C, const UnitIdentity &Identity) {
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
    Policy = policy::loadPolicy(S.PolicyPath);
  } catch (const policy::ConfigError &Error) {
    std::fprintf(stderr, "%s\n", Error.render().c_str());
    return 1;
  }

  // The facts authenticated: an rlib holds its own unit's objects only; a
  // linked output also holds its libraries', each checked when it was
  // compiled, so there only authenticity is checked here. A hostile or
  // malformed section is this crate's finding, never a crash of the wrapper.
  FactsGraph Graph(std::make_shared<FactsStore>(""));
  try {
    Graph = FactsGraph(readFactsKey());
    bool Library = Output->ends_with(".rlib");
    FactsSections Sections = readFactsSections(*Output);
    for (std::string_view Section : Sections.Sections)
      Graph.addSection(Section, FactsOrigin(*Output, Identity.Package, Library ? C.unitId() : "", false));
    Graph.link();
  } catch (const std::exception &Error) {
    std::fprintf(stderr, "error: %s\n", Error.what());
    if (!S.FindingsDir.empty())
      std::ofstream(fs::path(S.FindingsDir) / C.unitId()) << "facts\n";
    return 1;
  }

  // The crate's own code only: generics of other crates instantiated here
  // are their authors', and are checked against their authors' grants.
  // A build-only package's library code is held to `build.allow`; the
  // session (never the environment) says which packages are.
  PackageReport Facts;
  Facts.Name = Identity.Package;
  Facts.Version = Identity.Version;
  Facts.BuildOnly = Identity.BuildOnly;
  Scope Where = scopeOf(C, Identity);
  for (const GraphNode &Node : Graph.nodes()) {
    if (Node.Crate < 0 || Graph.crates()[Node.Crate].Name != C.CrateName)
      continue;
    for (const Use &U : Node.Uses)
      Facts.addUse({U.Cap, Node.Path, U.Callee, U.Site, Where});
  }
  for (const auto &[Crate, Uses] : Graph.crateUses())
    if (Graph.crates()[Crate].Name == C.CrateName)
      for (const Use &U : Uses)
        Facts.addUse({U.Cap, C.CrateName, U.Callee, U.Site, Where});

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
  if (!S.FindingsDir.empty())
    std::ofstream(fs::path(S.FindingsDir) / C.unitId()) << Result.Violations.size() << "\n";
  return 1;
}

} // namespace capgate
