"""The timeline of a dossier: what its sources say happened on which *event* date, and how precisely.

Annotate gives every sentence the most precise calendar date it mentions (`sentences.event_date`,
with its granularity: day, week, month, quarter, year). Here the dated sentences of a dossier's
documents are grouped by date, and inside one date into statements: two sentences are one
statement when their words are the same or their static sentence vectors (relate stage) reach
`DossierConfig.timeline_same_statement_cosine`. Each statement becomes one entry whose text is the
sentence of the source earliest in lineage order (the origin before its copies) and which cites
every document stating it. Per date the statements backed by the most independence groups are
kept first. Publication dates are not timeline entries: they are in the sources table.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from storyline.config import DossierConfig
from storyline.report.datekeys import date_key
from storyline.report.records import TimelineEntry
from storyline.report.sources import SourceTree
from storyline.store.db import Store

_SPACE = re.compile(r"\s+")
_WORDS = re.compile(r"[^\W_]+")


@dataclass(slots=True)
class _Dated:
    document: str
    index: int
    text: str
    date: str
    granularity: str
    vector: np.ndarray | None = None


@dataclass(slots=True)
class _Statement:
    first: _Dated
    members: list[_Dated] = field(default_factory=list)


def _dated_sentences(store: Store, documents: Sequence[str]) -> list[_Dated]:
    found: list[_Dated] = []
    for i in range(0, len(documents), 500):
        chunk = list(documents[i : i + 500])
        marks = ",".join("?" * len(chunk))
        rows = store.conn.execute(
            "SELECT s.document, s.idx, s.text, s.event_date, s.event_granularity, v.vector FROM sentences s "
            "LEFT JOIN sentence_vectors v ON v.document = s.document AND v.idx = s.idx "
            f"WHERE s.document IN ({marks}) AND s.event_date IS NOT NULL",
            chunk,
        )
        for r in rows:
            vector = None
            if r["vector"] is not None:
                raw = np.frombuffer(bytes(r["vector"]), np.float16).astype(np.float32)
                norm = float(np.linalg.norm(raw))
                vector = raw / norm if norm else None
            text = _SPACE.sub(" ", str(r["text"])).strip()
            found.append(_Dated(r["document"], r["idx"], text, r["event_date"], r["event_granularity"] or "", vector))
    return found


def _same(a: _Dated, b: _Dated, cosine: float) -> bool:
    if _WORDS.findall(a.text.lower()) == _WORDS.findall(b.text.lower()):
        return True
    return a.vector is not None and b.vector is not None and float(a.vector @ b.vector) >= cosine


def timeline(store: Store, tree: SourceTree, config: DossierConfig) -> list[TimelineEntry]:
    """The dossier's timeline entries in date order, each citing its sources origin first."""
    dated = _dated_sentences(store, tree.order)
    dated.sort(key=lambda s: (tree.rank(s.document), s.index))
    by_date: dict[tuple[str, str], list[_Statement]] = {}
    for s in dated:
        statements = by_date.setdefault((s.date, s.granularity), [])
        match = next((st for st in statements if _same(st.first, s, config.timeline_same_statement_cosine)), None)
        if match is None:
            statements.append(_Statement(s, [s]))
        else:
            match.members.append(s)
    kept: list[tuple[int, TimelineEntry]] = []
    for (date, granularity), statements in by_date.items():
        statements.sort(key=lambda st: -len(tree.groups(m.document for m in st.members)))
        for st in statements[: config.timeline_max_per_date]:
            sources = tree.origin_first(m.document for m in st.members)
            support = len(tree.groups(sources))
            kept.append((support, TimelineEntry(date, granularity, st.first.text, sources)))
    if len(kept) > config.timeline_max_entries:
        kept.sort(key=lambda item: -item[0])
        kept = kept[: config.timeline_max_entries]
    entries = [entry for _, entry in kept]
    entries.sort(key=lambda e: (date_key(e.date), tree.rank(e.sources[0])))
    return entries
