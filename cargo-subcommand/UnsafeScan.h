// UnsafeScan.h - finding a package's unsafe code.
//
// Three sources, each covering what the others cannot see (docs/report-schema.md):
//  1. rustc's `unsafe_code` lint, forced on for every compilation of the
//     analysis build (`--force-warn`, which neither `#![allow]` nor cargo's
//     `--cap-lints allow` for registry crates can silence). It reports what
//     rustc compiled: unsafe blocks, functions, impls and traits, and the
//     `no_mangle`, `export_name` and `link_section` attributes that need no
//     `unsafe` token before edition 2024, wherever the tokens were read from
//     (an `include!` of a file outside the package included) and inside the
//     crate's own macro_rules. The wrapper takes these warnings out of
//     rustc's output (the user sees none) and records their sites.
//  2. The expansion of crates that can use a proc-macro. rustc drops a lint
//     whose span comes from another crate's macro, and a proc-macro's output
//     carries the spans it chooses, so the lint never reports what a
//     proc-macro wrote. For those crates the wrapper has rustc print the
//     crate after macro expansion with its hygiene data, and counts the
//     unsafe code whose tokens a proc-macro produced, at the macro's
//     invocation.
//  3. The lexer scan of the package's own source files, for what no
//     compilation shows: a macro_rules that the package defines and only
//     other crates expand, and any unit compiled without a record.
// The wrapper keeps 1 and 2 per compilation unit in a record in the session
// directory, MAC'd with the facts key like the artefacts' seals.
#pragma once

#include "FactsGraph.h"

#include <functional>
#include <optional>
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

// --- 1. rustc's unsafe_code lint ------------------------------------------

/// What the wrapper adds to rustc's command line when cargo reads rustc's
/// diagnostics as JSON.
inline constexpr const char *UnsafeLintFlag = "--force-warn=unsafe_code";

/// Takes the `unsafe_code` warnings out of rustc's JSON diagnostics,
/// collecting their sites, and lowers the count in rustc's closing "N
/// warnings emitted" to what the user's own code caused. Every other line
/// passes unchanged.
class UnsafeLintFilter {
public:
  /// \p WorkingDir: rustc's, which its relative file names are relative to.
  explicit UnsafeLintFilter(std::string WorkingDir) : WorkingDir(std::move(WorkingDir)) {}

  /// One line of rustc's stderr, without its newline: the line to pass on,
  /// or nothing.
  std::optional<std::string> filter(const std::string &Line);

  /// The primary sites of the warnings taken out, in rustc's order.
  std::vector<SourceSite> Sites;

private:
  std::string WorkingDir;
  unsigned Removed = 0;
};

/// Runs \p Command with each line of its stderr (without its newline)
/// through \p Filter, which returns the line to pass on, or nothing; stdout
/// is unchanged. Returns its exit status (101 when it could not be run or
/// was killed).
int runFilteringStderr(const std::vector<std::string> &Command,
                       const std::function<std::optional<std::string>(const std::string &)> &Filter);

// --- 2. Proc-macro output ---------------------------------------------------

/// An unsafe construct a macro from outside the crate produced: `Kind` is
/// Bang, Attr or Derive; `Macro` the macro's path as the invocation wrote it;
/// `Ordinal` which invocation of that macro (0 for the first expanded).
struct ExpandedUnsafe {
  std::string Kind;
  std::string Macro;
  unsigned Ordinal = 0;
};

/// rustc's arguments (after rustc itself) for printing the crate of
/// \p RustcArguments after expansion with its hygiene data
/// (`-Zunpretty=expanded,hygiene`), writing nothing else: no outputs, no
/// output directory, no incremental cache.
std::vector<std::string> expansionArguments(const std::vector<std::string> &RustcArguments);

