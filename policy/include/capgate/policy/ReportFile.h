//===- capgate/policy/ReportFile.h - Reading reports for the policy -*- C++ -*-===//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//
//
// DESCRIPTION:
//   The policy is checked against the report model (capgate/Report.h). These
//   read a report file (capgate-report/2 or /1) with the model's codec and
//   give its errors the policy's diagnostic form (file:line:col).
//
//===----------------------------------------------------------------------===//

#ifndef CAPGATE_POLICY_REPORTFILE_H
#define CAPGATE_POLICY_REPORTFILE_H

#include "capgate/Report.h"
#include "capgate/policy/Diagnostic.h"
#include "capgate/policy/Policy.h"

#include <string>
#include <string_view>

namespace capgate::policy {

/// Reads a report. Throws ConfigError naming \p File when it is not one.
Report parseReport(std::string_view Json, const std::string &File);
Report loadReport(const std::string &Path);

} // namespace capgate::policy

#endif // CAPGATE_POLICY_REPORTFILE_H
