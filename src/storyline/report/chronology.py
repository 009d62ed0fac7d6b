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
    words: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        self.words = tuple(_WORDS.findall(self.text.lower()))


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
    if a.words == b.words:
        return True
    return a.vector is not None and b.vector is not None and float(a.vector @ b.vector) >= cosine


#: Matrix products may round differently from one dot product; candidates this close below the
#: threshold are decided again by `_same`, so the grouping is exactly the pairwise one.
_ROUNDING = 1e-4


class _OneDate:
    """The statements of one date, found for a new sentence without comparing it to each in turn.

    A sentence joins the first statement (in citation order) that `_same` accepts: the first with
    the same words (a dictionary) or the first whose vector reaches the cosine (one matrix product
    over the statements' vectors). A date with thousands of sentences in a large storyline would
    otherwise cost a Python-level comparison per pair.
    """

    def __init__(self) -> None:
        self.statements: list[_Statement] = []
        self._by_words: dict[tuple[str, ...], int] = {}
        self._matrix: np.ndarray | None = None
        self._rows: list[int] = []  # the statement of each matrix row

    def add(self, s: _Dated, cosine: float) -> None:
        found = self._by_words.get(s.words)
        if s.vector is not None and self._matrix is not None and self._rows:
            sims = self._matrix[: len(self._rows)] @ s.vector
            for row in np.flatnonzero(sims >= cosine - _ROUNDING):
                k = self._rows[int(row)]
                if found is not None and k > found:
                    break
                if _same(self.statements[k].first, s, cosine):
                    found = k
                    break
        if found is not None:
            self.statements[found].members.append(s)
            return
        self._by_words.setdefault(s.words, len(self.statements))
        if s.vector is not None:
            self._append_vector(s.vector, len(self.statements))
        self.statements.append(_Statement(s, [s]))

    def _append_vector(self, vector: np.ndarray, statement: int) -> None:
        n = len(self._rows)
        if self._matrix is None:
            self._matrix = np.empty((16, vector.shape[0]), np.float32)
        elif n == self._matrix.shape[0]:
            grown = np.empty((2 * n, self._matrix.shape[1]), np.float32)
            grown[:n] = self._matrix
            self._matrix = grown
        self._matrix[n] = vector
        self._rows.append(statement)


def timeline(store: Store, tree: SourceTree, config: DossierConfig) -> list[TimelineEntry]:
    """The dossier's timeline entries in date order, each citing its sources origin first."""
    dated = _dated_sentences(store, tree.order)
    dated.sort(key=lambda s: (tree.rank(s.document), s.index))
    by_date: dict[tuple[str, str], _OneDate] = {}
    for s in dated:
        by_date.setdefault((s.date, s.granularity), _OneDate()).add(s, config.timeline_same_statement_cosine)
    kept: list[tuple[int, TimelineEntry]] = []
    for (date, granularity), one_date in by_date.items():
        statements = one_date.statements
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
