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

from collections.abc import Sequence
from dataclasses import dataclass, field

from storyline.config import IngestConfig
from storyline.ingest.textpage import line_fingerprint
from storyline.model import Document, SegmentKind
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
    return frozenset(r[0] for r in store.conn.execute("SELECT fingerprint FROM repeated_lines WHERE grp = ?", (group,)))
