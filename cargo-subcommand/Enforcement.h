// Enforcement.h - checking a crate against the policy as it is compiled.
//
// When `cargo capgate check` (or `build` with a policy) runs, the wrapper
// runs rustc, then reads the facts of the crate rustc just produced and
// checks the crate's own uses against the policy. A violation fails that
// crate's compilation, so that a build script or proc-macro the policy does
// not allow never runs and a program that breaks it is never finished, with
// one error line naming the crate (a rustc JSON diagnostic when cargo asked
// rustc for JSON). The violations themselves are listed once, when the
// build has finished, with those of the crates cargo did not recompile
// (CheckCommand.cpp); the crate's mark (StoppedUnits.h) tells the driver
// where its artefact is.
#pragma once

namespace capgate {

struct RustcInvocation;
struct Session;
struct UnitIdentity;

/// Checks the crate compiled by \p Invocation, which belongs to \p Identity,
/// against the session's policy, and marks it in the session's violations
/// directory when it breaks it. Returns the exit status the compilation
/// should end with: 0, or 1 after saying that the crate was stopped.
int enforcePolicy(const Session &S, const RustcInvocation &Invocation, const UnitIdentity &Identity);

} // namespace capgate
