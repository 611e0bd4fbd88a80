#!/usr/bin/env python3
"""Prints the capgate facts in an ELF object, an rlib/ar archive or a linked
binary: every block of every `.capgate` section, one record per line.

Used by the lit tests to read back what the pass wrote, independently of the
subcommand's own reader. Payloads are zlib-compressed (model/include/capgate/Facts.h). `--headers` also prints each block's header line.
"""
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
    show_headers = "--headers" in sys.argv
    paths = [arg for arg in sys.argv[1:] if arg != "--headers"]
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
                    magic, version, stored, plain = header.split("\t")
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
