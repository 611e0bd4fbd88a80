//===- capgate/ReportJson.h - The report's JSON --------------------*- C++ -*-===//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//
//
// DESCRIPTION:
//   The one JSON codec of the report model (capgate/Report.h): writes
//   capgate-report/2, reads capgate-report/2 and capgate-report/1
//   (docs/report-schema.md says how /1 maps onto scopes). The report `cargo
//   capgate report --format json` prints, the one `diff`, `check --baseline`
//   and `capgate-trace --static` read, and the report cache's contents.
//
//===----------------------------------------------------------------------===//

#ifndef CAPGATE_REPORTJSON_H
#define CAPGATE_REPORTJSON_H

#include "capgate/Report.h"

#include <stdexcept>
#include <string>
#include <string_view>

namespace capgate {

inline constexpr std::string_view ReportSchema = "capgate-report/2";

/// A document that is not a report this capgate reads. Line and Column are
/// set (from 1) for malformed JSON, else 0.
class ReportError : public std::runtime_error {
public:
  ReportError(std::string Message, unsigned Line = 0, unsigned Column = 0, std::string Suggestion = "")
      : std::runtime_error(Message), Message(std::move(Message)), Line(Line), Column(Column),
        Suggestion(std::move(Suggestion)) {}

  std::string Message;
  unsigned Line, Column;
  /// A capability name close to an unknown one, or empty.
  std::string Suggestion;
};

/// The capgate-report/2 document of \p R, pretty-printed, ending in a line
/// feed. Dependencies are not written.
std::string writeReportJson(const Report &R);

/// Reads a capgate-report/2 or /1 document. Throws ReportError.
Report readReportJson(std::string_view Text);

} // namespace capgate

#endif // CAPGATE_REPORTJSON_H
