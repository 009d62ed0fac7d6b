"""Boilerplate by corpus statistics: a line repeated on several pages of one outlet is furniture.

Patterns know the boilerplate every site has; this finds the boilerplate only one site has (its
slogan, its own newsletter pitch). After each batch the fingerprints of the new pages' article
lines are counted per outlet; when a line reaches `repeated_line_min_pages` pages, every page of
that outlet carrying it is cleaned again from its raw bytes, now with that line removed, and
the later stages' work on those pages is forgotten so that the next build redoes it.
"""

from __future__ import annotations

from collections.abc import Iterable

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


def record_lines(store: Store, doc: Document, group: str, config: IngestConfig) -> list[tuple[str, str]]:
    """Count a new page's lines for its outlet; returns the (group, fingerprint) pairs touched."""
    pairs = [(group, fp) for fp in body_fingerprints(doc, config)]
    store.conn.executemany("INSERT OR IGNORE INTO line_stats VALUES (?, ?, ?)", [(g, fp, doc.id) for g, fp in pairs])
    return pairs


def newly_repeated(store: Store, touched: Iterable[tuple[str, str]], config: IngestConfig) -> set[str]:
    """Lines that just reached the threshold; returns the pages that carry them.

    Records each such line in `repeated_lines` with how many pages carry it.
    """
    conn = store.conn
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS touched (grp TEXT, fingerprint TEXT, PRIMARY KEY (grp, fingerprint))")
    conn.execute("DELETE FROM touched")
    conn.executemany("INSERT OR IGNORE INTO touched VALUES (?, ?)", list(touched))
    rows = conn.execute(
        "SELECT l.grp, l.fingerprint, COUNT(*) AS pages FROM line_stats l "
        "JOIN touched t ON t.grp = l.grp AND t.fingerprint = l.fingerprint "
        "GROUP BY l.grp, l.fingerprint HAVING COUNT(*) >= ?",
        (config.repeated_line_min_pages,),
    ).fetchall()
    affected: set[str] = set()
    for grp, fingerprint, pages in rows:
        exists = conn.execute(
            "SELECT pages FROM repeated_lines WHERE grp = ? AND fingerprint = ?", (grp, fingerprint)
        ).fetchone()
        docs = [
            r[0]
            for r in conn.execute(
                "SELECT document FROM line_stats WHERE grp = ? AND fingerprint = ?", (grp, fingerprint)
            )
        ]
        if exists is None:
            example = _example_line(store, docs[0], fingerprint)
            conn.execute("INSERT INTO repeated_lines VALUES (?, ?, ?, ?)", (grp, fingerprint, pages, example))
        else:
            conn.execute(
                "UPDATE repeated_lines SET pages = ? WHERE grp = ? AND fingerprint = ?", (pages, grp, fingerprint)
            )
        affected.update(docs)
    return affected


def _example_line(store: Store, doc_id: str, fingerprint: str) -> str:
    for (text,) in store.conn.execute("SELECT text FROM segments WHERE document = ?", (doc_id,)):
        if line_fingerprint(text) == fingerprint:
            return str(text)
    return ""


def repeated_for_group(store: Store, group: str) -> frozenset[str]:
    return frozenset(r[0] for r in store.conn.execute("SELECT fingerprint FROM repeated_lines WHERE grp = ?", (group,)))
