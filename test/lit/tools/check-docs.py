"""Checks the documentation's links from README.md down.

    check-docs.py ROOT

For every Markdown file under ROOT (outside .git, target directories, test
Inputs and build trees):

- every relative link, inline `[text](path#anchor)` or a reference
  definition `[name]: path`, names a file or directory that exists, and its
  `#anchor`, in a Markdown file, one of that file's headings (as GitHub
  makes their anchors) or an explicit id;
- the file can be reached from ROOT/README.md by following relative links;
- a fenced block right after a line `<!-- include: PATH -->` is PATH's
  content, verbatim (PATH relative to the Markdown file), so that a
  document can show a file the test suite also uses.

And README.md's layout, the fenced block under `## Layout`, names only
paths that exist (an entry indented by two spaces is a name or glob within
the entry above it), and every top-level directory.

Links inside code (fenced blocks and `inline code`) are text, not links.
Prints one line per problem, `error: FILE:LINE: ...`, and exits 1 if there
was any, else 0.
"""
import glob
import os
import re
import sys
from collections import deque
from urllib.parse import unquote

SKIPPED_DIRECTORIES = {".git", "target", "Inputs"}
INLINE_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+\"[^\"]*\")?\s*$")
INCLUDE = re.compile(r"^<!--\s*include:\s*(\S+)\s*-->\s*$")
FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
EXPLICIT_ID = re.compile(r"<[^>]+\b(?:id|name)=\"([^\"]+)\"")


def markdown_files(root):
    found = []
    for directory, subdirectories, files in os.walk(root):
        if "CMakeCache.txt" in files:
            subdirectories[:] = []
            continue
        subdirectories[:] = sorted(d for d in subdirectories if d not in SKIPPED_DIRECTORIES)
        found += [os.path.join(directory, name) for name in sorted(files) if name.endswith(".md")]
    return found


class Document:
    """A Markdown file's links, anchors and included blocks."""

    def __init__(self, path):
        self.path = path
        self.links = []  # (line number, target)
        self.anchors = set()
        self.includes = []  # (line number, included path, block text or None)
        self.blocks = []  # (line number, heading above it, block text)
        slugs = {}
        lines = open(path, encoding="utf-8").read().split("\n")
        fence = None
        pending_include = None
        block = []
        section = None
        block_start = 0
        for number, line in enumerate(lines, 1):
            opening = FENCE.match(line)
            if fence:
                if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence) \
                        and line.strip() == opening.group(1):
                    if pending_include:
                        self.includes.append((*pending_include, "".join(block)))
                        pending_include = None
                    self.blocks.append((block_start, section, "".join(block)))
                    fence = None
                else:
                    block.append(line + "\n")
                continue
            if opening:
                fence = opening.group(1)
                block = []
                block_start = number + 1
                continue
            if pending_include:
                # The include line must be followed directly by its block.
                self.includes.append((*pending_include, None))
                pending_include = None
            include = INCLUDE.match(line)
            if include:
                pending_include = (number, include.group(1))
                continue
            heading = HEADING.match(line)
            if heading:
                section = heading.group(2)
                self.anchors.add(unique_slug(slug(heading.group(2)), slugs))
            self.anchors.update(EXPLICIT_ID.findall(line))
            text = re.sub(r"(`+).*?\1", "", line)
            definition = REFERENCE_DEFINITION.match(text)
            if definition:
                self.links.append((number, definition.group(1)))
            for link in INLINE_LINK.finditer(text):
                self.links.append((number, link.group(1)))
        if pending_include:
            self.includes.append((*pending_include, None))


def slug(heading):
    """The anchor GitHub gives a heading: its text without markup, lower
    case, without punctuation, spaces as hyphens."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)
    text = re.sub(r"<[^>]+>", "", text)
    text = text.lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def unique_slug(base, seen):
    count = seen.get(base, 0)
    seen[base] = count + 1
    return base if count == 0 else f"{base}-{count}"


def layout_problems(document, root):
    """The paths README.md's layout names that do not exist, and the
    top-level directories it leaves out."""
    problems = []
    blocks = [(start, text) for start, section, text in document.blocks if section == "Layout"]
    if not blocks:
        return [(0, "no fenced block under `## Layout`")]
    start, text = blocks[0]
    listed = set()
    parent = None
    for number, line in enumerate(text.split("\n"), start):
        entry = re.match(r"^( {0,2})(\S+(?: \S+)*?)(?: {2,}|$)", line)
        if not entry or not line.strip():
            continue
        inner = bool(entry.group(1))
        for name in entry.group(2).split(" "):
            base = parent if inner else root
            if inner and parent is None:
                problems.append((number, f"layout: `{name}` is indented under no entry"))
                continue
            if not glob.glob(os.path.join(base, name)):
                problems.append((number, f"layout: `{name}` names nothing in {os.path.relpath(base, root)}"))
            if not inner:
                parent = os.path.join(root, name)
                listed.add(name.rstrip("/").split("/")[0])
    for name in sorted(os.listdir(root)):
        path = os.path.join(root, name)
        if os.path.isdir(path) and not name.startswith(".") and name not in SKIPPED_DIRECTORIES \
                and not os.path.exists(os.path.join(path, "CMakeCache.txt")) and name not in listed:
            problems.append((start, f"layout: the directory {name}/ is not in it"))
    return problems


def is_relative(target):
    return target and not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target) and not target.startswith("//")


def main():
    if len(sys.argv) != 2:
        print("usage: check-docs.py ROOT", file=sys.stderr)
        return 2
    root = os.path.abspath(sys.argv[1])
    readme = os.path.join(root, "README.md")
    documents = {os.path.abspath(path): Document(path) for path in markdown_files(root)}
    problems = []

    def problem(document, line, message):
        problems.append(f"error: {os.path.relpath(document.path, root)}:{line}: {message}")

    edges = {path: set() for path in documents}
    for path, document in documents.items():
        for line, target in document.links:
            if not is_relative(target):
                continue
            file_part, _, anchor = target.partition("#")
            destination = os.path.normpath(os.path.join(os.path.dirname(path), unquote(file_part))) \
                if file_part else path
            if not os.path.exists(destination):
                problem(document, line, f"link to {target}: no such file")
                continue
            if destination in documents:
                edges[path].add(destination)
                if anchor and unquote(anchor) not in documents[destination].anchors:
                    problem(document, line, f"link to {target}: no heading with the anchor #{anchor}")
        for line, included, text in document.includes:
            source = os.path.join(os.path.dirname(path), included)
            if text is None:
                problem(document, line, f"include of {included}: no fenced block right after it")
            elif not os.path.isfile(source):
                problem(document, line, f"include of {included}: no such file")
            elif open(source, encoding="utf-8").read() != text:
                problem(document, line, f"include of {included}: the block differs from the file")

    if readme in documents:
        for line, message in layout_problems(documents[readme], root):
            problem(documents[readme], line, message)

    reached = set()
    if readme in documents:
        queue = deque([readme])
        reached.add(readme)
        while queue:
            for destination in sorted(edges[queue.popleft()]):
                if destination not in reached:
                    reached.add(destination)
                    queue.append(destination)
    else:
        problems.append("error: README.md: no such file")
    for path in sorted(set(documents) - reached):
        problems.append(f"error: {os.path.relpath(path, root)}: not reachable from README.md by relative links")

    for line in problems:
        print(line)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
