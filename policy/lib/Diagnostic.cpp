//===- Diagnostic.cpp - Configuration errors -------------------------------===//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//

#include "capgate/policy/Diagnostic.h"

namespace capgate::policy {

std::string Diagnostic::render() const {
  std::string Out = File;
  if (Line != 0) {
    Out += ":" + std::to_string(Line);
    if (Column != 0)
      Out += ":" + std::to_string(Column);
  }
  Out += (Out.empty() ? "" : ": ") + std::string("error: ") + Message;
  if (!Suggestion.empty())
    Out += " (did you mean '" + Suggestion + "'?)";
  return Out;
}

namespace {
std::string renderAll(const std::vector<Diagnostic> &Diagnostics) {
  std::string Out;
  for (const Diagnostic &D : Diagnostics)
    Out += (Out.empty() ? "" : "\n") + D.render();
  return Out;
}
} // namespace

ConfigError::ConfigError(std::vector<Diagnostic> Diagnostics)
    : std::runtime_error(renderAll(Diagnostics)),
      Diagnostics(std::move(Diagnostics)) {}

std::string ConfigError::render() const { return what(); }

} // namespace capgate::policy
