// Wrapper.h - cargo capgate as cargo's RUSTC_WRAPPER.
#pragma once

#include <string>
#include <vector>

namespace capgate {

/// The option the launcher (RustcLauncher.cpp) passes first: the session
/// directory follows it.
inline constexpr const char *SessionOption = "--capgate-session";

/// Runs rustc (through the user's own wrapper, if they had one) with the
/// plugin and the flags the analysis needs added, configured only from the
/// session and from rustc's command line. \p Arguments are cargo-capgate's
/// own, as the launcher wrote them:
///   --capgate-session DIR [--capgate-library-path PATH]
///   [--capgate-removed NAME,...] -- rustc ARGS...
/// Exits with rustc's status, or 1 when the crate breaks the policy.
[[noreturn]] void runAsRustcWrapper(std::vector<std::string> Arguments);

} // namespace capgate
