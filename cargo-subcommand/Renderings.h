// Renderings.h - the ways to print a report (capgate/Report.h) besides its
// JSON (capgate/ReportJson.h), and what they share.
#pragma once

#include "capgate/Report.h"

#include <optional>
#include <string>

namespace capgate {

/// The renderings of `cargo capgate report` besides JSON. Each leads with
/// what the build ships, shows build-time capabilities apart, and leaves
/// tests, benches and examples out unless \p Tests.
std::string renderCapslock(const Report &R, bool Tests);
/// The packages, each version its own node, with cargo's dependency edges
/// (R.Dependencies) and the binaries, and a legend. With \p Only, only the
/// routes of that capability: the packages that use it, and every package
/// on a dependency path from a binary that reaches it down to one of them.
std::string renderDot(const Report &R, bool Tests, std::optional<Capability> Only = std::nullopt);
/// One self-contained HTML page (no network: inline style and script): the
/// summary line, a package table sorted by a click on a column (or by a
/// `#sort=COLUMN` or `#sort=-COLUMN` fragment), and per binary its
/// capabilities with their contributors and call paths.
std::string renderHtml(const Report &R, bool Tests);
/// The table: one row per package, then a summary line, then the
/// binaries.
std::string renderHuman(const Report &R, bool Colour, bool Tests);

/// Whether a binary of cargo kind \p Kind is shown: one the build ships,
/// or, with \p Tests, also a test, bench or example.
bool shownBinary(const std::string &Kind, bool Tests);
/// What a package's tests, benches and examples use.
CapabilitySet testDirect(const PackageReport &P);
/// \p Set without SAFE, which no rendering lists.
CapabilitySet withoutSafe(CapabilitySet Set);
/// "N packages: ... with shipped capabilities, ... with none": what the
/// human and HTML reports sum up with.
std::string summaryLine(const Report &R, bool Tests);
/// "FILES, NETWORK", or "-" for none.
std::string joinNames(CapabilitySet Set);

} // namespace capgate
