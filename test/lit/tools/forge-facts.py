#!/usr/bin/env python3
"""Writes a facts block of an attacker's making, for the tests of how
capgate's readers refuse them (model/include/capgate/Facts.h):

  forge-facts.py victim FILE      a well-formed version 2 block claiming
                                  victim's unit, with a MAC made without the
                                  facts key
  forge-facts.py v1 FILE          a version 1 block (no unit, no MAC)
  forge-facts.py truncated FILE   a version 2 header declaring more stored
                                  bytes than follow
  forge-facts.py huge FILE        a block of about 100 bytes declaring a
                                  4 GB payload
  forge-facts.py header FILE      a header with fields missing
"""
import sys
import zlib

UNIT = "victim-0123456789abcdef"
RECORDS = (
    f"crate\tvictim\t0123456789abc\tlib\tvictim\t0.1.0\t/ws/victim\tvictim.0\t{UNIT}\n"
    "fn\t_RNvCs0123456789abc_6victim11read_config\tx\tvictim\t0123456789abc\tvictim::read_config\t\t\n"
)


def block():
    kind = sys.argv[1]
    payload = RECORDS.encode()
    stored = zlib.compress(payload)
    if kind == "victim":
        return f"capgate-facts\t2\t{UNIT}\t{len(stored)}\t{len(payload)}\t{'ab' * 32}\n".encode() + stored
    if kind == "v1":
        return f"capgate-facts\t1\t{len(stored)}\t{len(payload)}\n".encode() + stored
    if kind == "truncated":
        return f"capgate-facts\t2\t{UNIT}\t{len(stored) + 100}\t{len(payload)}\t{'ab' * 32}\n".encode() + stored
    if kind == "huge":
        return f"capgate-facts\t2\t{UNIT}\t4\t4294967296\t{'ab' * 32}\n".encode() + b"\x78\x9c\x03\x00"
    if kind == "header":
        return b"capgate-facts\t2\tvictim\n"
    sys.exit(f"forge-facts: unknown kind {kind}")


with open(sys.argv[2], "wb") as out:
    out.write(block())
