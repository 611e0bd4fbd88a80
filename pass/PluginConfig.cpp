//===- PluginConfig.cpp - What cargo capgate tells the plugin -------------===//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//
//
// FILE: PluginConfig.cpp
//
// DESCRIPTION:
//   Reads the plugin's configuration from the environment in a static
//   initialiser, which runs when rustc dlopens the plugin.
//
//===----------------------------------------------------------------------===//

#include "PluginConfig.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <cstdlib>

using namespace llvm;

namespace capgate {

namespace {

std::string environment(const char *Name) {
  const char *Value = std::getenv(Name);
  return Value ? Value : "";
}

PluginConfig readConfig() {
  PluginConfig Config;
  Config.AnnotationsDir = environment("CAPGATE_ANNOTATIONS_DIR");
  SmallVector<StringRef, 4> Parts;
  std::string Extra = environment("CAPGATE_EXTRA_ANNOTATIONS");
  StringRef(Extra).split(Parts, ':', -1, /*KeepEmpty=*/false);
  for (StringRef Part : Parts)
    Config.ExtraAnnotations.push_back(Part.str());
  Config.Unit = environment("CAPGATE_UNIT");
  Config.UnitKey = environment("CAPGATE_UNIT_KEY");
  if (!Config.UnitKey.empty())
    unsetenv("CAPGATE_UNIT_KEY");
  Config.Package = environment("CAPGATE_PACKAGE");
  Config.Version = environment("CAPGATE_PACKAGE_VERSION");
  Config.ManifestDir = environment("CAPGATE_MANIFEST_DIR");
  return Config;
}

// A global rather than a function-local static on purpose: it must be read
// when rustc loads the plugin, before any proc-macro could change the
// environment, not when the first module reaches the pass.
const PluginConfig Config = readConfig();

} // namespace

const PluginConfig &pluginConfig() { return Config; }

} // namespace capgate
