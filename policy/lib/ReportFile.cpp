//===- ReportFile.cpp - Reading reports for the policy ----------------------===//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//

#include "capgate/policy/ReportFile.h"

#include "capgate/ReportJson.h"
#include "capgate/policy/Diagnostic.h"

namespace capgate::policy {

Report parseReport(std::string_view Json, const std::string &File) {
  try {
    return readReportJson(Json);
  } catch (const ReportError &Error) {
    throw ConfigError(Diagnostic{File, Error.Line, Error.Column, Error.Message, Error.Suggestion});
  }
}

Report loadReport(const std::string &Path) { return parseReport(readFile(Path), Path); }

} // namespace capgate::policy
