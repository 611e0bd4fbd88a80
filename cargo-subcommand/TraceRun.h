// TraceRun.h - `cargo capgate trace`: run a program of the build under ptrace and
// hold what it did against what the static report says it can do.
#pragma once

#include "CargoBuild.h"
#include "ReportBuilder.h"

#include "capgate/trace/Trace.h"

#include <string>
#include <vector>

namespace capgate {

/// One program to run, and the binary of the report it is held against.
struct TraceTarget {
  std::vector<std::string> Argv;
  /// The artefact whose facts name the program's functions.
  const Artifact *Built = nullptr;
  /// Where the program runs: test executables in their package's directory,
  /// as `cargo test` runs them; programs where `cargo capgate` was run, as
  /// `cargo run` does (empty).
  std::string Directory;
  const BinaryReport *Static = nullptr;
};

struct TraceSettings {
  trace::TraceOptions Options;
  /// human or json.
  std::string Format = "human";
  /// List runtime, spawn and other-program observations in full.
  bool ShowAll = false;
};

/// What tracing every target came to.
struct TraceOutcome {
  /// The report text (human) or document (json) to write.
  std::string Text;
  unsigned FalseNegatives = 0;
  /// Targets whose program did not exit with status 0.
  unsigned FailedPrograms = 0;
};

/// Runs each target in turn under the tracer, names the frames of its stacks
/// from the program's own facts (function path and definition file:line),
/// and compares the capabilities its code used with its static report.
/// Throws trace::TraceError when a program cannot be traced at all.
TraceOutcome traceTargets(const std::vector<TraceTarget> &Targets, const TraceSettings &Settings);

} // namespace capgate
