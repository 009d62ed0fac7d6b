"""Checks that a dossier quotes its sources: each summary and timeline text is in a cited document.

"In" means: the text, with whitespace runs made one space, is a stored sentence of one of the
documents it cites, or a span of one. The evaluation script and the tests use this; a dossier
that fails it has written something no source says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyline.report.records import Dossier
from storyline.store.db import Store

_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


@dataclass(frozen=True, slots=True)
class Quote:
    """A dossier text and whether a cited document's sentence contains it."""

    part: str  # "summary" | "timeline"
    text: str
    sources: tuple[str, ...]
    found_in: str | None


def quotes(store: Store, d: Dossier) -> list[Quote]:
    """Every summary and timeline text of the dossier, with the cited document that contains it."""
    cache: dict[str, list[str]] = {}

    def sentences(doc: str) -> list[str]:
        if doc not in cache:
            rows = store.conn.execute("SELECT text FROM sentences WHERE document = ? ORDER BY idx", (doc,))
            cache[doc] = [normalise(str(r[0])) for r in rows]
        return cache[doc]

    result = []
    for part, items in (("summary", d.summary), ("timeline", d.timeline)):
        for item in items:
            text = normalise(item.text)
            found = next((doc for doc in item.sources if any(text in s for s in sentences(doc))), None)
            result.append(Quote(part, item.text, tuple(item.sources), found))
    return result
