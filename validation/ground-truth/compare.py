#!/usr/bin/env python3
"""Compare a capgate JSON report with the labelled ground truth.

Usage: compare.py REPORT.json [labels.toml]

Prints, per labelled crate, the label, the report's `direct` set and the set
of the report's `uses` whose scope is `normal` (library and binary code, not
build scripts, proc-macros or tests), then precision and recall over
(crate, capability) pairs for three readings:

  A  report `direct` as written (capgate-report/1 folds build-script,
     proc-macro and test uses into it)
  B  only `uses` with scope "normal"
  C  as B, but a reported capability listed in the label's `via_wrappers`
     (reached only through an annotated wrapper crate's API) is not counted
     as a false positive

Every disagreement of reading B is printed with the diagnosis recorded in
DIAGNOSES below, or "UNDIAGNOSED" when there is none (a new report or new
labels need a look).
"""
import json
import sys
import tomllib
from pathlib import Path

# (crate, capability) -> diagnosis, for reading B. "FP" = reported, not
# labelled; "FN" = labelled, not reported.
DIAGNOSES = {
    ("url", "NETWORK"): "FN, generic not instantiated: Url::socket_addrs takes `impl Fn`, nothing in the corpus calls it, so it is never compiled",
    ("csv", "FILES"): "FN, generic not instantiated: Reader/Writer::from_path<P: AsRef<Path>> unused by the corpus (data reads from memory)",
    ("zip", "FILES"): "FN, generic not instantiated: ZipArchive<R>::extract<P> unused by the corpus",
    ("remove_dir_all", "FILES"): "FN, generic not instantiated: on unix remove_dir_all is std's re-export (tempfile calls that); remove_dir_contents/ensure_empty_dir<P> are never instantiated",
    ("socket2", "FILES"): "FP, annotation: libc.toml charges sendfile FILES, but Socket::sendfile reads a file descriptor the caller already holds (nothing by the taxonomy)",
    ("git2", "READ_SYSTEM_STATE"): "FN, annotation: libgit2.toml makes git_repository_open_ext FILES only; Repository::open_from_env passes GIT_REPOSITORY_OPEN_FROM_ENV (getenv GIT_DIR, ...) and libgit2 reads $HOME for ~/.gitconfig",
    ("libgit2-sys", "READ_SYSTEM_STATE"): "FN, annotation: libgit2.toml makes git_libgit2_init SAFE, but libgit2 1.5's global init calls getuid/geteuid and getenv(HOME) (git_sysdir_guess_global_dirs). Reading A agrees only by accident (the build script reads env)",
    ("rustix", "SYSTEM_CALLS"): "FP, syscall number: asm!(\"syscall\") sits in syscallN(nr, ...) helpers with nr a parameter; every caller passes a constant __NR_*, so the number is known once the helper is inlined/followed",
    ("rustix", "ARBITRARY_EXECUTION"): "FP, syscall number/asm: the only inline asm is the syscall instruction of the same helpers (a recognised system call)",
    ("rustix", "MODIFY_SYSTEM_STATE"): "FN, generic/inline not instantiated: chdir, kill_process, setrlimit, setpriority are #[inline] wrappers nothing in the corpus calls, so no copy is compiled anywhere",
    ("nix", "SYSTEM_CALLS"): "FP, syscall number: libc::syscall(SYS_init_module) kmod.rs:47, (SYS_delete_module) kmod.rs:124, (SYS_copy_file_range) fcntl.rs:583, all constant numbers (MODIFY_SYSTEM_STATE, MODIFY_SYSTEM_STATE, FILES: already in nix's set)",
    ("nix", "NATIVE_CODE"): "FP, annotation: libc.toml does not name mq_*, aio_*, vmsplice, lio_listio, ... (POSIX libc functions; their meanings are FILES/MODIFY or nothing, all otherwise in nix's set)",
    ("getrandom", "SYSTEM_CALLS"): "FP, syscall number: libc::syscall(SYS_getrandom = 318), random numbers are nothing",
    ("ring", "SYSTEM_CALLS"): "FP, syscall number: libc::syscall(SYS_GETRANDOM) with SYS_GETRANDOM a const 318 in src/rand.rs",
    ("filetime", "SYSTEM_CALLS"): "FP, syscall number: libc::syscall(SYS_utimensat = 280) on a held fd; the label's FILES covers it",
    ("ctrlc", "MODIFY_SYSTEM_STATE"): "definitional (via wrapper): the use is nix::sys::signal::sigaction, charged at ctrlc's call by annotations/nix.toml; by this ground truth's definition it is nix's direct use (label via_wrappers)",
    ("memmap2", "NATIVE_CODE"): "FP, annotation: libc.toml does not name msync (flushing a mapping the caller holds: nothing)",
    ("memmap2", "ARBITRARY_EXECUTION"): "FN, label is a judgement call: map_exec/make_exec (mmap/mprotect PROT_EXEC) make memory executable (design.md: writing executable memory); the pass has no rule for PROT_EXEC and capabilities.md lists only asm",
    ("rusqlite", "READ_SYSTEM_STATE"): "FN, annotation: sqlite3.toml says FILES only, but SQLite's unix VFS reads $SQLITE_TMPDIR/$TMPDIR at initialisation (label confidence medium)",
    ("curl", "NETWORK"): "definitional (via wrapper): opensocket_cb creates the socket with socket2::Socket::new, charged at curl's call by annotations/socket2.toml; label via_wrappers",
}


