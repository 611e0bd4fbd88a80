// UnsafeScan.h - finding `unsafe` in a package's sources.
#pragma once

#include "FactsGraph.h"

#include <string>
#include <vector>

namespace capgate {

/// The package's own source files that rustc read for an artefact, from its
/// dep-info (.d) file beside it: files under \p ManifestDir, and files its
/// build script generated into OUT_DIR. Relative paths (rustc writes them
/// relative to the workspace root) are resolved against the manifest
/// directory's ancestors.
std::vector<std::string> sourcesOf(const std::string &ArtifactFile, const std::string &PackageName,
                                   const std::string &ManifestDir);

/// Every `unsafe` keyword in \p Files, found by a lexer that skips comments,
/// strings, character literals and raw identifiers (so `r#unsafe` and
/// "unsafe" in text do not count).
std::vector<SourceSite> findUnsafe(const std::vector<std::string> &Files);

} // namespace capgate
