#!/usr/bin/env python3
"""Precision and recall of a capgate report, against the labelled ground truth
and against traced runs.

Usage: compare.py REPORT.json [--labels FILE] [--traces DIR] [--crates]

The one implementation of the scoring: validation/run imports this module and
prints the same text after its own run (README.md in this directory says how
the labels were made and what they mean). Reads capgate-report/2 and /1.

Packages. For each crate of labels.toml (matched by name and version), the
report's shipped `direct` set is compared with the label, over
(crate, capability) pairs: a pair in both is a true positive, reported and not
labelled a false positive, labelled and not reported a false negative.
A capability the label lists under `via_wrappers` (reached only through the
API of a wrapper crate that annotations/ describes, which capgate charges at
the caller's call by design) is neutral: reporting it is neither a true nor a
false positive, and not reporting it is no miss. The strict reading counts it
as a false positive. Rows:

  report `direct`      what the report shows as the package's shipped set:
                       /2's top-level `direct` (normal scope), /1's `direct`
                       (which folds build-script, proc-macro and test uses in)
  uses, scope normal   the capabilities of the package's `uses` of scope
                       normal: /2's `direct` again (a difference is printed),
                       for /1 the like-for-like comparison with the labels

Recall over compiled code leaves out the misses diagnosed as generic or
`#[inline]` code that nothing in the corpus instantiates: no analysis of
compiled code can see those.

Build-time check. A package not marked `build_only` must not show in its
shipped `direct` a capability whose every use is outside the normal scope
(build script, proc-macro, test): the goal of issue 10.

Binaries (with --traces DIR, a directory of trace-NAME.json files as
validation/run leaves them). Per (binary, capability): recall is the share of
capabilities seen at run time that the binary's static report covers;
precision is the share of the statically reported capabilities that the run
showed. A trace shows one run of one input, and no system call shows
NATIVE_CODE or an environment read, so the second figure is a lower bound on
the true precision, and it is named as such.

Every disagreement is printed with the diagnosis recorded in DIAGNOSES below,
or UNDIAGNOSED (a new report or new labels need a look); a diagnosis that no
longer matches a disagreement is listed as resolved, to be removed.
"""
import argparse
import json
import os
import sys
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
LABELS = os.path.join(HERE, "labels.toml")
NORMAL = "normal"
SCHEMAS = ("capgate-report/1", "capgate-report/2")
ORDER = ["FILES", "NETWORK", "EXEC", "READ_SYSTEM_STATE", "MODIFY_SYSTEM_STATE", "SYSTEM_CALLS",
         "ARBITRARY_EXECUTION", "NATIVE_CODE", "DYNAMIC_LOADING", "UNANALYZED"]
# What no system call shows: a trace can never confirm these.
UNOBSERVABLE = {"NATIVE_CODE", "UNANALYZED"}
GOAL_PRECISION = 0.95
GOAL_RECALL = 1.0

CAUSES = {
    "generic": "generic or `#[inline]` code that nothing in the corpus instantiates (no copy is compiled)",
    "syscall-number": "a raw system call with a constant number charged SYSTEM_CALLS (issue 10 item 4)",
    "libc-annotation": "annotations/libc.toml lacks a glibc function (NATIVE_CODE) or charges I/O on a held descriptor",
    "wrapper": "a wrapper crate's call charged at the caller (by design; the label's via_wrappers)",
    "judgement": "the label is a judgement call the taxonomy leaves open",
    "scope": "a build-script, proc-macro or test use shown in `direct` (capgate-report/1 folds them in)",
    "undiagnosed": "UNDIAGNOSED: not in compare.py's DIAGNOSES",
}

