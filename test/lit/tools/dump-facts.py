#!/usr/bin/env python3
"""Prints the capgate facts in an ELF object, an rlib/ar archive or a linked
binary: every block of every `.capgate` section, one record per line.

Used by the lit tests to read back what the pass wrote, independently of the
subcommand's own reader; it does not verify the blocks' MACs. Payloads are
zlib-compressed (model/include/capgate/Facts.h, format version 2).
`--headers` also prints each block's header line; `--unit-key HEX` checks
every block's MAC against that unit key (an independent HMAC-SHA256, from
Python's hmac module) and fails on the first that does not verify.
"""
import hashlib
import hmac
import struct
import sys
import zlib


def elf_sections(data):
    if data[:4] != b"\x7fELF" or data[4] != 2:
        return
    endian = "<" if data[5] == 1 else ">"
    shoff, = struct.unpack_from(endian + "Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from(endian + "HHH", data, 0x3A)
    headers = []
    for index in range(shnum):
        base = shoff + index * shentsize
        name, _type, _flags, _addr, offset, size = struct.unpack_from(endian + "IIQQQQ", data, base)
        headers.append((name, offset, size))
    strtab_offset = headers[shstrndx][1]
    for name, offset, size in headers:
        end = data.index(b"\0", strtab_offset + name)
        yield data[strtab_offset + name:end].decode(), data[offset:offset + size]


def archive_members(data):
    pos = 8
    while pos + 60 <= len(data):
        header = data[pos:pos + 60]
        size = int(header[48:58].decode().strip())
        yield data[pos + 60:pos + 60 + size]
        pos += 60 + size + (size & 1)


def objects(data):
    if data.startswith(b"!<arch>\n"):
        for member in archive_members(data):
            yield from objects(member)
    elif data.startswith(b"\x7fELF"):
        yield data


def main():
    args = sys.argv[1:]
    show_headers = "--headers" in args
    unit_key = None
    if "--unit-key" in args:
        at = args.index("--unit-key")
        unit_key = bytes.fromhex(args[at + 1])
        del args[at:at + 2]
    paths = [arg for arg in args if arg != "--headers"]
    found = False
    for path in paths:
        with open(path, "rb") as handle:
            data = handle.read()
        for obj in objects(data):
            for name, contents in elf_sections(obj):
                if name != ".capgate":
                    continue
                found = True
                pos = 0
                while pos < len(contents):
                    if contents[pos] == 0:
                        pos += 1
                        continue
                    newline = contents.index(b"\n", pos)
                    header = contents[pos:newline].decode()
                    magic, version, _unit, stored, plain, _mac = header.split("\t")
                    assert version == "2", f"facts format version {version}"
                    if unit_key is not None:
                        signed = contents[pos:newline - len(_mac)]
                        stored_bytes = contents[newline + 1:newline + 1 + int(stored)]
                        expected = hmac.new(unit_key, signed + stored_bytes, hashlib.sha256).hexdigest()
                        if not hmac.compare_digest(expected, _mac):
                            sys.exit(f"dump-facts: the block at byte {pos} of {path} does not verify")
                    if show_headers:
                        print(header)
                    payload = zlib.decompress(contents[newline + 1:newline + 1 + int(stored)])
                    assert len(payload) == int(plain), "payload size differs from its header"
                    sys.stdout.write(payload.decode())
                    pos = newline + 1 + int(stored)
    if not found:
        sys.exit(f"dump-facts: no .capgate section in {' '.join(paths)}")


if __name__ == "__main__":
    main()
