//===- CapgatePass.cpp - The capgate module pass --------------------------===//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//
//
// FILE: CapgatePass.cpp
//
// DESCRIPTION:
//   Finds and loads the annotation files once per process, then runs the
//   analysis, propagation, tagging and facts steps on each module.
//
//===----------------------------------------------------------------------===//

#include "CapgatePass.h"

#include "AnnotationRules.h"
#include "FactsWriter.h"
#include "ModuleAnalysis.h"
#include "PluginConfig.h"
#include "Propagation.h"
#include "Tagging.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/Path.h"
#include "llvm/TargetParser/Triple.h"

#include <dlfcn.h>

using namespace llvm;

namespace capgate {

namespace {

/// Marks a module the pass has already analysed, so that running it twice
/// (an explicit pipeline plus the start extension point, or LTO of modules
/// that were analysed before) does not count anything twice.
constexpr const char *AnalysedMarker = "capgate.analyzed";

/// The annotation directory: the configured one, or the one installed
/// beside this plugin (<prefix>/lib/plugin.so, <prefix>/share/capgate/...).
std::string annotationDirectory() {
  if (!pluginConfig().AnnotationsDir.empty())
    return pluginConfig().AnnotationsDir;
  Dl_info Info;
  if (!dladdr(reinterpret_cast<void *>(&annotationDirectory), &Info) ||
      !Info.dli_fname)
    return "";
  SmallString<256> Directory(sys::path::parent_path(Info.dli_fname));
  sys::path::append(Directory, "..", "share", "capgate", "annotations");
  return std::string(Directory);
}

const AnnotationRules &loadedRules() {
  // Initialised once, by whichever codegen thread comes first; a broken
  // annotation file stops the compilation rather than yield a silently
  // wrong analysis.
  static const AnnotationRules Rules = [] {
    AnnotationRules Loaded;
    std::string Error;
    if (!Loaded.load(annotationDirectory(), pluginConfig().ExtraAnnotations, Error))
      reportFatalUsageError("capgate: " + Twine(Error));
    return Loaded;
  }();
  return Rules;
}

} // namespace

PreservedAnalyses CapgatePass::run(Module &M, ModuleAnalysisManager &) {
  if (M.getNamedMetadata(AnalysedMarker))
    return PreservedAnalyses::all();
  M.getOrInsertNamedMetadata(AnalysedMarker);

  ModuleAnalysis Analysis(M, loadedRules());
  Analysis.run();
  tagFunctions(Analysis, propagate(Analysis));
  // The facts section is an ELF section; on other object formats the tags
  // are all the pass can offer.
  if (M.getTargetTriple().isOSBinFormatELF())
    embedFacts(M, serializeFacts(Analysis, M.getModuleIdentifier()));
  return PreservedAnalyses::none();
}

} // namespace capgate