# (crate, capability) -> (cause, diagnosis). "FP" = reported, not labelled;
# "FN" = labelled, not reported.
DIAGNOSES = {
    ("url", "NETWORK"): ("generic", "FN: Url::socket_addrs takes `impl Fn`, nothing in the corpus calls it, so it is never compiled"),
    ("csv", "FILES"): ("generic", "FN: Reader/Writer::from_path<P: AsRef<Path>> unused by the corpus (data reads from memory)"),
    ("zip", "FILES"): ("generic", "FN: ZipArchive<R>::extract<P> unused by the corpus"),
    ("remove_dir_all", "FILES"): ("generic", "FN: on unix remove_dir_all is std's re-export (tempfile calls that); remove_dir_contents/ensure_empty_dir<P> are never instantiated"),
    ("ctrlc", "MODIFY_SYSTEM_STATE"): ("wrapper", "the use is nix::sys::signal::sigaction, charged at ctrlc's call by annotations/nix.toml; by the ground truth's definition it is nix's direct use (label via_wrappers)"),
    ("curl", "NETWORK"): ("wrapper", "opensocket_cb creates the socket with socket2::Socket::new, charged at curl's call by annotations/socket2.toml (label via_wrappers)"),
}


def sort_caps(caps):
    return sorted(set(caps), key=lambda c: (ORDER.index(c) if c in ORDER else len(ORDER), c))


def caps_text(caps, empty="—"):
    return ", ".join(sort_caps(caps)) if caps else empty


def ratio(part, whole):
    return part / whole if whole else 1.0


def figure(part, whole):
    return f"{ratio(part, whole):.3f} ({part}/{whole})"


# ---------------------------------------------------------------- reading

def load_labels(path=LABELS):
    with open(path, "rb") as handle:
        return tomllib.load(handle)["crate"]


def load_report(path):
    with open(path) as handle:
        try:
            report = json.load(handle)
        except ValueError as error:
            raise ValueError(f"{path}: not JSON ({error})") from error
    schema = report.get("schema") if isinstance(report, dict) else None
    if schema not in SCHEMAS:
        raise ValueError(f"{path}: schema {schema!r}, expected one of {', '.join(SCHEMAS)}")
    return report


def package_views(report):
    """Per package: what the report shows as shipped, its normal-scope uses, and
    the scopes of the uses of each capability."""
    version2 = report["schema"] == "capgate-report/2"
    views = []
    for p in report["packages"]:
        scopes = {}
        for use in p.get("uses", []):
            scopes.setdefault(use["capability"], set()).add(use.get("scope") or NORMAL)
        normal = {c for c, s in scopes.items() if NORMAL in s}
        views.append({
            "name": p["name"], "version": p["version"],
            "shown": set(p["direct"]),
            "normal": normal,
            # A capability in `direct` that no use explains is taken as the library's.
            "unexplained": set(p["direct"]) - set(scopes),
            "build_only": bool(p.get("build_only")) if version2 else False,
            "scopes": scopes,
        })
    return views


# ---------------------------------------------------------------- packages

def label_rows(views, labels):
    index = {(v["name"], v["version"]): v for v in views}
    rows, absent = [], []
    for name, label in sorted(labels.items()):
        view = index.get((name, label["version"]))
        if view is None:
            absent.append(f"{name} {label['version']}")
            continue
        rows.append({"name": name, "version": label["version"], "label": set(label["direct"]),
                     "via": set(label.get("via_wrappers", [])), "shown": view["shown"],
                     "normal": view["normal"] | view["unexplained"]})
    return rows, absent


def score(rows, field, strict=False):
    tp, fp, fn, exact = 0, [], [], 0
    for row in rows:
        reported, label = row[field], row["label"]
        neutral = set() if strict else row["via"] - label
        false_positive = reported - label - neutral
        missed = label - reported
        tp += len(reported & label)
        fp += [(row["name"], c) for c in sort_caps(false_positive)]
        fn += [(row["name"], c) for c in sort_caps(missed)]
        exact += not false_positive and not missed
    uncompiled = [pair for pair in fn if DIAGNOSES.get(pair, ("",))[0] == "generic"]
    return {"tp": tp, "fp": fp, "fn": fn, "exact": exact, "rows": len(rows),
            "precision": ratio(tp, tp + len(fp)), "recall": ratio(tp, tp + len(fn)),
            "recall_compiled": ratio(tp, tp + len(fn) - len(uncompiled)), "uncompiled": uncompiled}


def build_time_only(views):
    """(package, capability, scopes) for each shipped capability whose every use
    is outside the normal scope; and the shipped capabilities no use explains."""
    failures, unexplained = [], []
    for view in views:
        if view["build_only"]:
            continue
        for capability in sort_caps(view["shown"]):
            scopes = view["scopes"].get(capability)
            if not scopes:
                unexplained.append((view["name"], capability))
            elif NORMAL not in scopes:
                failures.append((view["name"], capability, sorted(scopes)))
    return failures, unexplained


