"""Reads a `--format capslock` document as Capslock's own tools do.

usage: check-capslock.py SCHEMA.proto DOCUMENT.json

Compiles SCHEMA.proto (a CapabilityInfoList schema) with protoc into a
temporary directory, parses DOCUMENT.json with protobuf's JSON parser, which
rejects unknown fields and enum values the schema does not define, and then
requires the document to be exactly what protobuf's own printer writes for
the message it parsed (field names, int64 fields as strings, no empty
lists). On success prints one line per capabilityInfo and one per path
element, for FileCheck:

  info PACKAGE CAPABILITY_NAME CAPABILITY TYPE dir=PACKAGE_DIR
    path NAME package=PACKAGE site=FILE:LINE[:COLUMN]

Exits 1 with `error: ...` when the document is not acceptable.
"""

import importlib
import json
import os
import subprocess
import sys
import tempfile


def load_schema(proto, out_dir):
    subprocess.run(
        ["protoc", f"--proto_path={os.path.dirname(os.path.abspath(proto))}",
         f"--python_out={out_dir}", os.path.basename(proto)],
        check=True,
    )
    sys.path.insert(0, out_dir)
    return importlib.import_module(os.path.splitext(os.path.basename(proto))[0] + "_pb2")


def differences(expected, actual, where="$"):
    """Where two JSON values differ, as readable lines."""
    if type(expected) is not type(actual):
        return [f"{where}: protobuf writes {json.dumps(expected)}, the document has {json.dumps(actual)}"]
    if isinstance(expected, dict):
        lines = []
        for key in sorted(set(expected) | set(actual)):
            if key not in actual:
                lines.append(f"{where}.{key}: missing (protobuf writes {json.dumps(expected[key])})")
            elif key not in expected:
                lines.append(f"{where}.{key}: protobuf does not write {json.dumps(actual[key])}")
            else:
                lines += differences(expected[key], actual[key], f"{where}.{key}")
        return lines
    if isinstance(expected, list):
        if len(expected) != len(actual):
            return [f"{where}: {len(actual)} elements where protobuf writes {len(expected)}"]
        lines = []
        for index, (e, a) in enumerate(zip(expected, actual)):
            lines += differences(e, a, f"{where}[{index}]")
        return lines
    return [] if expected == actual else [f"{where}: protobuf writes {json.dumps(expected)}, the document has {json.dumps(actual)}"]


def main():
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    proto, document = sys.argv[1:]
    with tempfile.TemporaryDirectory() as out_dir:
        schema = load_schema(proto, out_dir)
    from google.protobuf import json_format

    text = open(document, encoding="utf-8").read()
    message = schema.CapabilityInfoList()
    try:
        json_format.Parse(text, message, ignore_unknown_fields=False)
    except json_format.ParseError as error:
        print(f"error: {document}: protobuf rejects it: {error}")
        return 1
    problems = differences(json.loads(json_format.MessageToJson(message)), json.loads(text))
    if problems:
        print(f"error: {document}: not as protobuf's JSON mapping writes it:")
        for line in problems:
            print(f"  {line}")
        return 1

    for info in message.capability_info:
        print(f"info {info.package_name} {info.capability_name} "
              f"{schema.Capability.Name(info.capability)} "
              f"{schema.CapabilityType.Name(info.capability_type)} dir={info.package_dir}")
        for function in info.path:
            site = "-"
            if function.HasField("site"):
                site = f"{function.site.filename}:{function.site.line}"
                if function.site.HasField("column"):
                    site += f":{function.site.column}"
            print(f"  path {function.name} package={function.package or '-'} site={site}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
