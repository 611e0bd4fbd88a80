// Seals.h - detecting artefacts changed after rustc wrote them.
//
// A proc-macro runs inside rustc, and rustc may write into the analysis
// target directory: such code could rewrite another crate's rlib (its facts,
// or its code) after that crate was compiled. So once rustc has succeeded,
// the wrapper seals every file it wrote for the unit: a MAC, under the facts
// key, of the unit, the file's name and the SHA-256 of its contents, kept
// under <session dir>/seals/<digest>, a directory no crate's code can write
// (the sandbox keeps the session directory read-only). Reports and checks
// verify every artefact they read against its seal: a file whose contents
// no seal vouches for was changed, or was not built by this capgate.
#pragma once

#include <map>
#include <string>
#include <tuple>

namespace capgate {

struct RustcInvocation;

/// Whether \p OutDir is a directory cargo compiles a unit of the build in
/// target directory \p TargetDir into: [<triple>/]<profile>/deps or
/// examples, or [<triple>/]<profile>/build/<package>-<hash> for a build
/// script. A rustc run that a build script started writes elsewhere (its
/// OUT_DIR), and gets no key and no seals.
bool isUnitOutputDirectory(const std::string &TargetDir, const std::string &OutDir);

/// The seals directory of the session in \p SessionDir.
std::string sealsDirectory(const std::string &SessionDir);

/// Seals the files rustc wrote for the unit \p Invocation compiled (rlib,
/// rmeta, executable, shared or static library, dep-info), into the seals
/// directory of \p SessionDir. Throws std::runtime_error.
void sealArtefacts(const std::string &SessionDir, const std::string &FactsKey,
                   const RustcInvocation &Invocation);

/// Verifies artefacts against their seals.
class SealChecker {
public:
  /// \p DigestCache: a file of digests already computed, by (device, inode,
  /// size, modification and change times), itself MAC'd; empty to hash
  /// every file every time (what `check` does).
  SealChecker(std::string FactsKey, std::string SessionDir, std::string DigestCache = "");

  /// The unit \p File was sealed for, after checking that it is sealed as
  /// an artefact of crate \p CrateName with this file name (or, for a file
  /// cargo copied out of deps/, that name without the unit's suffix).
  /// Throws std::runtime_error naming \p Package otherwise.
  std::string verify(const std::string &File, const std::string &Package, const std::string &CrateName,
                     const std::string &TargetDir);

  /// The SHA-256 of \p File, from the digest cache when it is there.
  std::string digestOf(const std::string &File);

  /// Writes the digest cache back, when there is one and it changed.
  void save();

private:
  using FileKey = std::tuple<unsigned long, unsigned long, long, long, long, long, long>;
  std::string FactsKey;
  std::string Seals;
  std::string CachePath;
  /// What the cache file held, and what this run used or computed (which
  /// save() writes, so that entries of files gone do not pile up).
  std::map<FileKey, std::string> Cache, Used;
  /// Every digest computed in this run, cacheable or not.
  std::map<FileKey, std::string> Computed;
};

} // namespace capgate
