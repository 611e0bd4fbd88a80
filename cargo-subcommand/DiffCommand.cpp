// DiffCommand.cpp - `cargo capgate diff`: capabilities gained or lost between two reports.
#include "Commands.h"

#include "capgate/policy/Diff.h"
#include "capgate/policy/ReportFile.h"
#include "capgate/policy/Sarif.h"

#include <iostream>

namespace capgate {

int runDiff(const std::string &Old, const std::string &New, const std::string &Format) {
  Report Before = policy::loadReport(Old), After = policy::loadReport(New);
  policy::ReportDiff Diff = policy::diffReports(Before, After);
  std::cout << (Format == "sarif" ? policy::sarifForDiff(Diff, After) : policy::renderDiff(Diff));
  return Diff.exitCode();
}

} // namespace capgate
