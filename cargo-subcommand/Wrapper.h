// Wrapper.h - cargo capgate as cargo's RUSTC_WRAPPER.
#pragma once

#include <string>
#include <vector>

namespace capgate {

/// The option the launcher script (Session.h) passes first: the session
/// directory follows it, then rustc and its arguments.
inline constexpr const char *SessionOption = "--capgate-session";

/// Runs rustc (through the user's own wrapper, if they had one) with the
/// plugin and the flags the analysis needs added, configured only from the
/// session in \p SessionDirectory and from rustc's command line. \p Rustc
/// is rustc followed by its arguments, as cargo gave them. Exits with
/// rustc's status, or 1 when the crate breaks the policy.
[[noreturn]] void runAsRustcWrapper(const std::string &SessionDirectory, std::vector<std::string> Rustc);

} // namespace capgate
