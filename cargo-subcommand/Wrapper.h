// Wrapper.h - cargo capgate as cargo's RUSTC_WRAPPER.
#pragma once

namespace capgate {

/// The environment variable that tells a cargo-capgate process it was started
/// by cargo as RUSTC_WRAPPER for an analysis build.
inline constexpr const char *WrapperMarker = "CAPGATE_WRAPPER";

/// Runs rustc (through the user's own wrapper, if they had one) with the
/// plugin and the flags the analysis needs added. Does not return when exec
/// succeeds. argv[1] is rustc, argv[2...] its arguments.
[[noreturn]] void runAsRustcWrapper(int argc, char **argv);

} // namespace capgate
