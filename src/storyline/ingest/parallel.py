"""Cleaning in worker processes: what travels to a worker, what comes back, and how.

A worker cleans a chunk of records completely, the outlet's repeated lines included: it reads
them from the database through its own read-only connection (a reader never blocks the writer),
except for the groups whose lines the batch being written has just changed, which travel with
the chunk. The main process checks that the lines a page was cleaned with are still its group's
when the page is written (`CleanedPage.applied`) and cleans it again itself when they are not;
so the result is the one cleaning in one process gives. Pages whose headline a batch has just
found repeated are cleaned again from their raw bytes, by a worker too (`reapply_chunk`).

Documents travel as plain tuples, which pickle several times faster than the dataclasses (a page
has dozens of segments), and without their raw bytes, which the main process holds already.
"""

from __future__ import annotations

import sqlite3
from dataclasses import fields
from pathlib import Path
from typing import Any

from storyline.config import IngestConfig
from storyline.errors import InputError
from storyline.ingest.readers import RawRecord
from storyline.ingest.repetition import CleanedPage, RepeatedLines, apply_repetition, clean_page, giving
from storyline.model import Dateline, Decision, Document, Segment, SegmentKind

#: A record on its way to a worker: label, format, raw bytes, container fields.
RecordTuple = tuple[str, str, bytes, dict[str, str | None]]
#: A document without its raw bytes: scalars, dateline, segments, decisions.
PackedDocument = tuple[
    tuple[Any, ...], tuple[str, str, str | None] | None, list[tuple[Any, ...]], list[tuple[Any, ...]]
]
#: A cleaned page: the document, its group, the repeated lines applied, its lines' fingerprints.
PackedPage = tuple[PackedDocument, str, str, list[str]]
#: Repeated lines of the groups the batch being written changed, by group.
Overrides = dict[str, frozenset[str]]
#: A page to apply newly found lines to: the record, its document so far, its group, the lines.
Reapply = tuple[RecordTuple, PackedDocument, str, frozenset[str]]

_SCALARS = tuple(f.name for f in fields(Document) if f.name not in ("raw", "dateline", "segments", "decisions"))
#: SegmentKind by value: a dict lookup costs a tenth of calling the enum, for every segment.
_KINDS = {kind.value: kind for kind in SegmentKind}
_WORKER: list[tuple[IngestConfig, RepeatedLines]] = []


def record_tuple(record: RawRecord) -> RecordTuple:
    return record.label, record.format, record.raw, record.fields


def start_worker(config: IngestConfig, db_path: str | None) -> None:
    """Runs once in each worker process: the configuration travels once, not with every page."""
    _WORKER[:] = [(config, RepeatedLines(_read_only(db_path), tolerant=True))]


def _read_only(db_path: str | None) -> sqlite3.Connection | None:
    """A read-only connection to the store, or None (an in-memory store: nothing to read)."""
    if not db_path or db_path == ":memory:":
        return None
    try:
        return sqlite3.connect(f"{Path(db_path).resolve().as_uri()}?mode=ro", uri=True, timeout=30.0)
    except sqlite3.Error:
        return None


def clean_chunk(chunk: list[RecordTuple], overrides: Overrides) -> list[PackedPage | InputError]:
    """Clean a chunk of records in a worker process, and pack them for the way back."""
    config, repeated = _WORKER[0]
    repeated.refresh()

    def lines_of(group: str) -> frozenset[str]:
        return overrides[group] if group in overrides else repeated.of(group)

    out: list[PackedPage | InputError] = []
    for label, fmt, raw, given in chunk:
        page = clean_page(RawRecord(label, fmt, raw, given), config, lines_of)
        if isinstance(page, InputError):
            out.append(page)
        else:
            out.append((pack_document(page.doc), page.group, page.applied, list(page.prints)))
    return out


def reapply_chunk(tasks: list[Reapply]) -> list[PackedDocument | InputError]:
    """Apply newly found repeated lines to pages in a worker process (`apply_repetition`)."""
    config = _WORKER[0][0]
    out: list[PackedDocument | InputError] = []
    for (label, fmt, raw, given), packed, group, lines in tasks:
        record = RawRecord(label, fmt, raw, given)
        try:
            doc = apply_repetition(unpack_document(packed, raw), giving(record), group, lines, config)
        except InputError as exc:
            out.append(exc)
            continue
        out.append(pack_document(doc))
    return out


def pack_document(doc: Document) -> PackedDocument:
    dateline = (doc.dateline.text, doc.dateline.place, doc.dateline.agency) if doc.dateline else None
    return (
        tuple(getattr(doc, name) for name in _SCALARS),
        dateline,
        [(s.index, s.start, s.end, s.text, s.kind.value, s.reason) for s in doc.segments],
        [(d.stage, d.kind, d.subject, d.value, d.evidence) for d in doc.decisions],
    )


def unpack_document(packed: PackedDocument, raw: bytes) -> Document:
    """A document a worker sent, with the raw bytes the main process kept."""
    scalars, dateline, segments, decisions = packed
    doc = Document(**dict(zip(_SCALARS, scalars, strict=True)), raw=raw)
    doc.dateline = Dateline(*dateline) if dateline else None
    kinds = _KINDS
    doc.segments = [Segment(i, a, b, t, kinds[k], r) for i, a, b, t, k, r in segments]
    doc.decisions = [Decision(*d) for d in decisions]
    return doc


def unpack_page(packed: PackedPage | InputError, raw: bytes) -> CleanedPage | InputError:
    if isinstance(packed, InputError):
        return packed
    doc, group, applied, prints = packed
    return CleanedPage(unpack_document(doc, raw), group, applied, set(prints))
