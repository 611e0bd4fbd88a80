//===- capgate/policy/Diagnostic.h - Configuration errors -------*- C++ -*-===//
//
// Part of capgate.
//
//===----------------------------------------------------------------------===//
//
// DESCRIPTION:
//   Errors in a policy file, a Cackle file or a report, as data the CLI can
//   render (file:line:col, message, did-you-mean suggestion). Every function
//   of the policy library that reads user input throws ConfigError, which
//   carries one or more diagnostics; the CLI maps it to exit code 2.
//
//===----------------------------------------------------------------------===//

#ifndef CAPGATE_POLICY_DIAGNOSTIC_H
#define CAPGATE_POLICY_DIAGNOSTIC_H

#include <stdexcept>
#include <string>
#include <vector>

namespace capgate::policy {

/// Exit codes shared by the policy tool and `cargo capgate`.
inline constexpr int ExitClean = 0;
inline constexpr int ExitViolations = 1;
inline constexpr int ExitUsage = 2;

struct Diagnostic {
  std::string File;
  /// 1-based; 0 when the problem is with the file as a whole.
  unsigned Line = 0;
  unsigned Column = 0;
  std::string Message;
  /// A near spelling of the unknown name, or empty.
  std::string Suggestion;

  /// `FILE:LINE:COL: error: MESSAGE (did you mean 'X'?)`, leaving out the
  /// position parts that are 0.
  std::string render() const;
};

/// A policy, Cackle configuration or report that cannot be used.
class ConfigError : public std::runtime_error {
public:
  explicit ConfigError(std::vector<Diagnostic> Diagnostics);
  explicit ConfigError(Diagnostic D)
      : ConfigError(std::vector<Diagnostic>{std::move(D)}) {}

  const std::vector<Diagnostic> &diagnostics() const { return Diagnostics; }

  /// Every diagnostic rendered, one per line.
  std::string render() const;

private:
  std::vector<Diagnostic> Diagnostics;
};

} // namespace capgate::policy

#endif // CAPGATE_POLICY_DIAGNOSTIC_H