def score_packages(report, labels):
    views = package_views(report)
    rows, absent = label_rows(views, labels)
    shown = score(rows, "shown")
    strict = score(rows, "shown", strict=True)
    normal = score(rows, "normal", strict=True)
    failures, unexplained = build_time_only(views)
    disagreements = sorted(set(normal["fp"]) | set(normal["fn"]) | set(strict["fp"]) | set(strict["fn"]))
    return {
        "schema": report["schema"], "rows": rows, "absent": absent,
        "readings": [
            ("report `direct`", shown),
            ("report `direct`, via_wrappers counted as false", strict),
            ("uses of scope normal", score(rows, "normal")),
        ],
        "headline": shown,
        "mismatch": [(r["name"], r["shown"], r["normal"]) for r in rows
                     if report["schema"] == "capgate-report/2" and r["shown"] != r["normal"]],
        "build_time_only": failures, "unexplained": unexplained,
        "disagreements": disagreements,
        "resolved": sorted(pair for pair in set(DIAGNOSES) - set(disagreements)
                           if pair[0] in {r["name"] for r in rows}),
    }


def diagnosis(result, pair):
    """(cause, text) of a disagreement: DIAGNOSES, else the build-time check's finding."""
    if pair in DIAGNOSES:
        return DIAGNOSES[pair]
    for name, capability, scopes in result["build_time_only"]:
        if (name, capability) == pair:
            return "scope", f"its only uses are of scope {', '.join(scopes)}"
    return "undiagnosed", "UNDIAGNOSED"


def disagreement_lines(result):
    """One line per disagreement; those the build-time check explains in one."""
    rows = {r["name"]: r for r in result["rows"]}
    lines, scope = [], []
    for name, capability in result["disagreements"]:
        row = rows[name]
        shown, normal = capability in row["shown"], capability in row["normal"]
        if capability in row["label"]:
            what = ("labelled, not reported" if not shown and not normal else
                    "labelled; in `direct` only through uses outside the normal scope" if shown else
                    "labelled; a normal-scope use, not in `direct`")
        else:
            what = "reported, labelled via_wrappers" if capability in row["via"] else "reported, not labelled"
            if shown != normal:
                what += " (in `direct` only: no normal-scope use)" if shown else " (a normal-scope use, not in `direct`)"
        cause, text = diagnosis(result, (name, capability))
        if cause == "scope" and capability not in row["label"]:
            scope.append(f"{name} {capability}")
        else:
            lines.append(f"- {name} {capability} {what}: [{cause}] {text}")
    if scope:
        lines.append(f"- {len(scope)} reported, not labelled, whose only uses are outside the normal scope "
                     f"(the build-time check's findings): {', '.join(scope)}")
    return lines


