"""The ingest stage: inputs in, cleaned documents stored, each once, whatever happens.

Records are read, content-addressed, cleaned and written in batches; each batch is one
transaction, so a killed build loses at most the batch in flight and a re-run skips every page
already stored (its id is the hash of its bytes). Bad inputs become one-line errors and the batch
goes on.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import chain
from multiprocessing.pool import Pool

from storyline.config import Config, IngestConfig
from storyline.errors import InputError
from storyline.ingest.clean import CLEAN_VERSION, STAGE, document_id
from storyline.ingest.parallel import (
    Overrides,
    Reapply,
    clean_chunk,
    pack_document,
    reapply_chunk,
    record_tuple,
    start_worker,
    unpack_document,
    unpack_page,
)
from storyline.ingest.readers import RawRecord, read_input
from storyline.ingest.repetition import (
    CleanedPage,
    RepeatedLines,
    apply_repetition,
    clean_page,
    count_batch_lines,
    giving,
    headline_repeats,
    lines_digest,
    reclean,
    record_lines,
    repeated_for_group,
)
from storyline.ingest.sources import count_inputs, expand_inputs
from storyline.model import Document
from storyline.store.db import Store

__all__ = ["STAGE", "IngestReport", "ProgressHook", "ingest"]
#: Called after each input file with (files done, files in all, documents added so far).
ProgressHook = Callable[[int, int, int], None]


@dataclass(slots=True)
class IngestReport:
    """What one ingest did: documents added, pages seen again, inputs skipped and why.

    The counts always; the ids only when asked for (`keep_ids`): over a corpus of millions of
    pages a list of every id would be the one thing in memory that grows with the corpus.
    """

    keep_ids: bool = True
    #: Documents added, and pages already stored (by content) that were met again.
    added_count: int = 0
    duplicate_count: int = 0
    #: Their ids, and (name, id) of each page met again, when `keep_ids`.
    added: list[str] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: Pages stored before (by an earlier batch or build) cleaned again: a line on them turned
    #: out to repeat on other pages of their outlet.
    recleaned: set[str] = field(default_factory=set)
    files: int = 0

    def note_added(self, ids: list[str]) -> None:
        self.added_count += len(ids)
        if self.keep_ids:
            self.added.extend(ids)

    def note_duplicate(self, label: str, doc_id: str) -> None:
        self.duplicate_count += 1
        if self.keep_ids:
            self.duplicates.append((label, doc_id))


def ingest(
    specs: list[str],
    store: Store,
    config: Config,
    progress: ProgressHook | None = None,
    *,
    keep_ids: bool = True,
) -> IngestReport:
    """Read every input the specs name and store each new page as a cleaned document.

    The inputs are streamed, not listed first: with a progress hook, a first walk only counts
    them (for the bar's total), so memory stays flat however many files a folder holds.
    """
    report = IngestReport(keep_ids=keep_ids)
    total = count_inputs(specs) if progress is not None else 0
    with _Batch(store, config.ingest, report) as batch:
        for item in expand_inputs(specs):
            if isinstance(item, InputError):
                report.errors.append(item)
                continue
            report.files += 1
            for record in read_input(item, config.ingest):
                if isinstance(record, InputError):
                    report.errors.append(record)
                else:
                    batch.add(record)
            if progress is not None:
                progress(report.files, max(total, report.files), report.added_count + batch.pending)
        batch.flush()
    return report


Cleaned = CleanedPage | InputError


@dataclass(slots=True)
class _Job:
    """One batch on its way: records to clean, pages seen again, and the cleaning under way."""

    todo: list[RawRecord] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    seen_again: list[tuple[str, str]] = field(default_factory=list)
    results: Callable[[], list[Cleaned]] = lambda: []


class _Batch:
    """Records waiting to be cleaned and written together in one transaction.

    Batches overlap: while the workers clean one, the main process writes the one before. Its
    transaction opens once its lines are counted, the next batch is started inside it (with the
    lines the count has just found), and it commits when the batch is written.
    """

    def __init__(self, store: Store, config: IngestConfig, report: IngestReport) -> None:
        self.store, self.config, self.report = store, config, report
        self.records: list[RawRecord] = []
        #: The groups' repeated lines as stored now; forgotten after each batch is written.
        self.repeated = RepeatedLines(store.conn)
        self.workers = config.workers or os.cpu_count() or 1
        self.pool: Pool | None = None
        self.inflight: _Job | None = None
        self.inflight_ids: set[str] = set()

    def __enter__(self) -> _Batch:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool = None

    @property
    def pending(self) -> int:
        return len(self.records)

    def add(self, record: RawRecord) -> None:
        self.records.append(record)
        if len(self.records) >= self.config.batch_size:
            self._advance()

    def flush(self) -> None:
        self._advance()  # writes the batch in flight, starts the last records
        self._advance()  # writes those

    def _advance(self) -> None:
        """Write the batch in flight, and start cleaning the records waiting."""
        job = self._prepare()
        previous, self.inflight = self.inflight, None
        if previous is None:
            self._start(job, {})
            self.inflight = job
            return
        cleaned = self._checked(previous)
        with self.store.transaction():
            pages = [(page.doc, page.group, page.prints) for page, _ in cleaned]
            found = count_batch_lines(self.store, pages, self.config)
            cache = self.repeated.cache
            for group in found.groups:
                cache[group] = repeated_for_group(self.store, group)
            again = self._reapply(cleaned, found.batch_pages)
            self._start(job, {group: cache[group] for group in found.groups})
            self._write(cleaned, again(), pages, found.stored_pages)
            stored = self.store.known_ids(doc_id for doc_id, _ in previous.seen_again)
            for doc_id, label in previous.seen_again:
                if doc_id in stored:  # not when its first copy was refused
                    self.store.add_path(doc_id, label)
                    self.report.note_duplicate(label, doc_id)
        self.inflight_ids.difference_update(previous.ids)
        self.repeated.cache.clear()
        self.inflight = job

    def _prepare(self) -> _Job | None:
        """The waiting records that are new (by content), and worker processes when they pay."""
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
        if self.pool is None and self._parallel(job.todo):  # started outside any transaction
            if any(r.format == "html" for r in job.todo):
                # Imported once here rather than in every worker, whose memory then shares it.
                import storyline.ingest.htmlpage  # noqa: F401
            method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
            context = multiprocessing.get_context(method)
            self.pool = context.Pool(self.workers, start_worker, (self.config, self.store.path))
        return job

    def _parallel(self, records: list[RawRecord]) -> bool:
        return self.workers >= 2 and len(records) >= self.config.parallel_min_records

    def _start(self, job: _Job | None, overrides: Overrides) -> None:
        """Start cleaning a batch; `job.results()` waits for it.

        In worker processes when there are enough records to pay for them, else here, when the
        results are asked for (so with the repeated lines stored then).
        """
        if job is None:
            return
        records = job.todo
        if self.pool is None or not self._parallel(records):
            job.results = lambda: [clean_page(r, self.config, self.repeated.of) for r in records]
            return
        size = max(1, len(records) // (self.workers * 4))
        chunks = [([record_tuple(r) for r in records[i : i + size]], overrides) for i in range(0, len(records), size)]
        running = self.pool.starmap_async(clean_chunk, chunks, chunksize=1)
        job.results = lambda: [
            unpack_page(packed, r.raw) for packed, r in zip(chain.from_iterable(running.get()), records, strict=True)
        ]

    def _checked(self, job: _Job) -> list[tuple[CleanedPage, RawRecord]]:
        """A batch's cleaned pages, each cleaned with the repeated lines its group has now."""
        out: list[tuple[CleanedPage, RawRecord]] = []
        for record, result in zip(job.todo, job.results(), strict=True):
            if isinstance(result, CleanedPage) and result.applied != lines_digest(self.repeated.of(result.group)):
                # Its group has lines it was not cleaned with (the workers read the store before
                # a batch was written): cleaned again, here, with them.
                result = clean_page(record, self.config, self.repeated.of)
            if isinstance(result, InputError):
                self.report.errors.append(result)
            else:
                out.append((result, record))
        return out

    def _reapply(
        self, cleaned: list[tuple[CleanedPage, RawRecord]], batch_pages: set[str]
    ) -> Callable[[], dict[str, Document | InputError]]:
        """Apply the lines this batch shows repeated to its own pages; the call waits for it.

        A page whose headline is one of them is cleaned again from its bytes, by a worker when
        there are workers (ahead of the next batch); the others are quick, and done here.
        """
        cache = self.repeated.cache
        done: dict[str, Document | InputError] = {}
        remote: list[Reapply] = []
        remote_ids: list[str] = []
        for page, record in cleaned:
            if page.doc.id not in batch_pages:
                continue
            lines = cache[page.group]
            if self.pool is not None and headline_repeats(page.doc, lines, self.config):
                remote.append((record_tuple(record), pack_document(page.doc), page.group, lines))
                remote_ids.append(page.doc.id)
                continue
            try:
                done[page.doc.id] = apply_repetition(page.doc, giving(record), page.group, lines, self.config)
            except InputError as exc:
                done[page.doc.id] = exc
        if not remote or self.pool is None:
            return lambda: done
        size = max(1, len(remote) // (self.workers * 4))
        running = self.pool.map_async(reapply_chunk, [remote[i : i + size] for i in range(0, len(remote), size)])

        def wait() -> dict[str, Document | InputError]:
            for task, doc_id, result in zip(remote, remote_ids, chain.from_iterable(running.get()), strict=True):
                done[doc_id] = result if isinstance(result, InputError) else unpack_document(result, task[0][2])
            return done

        return wait

    def _write(
        self,
        cleaned: list[tuple[CleanedPage, RawRecord]],
        again: dict[str, Document | InputError],
        pages: list[tuple[Document, str, set[str]]],
        stored_pages: set[str],
    ) -> None:
        """Write a batch's documents once, each already cleaned of the lines this batch shows repeated."""
        written: list[str] = []
        for page, record in cleaned:
            doc = again.get(page.doc.id, page.doc)
            if isinstance(doc, InputError):
                self.report.errors.append(doc)
                continue
            self.store.add_document(doc, record.fields, page.group)
            if doc.encoding_warning:
                self.report.warnings.append(f"{record.label}: {doc.encoding_warning}")
            written.append(doc.id)
        self.report.note_added(written)
        if len(written) < len(pages):  # a page refused when cleaned again: its lines are not stored
            kept = set(written)
            pages = [p for p in pages if p[0].id in kept]
        record_lines(self.store, pages)
        self.store.mark_done(STAGE, written, CLEAN_VERSION)
        self.report.recleaned.update(reclean(self.store, stored_pages, self.config, self.repeated.cache))
