// Enforcement.cpp - the crate's own uses against its grants, per scope.
#include "Enforcement.h"

#include "CargoBuild.h"
#include "RustcInvocation.h"
#include "Session.h"
#include "StoppedUnits.h"

#include "FactsGraph.h"
#include "FactsKey.h"
#include "ObjectFile.h"

#include "capgate/policy/CheckReport.h"
#include "capgate/policy/Evaluate.h"
#include "capgate/policy/Policy.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <set>

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

/// One rustc JSON diagnostic, the shape cargo parses from rustc's stderr,
/// with no span: it is about the crate, not a place in it.
std::string jsonDiagnostic(const std::string &Message) {
  nlohmann::json Diagnostic{{"$message_type", "diagnostic"},
                            {"message", Message},
                            {"code", {{"code", "capgate::stopped"}, {"explanation", nullptr}}},
                            {"level", "error"},
                            {"spans", nlohmann::json::array()},
                            {"children", nlohmann::json::array()},
                            {"rendered", "error: " + Message + "\n"}};
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
    markStopped(S, C, StopReason::CompileError, &Identity);
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
    markStopped(S, C, StopReason::ForgedFacts, &Identity);
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

  // One line for the crate: the violations themselves are listed once,
  // with those of the crates cargo did not recompile, when the build has
  // finished (CheckCommand.cpp). An error diagnostic, so that cargo says
  // the crate could not be compiled without replaying rustc's command line.
  std::set<std::string> Capabilities;
  for (const policy::Violation &V : Result.Violations)
    Capabilities.insert(std::string(capabilityName(*V.Cap)));
  std::string Names;
  for (const std::string &Name : Capabilities)
    Names += (Names.empty() ? "" : ", ") + Name;
  std::string InScope = Where == Scope::BuildScript ? " in build-script code"
                        : Where == Scope::ProcMacro ? " in proc-macro code"
                        : Where == Scope::Test      ? " in test code"
                                                    : "";
  std::string Message = "capgate: stopped `" + C.CrateName + "` (package " + Identity.Package + " " +
                        Identity.Version + "): it uses " + Names + InScope + ", which " +
                        policy::displayPath(Policy.File) +
                        " does not grant it; the violations are listed when the build has finished";
  if (C.JsonErrors)
    std::fprintf(stderr, "%s\n", jsonDiagnostic(Message).c_str());
  else
    std::fprintf(stderr, "error: %s\n", Message.c_str());
  markStopped(S, C, StopReason::Violations, &Identity, *Output);
  return 1;
}

} // namespace capgate
