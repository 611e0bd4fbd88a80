//===- CrateIdentity.cpp - Which crate rustc is compiling -----------------===//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//
//
// FILE: CrateIdentity.cpp
//
// DESCRIPTION:
//   Parses the few rustc options that identify a crate from
//   /proc/self/cmdline, in both their "--opt value" and "--opt=value" forms;
//   the package comes from the plugin's configuration.
//
//===----------------------------------------------------------------------===//

#include "CrateIdentity.h"

#include "PluginConfig.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <fstream>
#include <iterator>
#include <optional>

using namespace llvm;

namespace capgate {

namespace {

CrateIdentity readIdentity() {
  CrateIdentity Identity;
  // Never CARGO_PKG_NAME and its kind: a build script's cargo:rustc-env
  // lines can set those for its package's compilations.
  const PluginConfig &Config = pluginConfig();
  Identity.Package = Config.Package;
  Identity.Version = Config.Version;
  Identity.ManifestDir = Config.ManifestDir;

  std::ifstream CommandLine("/proc/self/cmdline", std::ios::binary);
  std::string Raw((std::istreambuf_iterator<char>(CommandLine)),
                  std::istreambuf_iterator<char>());
  SmallVector<StringRef, 64> Arguments;
  StringRef(Raw).split(Arguments, '\0', -1, /*KeepEmpty=*/false);

  SmallVector<std::string, 4> Types;
  for (size_t I = 0; I < Arguments.size(); ++I) {
    StringRef Argument = Arguments[I];
    auto Value = [&](StringRef Option) -> std::optional<StringRef> {
      if (Argument == Option && I + 1 < Arguments.size())
        return Arguments[++I];
      if (Argument.consume_front(Option) && Argument.consume_front("="))
        return Argument;
      return std::nullopt;
    };
    if (std::optional<StringRef> Name = Value("--crate-name"))
      Identity.CrateName = Name->str();
    else if (std::optional<StringRef> Type = Value("--crate-type")) {
      SmallVector<StringRef, 2> Listed;
      Type->split(Listed, ',');
      for (StringRef Each : Listed)
        Types.push_back(Each.str());
    } else if (Argument == "--test")
      Types.push_back("test");
  }
  // rustc compiles a binary unless told otherwise.
  if (Types.empty() || (Types.size() == 1 && Types[0] == "test"))
    Types.insert(Types.begin(), "bin");
  for (const std::string &Type : Types) {
    if (!Identity.CrateTypes.empty())
      Identity.CrateTypes += ',';
    Identity.CrateTypes += Type;
  }
  return Identity;
}

} // namespace

const CrateIdentity &currentCrate() {
  // A function-local static is initialised once even when several codegen
  // threads get here at the same time.
  static const CrateIdentity Identity = readIdentity();
  return Identity;
}

} // namespace capgate