def main():
    report_path = Path(sys.argv[1])
    labels_path = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(__file__).with_name("labels.toml")
    report = json.loads(report_path.read_text())
    labels = tomllib.loads(labels_path.read_text())["crate"]
    packages = {}
    for p in report["packages"]:
        packages[(p["name"], p["version"])] = p

    rows = []
    missing = []
    for name, lab in sorted(labels.items()):
        p = packages.get((name, lab["version"]))
        if p is None:
            missing.append(name)
            continue
        label = set(lab["direct"])
        via = set(lab.get("via_wrappers", []))
        direct = set(p["direct"])
        normal = {u["capability"] for u in p["uses"] if u.get("scope", "normal") == "normal"}
        rows.append((name, lab["version"], label, via, direct, normal))

    def score(get, tolerate_via):
        tp = fp = fn = 0
        exact = 0
        for name, ver, label, via, direct, normal in rows:
            rep = get(direct, normal)
            if tolerate_via:
                rep_fp = rep - label - via
            else:
                rep_fp = rep - label
            tp += len(rep & label)
            fp += len(rep_fp)
            fn += len(label - rep)
            if not rep_fp and not (label - rep):
                exact += 1
        prec = tp / (tp + fp) if tp + fp else 1.0
        rec = tp / (tp + fn) if tp + fn else 1.0
        return tp, fp, fn, prec, rec, exact

    out = []
    out.append("| crate | version | label | report `direct` | report, scope normal | B |")
    out.append("|---|---|---|---|---|---|")
    fmt = lambda s: ", ".join(sorted(s)) if s else "—"
    for name, ver, label, via, direct, normal in rows:
        ok = "=" if normal == label else ("≈" if normal - label <= via and label <= normal else "≠")
        lab_s = fmt(label) + (f" (via wrappers: {fmt(via)})" if via else "")
        out.append(f"| {name} | {ver} | {lab_s} | {fmt(direct)} | {fmt(normal)} | {ok} |")
    print("\n".join(out))
    print()
    n_pos = sum(len(r[2]) for r in rows)
    print(f"labelled crates compared: {len(rows)}; labelled (crate, capability) pairs: {n_pos}; "
          f"crates labelled []: {sum(1 for r in rows if not r[2])}")
    if missing:
        print(f"labelled but absent from the report: {', '.join(missing)}")
    print()
    print("| reading | TP | FP | FN | precision | recall | crates exactly right |")
    print("|---|---|---|---|---|---|---|")
    for title, get, tol in [
        ("A: report `direct`", lambda d, n: d, False),
        ("B: scope `normal` uses", lambda d, n: n, False),
        ("C: B, via_wrappers tolerated", lambda d, n: n, True),
    ]:
        tp, fp, fn, prec, rec, exact = score(get, tol)
        print(f"| {title} | {tp} | {fp} | {fn} | {prec:.3f} | {rec:.3f} | {exact}/{len(rows)} |")
    print()
    print("Per capability, reading B:")
    print()
    print("| capability | labelled | reported | TP | FP | FN |")
    print("|---|---|---|---|---|---|")
    caps = sorted({c for r in rows for c in r[2] | r[5]})
    for cap in caps:
        lab_n = sum(1 for r in rows if cap in r[2])
        rep_n = sum(1 for r in rows if cap in r[5])
        tp = sum(1 for r in rows if cap in r[2] and cap in r[5])
        print(f"| {cap} | {lab_n} | {rep_n} | {tp} | {rep_n - tp} | {lab_n - tp} |")
    print()
    print("Disagreements of reading B:")
    print()
    for name, ver, label, via, direct, normal in rows:
        for cap in sorted(normal - label):
            d = DIAGNOSES.get((name, cap), "UNDIAGNOSED")
            print(f"- {name} {cap} reported, not labelled: {d}")
        for cap in sorted(label - normal):
            d = DIAGNOSES.get((name, cap), "UNDIAGNOSED")
            print(f"- {name} {cap} labelled, not reported: {d}")
    print()
    print("Reading A only (report `direct` minus scope-normal uses, i.e. build-script/proc-macro/test uses folded into `direct`):")
    print()
    for name, ver, label, via, direct, normal in rows:
        extra = direct - normal
        if extra:
            print(f"- {name}: {fmt(extra)} (build script)")


if __name__ == "__main__":
    main()
