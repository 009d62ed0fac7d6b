"""The SQLite store: reads and writes of the records, and the incremental bookkeeping.

One file, WAL journal (readers never block the writer), foreign keys on. Every write of a batch
happens in one transaction, so a build killed at any moment leaves either the whole batch or
none of it, and a re-run picks up exactly what is missing. All SQL takes page text as parameters,
never as part of the statement.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from storyline.errors import NotFoundError, StoreError
from storyline.model import Dateline, Decision, Document, Segment, SegmentKind
from storyline.store.schema import migrate

_DOC_COLUMNS = (
    "id, path, format, raw, fields, text, encoding, encoding_warning, url, title, byline, dateline, "
    "outlet, page_date, published, published_evidence, cited_sources, language, clean_text, "
    "word_count, repetition_group"
)
_CLEANING_COLUMNS = (
    "text",
    "encoding",
    "encoding_warning",
    "url",
    "title",
    "byline",
    "dateline",
    "outlet",
    "page_date",
    "published",
    "published_evidence",
    "cited_sources",
    "language",
    "clean_text",
    "word_count",
    "repetition_group",
)


class Store:
    """A storyline database. Use as a context manager, or call `close()`."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=30.0)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            migrate(self.conn)
            #: The first row (seq) of the documents added in the open transaction, which enter
            #: the full-text index together when it commits; None when there are none.
            self._unindexed_from: int | None = None
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a usable storyline database ({exc})") from exc

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All writes inside commit together or not at all."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
            self._index_new_documents()
        except BaseException:
            self._unindexed_from = None
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def _index_new_documents(self) -> None:
        """Put the documents added since the last call into the full-text index, in one statement.

        One INSERT ... SELECT for a batch costs a quarter of a trigger call per row. It runs in
        the documents' own transaction, so a document is never stored without being indexed.
        """
        if self._unindexed_from is None:
            return
        self.conn.execute(
            "INSERT INTO documents_fts(rowid, title, clean_text) SELECT seq, title, clean_text FROM documents"
            " WHERE seq >= ?",
            (self._unindexed_from,),
        )
        self._unindexed_from = None

    # --- documents -------------------------------------------------------------------------

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        wanted = list(set(ids))
        found: set[str] = set()
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            marks = ",".join("?" * len(chunk))
            found.update(r[0] for r in self.conn.execute(f"SELECT id FROM documents WHERE id IN ({marks})", chunk))
        return found

    def add_document(self, doc: Document, fields: dict[str, str | None], group: str) -> None:
        """Insert a new document with its segments and decisions (inside a transaction)."""
        row = _document_row(doc, fields, group)
        cur = self.conn.execute(f"INSERT INTO documents ({_DOC_COLUMNS}) VALUES ({','.join('?' * len(row))})", row)
        if self._unindexed_from is None:
            self._unindexed_from = cur.lastrowid
        self.conn.execute("INSERT OR IGNORE INTO document_paths VALUES (?, ?)", (doc.id, doc.path))
        self._write_cleaning_children(doc)
        if not self.conn.in_transaction:  # no transaction to wait for: indexed at once
            self._index_new_documents()

    def add_path(self, doc_id: str, path: str) -> bool:
        """Remember another name the same bytes were seen under; True when it is new."""
        cur = self.conn.execute("INSERT OR IGNORE INTO document_paths VALUES (?, ?)", (doc_id, path))
        return cur.rowcount > 0

    def replace_cleaning(self, doc: Document, group: str) -> None:
        """Store a re-cleaned document's text, metadata, segments and decisions in place."""
        self._index_new_documents()  # the update trigger takes the old text out of the index
        row = _document_row(doc, {}, group)
        values = dict(zip(_DOC_COLUMNS.split(", "), row, strict=True))
        sets = ", ".join(f"{c} = ?" for c in _CLEANING_COLUMNS)
        self.conn.execute(
            f"UPDATE documents SET {sets} WHERE id = ?", [values[c] for c in _CLEANING_COLUMNS] + [doc.id]
        )
        self.conn.execute("DELETE FROM segments WHERE document = ?", (doc.id,))
        self.conn.execute("DELETE FROM decisions WHERE subject = ? AND stage = 'clean'", (doc.id,))
        self._write_cleaning_children(doc)

    def _write_cleaning_children(self, doc: Document) -> None:
        self.conn.executemany(
            "INSERT INTO segments VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(doc.id, s.index, s.start, s.end, s.text, str(s.kind), s.reason) for s in doc.segments],
        )
        self.add_decisions(doc.decisions)

    def add_decisions(self, decisions: Iterable[Decision]) -> None:
        self.conn.executemany(
            "INSERT INTO decisions (stage, kind, subject, value, evidence) VALUES (?, ?, ?, ?, ?)",
            [(d.stage, d.kind, d.subject, d.value, json.dumps(d.evidence, ensure_ascii=False)) for d in decisions],
        )

    def resolve_id(self, prefix: str) -> str:
        """The full id of the one document whose id starts with the prefix."""
        rows = self.conn.execute(
            "SELECT id FROM documents WHERE id >= ? AND id < ? LIMIT 2", (prefix, prefix + "\uffff")
        ).fetchall()
        if not rows:
            raise NotFoundError(f"no document with id {prefix!r}; `storyline docs` lists them")
        if len(rows) > 1:
            raise NotFoundError(f"document id {prefix!r} is ambiguous; give more characters")
        return str(rows[0][0])

    def document(self, doc_id: str) -> Document:
        row = self.conn.execute(f"SELECT {_DOC_COLUMNS} FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no document with id {doc_id!r}")
        doc = _document_from_row(row)
        doc.segments = [
            Segment(r["idx"], r["start"], r["end"], r["text"], SegmentKind(r["kind"]), r["reason"])
            for r in self.conn.execute("SELECT * FROM segments WHERE document = ? ORDER BY idx", (doc_id,))
        ]
        doc.decisions = self.decisions(doc_id)
        return doc

    def fields(self, doc_id: str) -> dict[str, str | None]:
        row = self.conn.execute("SELECT fields FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return dict(json.loads(row[0])) if row else {}

    def document_ids(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT id FROM documents ORDER BY seq")]

    def iter_documents(self, with_segments: bool = True) -> Iterator[Document]:
        for doc_id in self.document_ids():
            yield (
                self.document(doc_id)
                if with_segments
                else _document_from_row(
                    self.conn.execute(f"SELECT {_DOC_COLUMNS} FROM documents WHERE id = ?", (doc_id,)).fetchone()
                )
            )

    def document_rows(self) -> list[sqlite3.Row]:
        """Summary rows for listings: no raw bytes, no text."""
        return self.conn.execute(
            "SELECT d.id, d.path, d.outlet, d.title, COALESCE(d.published, d.inferred_published) AS published, "
            "d.page_date, d.word_count, d.format, "
            "(SELECT COUNT(*) FROM segments s WHERE s.document = d.id "
            " AND s.kind IN ('boilerplate', 'page_date', 'cited_sources')) AS removed "
            "FROM documents d ORDER BY d.seq"
        ).fetchall()

    def count_documents(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0])

    def decisions(self, subject: str) -> list[Decision]:
        return [
            Decision(r["stage"], r["kind"], r["subject"], r["value"], json.loads(r["evidence"]))
            for r in self.conn.execute("SELECT * FROM decisions WHERE subject = ? ORDER BY id", (subject,))
        ]

    def search(self, query: str, limit: int = 20) -> list[sqlite3.Row]:
        """Documents matching a full-text query (FTS5 syntax), best first (BM25)."""
        try:
            return self.conn.execute(
                "SELECT d.id, d.title, snippet(documents_fts, 1, '[', ']', '…', 12) AS snippet, "
                "bm25(documents_fts) AS score FROM documents_fts JOIN documents d ON d.seq = documents_fts.rowid "
                "WHERE documents_fts MATCH ? ORDER BY score LIMIT ?",
                (query, limit),
            ).fetchall()
        except sqlite3.OperationalError as exc:
            raise StoreError(f"cannot search for {query!r}: {exc}") from exc

    # --- incremental bookkeeping -------------------------------------------------------------

    def mark_done(self, stage: str, doc_ids: Iterable[str], version: str) -> None:
        self.conn.executemany(
            "INSERT OR REPLACE INTO stage_runs VALUES (?, ?, ?)", [(stage, d, version) for d in doc_ids]
        )

    def pending(self, stage: str, version: str) -> list[str]:
        """Documents this stage has not processed at this version, in ingest order."""
        return [
            r[0]
            for r in self.conn.execute(
                "SELECT d.id FROM documents d LEFT JOIN stage_runs r ON r.document = d.id AND r.stage = ? "
                "WHERE r.version IS NULL OR r.version != ? ORDER BY d.seq",
                (stage, version),
            )
        ]

    def invalidate(self, doc_ids: Iterable[str], keep_stages: Iterable[str]) -> None:
        """Forget later stages' work on these documents so that the next build redoes it."""
        keep = list(keep_stages)
        marks = ",".join("?" * len(keep))
        self.conn.executemany(
            f"DELETE FROM stage_runs WHERE document = ? AND stage NOT IN ({marks})",
            [(d, *keep) for d in doc_ids],
        )

    def meta(self) -> dict[str, Any]:
        return {"schema_version": int(self.conn.execute("PRAGMA user_version").fetchone()[0])}


def _document_row(doc: Document, fields: dict[str, str | None], group: str) -> tuple[Any, ...]:
    dateline = None
    if doc.dateline is not None:
        dateline = json.dumps({"text": doc.dateline.text, "place": doc.dateline.place, "agency": doc.dateline.agency})
    return (
        doc.id,
        doc.path,
        doc.format,
        doc.raw,
        json.dumps(fields, ensure_ascii=False),
        doc.text,
        doc.encoding,
        doc.encoding_warning,
        doc.url,
        doc.title,
        doc.byline,
        dateline,
        doc.outlet,
        doc.page_date,
        doc.published,
        doc.published_evidence,
        json.dumps(doc.cited_sources, ensure_ascii=False),
        doc.language,
        doc.clean_text,
        doc.word_count,
        group,
    )


def _document_from_row(row: sqlite3.Row) -> Document:
    dateline = None
    if row["dateline"]:
        d = json.loads(row["dateline"])
        dateline = Dateline(d["text"], d["place"], d.get("agency"))
    return Document(
        id=row["id"],
        path=row["path"],
        format=row["format"],
        raw=bytes(row["raw"]),
        text=row["text"],
        encoding=row["encoding"],
        encoding_warning=row["encoding_warning"],
        url=row["url"],
        title=row["title"],
        byline=row["byline"],
        dateline=dateline,
        outlet=row["outlet"],
        page_date=row["page_date"],
        published=row["published"],
        published_evidence=row["published_evidence"],
        cited_sources=json.loads(row["cited_sources"]),
        language=row["language"],
    )
