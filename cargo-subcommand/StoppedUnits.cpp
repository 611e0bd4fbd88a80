// StoppedUnits.cpp - the wrapper's marks: the reason on the first line, and
// for a unit stopped for its violations, its artefact as JSON on the second.
#include "StoppedUnits.h"

#include <nlohmann/json.hpp>

#include <fstream>

namespace fs = std::filesystem;

namespace capgate {

namespace {

const char *reasonWord(StopReason Reason) {
  switch (Reason) {
  case StopReason::ForgedFacts:
    return "facts";
  case StopReason::Violations:
    return "violations";
  case StopReason::CompileError:
    return "compile-error";
  }
  return "compile-error";
}

/// The kind cargo would give the unit's artefact (kindOf in CargoBuild.cpp).
std::string artifactKind(const RustcInvocation &Invocation, const UnitIdentity &Identity) {
  const std::string &Kind = Identity.TargetKind;
  if (Kind == "custom-build")
    return "build-script";
  if (Invocation.Test || Kind == "bench")
    return "test";
  if (Kind == "bin" || Kind == "example" || Kind == "test" || Kind == "proc-macro")
    return Kind;
  for (const char *Linked : {"cdylib", "staticlib"})
    for (const std::string &Type : Invocation.CrateTypes)
      if (Type == Linked)
        return Linked;
  return "lib";
}

} // namespace

void markStopped(const Session &S, const RustcInvocation &Invocation, StopReason Reason,
                 const UnitIdentity *Identity, const std::string &OutputFile) {
  if (S.FindingsDir.empty())
    return;
  std::ofstream Mark(fs::path(S.FindingsDir) / Invocation.unitId());
  Mark << reasonWord(Reason) << "\n";
  if (!Identity)
    return;
  std::error_code Error;
  fs::path Source = fs::absolute(Invocation.Source, Error);
  std::string Kind = artifactKind(Invocation, *Identity);
  nlohmann::json Output{{"package", Identity->Package},
                        {"version", Identity->Version},
                        {"manifest_dir", Identity->ManifestDir},
                        {"target", Invocation.CrateName},
                        {"kind", Kind},
                        {"file", OutputFile},
                        {"binary", Kind == "lib" ? "" : OutputFile},
                        {"build_only", Identity->BuildOnly},
                        {"src_path", Error ? Invocation.Source : Source.string()}};
  Mark << Output.dump() << "\n";
}

std::vector<StoppedUnit> readStoppedUnits(const fs::path &FindingsDir) {
  std::vector<StoppedUnit> Units;
  std::error_code Error;
  for (const fs::directory_entry &Entry : fs::directory_iterator(FindingsDir, Error)) {
    std::ifstream Mark(Entry.path());
    std::string Word, Line;
    std::getline(Mark, Word);
    StoppedUnit Unit;
    nlohmann::json Output;
    if (std::getline(Mark, Line))
      Output = nlohmann::json::parse(Line, nullptr, /*allow_exceptions=*/false);
    if (Word == "facts")
      Unit.Reason = StopReason::ForgedFacts;
    // A unit stopped for its violations whose artefact cannot be named
    // stays a CompileError: the build failed, and nothing says it passed.
    if (Word == "violations" && Output.is_object() && !Output.value("file", "").empty())
      Unit.Reason = StopReason::Violations;
    if (Output.is_object()) {
      Artifact &A = Unit.Output;
      A.PackageName = Output.value("package", "");
      A.PackageVersion = Output.value("version", "");
      A.ManifestDir = Output.value("manifest_dir", "");
      A.TargetName = Output.value("target", "");
      A.Kind = Output.value("kind", "");
      A.Files = {Output.value("file", "")};
      A.Binary = Output.value("binary", "");
      A.BuildOnly = Output.value("build_only", false);
      A.SourcePath = Output.value("src_path", "");
    }
    Units.push_back(std::move(Unit));
  }
  return Units;
}

} // namespace capgate
