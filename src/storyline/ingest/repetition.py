"""Boilerplate by corpus statistics: a line repeated on several pages of one outlet is furniture.

Patterns know the boilerplate every site has; this finds the boilerplate only one site has (its
slogan, its own newsletter pitch). For each batch the fingerprints of the new pages' article
lines are counted per outlet, together with the counts of the pages stored before; when a line
reaches `repeated_line_min_pages` pages, the batch's pages carrying it are cleaned again in
memory, before they are written, and every stored page of that outlet carrying it is cleaned
again from its raw bytes, now with that line removed, and the later stages' work on those pages
is forgotten so that the next build redoes it.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from storyline.config import IngestConfig
from storyline.errors import InputError
from storyline.ingest.clean import STAGE, clean_record, repetition_group
from storyline.ingest.pagemeta import find_outlet
from storyline.ingest.readers import RawRecord
from storyline.ingest.textpage import line_fingerprint
from storyline.model import Decision, Document, Segment, SegmentKind
from storyline.store.db import Store


def body_fingerprints(doc: Document, config: IngestConfig) -> set[str]:
    """Fingerprints of a page's kept lines (headline included: a slogan printed above the
    headline is easily taken for it) that are short enough to be furniture."""
    return {
        line_fingerprint(s.text)
        for s in doc.segments
        if s.kind in (SegmentKind.BODY, SegmentKind.TITLE) and len(s.text) <= config.repeated_line_max_chars
    }


@dataclass(slots=True)
class NewlyRepeated:
    """What one batch's lines revealed: which of its pages and which stored pages to clean again."""

    #: Groups (outlets) that have a repeated line more than before.
    groups: set[str] = field(default_factory=set)
    #: The batch's pages carrying a line that just became repeated.
    batch_pages: set[str] = field(default_factory=set)
    #: Pages stored by earlier batches or builds carrying a line that just became repeated.
    stored_pages: set[str] = field(default_factory=set)


def count_batch_lines(
    store: Store, pages: Sequence[tuple[Document, str, set[str]]], config: IngestConfig
) -> NewlyRepeated:
    """Count a batch's lines (page, group, fingerprints) with the stored pages' counts, before the
    batch is written; record the lines at or over the threshold in `repeated_lines`.

    A line counts the pages carrying it, stored and new; one already known as repeated only has
    its count brought up to date (its pages were cleaned again when it first repeated).
    """
    carriers: dict[tuple[str, str], list[Document]] = {}
    for doc, group, prints in pages:
        for fp in prints:
            carriers.setdefault((group, fp), []).append(doc)
    found = NewlyRepeated()
    if not carriers:
        return found
    conn = store.conn
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS touched (grp TEXT, fingerprint TEXT, PRIMARY KEY (grp, fingerprint))")
    conn.execute("DELETE FROM touched")
    conn.executemany("INSERT INTO touched VALUES (?, ?)", list(carriers))
    stored = {
        (grp, fp): int(n)
        for grp, fp, n in conn.execute(
            "SELECT l.grp, l.fingerprint, COUNT(*) FROM line_stats l "
            "JOIN touched t ON t.grp = l.grp AND t.fingerprint = l.fingerprint GROUP BY l.grp, l.fingerprint"
        )
    }
    for key, docs in carriers.items():
        pages_now = stored.get(key, 0) + len(docs)
        if pages_now < config.repeated_line_min_pages:
            continue
        grp, fingerprint = key
        known = conn.execute("UPDATE repeated_lines SET pages = ? WHERE grp = ? AND fingerprint = ?", (pages_now, *key))
        if known.rowcount:
            continue
        older = [
            str(r[0]) for r in conn.execute("SELECT document FROM line_stats WHERE grp = ? AND fingerprint = ?", key)
        ]
        first = min(docs, key=lambda d: d.id)
        if older and older[0] < first.id:
            example = _stored_example(store, older[0], fingerprint)
        else:
            example = next((s.text for s in first.segments if line_fingerprint(s.text) == fingerprint), "")
        conn.execute("INSERT INTO repeated_lines VALUES (?, ?, ?, ?)", (grp, fingerprint, pages_now, example))
        found.groups.add(grp)
        found.batch_pages.update(d.id for d in docs)
        found.stored_pages.update(older)
    return found


