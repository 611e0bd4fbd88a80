#!/usr/bin/env python3
"""Damages the capgate facts inside an artefact, in place (keeping the file's
inode, so every hard link cargo made of it sees the change), for tests of
how damaged facts are reported:

  patch-facts.py version FILE   rewrites every block header to version 9
  patch-facts.py corrupt FILE   overwrites the start of every compressed payload
"""
import sys

MAGIC = b"capgate-facts\t2\t"


def main():
    mode, path = sys.argv[1], sys.argv[2]
    with open(path, "r+b") as handle:
        data = bytearray(handle.read())
        position = data.find(MAGIC)
        if position < 0:
            sys.exit(f"patch-facts: no capgate facts in {path}")
        while position >= 0:
            if mode == "version":
                data[position + len(MAGIC) - 2] = ord("9")
            else:
                payload = data.index(b"\n", position) + 1
                data[payload:payload + 8] = b"garbage!"
            position = data.find(MAGIC, position + 1)
        handle.seek(0)
        handle.write(data)


if __name__ == "__main__":
    main()
