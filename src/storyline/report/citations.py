"""Citations as every human-readable format shows them: numbered sources, copies folded under origins.

Sources are numbered 1..N in the dossier's citation order (independence groups, origin first). A
statement's sources are shown one independence group at a time: the group's first source (its
origin, when the origin is in the corpus) carries the citation and the group's other sources are
folded under it as copies, so "[1 + 3 copies]" reads as one independent source, not four.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from storyline.report.records import Dossier, SourceRow

_DOC_ID = re.compile(r"\b[0-9a-f]{16}\b")


@dataclass(frozen=True, slots=True)
class Citation:
    """One independent source of a statement: the number of its head document and of its copies."""

    head: int
    copies: tuple[int, ...]

    def label(self) -> str:
        if not self.copies:
            return f"[{self.head}]"
        n = len(self.copies)
        return f"[{self.head} + {n} cop{'y' if n == 1 else 'ies'}: {', '.join(map(str, self.copies))}]"


def numbers(d: Dossier) -> dict[str, int]:
    """Each document's citation number."""
    return {s.document: i for i, s in enumerate(d.sources, 1)}


def independence_groups(d: Dossier) -> dict[str, str]:
    """Each document's independence group."""
    return {s.document: s.independence_group for s in d.sources}


def citations(
    d: Dossier,
    documents: Sequence[str],
    numbering: dict[str, int] | None = None,
    groups: dict[str, str] | None = None,
) -> list[Citation]:
    """The statement's sources grouped by independence group, in the order cited.

    A renderer citing many statements passes `numbering` and `groups` made once: made per call,
    they cost a pass over every source of the dossier for each statement.
    """
    numbering = numbering if numbering is not None else numbers(d)
    group = groups if groups is not None else independence_groups(d)
    heads: dict[str, list[int]] = {}
    for doc in documents:
        if doc in numbering:
            heads.setdefault(group.get(doc, doc), []).append(numbering[doc])
    return [Citation(nums[0], tuple(nums[1:])) for nums in heads.values()]


def cite(
    d: Dossier, documents: Sequence[str], numbering: dict[str, int] | None = None, groups: dict[str, str] | None = None
) -> str:
    """The plain-text citation of a statement: "[1 + 2 copies: 2, 3] [5]"."""
    return " ".join(c.label() for c in citations(d, documents, numbering, groups))


def source_name(s: SourceRow) -> str:
    """What to call a source: its outlet, else its web host, else its file name."""
    if s.outlet:
        return s.outlet
    if s.url:
        host = urlsplit(s.url).hostname
        if host:
            return host.removeprefix("www.")
    return s.path.rsplit("/", 1)[-1] or s.document[:10]


def published_label(s: SourceRow) -> str:
    if not s.published:
        return "unknown"
    how = "inferred" if s.published_inferred else "given"
    return f"{s.published} ({s.published_granularity or '?'}, {how})"


def relation_label(d: Dossier, s: SourceRow, numbering: dict[str, int] | None = None) -> str:
    """The relation with the other documents named by their numbers, not their hashes."""
    numbering = numbering if numbering is not None else numbers(d)
    return _DOC_ID.sub(lambda m: f"[{numbering[m[0]]}]" if m[0] in numbering else m[0], s.relation)
