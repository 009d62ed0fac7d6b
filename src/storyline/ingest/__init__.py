"""The ingest stage: inputs in, cleaned documents stored, each once, whatever happens.

Records are read, content-addressed, cleaned and written in batches; each batch is one
transaction, so a killed build loses at most the batch in flight and a re-run skips every page
already stored (its id is the hash of its bytes). Bad inputs become one-line errors and the batch
goes on.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from multiprocessing.pool import Pool
from typing import Any

from storyline.config import Config, IngestConfig
from storyline.errors import InputError
from storyline.ingest.clean import CLEAN_VERSION, clean_record, document_id, repetition_group
from storyline.ingest.pagemeta import find_outlet
from storyline.ingest.readers import RawRecord, read_input
from storyline.ingest.repetition import body_fingerprints, count_batch_lines, record_lines, repeated_for_group
from storyline.ingest.sources import InputFile, expand_inputs
from storyline.ingest.textpage import line_fingerprint
from storyline.model import Dateline, Decision, Document, Segment, SegmentKind
from storyline.store.db import Store

STAGE = "clean"
#: Called after each input file with (files done, files in all, documents added so far).
ProgressHook = Callable[[int, int, int], None]


@dataclass(slots=True)
class IngestReport:
    """What one ingest did: documents added, pages seen again, inputs skipped and why."""

    added: list[str] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: Pages stored before (by an earlier batch or build) cleaned again: a line on them turned
    #: out to repeat on other pages of their outlet.
    recleaned: set[str] = field(default_factory=set)
    files: int = 0


def ingest(specs: list[str], store: Store, config: Config, progress: ProgressHook | None = None) -> IngestReport:
    """Read every input the specs name and store each new page as a cleaned document."""
    report = IngestReport()
    # Only the names are kept (None for stdin), not an InputFile per file: over a large folder
    # those objects were the one thing in memory that grew with the corpus.
    inputs: list[str | None] = []
    for item in expand_inputs(specs):
        if isinstance(item, InputError):
            report.errors.append(item)
        else:
            inputs.append(None if item.path is None else item.label)
    report.files = len(inputs)
    with _Batch(store, config.ingest, report) as batch:
        for done, name in enumerate(inputs, start=1):
            item = InputFile("<stdin>", None) if name is None else InputFile(name, name)
            for record in read_input(item, config.ingest):
                if isinstance(record, InputError):
                    report.errors.append(record)
                else:
                    batch.add(record)
            if progress is not None:
                progress(done, len(inputs), len(report.added) + batch.pending)
        batch.flush()
    return report


def _clean_one(job: tuple[RawRecord, IngestConfig]) -> Document | InputError:
    """Clean one record in this process; errors come back as values."""
    try:
        return clean_record(*job)
    except InputError as exc:
        return exc


#: A cleaned document as a worker process sends it back: plain tuples, which pickle several
#: times faster than the dataclasses (a page has dozens of segments), and no raw bytes, which the
#: main process holds already. `_unpack` makes the Document again.
_Packed = tuple[tuple[Any, ...], tuple[str, str, str | None] | None, list[tuple[Any, ...]], list[tuple[Any, ...]]]
_SCALARS = tuple(f.name for f in fields(Document) if f.name not in ("raw", "dateline", "segments", "decisions"))
_WORKER_CONFIG: list[IngestConfig] = []


def _start_worker(config: IngestConfig) -> None:
    """Runs once in each worker process: the configuration travels once, not with every page."""
    _WORKER_CONFIG[:] = [config]


def _clean_in_worker(record: tuple[str, str, bytes, dict[str, str | None]]) -> _Packed | InputError:
    """Clean one record in a worker process, and pack it for the way back."""
    try:
        doc = clean_record(RawRecord(*record), _WORKER_CONFIG[0])
    except InputError as exc:
        return exc
    dateline = (doc.dateline.text, doc.dateline.place, doc.dateline.agency) if doc.dateline else None
    return (
        tuple(getattr(doc, name) for name in _SCALARS),
        dateline,
        [(s.index, s.start, s.end, s.text, s.kind.value, s.reason) for s in doc.segments],
        [(d.stage, d.kind, d.subject, d.value, d.evidence) for d in doc.decisions],
    )


def _unpack(packed: _Packed | InputError, raw: bytes) -> Document | InputError:
    if isinstance(packed, InputError):
        return packed
    scalars, dateline, segments, decisions = packed
    doc = Document(**dict(zip(_SCALARS, scalars, strict=True)), raw=raw)
    doc.dateline = Dateline(*dateline) if dateline else None
    doc.segments = [Segment(i, a, b, t, SegmentKind(k), r) for i, a, b, t, k, r in segments]
    doc.decisions = [Decision(*d) for d in decisions]
    return doc


@dataclass(slots=True)
class _Job:
    """One batch on its way: records to clean, pages seen again, and the cleaning under way."""

    todo: list[RawRecord] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    seen_again: list[tuple[str, str]] = field(default_factory=list)
    results: Callable[[], list[Document | InputError]] = lambda: []


class _Batch:
    """Records waiting to be cleaned and written together in one transaction."""

    def __init__(self, store: Store, config: IngestConfig, report: IngestReport) -> None:
        self.store, self.config, self.report = store, config, report
        self.records: list[RawRecord] = []
        self.repeated_cache: dict[str, frozenset[str]] = {}
        self.pool: Pool | None = None
        self.inflight: _Job | None = None
        self.inflight_ids: set[str] = set()

    def __enter__(self) -> _Batch:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool = None

    def _cleaning(self, records: list[RawRecord]) -> Callable[[], list[Document | InputError]]:
        """Start cleaning records; the returned call waits for the results.

        On every core when there are enough records to pay for the workers; the workers clean
        the next batch while the main process writes this one.
        """
        workers = self.config.workers or os.cpu_count() or 1
        if workers < 2 or len(records) < self.config.parallel_min_records:
            done = [_clean_one((r, self.config)) for r in records]
            return lambda: done
        if self.pool is None:
            method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
            self.pool = multiprocessing.get_context(method).Pool(workers, _start_worker, (self.config,))
        chunk = max(1, len(records) // (workers * 4))
        jobs = [(r.label, r.format, r.raw, r.fields) for r in records]
        running = self.pool.map_async(_clean_in_worker, jobs, chunksize=chunk)
        return lambda: [_unpack(packed, r.raw) for packed, r in zip(running.get(), records, strict=True)]

    @property
    def pending(self) -> int:
        return len(self.records)

    def add(self, record: RawRecord) -> None:
        self.records.append(record)
        if len(self.records) >= self.config.batch_size:
            job = self._submit()
            self._finish_inflight()
            self.inflight = job

    def flush(self) -> None:
        job = self._submit()
        self._finish_inflight()
        if job is not None:
            self.inflight = job
            self._finish_inflight()

    def _submit(self) -> _Job | None:
        records, self.records = self.records, []
        if not records:
            return None
        ids = [document_id(r.raw) for r in records]
        known = self.store.known_ids(ids) | self.inflight_ids
        job = _Job()
        for record, doc_id in zip(records, ids, strict=True):
            if doc_id in known:
                job.seen_again.append((doc_id, record.label))
            else:
                known.add(doc_id)
                job.todo.append(record)
                job.ids.append(doc_id)
        self.inflight_ids.update(job.ids)
        job.results = self._cleaning(job.todo)
        return job

    def _finish_inflight(self) -> None:
        job, self.inflight = self.inflight, None
        if job is None:
            return
        cleaned = job.results()
        fresh: list[tuple[Document, RawRecord, str]] = []
        with self.store.transaction():
            for record, result in zip(job.todo, cleaned, strict=True):
                if isinstance(result, InputError):
                    self.report.errors.append(result)
                    continue
                doc, group = self._with_repetition(result, record)
                fresh.append((doc, record, group))
            self._write(fresh)
            stored = self.store.known_ids(doc_id for doc_id, _ in job.seen_again)
            for doc_id, label in job.seen_again:
                if doc_id in stored:  # not when its first copy was refused
                    self.store.add_path(doc_id, label)
                    self.report.duplicates.append((label, doc_id))
        self.inflight_ids.difference_update(job.ids)
        self.repeated_cache.clear()

    def _write(self, fresh: list[tuple[Document, RawRecord, str]]) -> None:
        """Write a batch's documents once, each already cleaned of the lines this batch shows repeated."""
        pages = [(doc, group, body_fingerprints(doc, self.config)) for doc, _, group in fresh]
        found = count_batch_lines(self.store, pages, self.config)
        for group in found.groups:
            self.repeated_cache[group] = repeated_for_group(self.store, group)
        for i, (doc, record, group) in enumerate(fresh):
            if doc.id in found.batch_pages:  # new pages: cleaned again in memory, not counted as re-cleaned
                doc = apply_repetition(doc, _giving(record), group, self.repeated_cache[group], self.config)
                fresh[i] = (doc, record, group)
        for doc, record, group in fresh:
            self.store.add_document(doc, record.fields, group)
            if doc.encoding_warning:
                self.report.warnings.append(f"{record.label}: {doc.encoding_warning}")
            self.report.added.append(doc.id)
        record_lines(self.store, pages)
        self.store.mark_done(STAGE, [d.id for d, _, _ in fresh], CLEAN_VERSION)
        self.report.recleaned.update(reclean(self.store, found.stored_pages, self.config, self.repeated_cache))

    def _with_repetition(self, doc: Document, record: RawRecord) -> tuple[Document, str]:
        group = repetition_group(record.label, doc.outlet, doc.url)
        if group not in self.repeated_cache:
            self.repeated_cache[group] = repeated_for_group(self.store, group)
        return apply_repetition(doc, lambda: record, group, self.repeated_cache[group], self.config), group


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


def _giving(record: RawRecord) -> Callable[[], RawRecord]:
    return lambda: record


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
