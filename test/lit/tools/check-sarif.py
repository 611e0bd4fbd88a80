"""Checks a SARIF log against what GitHub code scanning needs to place results.

usage: check-sarif.py LOG.sarif [--root DIR]

SARIF 2.1.0's JSON schema is in no Debian package, so this checks the
properties GitHub's "SARIF support for code scanning" names as required:
$schema and version 2.1.0; runs[].tool.driver.name and its rules; every
result's ruleId (one of the rules, ruleIndex pointing at it), message.text,
a location whose physicalLocation.artifactLocation.uri is relative with a
uriBaseId that originalUriBaseIds defines as a file:// URI ending in `/`,
a region.startLine, and partialFingerprints (no two results alike). With
--root, every location must also name a file under DIR that has that line.

Prints one line per result, for FileCheck:

  RULE LEVEL URI:LINE `TEXT OF THAT LINE` related=N fingerprint=HEX
    message: TEXT

Exits 1 with `error: ...` lines when the log falls short.
"""

import argparse
import json
import os
import sys
import urllib.parse


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("log")
    parser.add_argument("--root")
    args = parser.parse_args()
    problems = []

    def need(condition, message):
        if not condition:
            problems.append(message)
        return condition

    log = json.load(open(args.log, encoding="utf-8"))
    need(log.get("version") == "2.1.0", "version is not 2.1.0")
    need(str(log.get("$schema", "")).endswith("sarif-2.1.0.json"), "$schema is not SARIF 2.1.0's")
    runs = log.get("runs") or []
    need(len(runs) == 1, f"{len(runs)} runs where capgate writes one")
    lines = []
    for run in runs:
        driver = run.get("tool", {}).get("driver", {})
        need(driver.get("name"), "runs[].tool.driver.name is missing")
        rules = [rule.get("id") for rule in driver.get("rules", [])]
        need(rules and all(rules), "runs[].tool.driver.rules is missing or has a rule without id")
        bases = run.get("originalUriBaseIds", {})
        for name, base in bases.items():
            uri = base.get("uri", "")
            need(uri.startswith("file:///") and uri.endswith("/"),
                 f"originalUriBaseIds.{name} is not a file:// URI ending in /: {uri}")
        fingerprints = set()
        for index, result in enumerate(run.get("results", [])):
            where = f"results[{index}]"
            rule = result.get("ruleId")
            need(rule in rules, f"{where}.ruleId {rule!r} is not a rule of the run")
            if "ruleIndex" in result:
                need(0 <= result["ruleIndex"] < len(rules) and rules[result["ruleIndex"]] == rule,
                     f"{where}.ruleIndex does not point at {rule}")
            text = result.get("message", {}).get("text")
            need(text, f"{where}.message.text is missing")
            prints = result.get("partialFingerprints") or {}
            if need(prints and all(isinstance(v, str) and v for v in prints.values()),
                    f"{where}.partialFingerprints is missing"):
                key = (rule, tuple(sorted(prints.items())))
                need(key not in fingerprints, f"{where} has the partialFingerprints of an earlier result")
                fingerprints.add(key)
            locations = result.get("locations") or []
            if not need(len(locations) == 1, f"{where} has {len(locations)} locations, not 1"):
                continue
            physical = locations[0].get("physicalLocation", {})
            artifact = physical.get("artifactLocation", {})
            uri = artifact.get("uri", "")
            need(uri and not urllib.parse.urlparse(uri).scheme and not uri.startswith("/"),
                 f"{where}: uri {uri!r} is not relative")
            need(artifact.get("uriBaseId") in bases,
                 f"{where}: uriBaseId {artifact.get('uriBaseId')!r} is not in originalUriBaseIds")
            line = physical.get("region", {}).get("startLine")
            need(isinstance(line, int) and line >= 1, f"{where}: no region.startLine")
            shown = ""
            if args.root and isinstance(line, int):
                path = os.path.join(args.root, urllib.parse.unquote(uri))
                if need(os.path.isfile(path), f"{where}: {uri} is not a file under {args.root}"):
                    text_lines = open(path, encoding="utf-8", errors="replace").read().splitlines()
                    if need(line <= len(text_lines), f"{where}: {uri} has no line {line}"):
                        shown = text_lines[line - 1].strip()
            related = result.get("relatedLocations", [])
            lines.append(f"{rule} {result.get('level')} {uri}:{line} `{shown}` related={len(related)} "
                         f"fingerprint={','.join(prints.values())}")
            lines.append(f"  message: {text}")
    if problems:
        for problem in problems:
            print(f"error: {args.log}: {problem}")
        return 1
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