def package_markdown(result, crates=False):
    out = []
    add = out.append
    rows = result["rows"]
    pairs = sum(len(r["label"]) for r in rows)
    add(f"{len(rows)} labelled crates found in the report ({result['schema']}); {pairs} labelled "
        f"(crate, capability) pairs; {sum(1 for r in rows if not r['label'])} crates labelled with nothing.")
    if result["absent"]:
        add(f"Labelled but not in the report (another version?): {', '.join(result['absent'])}.")
    add("")
    add("| reading | TP | FP | FN | precision | recall | recall over compiled code | crates exactly right |")
    add("|---|---|---|---|---|---|---|---|")
    for title, s in result["readings"]:
        add(f"| {title} | {s['tp']} | {len(s['fp'])} | {len(s['fn'])} | {s['precision']:.3f} | "
            f"{s['recall']:.3f} | {s['recall_compiled']:.3f} | {s['exact']}/{s['rows']} |")
    add("")
    head = result["headline"]
    met = head["precision"] >= GOAL_PRECISION and head["recall"] >= GOAL_RECALL
    add(f"Packages' `direct` against the labels: **precision {figure(head['tp'], head['tp'] + len(head['fp']))}, "
        f"recall {figure(head['tp'], head['tp'] + len(head['fn']))}**; goal precision ≥ {GOAL_PRECISION:.2f} "
        f"and recall {GOAL_RECALL:.2f}: {'met' if met else 'not met'}. "
        f"Misses in code the corpus never compiles: {len(head['uncompiled'])}.")
    add("")
    add("Per capability (report `direct`; a crate counts once per capability; via_wrappers neutral):")
    add("")
    add("| capability | labelled | reported | TP | FP | FN |")
    add("|---|---|---|---|---|---|")
    fp = {}
    for name, c in head["fp"]:
        fp[c] = fp.get(c, 0) + 1
    fn = {}
    for name, c in head["fn"]:
        fn[c] = fn.get(c, 0) + 1
    for c in sort_caps({c for r in rows for c in r["label"] | r["shown"]}):
        labelled = sum(1 for r in rows if c in r["label"])
        reported = sum(1 for r in rows if c in r["shown"])
        tp = sum(1 for r in rows if c in r["label"] and c in r["shown"])
        add(f"| {c} | {labelled} | {reported} | {tp} | {fp.get(c, 0)} | {fn.get(c, 0)} |")
    add("")
    causes = {}
    for pair in head["fp"] + head["fn"]:
        cause = diagnosis(result, pair)[0]
        causes.setdefault(cause, [0, 0, []])
        causes[cause][0 if pair in head["fp"] else 1] += 1
        causes[cause][2].append(f"{pair[0]} {pair[1]}")
    if causes:
        add("Causes of the false positives and misses of report `direct`:")
        add("")
        add("| cause | FP | FN | pairs |")
        add("|---|---|---|---|")
        for cause, (p, n, pairs_) in sorted(causes.items(), key=lambda i: -(i[1][0] + i[1][1])):
            listed = "the build-time check's findings below" if cause == "scope" else ", ".join(pairs_)
            add(f"| {CAUSES.get(cause, cause)} | {p} | {n} | {listed} |")
        add("")
    failures = result["build_time_only"]
    if failures:
        by_package = {}
        for name, capability, scopes in failures:
            by_package.setdefault((name, ", ".join(scopes)), []).append(capability)
        add(f"**Build-time check failed**: {len(failures)} shipped capabilities of "
            f"{len({f[0] for f in failures})} packages are used only outside the normal scope:")
        add("")
        for (name, scopes), capabilities in by_package.items():
            add(f"- {name}: {', '.join(capabilities)} (uses of scope {scopes} only)")
    else:
        add("Build-time check passed: no package that is not build-only shows in its `direct` a capability "
            "that only its build script, proc-macro or test code uses.")
    if result["unexplained"]:
        add("")
        add(f"Not checkable (in `direct`, but the report lists no use of it): "
            f"{', '.join(f'{n} {c}' for n, c in result['unexplained'])}.")
    if result["mismatch"]:
        add("")
        add("`direct` differs from the normal-scope uses (capgate-report/2 should make them equal):")
        add("")
        for name, shown, normal in result["mismatch"]:
            add(f"- {name}: `direct` {caps_text(shown)}; uses {caps_text(normal)}")
    add("")
    add("Every disagreement with the labels (report `direct` or the normal-scope uses), with its diagnosis:")
    add("")
    out += disagreement_lines(result) or ["- none"]
    if result["resolved"]:
        add("")
        add("Diagnoses that no longer match a disagreement (resolved; remove from compare.py's DIAGNOSES): "
            + ", ".join(f"{n} {c}" for n, c in result["resolved"]) + ".")
    if crates:
        add("")
        add("| crate | version | label | report `direct` | uses, scope normal |")
        add("|---|---|---|---|---|")
        for r in rows:
            label = caps_text(r["label"]) + (f" (via wrappers: {caps_text(r['via'])})" if r["via"] else "")
            mark = "" if r["shown"] - r["label"] - r["via"] or r["label"] - r["shown"] else " ✓"
            add(f"| {r['name']} | {r['version']} | {label} | {caps_text(r['shown'])}{mark} | {caps_text(r['normal'])} |")
    return out


# ---------------------------------------------------------------- binaries

