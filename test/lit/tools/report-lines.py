#!/usr/bin/env python3
"""Flattens a capgate-report/2 JSON report into one fact per line, so that
lit tests can FileCheck it:

  package NAME VERSION direct=A,B transitive=A,B unsafe=yes|no [build-only]
  scope PACKAGE SCOPE direct=A,B transitive=A,B
  use PACKAGE CAPABILITY FUNCTION CALLEE FILE:LINE SCOPE
  unsafe PACKAGE FILE:LINE
  binary NAME KIND PACKAGE caps=A,B
  path BINARY CAPABILITY: FUNCTION [PACKAGE] FILE:LINE -> ...

File paths are shown by their last two components.
"""
import json
import sys


def short(path):
    return "/".join(path.split("/")[-2:]) if path else ""


def site(entry):
    return f"{short(entry.get('file', ''))}:{entry.get('line', '')}" if entry.get("file") else "-"


def main():
    with open(sys.argv[1]) as handle:
        report = json.load(handle)
    assert report["schema"] == "capgate-report/2", report.get("schema")
    for package in report["packages"]:
        print(f"package {package['name']} {package['version']} direct={','.join(package['direct']) or '-'} "
              f"transitive={','.join(package['transitive']) or '-'} unsafe={'yes' if package['unsafe'] else 'no'}"
              f"{' build-only' if package['build_only'] else ''}")
        for scope, sets in package["scopes"].items():
            print(f"scope {package['name']} {scope} direct={','.join(sets['direct']) or '-'} "
                  f"transitive={','.join(sets['transitive']) or '-'}")
        for use in package["uses"]:
            print(f"use {package['name']} {use['capability']} {use['function']} {use['callee']} "
                  f"{site(use)} {use.get('scope', 'normal')}")
        for unsafe_site in package.get("unsafe_sites", []):
            print(f"unsafe {package['name']} {site(unsafe_site)}")
    for binary in report["binaries"]:
        print(f"binary {binary['name']} {binary['kind']} {binary['package']} "
              f"caps={','.join(binary['capabilities']) or '-'}")
        for capability, hops in binary["paths"].items():
            steps = " -> ".join(f"{hop['function']} [{hop.get('package', '')}] {site(hop)}" for hop in hops)
            print(f"path {binary['name']} {capability}: {steps}")


if __name__ == "__main__":
    main()
