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
from dataclasses import dataclass, field
from multiprocessing.pool import Pool

from storyline.config import Config, IngestConfig
from storyline.errors import InputError
from storyline.ingest.clean import CLEAN_VERSION, clean_record, document_id, repetition_group
from storyline.ingest.pagemeta import find_outlet
from storyline.ingest.readers import RawRecord, read_input
from storyline.ingest.repetition import newly_repeated, record_lines, repeated_for_group
from storyline.ingest.sources import InputFile, expand_inputs
from storyline.ingest.textpage import line_fingerprint
from storyline.model import Decision, Document, SegmentKind
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
    recleaned: set[str] = field(default_factory=set)
    files: int = 0


def ingest(specs: list[str], store: Store, config: Config, progress: ProgressHook | None = None) -> IngestReport:
    """Read every input the specs name and store each new page as a cleaned document."""
    report = IngestReport()
    inputs: list[InputFile] = []
    for item in expand_inputs(specs):
        if isinstance(item, InputError):
            report.errors.append(item)
        else:
            inputs.append(item)
    report.files = len(inputs)
    with _Batch(store, config.ingest, report) as batch:
        for done, item in enumerate(inputs, start=1):
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
    """Clean one record; runs in a worker process, so errors come back as values."""
    try:
        return clean_record(*job)
    except InputError as exc:
        return exc


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
            self.pool = multiprocessing.get_context(method).Pool(workers)
        chunk = max(1, len(records) // (workers * 4))
        running = self.pool.map_async(_clean_one, [(r, self.config) for r in records], chunksize=chunk)
        return running.get

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
        touched: list[tuple[str, str]] = []
        for doc, record, group in fresh:
            self.store.add_document(doc, record.fields, group)
            touched.extend(record_lines(self.store, doc, group, self.config))
            if doc.encoding_warning:
                self.report.warnings.append(f"{record.label}: {doc.encoding_warning}")
            self.report.added.append(doc.id)
        self.store.mark_done(STAGE, [d.id for d, _, _ in fresh], CLEAN_VERSION)
        affected = newly_repeated(self.store, touched, self.config)
        self.repeated_cache.clear()
        self.report.recleaned.update(reclean(self.store, affected, self.config, self.repeated_cache))

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
    before = sum(
        len(s.text.split()) for s in doc.segments if s.kind == SegmentKind.BODY or s.reason.startswith(_REPEATED)
    )
    after = sum(len(s.text.split()) for s in doc.segments if s.kind == SegmentKind.BODY and s not in hits)
    if after * 2 < before:
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

        before = ([(s.kind, s.reason) for s in doc.segments], len(doc.decisions))
        try:
            doc = apply_repetition(doc, record, group, cache[group], config)
        except InputError:
            continue
        if ([(s.kind, s.reason) for s in doc.segments], len(doc.decisions)) == before:
            continue
        store.replace_cleaning(doc, group)
        store.invalidate([doc_id], keep_stages=[STAGE])
        done.add(doc_id)
    return done