def unexplained_observations(trace, static):
    """Capability -> main-phase observations that no capability of `static`
    explains (a false negative), by our reading and by the tracer's own."""
    static = set(static)
    missing = {}
    for observation in trace.get("observations", []):
        if observation.get("phase") != "main":
            continue
        if not {observation["capability"], *observation.get("also", [])} & static:
            missing.setdefault(observation["capability"], []).append(observation)
    for found in trace.get("comparison", {}).get("false_negatives", []):
        missing.setdefault(found["capability"], found.get("observations", []))
    return missing


def confirmed(trace, static):
    """The statically reported capabilities a main-phase observation shows: its
    own capability, or one in `also` where the static report lacks its own."""
    static = set(static)
    seen = set()
    for observation in trace.get("observations", []):
        if observation.get("phase") != "main":
            continue
        if observation["capability"] in static:
            seen.add(observation["capability"])
        else:
            seen |= set(observation.get("also", [])) & static
    return seen


def score_binaries(runs):
    """runs: [(binary name, static capabilities, capgate-trace/1 document)]."""
    rows = []
    for name, static, trace in runs:
        observed = set(trace.get("capabilities", []))
        missed = set(unexplained_observations(trace, static))
        rows.append({"name": name, "static": set(static), "observed": observed, "missed": missed,
                     "confirmed": confirmed(trace, static)})
    observed = sum(len(r["observed"] | r["missed"]) for r in rows)
    missed = sum(len(r["missed"]) for r in rows)
    reported = sum(len(r["static"]) for r in rows)
    seen = sum(len(r["confirmed"]) for r in rows)
    observable = sum(len(r["static"] - UNOBSERVABLE) for r in rows)
    return {"rows": rows, "observed": observed, "missed": missed, "reported": reported, "seen": seen,
            "observable": observable, "recall": ratio(observed - missed, observed),
            "precision": ratio(seen, reported), "precision_observable": ratio(seen, observable)}


def binary_markdown(result):
    out = []
    add = out.append
    add("| binary | static report | seen at run time | missed | reported, not seen |")
    add("|---|---|---|---|---|")
    for r in result["rows"]:
        add(f"| `{r['name']}` | {caps_text(r['static'])} | {caps_text(r['observed'])} | "
            f"{caps_text(r['missed'], '**none**')} | {caps_text(r['static'] - r['confirmed'])} |")
    add("")
    add(f"Binaries against one traced run each, over (binary, capability) pairs: "
        f"**recall {figure(result['observed'] - result['missed'], result['observed'])}** "
        f"(capabilities seen at run time that the static report has); "
        f"**trace-confirmed share {figure(result['seen'], result['reported'])}** of the reported capabilities, "
        f"{figure(result['seen'], result['observable'])} of those a system call can show (all but "
        f"{caps_text(UNOBSERVABLE)}). The second is not the analysis's precision but a lower bound on it: "
        f"a trace shows what one run of one input exercised, and no system call shows an environment "
        f"read or a call into C code.")
    return out


def load_runs(report, directory):
    runs = []
    for binary in sorted(report["binaries"], key=lambda b: b["name"]):
        path = os.path.join(directory, f"trace-{binary['name']}.json")
        if binary["kind"] == "bin" and os.path.exists(path):
            with open(path) as handle:
                runs.append((binary["name"], binary["capabilities"], json.load(handle)))
    return runs


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__.split("\n\n", 1)[1])
    parser.add_argument("report", help="a capgate-report/2 or /1 JSON file")
    parser.add_argument("--labels", default=LABELS, help="the ground truth (default: labels.toml beside this script)")
    parser.add_argument("--traces", metavar="DIR",
                        help="score the binaries too, against the trace-NAME.json files in DIR")
    parser.add_argument("--crates", action="store_true", help="also print the per-crate comparison")
    args = parser.parse_args()
    try:
        report = load_report(args.report)
    except (OSError, ValueError) as error:
        print(f"compare.py: error: {error}", file=sys.stderr)
        return 2
    result = score_packages(report, load_labels(args.labels))
    print("\n".join(package_markdown(result, crates=args.crates)))
    if args.traces:
        runs = load_runs(report, args.traces)
        if not runs:
            print(f"compare.py: error: no trace-NAME.json for a binary of the report in {args.traces}",
                  file=sys.stderr)
            return 2
        print()
        print("\n".join(binary_markdown(score_binaries(runs))))
    return 1 if result["build_time_only"] else 0


if __name__ == "__main__":
    sys.exit(main())