def record_lines(store: Store, pages: Sequence[tuple[Document, str, set[str]]]) -> None:
    """Remember which lines each new page carries, for the counts of later batches."""
    store.conn.executemany(
        "INSERT OR IGNORE INTO line_stats VALUES (?, ?, ?)",
        [(group, fp, doc.id) for doc, group, prints in pages for fp in prints],
    )


def _stored_example(store: Store, doc_id: str, fingerprint: str) -> str:
    for (text,) in store.conn.execute("SELECT text FROM segments WHERE document = ? ORDER BY idx", (doc_id,)):
        if line_fingerprint(text) == fingerprint:
            return str(text)
    return ""


def repeated_for_group(store: Store, group: str) -> frozenset[str]:
    return RepeatedLines(store.conn).of(group)


class RepeatedLines:
    """The repeated lines of each group as a database connection sees them, read once per group.

    `refresh` forgets what was read when another connection wrote to the database since: a
    worker process reads through its own connection while the main process writes. A `tolerant`
    reader (a worker's, whose pages the writer checks) takes a read that fails for no lines.
    """

    def __init__(self, conn: sqlite3.Connection | None, *, tolerant: bool = False) -> None:
        self.conn, self.tolerant = conn, tolerant
        self.cache: dict[str, frozenset[str]] = {}
        self.version: int | None = None

    def of(self, group: str) -> frozenset[str]:
        if group not in self.cache:
            self.cache[group] = frozenset(str(r[0]) for r in self._read(_REPEATED_SQL, (group,)))
        return self.cache[group]

    def refresh(self) -> None:
        rows = self._read("PRAGMA data_version", ())
        version = int(rows[0][0]) if rows else None
        if version is None or version != self.version:
            self.cache.clear()
            self.version = version

    def _read(self, sql: str, params: tuple[str, ...]) -> list[tuple[Any, ...]]:
        if self.conn is None:
            return []
        try:
            return list(self.conn.execute(sql, params).fetchall())
        except sqlite3.Error:
            if not self.tolerant:
                raise
            return []


_REPEATED_SQL = "SELECT fingerprint FROM repeated_lines WHERE grp = ?"


@lru_cache(maxsize=256)  # one set per group and batch; bounded, so memory stays flat
def lines_digest(lines: frozenset[str]) -> str:
    """A short name for a set of repeated lines: the same in every process (unlike hash())."""
    if not lines:
        return ""
    return hashlib.blake2b("\n".join(sorted(lines)).encode("ascii"), digest_size=8).hexdigest()


@dataclass(slots=True)
class CleanedPage:
    """A page cleaned, then cleaned of the repeated lines its group had when it was cleaned.

    `applied` names those lines (`lines_digest`): the writer compares it with the lines the group
    has when the page is written, and cleans the page again only when they differ.
    """

    doc: Document
    group: str
    applied: str
    #: Fingerprints of its kept short lines, for the counts (`body_fingerprints`).
    prints: set[str]


def clean_page(
    record: RawRecord, config: IngestConfig, lines_of: Callable[[str], frozenset[str]]
) -> CleanedPage | InputError:
    """Clean a record and apply its group's repeated lines (`lines_of(group)`); errors come back as values."""
    try:
        doc = clean_record(record, config)
        group = repetition_group(record.label, doc.outlet, doc.url)
        lines = lines_of(group)
        doc = apply_repetition(doc, giving(record), group, lines, config)
    except InputError as exc:
        return exc
    return CleanedPage(doc, group, lines_digest(lines), body_fingerprints(doc, config))


def giving(record: RawRecord) -> Callable[[], RawRecord]:
    """The record, for `apply_repetition`, which needs it only to clean a page again."""
    return lambda: record


def headline_repeats(doc: Document, repeated: frozenset[str], config: IngestConfig) -> bool:
    """Whether applying these lines may clean the page again from its raw bytes (its headline is one)."""
    return any(
        s.kind == SegmentKind.TITLE
        and len(s.text) <= config.repeated_line_max_chars
        and line_fingerprint(s.text) in repeated
        for s in doc.segments
    )