/// The unsafe constructs (the `unsafe` keyword, and the `no_mangle`,
/// `export_name` and `link_section` attributes) in \p Expanded, rustc's
/// `-Zunpretty=expanded,hygiene` output, whose tokens a proc-macro
/// produced: those marked by an attribute or derive macro's expansion, and
/// those a function-like macro produced with call-site or definition-site
/// hygiene (macro_rules output has mixed-site hygiene, and is the defining
/// crate's code). Throws std::runtime_error when \p Expanded has no hygiene
/// data.
std::vector<ExpandedUnsafe> unsafeFromProcMacros(const std::string &Expanded);

/// Where each of \p Found was invoked, found in \p Files (the crate's own
/// sources, its root first): the Ordinal-th invocation of the macro's last
/// path segment, as `name!`, inside `#[...]` or inside `derive(...)`. An
/// invocation not written in those files (made by another macro) is given
/// as \p Files' first file, line 0.
std::vector<SourceSite> invocationSites(const std::vector<ExpandedUnsafe> &Found,
                                        const std::vector<std::string> &Files);

/// Runs \p Command and returns what it wrote to stdout (its stderr is
/// discarded); throws std::runtime_error when it fails.
std::string captureStdout(const std::vector<std::string> &Command);

// --- Records ---------------------------------------------------------------

/// What the wrapper found for one compilation unit ("victim-0a1b2c3d").
struct UnsafeRecord {
  std::string Unit;
  /// Whether the unit could expand a proc-macro: it depends on one,
  /// directly or through a crate that does.
  bool ProcMacros = false;
  std::vector<SourceSite> Sites;
  /// False while rustc compiles the unit.
  bool Complete = true;
};

/// <session dir>/unsafe: one file per unit, <unit>.json.
std::string unsafeRecordDirectory(const std::string &SessionDir);

/// Writes \p Record, MAC'd with the facts key. Throws std::runtime_error.
void writeUnsafeRecord(const std::string &SessionDir, const std::string &FactsKey, const UnsafeRecord &Record);

/// The record of \p Unit, or nothing when there is none. Throws
/// std::runtime_error when the file is not a record capgate wrote for
/// \p Unit (its MAC does not match). The record may be incomplete.
std::optional<UnsafeRecord> readUnsafeRecord(const std::string &SessionDir, const std::string &FactsKey,
                                             const std::string &Unit);

/// Whether the compilation \p RustcArguments can expand a proc-macro: an
/// `--extern` crate is a proc-macro (a shared library), or a crate whose
/// record says it could, or one without a record.
bool mayExpandProcMacros(const std::string &SessionDir, const std::string &FactsKey,
                         const std::vector<std::string> &RustcArguments);

/// Step 5 of the wrapper, before rustc runs: starts the record of \p Unit
/// (complete: false), which says whether the unit could expand a
/// proc-macro. Dependents compile as soon as rustc has written the unit's
/// metadata, before it has finished, and read that from this record.
/// Returns it. Throws std::runtime_error.
bool startUnsafeRecord(const std::string &SessionDir, const std::string &FactsKey, const std::string &Unit,
                       const std::vector<std::string> &RustcArguments);

/// Step 7 of the wrapper, once rustc has compiled \p Unit with
/// UnsafeLintFlag: completes its record with \p Sites (what the lint
/// reported) and, when \p ProcMacros (what startUnsafeRecord returned), the
/// unsafe code in rustc's expansion at its invocations in \p OwnSources
/// (the crate's files, its root first). \p Rustc is rustc and cargo's
/// arguments; \p Confine makes the command that prints the expansion run
/// as rustc ran (the proc-macros run again, in the sandbox). Throws
/// std::runtime_error.
void finishUnsafeRecord(const std::string &SessionDir, const std::string &FactsKey, const std::string &Unit,
                        bool ProcMacros, const std::vector<std::string> &Rustc, std::vector<SourceSite> Sites,
                        const std::vector<std::string> &OwnSources,
                        const std::function<std::vector<std::string>(std::vector<std::string>)> &Confine);

} // namespace capgate
