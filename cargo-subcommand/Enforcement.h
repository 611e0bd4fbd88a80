// Enforcement.h - checking a crate against the policy as it is compiled.
//
// When `cargo capgate check` (or `build` with a policy) runs, the wrapper
// runs rustc, then reads the facts of the crate rustc just produced and
// checks the crate's own uses against the policy. A violation fails that
// crate's compilation with an error at the call site, rendered as rustc
// renders errors, or as a rustc JSON diagnostic when cargo asked rustc for
// JSON, so cargo and editors show it like any compile error.
#pragma once

#include <string>
#include <vector>

namespace capgate {

/// Environment the subcommand sets for the wrapper: the policy file, and a
/// directory where the wrapper leaves one file per crate that violated it
/// (how the subcommand tells a policy failure from a compile error).
inline constexpr const char *PolicyVariable = "CAPGATE_POLICY";
inline constexpr const char *ViolationsVariable = "CAPGATE_VIOLATIONS_DIR";

/// Checks the crate compiled by the rustc invocation \p RustcArguments (the
/// arguments after rustc itself). Returns the exit status the compilation
/// should end with: 0, or 1 after printing the violations.
int enforcePolicy(const std::vector<std::string> &RustcArguments);

} // namespace capgate