def apply_repetition(
    doc: Document,
    record: Callable[[], RawRecord],
    group: str,
    repeated: frozenset[str],
    config: IngestConfig,
) -> Document:
    """Mark the outlet's repeated lines in a cleaned page as boilerplate, unless that guts it.

    When most of a page repeats on other pages of its outlet, those pages are copies of one
    article, not furniture: the repetition is then recorded but not applied. Only when the
    headline itself repeats (a site name taken for a headline) is the page cleaned again from its
    raw bytes, so that the real headline can be found.
    """
    if not repeated:
        return doc
    hits = [
        s
        for s in doc.segments
        if s.kind in (SegmentKind.BODY, SegmentKind.TITLE)
        and len(s.text) <= config.repeated_line_max_chars
        and line_fingerprint(s.text) in repeated
    ]
    if not hits:
        return doc
    label = f"{group.split(':', 1)[-1]} (seen on {config.repeated_line_min_pages}+ of its pages)"
    if _mostly_repeated(doc, hits):
        if any(d.kind == "repetition_not_applied" for d in doc.decisions):
            return doc
        doc.decisions.append(
            Decision(
                STAGE,
                "repetition_not_applied",
                doc.id,
                group,
                {"reason": "most of the page repeats on other pages of the outlet: copies, not furniture"},
            )
        )
        return doc
    if any(s.kind == SegmentKind.TITLE for s in hits):
        return clean_record(record(), config, repeated, label)
    for s in hits:
        s.kind, s.reason = SegmentKind.BOILERPLATE, f"{_REPEATED} {label}"
        named = find_outlet(s.text) if doc.outlet is None else None
        if named is not None:
            doc.outlet = named[0]
            doc.decisions.append(Decision(STAGE, "outlet", doc.id, named[0], {"rule": named[1], "line_text": s.text}))
    return doc


_REPEATED = "repeated on several pages of"


def _mostly_repeated(doc: Document, hits: list[Segment]) -> bool:
    """Whether the page's words on repeated lines (these hits and lines removed as repeated
    before) outnumber the article words left: then the page is a copy, not furniture.

    Counts the kept words only until they outnumber the repeated ones.
    """
    hit_ids = {id(s) for s in hits}
    repeated = sum(
        len(s.text.split())
        for s in doc.segments
        if (id(s) in hit_ids if s.kind == SegmentKind.BODY else s.reason.startswith(_REPEATED))
    )
    kept = 0
    for s in doc.segments:
        if s.kind == SegmentKind.BODY and id(s) not in hit_ids:
            kept += len(s.text.split())
            if kept >= repeated:
                return False
    return kept < repeated


def _cleaning_state(doc: Document) -> tuple[list[tuple[SegmentKind, str]], int]:
    """What applying repeated lines may change: each line's verdict, and the decisions."""
    return [(s.kind, s.reason) for s in doc.segments], len(doc.decisions)


def reclean(store: Store, doc_ids: Iterable[str], config: IngestConfig, cache: dict[str, frozenset[str]]) -> set[str]:
    """Apply newly found repeated lines to stored documents (inside the caller's transaction)."""
    done: set[str] = set()
    for doc_id in doc_ids:
        doc = store.document(doc_id)
        row = store.conn.execute("SELECT repetition_group FROM documents WHERE id = ?", (doc_id,)).fetchone()
        group = str(row["repetition_group"])
        if group not in cache:
            cache[group] = repeated_for_group(store, group)

        def record(doc: Document = doc) -> RawRecord:
            return RawRecord(doc.path, doc.format, doc.raw, store.fields(doc.id))

        before = _cleaning_state(doc)
        try:
            doc = apply_repetition(doc, record, group, cache[group], config)
        except InputError:
            continue
        if _cleaning_state(doc) == before:
            continue
        store.replace_cleaning(doc, group)
        store.invalidate([doc_id], keep_stages=[STAGE])
        done.add(doc_id)
    return done
