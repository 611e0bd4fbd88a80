"""Reads the stdout of `cargo capgate check --message-format json` (then a
last line "exit: N" from %exit-code): every other line must be a JSON
object, as cargo writes them. Prints, for each of capgate's
compiler-messages, its package, level and message, then each span and
child, in a form FileCheck can match; then the exit line.

A message lacking a field that cargo's own compiler-messages carry (and
that tools reading them, such as the cargo_metadata crate, require) fails.
"""
import json
import sys

REQUIRED_SPAN = ["file_name", "byte_start", "byte_end", "line_start", "line_end", "column_start",
                 "column_end", "is_primary", "text", "label", "suggested_replacement",
                 "suggestion_applicability", "expansion"]

lines = open(sys.argv[1]).read().splitlines()
exit_line = lines.pop() if lines and lines[-1].startswith("exit: ") else None
for line in lines:
    message = json.loads(line)
    assert isinstance(message, dict), line
    if message.get("reason") != "compiler-message":
        continue
    diagnostic = message["message"]
    code = (diagnostic.get("code") or {}).get("code", "")
    if not code.startswith("capgate::"):
        continue
    for key in ["package_id", "manifest_path", "target"]:
        assert key in message, (key, line)
    for key in ["kind", "crate_types", "name", "src_path"]:
        assert key in message["target"], (key, line)
    for key in ["message", "code", "level", "spans", "children", "rendered"]:
        assert key in diagnostic, (key, line)
    print(f"{code} {message['package_id']} {diagnostic['level']}: {diagnostic['message']}")
    for span in diagnostic["spans"]:
        for key in REQUIRED_SPAN:
            assert key in span, (key, line)
        kind = "primary" if span["is_primary"] else "span"
        print(f"{kind} {span['file_name']}:{span['line_start']}:{span['column_start']}-"
              f"{span['line_end']}:{span['column_end']} label {span['label']}")
    for child in diagnostic["children"]:
        print(f"{child['level']} {child['message'].splitlines()[0]}")
if exit_line:
    print(exit_line)
