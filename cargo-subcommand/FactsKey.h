// FactsKey.h - the secret that authenticates capgate's facts and seals.
//
// The facts key is 32 random bytes in factsKeyDirectory()/facts.key, made by
// the driver the first time it runs (the directory 0700, the file 0600).
// The sandbox hides that directory from build scripts and rustc, so no
// crate's code (a build script, a proc-macro running inside rustc, a
// program either starts) can read it. From it the wrapper derives one key
// per compilation unit (capgate/Facts.h, unitKey) and hands it to the
// plugin, which MACs the unit's facts with it: a crate that can read only
// its own unit's key cannot write facts that pass for another crate's.
#pragma once

#include <string>

namespace capgate {

/// ${XDG_DATA_HOME:-$HOME/.local/share}/capgate. Throws std::runtime_error
/// when neither variable is set.
std::string factsKeyDirectory();

/// The facts key, created (atomically: two builds starting at once agree
/// on one key) when there is none yet. Throws std::runtime_error.
std::string ensureFactsKey();

/// The facts key. Throws std::runtime_error when there is none, or when the
/// file is not a private file of this user's: a key others can read or
/// replace authenticates nothing.
std::string readFactsKey();

/// The key of \p Unit, as the hexadecimal the wrapper passes to the plugin
/// in CAPGATE_UNIT_KEY.
std::string unitKeyHex(const std::string &FactsKey, const std::string &Unit);

} // namespace capgate
