// DiffCommand.cpp - `cargo capgate diff`: capabilities gained or lost between two reports.
#include "Commands.h"

#include "capgate/policy/Diff.h"
#include "capgate/policy/ReportFile.h"
#include "capgate/policy/Sarif.h"

#include <iostream>

namespace capgate {

int runDiff(const std::string &Old, const std::string &New, const std::string &Format, const std::string &SarifRoot) {
  Report Before = policy::loadReport(Old), After = policy::loadReport(New);
  policy::ReportDiff Diff = policy::diffReports(Before, After);
  policy::SarifOptions Sarif;
  Sarif.SourceRoot = SarifRoot;
  Sarif.ToolVersion = CAPGATE_VERSION;
  std::cout << (Format == "sarif" ? policy::sarifForDiff(Diff, After, Sarif) : policy::renderDiff(Diff));
  return Diff.exitCode();
}

} // namespace capgate
