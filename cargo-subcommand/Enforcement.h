// Enforcement.h - checking a crate against the policy as it is compiled.
//
// When `cargo capgate check` (or `build` with a policy) runs, the wrapper
// runs rustc, then reads the facts of the crate rustc just produced and
// checks the crate's own uses against the policy. A violation fails that
// crate's compilation with an error at the call site, rendered as rustc
// renders errors, or as a rustc JSON diagnostic when cargo asked rustc for
// JSON, so cargo and editors show it like any compile error.
#pragma once

namespace capgate {

struct RustcInvocation;
struct Session;
struct UnitIdentity;

/// Checks the crate compiled by \p Invocation, which belongs to \p Identity,
/// against the session's policy, and marks it in the session's violations
/// directory when it breaks it. Returns the exit status the compilation
/// should end with: 0, or 1 after printing the violations.
int enforcePolicy(const Session &S, const RustcInvocation &Invocation, const UnitIdentity &Identity);

} // namespace capgate
