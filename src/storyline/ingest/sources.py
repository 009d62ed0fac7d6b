"""Turn what the user named (files, folders, globs, '-') into a list of inputs, in a stable order.

Folders are walked recursively and sorted, so the same folder always yields the same order; a
path that does not exist or cannot be read becomes an error for that path only.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from storyline.errors import UnreadableInputError

STDIN = "-"

#: Extensions we read; other files met while walking a folder are ignored silently (a folder of
#: pages often holds images and stylesheets too), but named explicitly they are read as text.
KNOWN_SUFFIXES = (
    ".txt",
    ".text",
    ".md",
    ".html",
    ".htm",
    ".xhtml",
    ".json",
    ".jsonl",
    ".ndjson",
    ".warc",
    ".warc.gz",
    ".rss",
    ".atom",
    ".xml",
)


@dataclass(frozen=True, slots=True)
class InputFile:
    """One file to read (or stdin), with the name the user will see for it."""

    label: str
    #: Where to read it, None for stdin. A string, not a Path: building a Path for every file of a
    #: large folder interned every file name for good (memory that grew with the corpus).
    path: str | None

    @property
    def size(self) -> int:
        return os.stat(self.path).st_size if self.path is not None else 0


def has_known_suffix(name: str) -> bool:
    lower = name.lower()
    return any(lower.endswith(s) for s in KNOWN_SUFFIXES)


def expand_inputs(specs: list[str]) -> Iterator[InputFile | UnreadableInputError]:
    """Every input the specs name, each once, folders recursive and sorted, globs expanded.

    Streamed: nothing per file is kept, so a folder of millions of files costs no memory. Only
    when two specs (or a glob's matches) may name the same file are the files met remembered, to
    read each once; one folder's walk meets each file once by itself (a link to a file that is
    also there is the same bytes, which the store keeps once under both names).
    """
    overlapping = len(specs) > 1 or any(_is_pattern(spec) for spec in specs)
    seen: set[str] = set()
    for spec in specs:
        for item in _expand_one(spec):
            if overlapping and isinstance(item, InputFile):
                key = os.path.realpath(item.path) if item.path is not None else STDIN  # what Path.resolve() does
                if key in seen:
                    continue
                seen.add(key)
            yield item


def _is_pattern(spec: str) -> bool:
    """Whether a spec is read as a glob (the rule `_expand_one` follows)."""
    return spec != STDIN and not Path(spec).exists() and glob.has_magic(spec)


def count_inputs(specs: list[str]) -> int:
    """How many inputs `expand_inputs` will yield (errors left out), counted without keeping them."""
    return sum(1 for item in expand_inputs(specs) if isinstance(item, InputFile))


def _expand_one(spec: str) -> Iterator[InputFile | UnreadableInputError]:
    if spec == STDIN:
        yield InputFile("<stdin>", None)
        return
    path = Path(spec)
    if not path.exists() and glob.has_magic(spec):
        matches = sorted(glob.glob(spec, recursive=True))
        if not matches:
            yield UnreadableInputError(spec, "the pattern matched no file")
        for match in matches:
            yield from _expand_one(match) if Path(match).is_dir() else _file(Path(match))
        return
    if not path.exists():
        yield UnreadableInputError(spec, "no such file or folder")
    elif path.is_dir():
        yield from _walk(path)
    else:
        yield from _file(path)


def _walk(folder: Path) -> Iterator[InputFile | UnreadableInputError]:
    if not os.access(folder, os.R_OK | os.X_OK):
        yield UnreadableInputError(str(folder), "permission denied (cannot list the folder)")
        return
    for root, dirs, files in os.walk(folder, onerror=None):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        base = str(Path(root))  # one Path per folder; each file's name is str(Path(root) / name)
        for name in sorted(files):
            if name.startswith(".") or not has_known_suffix(name):
                continue
            yield from _named_file(name if base == "." else os.path.join(base, name))


def _file(path: Path) -> Iterator[InputFile | UnreadableInputError]:
    yield from _named_file(str(path))


def _named_file(name: str) -> Iterator[InputFile | UnreadableInputError]:
    if not os.path.isfile(name):
        yield UnreadableInputError(name, "not a regular file")
    elif not os.access(name, os.R_OK):
        yield UnreadableInputError(name, "permission denied")
    else:
        yield InputFile(name, name)
