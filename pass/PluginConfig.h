//===- PluginConfig.h - What cargo capgate tells the plugin -----*- C++ -*-===//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//
//
// FILE: PluginConfig.h
//
// DESCRIPTION:
//   The plugin's configuration: the annotation files, and the compilation
//   unit and package it compiles. cargo capgate's wrapper sets them in
//   rustc's environment (CAPGATE_*), from its session file and cargo's
//   metadata, after removing whatever a build script's cargo:rustc-env
//   lines put there. The plugin reads them once, when rustc loads it: rustc
//   loads -Zllvm-plugins as it starts, before any proc-macro runs, so a
//   proc-macro that changes the environment later changes nothing.
//
//===----------------------------------------------------------------------===//

#ifndef CAPGATE_PASS_PLUGINCONFIG_H
#define CAPGATE_PASS_PLUGINCONFIG_H

#include <string>
#include <vector>

namespace capgate {

struct PluginConfig {
  /// CAPGATE_ANNOTATIONS_DIR; empty for the directory installed beside the
  /// plugin.
  std::string AnnotationsDir;
  /// CAPGATE_EXTRA_ANNOTATIONS, ':'-separated.
  std::vector<std::string> ExtraAnnotations;
  /// CAPGATE_UNIT: cargo's unit id, crate name and extra filename.
  std::string Unit;
  /// CAPGATE_UNIT_KEY: the key that authenticates this unit's facts. It is
  /// removed from the environment as soon as it is read, so that no
  /// proc-macro or linker rustc starts can see it.
  std::string UnitKey;
  /// CAPGATE_PACKAGE, CAPGATE_PACKAGE_VERSION and CAPGATE_MANIFEST_DIR: the
  /// package that wrote the crate, from cargo's metadata; empty for a
  /// compilation cargo capgate does not attribute (a build script's probe,
  /// or rustc run by hand).
  std::string Package;
  std::string Version;
  std::string ManifestDir;
};

/// The configuration read when the plugin was loaded.
const PluginConfig &pluginConfig();

} // namespace capgate

#endif // CAPGATE_PASS_PLUGINCONFIG_H
