// UnsafeScan.h - finding `unsafe` in a package's sources.
#pragma once

#include "FactsGraph.h"

#include <string>
#include <vector>

namespace capgate {

/// The source files rustc read for an artefact, from its dep-info (.d) file
/// beside it; empty when there is none.
std::vector<std::string> sourcesOf(const std::string &ArtifactFile);

/// Every `unsafe` keyword in \p Files, found by a lexer that skips comments,
/// strings, character literals and raw identifiers (so `r#unsafe` and
/// "unsafe" in text do not count).
std::vector<SourceSite> findUnsafe(const std::vector<std::string> &Files);

} // namespace capgate
