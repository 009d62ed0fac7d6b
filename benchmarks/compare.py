"""Compare benchmark: claims/s and peak memory of the claims stage beside bare spaCy parsing.

The corpus is benchmarks/annotate.py's (imported, not copied): seeded news articles of 300-500
words with titled people ("Foreign Minister Park Sun-nam"), appositions, organisations, counts,
quotes, relative and calendar dates and anniversaries, which is what claim extraction reads.

How it is measured:

1. **Set-up** (not part of the figures, but its times are reported): a fresh subprocess writes
   nothing but the database: `storyline.pipeline.build([JSONL], store, DEFAULT_CONFIG,
   until="annotate")` (ingest + annotate), then `storyline.cluster.stage.run_cluster(store,
   DEFAULT_CONFIG)` timed apart, so that documents belong to events. The relate stage is skipped to
   keep the set-up affordable (benchmarks/relate.py): no document has an independence group, so
   every document counts as its own source when claims are aligned, and the cluster stage has no
   sentence vectors (it groups by entities, terms and dates alone).
2. **Bare spaCy**: a fresh subprocess loads the very pipeline the stage uses
   (`storyline.compare.stage.parser(config.annotate.spacy_pipeline)`: the parser and lemmatizer,
   no NER), reads the same sentence texts in the stage's order (pending documents, sentences by
   index) and times `nlp.pipe(texts, batch_size=config.compare.spacy_batch_size)` over them.
3. **Stage**: another fresh subprocess imports the stage and loads that pipeline (both timed
   apart), then times `storyline.compare.stage.run_compare(store, DEFAULT_CONFIG)` on a copy of the
   set-up database. Peak memory is `resource.getrusage(RUSAGE_SELF).ru_maxrss` in each subprocess.
   Unless `--plain`, the run is instrumented at function level (each function of the stage
   module, `extract`, `align`, the `Store` methods, every SQLite call and fetch, and spaCy's
   `Language.pipe`, each timed exclusive of the others), which splits the stage's time into parse
   (spaCy), extract (claim frames), store (SQLite reads and writes) and align (loading mentions per
   event, grouping, status, evidence).

Claims/s is claim mentions extracted per second of stage time; the ratio stage / bare is what
extraction, storage and alignment add on top of parsing the same sentences.

    .venv/bin/python benchmarks/compare.py           # 10,000 articles; rewrites its section of docs/benchmarks.md
    .venv/bin/python benchmarks/compare.py --quick   # 1,000 articles, no docs written

Prints tables, then one JSON line with every figure. Exits 1 when a subprocess fails or the stage
did not process every document.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import inspect
import json
import os
import re
import resource
import shlex
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, cast

ROOT = Path(__file__).resolve().parents[1]
THIS = str(Path(__file__).resolve())
sys.path.insert(0, str(ROOT / "benchmarks"))

from annotate import (  # noqa: E402  (benchmarks/annotate.py: the corpus and the timing helpers)
    DOCS_INTRO,
    Clock,
    _timed,
    _timed_iter,
    clock_cost_s,
    copy_db,
    loaded_storyline_files,
    machine,
    src_fingerprint,
    write_corpus,
)

DOCS = ROOT / "docs" / "benchmarks.md"
SECTION = "## Compare (benchmarks/compare.py)"
SQL = "sqlite3 (execute, executemany, fetch)"


# --- instrumentation (in the stage subprocess) --------------------------------------------------


class TimedCursor:
    """A cursor whose iteration and fetches are timed under the SQL label."""

    def __init__(self, cursor: sqlite3.Cursor, clock: Clock) -> None:
        self._cursor, self._clock = cursor, clock

    def __iter__(self) -> Iterator[Any]:
        return _timed_iter(self._clock, SQL, iter(self._cursor))

    def fetchone(self) -> Any:
        self._clock.enter(SQL)
        try:
            return self._cursor.fetchone()
        finally:
            self._clock.exit()

    def fetchall(self) -> list[Any]:
        self._clock.enter(SQL)
        try:
            return self._cursor.fetchall()
        finally:
            self._clock.exit()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cursor, name)


class TimedConnection:
    """Stands in for `Store.conn`: every execute and executemany, and what it returns, is timed."""

    def __init__(self, conn: sqlite3.Connection, clock: Clock) -> None:
        self._conn, self._clock = conn, clock

    def execute(self, sql: str, params: Any = ()) -> TimedCursor:
        self._clock.enter(SQL)
        try:
            cursor = self._conn.execute(sql, params)
        finally:
            self._clock.exit()
        return TimedCursor(cursor, self._clock)

    def executemany(self, sql: str, rows: Any) -> TimedCursor:
        self._clock.enter(SQL)
        try:
            cursor = self._conn.executemany(sql, rows)
        finally:
            self._clock.exit()
        return TimedCursor(cursor, self._clock)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


def instrument(clock: Clock, stage: ModuleType, store: Any, batches: list[tuple[int, float, float, float]]) -> int:
    """Wrap what the stage calls; returns how many functions were wrapped."""
    from spacy.language import Language

    from storyline.store.db import Store

    wrapped = 0
    for name, obj in list(vars(stage).items()):
        if inspect.isfunction(obj) and obj.__module__.startswith("storyline") and name != "run_compare":
            setattr(stage, name, _timed(clock, f"{obj.__module__}.{obj.__qualname__}", obj))
            wrapped += 1
    for attr, member in list(vars(Store).items()):
        if inspect.isfunction(member) and not attr.startswith("__") and attr != "close":
            setattr(Store, attr, _timed(clock, f"{member.__module__}.{member.__qualname__}", member))
            wrapped += 1
    Language.pipe = _timed(clock, "spacy.language.Language.pipe", Language.pipe)  # type: ignore[method-assign]
    store.conn = cast(sqlite3.Connection, TimedConnection(store.conn, clock))
    batch_fn = stage._extract_batch

    @functools.wraps(batch_fn)
    def per_batch(*args: Any, **kwargs: Any) -> Any:
        start, start_cpu = time.perf_counter(), time.process_time()
        try:
            return batch_fn(*args, **kwargs)
        finally:
            ids = next((a for a in reversed(args) if isinstance(a, list)), [])
            batches.append((len(ids), time.perf_counter() - start, time.process_time() - start_cpu, _maxrss_mib()))

    stage._extract_batch = per_batch  # type: ignore[attr-defined]
    return wrapped + 2


#: Where each instrumented function's own time goes; first match wins; labels are module.qualname.
CATEGORIES: tuple[tuple[str, str], ...] = (
    ("parse (spaCy `Language.pipe`)", r"^spacy\."),
    ("extract (claim frames)", r"compare\.(frames|clause|dated|descriptions|lexicon)\."),
    ("store (SQLite reads and writes)", r"^sqlite3|store\.db\.|stage\._(contexts|mention_row)$"),
    ("align (per event: load, group, status, evidence)", r"compare\.align\.|stage\._(realign|load_mentions|evidence)$"),
    ("fingerprint of events and groups", r"stage\._fingerprint$"),
    ("stage glue (loops, batching)", r"."),
)


def category(label: str) -> str:
    return next(name for name, pattern in CATEGORIES if re.search(pattern, label))


# --- child processes ----------------------------------------------------------------------------


def _maxrss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _cpu_s() -> float:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _sentence_texts(store: Any, stage: ModuleType) -> tuple[list[str], list[str]]:
    """The documents the stage will process, in its order, and their sentences' texts, in its order."""
    ids: list[str] = store.pending(stage.STAGE, stage.VERSION)
    texts: list[str] = []
    for doc_id in ids:
        rows = store.conn.execute("SELECT text FROM sentences WHERE document = ? ORDER BY idx", (doc_id,))
        texts.extend(str(r[0]) for r in rows)
    return ids, texts


def _count(conn: sqlite3.Connection, sql: str) -> int:
    try:
        return int(conn.execute(sql).fetchone()[0])
    except sqlite3.Error:
        return -1


def _grouped(conn: sqlite3.Connection, sql: str) -> dict[str, int]:
    try:
        return {str(k): int(n) for k, n in conn.execute(sql)}
    except sqlite3.Error:
        return {}


def store_counts(db: str) -> dict[str, Any]:
    """What the database holds (each count -1 when the schema has moved)."""
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return {
            "documents": _count(conn, "SELECT COUNT(*) FROM documents"),
            "sentences": _count(conn, "SELECT COUNT(*) FROM sentences"),
            "with_independence_group": _count(
                conn, "SELECT COUNT(*) FROM documents WHERE independence_group IS NOT NULL"
            ),
            "events": _count(conn, "SELECT COUNT(*) FROM events"),
            "documents_in_events": _count(conn, "SELECT COUNT(DISTINCT document) FROM event_documents"),
            "events_with_2_plus_documents": _count(
                conn,
                "SELECT COUNT(*) FROM (SELECT event FROM event_documents GROUP BY event HAVING COUNT(*) > 1)",
            ),
            "largest_event": _count(
                conn, "SELECT COALESCE(MAX(n), 0) FROM (SELECT COUNT(*) AS n FROM event_documents GROUP BY event)"
            ),
            "claim_mentions": _count(conn, "SELECT COUNT(*) FROM claim_mentions"),
            "claim_mentions_by_kind": _grouped(conn, "SELECT kind, COUNT(*) FROM claim_mentions GROUP BY kind"),
            "claims": _count(conn, "SELECT COUNT(*) FROM claims"),
            "claims_by_status": _grouped(conn, "SELECT status, COUNT(*) FROM claims GROUP BY status"),
            "claims_by_kind": _grouped(conn, "SELECT kind, COUNT(*) FROM claims GROUP BY kind"),
            "claim_support": _count(conn, "SELECT COUNT(*) FROM claim_support"),
            "claim_conflicts": _count(conn, "SELECT COUNT(*) FROM claim_conflicts"),
        }


def setup_child(jsonl: str, db: str) -> None:
    """Build DB from JSONL up to annotate, then cluster it (timed apart); print one JSON line."""
    from storyline.cluster.stage import run_cluster
    from storyline.config import DEFAULT_CONFIG
    from storyline.pipeline import build
    from storyline.store.db import Store

    with Store(db) as store:
        start = time.perf_counter()
        report = build([jsonl], store, DEFAULT_CONFIG, until="annotate")
        build_s = time.perf_counter() - start
        rss_build = _maxrss_mib()
        start = time.perf_counter()
        clustered = run_cluster(store, DEFAULT_CONFIG)
        cluster_s = time.perf_counter() - start
    print(
        json.dumps(
            {
                "build_s": build_s,
                "cluster_s": cluster_s,
                "annotated": report.stages.get("annotate", 0),
                "ingest_errors": report.skipped,
                "clustered": clustered,
                "rss_after_build_mib": rss_build,
                "peak_rss_mib": _maxrss_mib(),
            }
        )
    )


def bare_child(db: str) -> None:
    """Time bare `nlp.pipe` over the stage's sentence texts with the stage's pipeline; print one JSON line."""
    t0 = time.perf_counter()
    from storyline.compare import stage
    from storyline.config import DEFAULT_CONFIG
    from storyline.store.db import Store

    import_s = time.perf_counter() - t0
    config = DEFAULT_CONFIG
    t1 = time.perf_counter()
    nlp = stage.parser(config.annotate.spacy_pipeline)
    load_s = time.perf_counter() - t1
    rss_loaded = _maxrss_mib()
    with Store(db) as store:
        ids, texts = _sentence_texts(store, stage)
    tokens = 0
    cpu0, start = _cpu_s(), time.perf_counter()
    for doc in nlp.pipe(texts, batch_size=config.compare.spacy_batch_size):
        tokens += len(doc)
    seconds, cpu = time.perf_counter() - start, _cpu_s() - cpu0
    print(
        json.dumps(
            {
                "docs": len(ids),
                "sentences": len(texts),
                "tokens": tokens,
                "import_s": import_s,
                "load_s": load_s,
                "seconds": seconds,
                "cpu_s": cpu,
                "peak_rss_mib": _maxrss_mib(),
                "rss_after_load_mib": rss_loaded,
                "components": nlp.pipe_names,
                "pipeline": f"{nlp.meta.get('lang')}_{nlp.meta.get('name')}",
                "pipeline_version": nlp.meta.get("version"),
                "spacy_batch_size": config.compare.spacy_batch_size,
            }
        )
    )


def stage_child(db: str, plain: bool) -> None:
    """Time `run_compare(store, DEFAULT_CONFIG)` on DB, imports and model load apart; print one JSON line."""
    t0 = time.perf_counter()
    from storyline.compare import stage
    from storyline.config import DEFAULT_CONFIG
    from storyline.store.db import Store

    import_s = time.perf_counter() - t0
    config = DEFAULT_CONFIG
    t1 = time.perf_counter()
    nlp = stage.parser(config.annotate.spacy_pipeline)
    load_s = time.perf_counter() - t1
    rss_loaded = _maxrss_mib()
    code_files = loaded_storyline_files()
    clock = Clock()
    batches: list[tuple[int, float, float, float]] = []
    with Store(db) as store:
        ids, texts = _sentence_texts(store, stage)
        sentences = len(texts)
        del texts
        wrapped = 0 if plain else instrument(clock, stage, store, batches)
        rss_before = _maxrss_mib()
        cpu0, start = _cpu_s(), time.perf_counter()
        processed = stage.run_compare(store, config)
        seconds, cpu = time.perf_counter() - start, _cpu_s() - cpu0
        timed = clock.snapshot()
    calls = sum(timed["calls"].values())
    print(
        json.dumps(
            {
                "docs": len(ids),
                "processed": processed,
                "sentences": sentences,
                "import_s": import_s,
                "load_s": load_s,
                "seconds": seconds,
                "cpu_s": cpu,
                "peak_rss_mib": _maxrss_mib(),
                "rss_after_load_mib": rss_loaded,
                "rss_before_run_mib": rss_before,
                "model_loads": stage.parser.cache_info().misses,
                "components": nlp.pipe_names,
                "batch_size": config.compare.batch_size,
                "spacy_batch_size": config.compare.spacy_batch_size,
                "wrapped": wrapped,
                "timed_calls": calls,
                "instrumentation_s": calls * clock_cost_s() if wrapped else 0.0,
                "code_files": code_files,
                "code_fingerprint": src_fingerprint(code_files),
                "batches": batches,
                **timed,
            }
        )
    )


# --- the parent ---------------------------------------------------------------------------------


def say(message: str) -> None:
    """Progress goes to stderr, so that stdout holds only the tables and the JSON line."""
    print(message, file=sys.stderr, flush=True)


@dataclass(slots=True)
class Child:
    result: dict[str, Any]
    wall_s: float


def run_child(*args: str) -> Child:
    """Run this script in a child mode, in a fresh interpreter; its last stdout line is JSON."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, THIS, *args], stdout=out, stderr=err, cwd=ROOT, check=False)
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if proc.returncode != 0:
        raise RuntimeError(f"{args[0]} exited {proc.returncode}:\n{stderr[-3000:]}")
    return Child(json.loads(stdout.strip().splitlines()[-1]), wall)


def breakdown(stage: dict[str, Any], bare: dict[str, Any]) -> dict[str, Any]:
    """The stage's time by part and by function, against bare spaCy's time; extraction throughput by tenths."""
    own: dict[str, float] = stage.get("own_s", {})
    own_cpu: dict[str, float] = stage.get("own_cpu_s", {})
    if not own:
        return {}
    glue = CATEGORIES[-1][0]
    wall: defaultdict[str, float] = defaultdict(float)
    cpu: defaultdict[str, float] = defaultdict(float)
    for label, seconds in own.items():
        wall[category(label)] += seconds
        cpu[category(label)] += own_cpu.get(label, 0.0)
    wall[glue] += max(stage["seconds"] - sum(own.values()), 0.0)  # outside every wrapped call
    cpu[glue] += max(stage["cpu_s"] - sum(own_cpu.values()), 0.0)
    parts = [
        {
            "part": c,
            "seconds": wall[c],
            "cpu_s": cpu[c],
            "pct_of_stage_cpu": 100 * cpu[c] / stage["cpu_s"],
            "pct_of_bare_cpu": 100 * cpu[c] / bare["cpu_s"],
        }
        for c in sorted(cpu, key=lambda c: -cpu[c])
    ]
    functions = [
        {
            "function": label,
            "part": category(label),
            "calls": stage["calls"].get(label, 0),
            "seconds": own[label],
            "cpu_s": own_cpu.get(label, 0.0),
            "pct_of_stage_cpu": 100 * own_cpu.get(label, 0.0) / stage["cpu_s"],
        }
        for label in sorted(own, key=lambda k: -own_cpu.get(k, 0.0))
    ]
    batches = stage["batches"]
    extraction_s = sum(b[1] for b in batches)
    timeline = []
    tenth = max(1, len(batches) // 10)
    for i in range(0, len(batches), tenth):
        chunk = batches[i : i + tenth]
        docs, secs = sum(b[0] for b in chunk), sum(b[1] for b in chunk)
        timeline.append(
            {
                "docs_done": sum(b[0] for b in batches[: i + len(chunk)]),
                "docs_per_s": docs / secs,
                "peak_rss_mib": chunk[-1][3],
            }
        )
    return {
        "parts": parts,
        "functions": functions,
        "extraction_phase_s": extraction_s,
        "peak_rss_after_extraction_mib": batches[-1][3] if batches else None,
        "alignment_phase_s": max(stage["seconds"] - extraction_s, 0.0),
        "timeline": timeline,
    }


def summarise(stage: dict[str, Any], bare: dict[str, Any], counts: dict[str, Any]) -> dict[str, Any]:
    s = stage["seconds"]
    return {
        "documents": stage["docs"],
        "sentences": stage["sentences"],
        "claim_mentions": counts["claim_mentions"],
        "claims": counts["claims"],
        "stage_s": s,
        "bare_s": bare["seconds"],
        "claims_per_s": counts["claim_mentions"] / s,
        "claims_per_cpu_s": counts["claim_mentions"] / stage["cpu_s"],
        "docs_per_cpu_s": stage["docs"] / stage["cpu_s"],
        "aligned_claims_per_s": counts["claims"] / s,
        "docs_per_s": stage["docs"] / s,
        "sentences_per_s": stage["sentences"] / s,
        "bare_sentences_per_s": bare["sentences"] / bare["seconds"],
        "bare_docs_per_s": bare["docs"] / bare["seconds"],
        "ratio_wall": s / bare["seconds"],
        "ratio_cpu": stage["cpu_s"] / bare["cpu_s"],
        "stage_peak_rss_mib": stage["peak_rss_mib"],
        "bare_peak_rss_mib": bare["peak_rss_mib"],
    }


def tables(r: dict[str, Any]) -> str:
    s, b, m, c = r["stage"], r["bare"], r["summary"], r["counts"]
    lines = [
        "| run | docs | sentences | import s | model load s | timed s | docs/s | sentences/s | claims/s | CPU s | "
        "stage / bare (wall) | stage / bare (CPU) | peak RSS MiB | RSS after load MiB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| bare `nlp.pipe` (parser pipeline) | {b['docs']:,} | {b['sentences']:,} | {b['import_s']:.2f} | "
        f"{b['load_s']:.2f} | {b['seconds']:.1f} | {m['bare_docs_per_s']:,.1f} | {m['bare_sentences_per_s']:,.0f} | "
        f"- | {b['cpu_s']:.1f} | - | - | {b['peak_rss_mib']:.0f} | {b['rss_after_load_mib']:.0f} |",
        f"| compare stage (`run_compare`) | {s['docs']:,} | {s['sentences']:,} | {s['import_s']:.2f} | "
        f"{s['load_s']:.2f} | {s['seconds']:.1f} | {m['docs_per_s']:,.1f} | {m['sentences_per_s']:,.0f} | "
        f"{m['claims_per_s']:,.0f} | {s['cpu_s']:.1f} | {m['ratio_wall']:.2f}x | {m['ratio_cpu']:.2f}x | "
        f"{s['peak_rss_mib']:.0f} | {s['rss_after_load_mib']:.0f} |",
        "",
        f"Output: {c['claim_mentions']:,} claim mentions "
        f"({', '.join(f'{k} {v:,}' for k, v in sorted(c['claim_mentions_by_kind'].items()))}) aligned into "
        f"{c['claims']:,} claims ({', '.join(f'{k} {v:,}' for k, v in sorted(c['claims_by_status'].items()))}); "
        f"{c['claim_support']:,} support rows, {c['claim_conflicts']:,} conflict rows; "
        f"{m['aligned_claims_per_s']:,.0f} aligned claims per second of stage time.",
    ]
    bd = r["breakdown"]
    if bd:
        lines += [
            "",
            f"Where the stage's time goes (the instrumented run above: own time of each function; "
            f"{s['timed_calls']:,} timed calls cost about {s['instrumentation_s']:.1f} s of it). Extraction phase "
            f"(parse, extract, store, per batch of {s['batch_size']} documents) {bd['extraction_phase_s']:.1f} s, "
            f"alignment phase (fingerprint + re-align every event) {bd['alignment_phase_s']:.1f} s (wall). The last "
            "column is each part's CPU time as a share of the bare parse's CPU time: the parse row against 100% "
            "shows whether spaCy runs slower inside the stage, the other rows add up to the overhead.",
            "",
            "| part | wall s | CPU s | % of stage CPU | % of bare parse CPU |",
            "|---|---:|---:|---:|---:|",
        ]
        lines += [
            f"| {p['part']} | {p['seconds']:.1f} | {p['cpu_s']:.1f} | {p['pct_of_stage_cpu']:.1f}% | "
            f"{p['pct_of_bare_cpu']:.1f}% |"
            for p in bd["parts"]
        ]
        lines += [
            "",
            "| function (own time) | part | calls | wall s | CPU s | % of stage CPU |",
            "|---|---|---:|---:|---:|---:|",
        ]
        lines += [
            f"| `{f['function'].removeprefix('storyline.')}` | {f['part']} | {f['calls']:,} | {f['seconds']:.2f} | "
            f"{f['cpu_s']:.2f} | {f['pct_of_stage_cpu']:.1f}% |"
            for f in bd["functions"][:12]
        ]
        if len(bd["timeline"]) > 1:
            lines += [
                "",
                f"| documents extracted | docs/s over that stretch | peak RSS MiB so far (end of run: "
                f"{s['peak_rss_mib']:.0f}) |",
                "|---:|---:|---:|",
            ]
            lines += [
                f"| {t['docs_done']:,} | {t['docs_per_s']:,.1f} | {t['peak_rss_mib']:.0f} |" for t in bd["timeline"]
            ]
    return "\n".join(lines)


def reading(r: dict[str, Any]) -> str:
    m, bd = r["summary"], r["breakdown"]
    parse = next((p for p in bd.get("parts", []) if p["part"].startswith("parse")), None)
    memory = ""
    if bd.get("peak_rss_after_extraction_mib"):
        after = bd["peak_rss_after_extraction_mib"]
        extra = m["stage_peak_rss_mib"] - after
        memory = (
            f" ({after:,.0f} MiB at the end of extraction; re-aligning, which writes each event's claims as it"
            f" goes, added {extra:,.0f} MiB)"
        )
    share = f" (parsing is {parse['pct_of_stage_cpu']:.0f}% of the stage's CPU time)" if parse else ""
    return (
        f"Reading: the claims stage handles {m['docs_per_s']:,.1f} documents, {m['sentences_per_s']:,.0f} sentences "
        f"and {m['claims_per_s']:,.0f} claim mentions per second of wall time on this machine "
        f"({m['docs_per_cpu_s']:,.1f} documents and {m['claims_per_cpu_s']:,.0f} claim mentions per CPU second); "
        f"it takes {m['ratio_wall']:.2f}x the wall time and {m['ratio_cpu']:.2f}x the CPU time of bare spaCy "
        f"parsing the same {m['sentences']:,} sentences{share}, so extraction, storage and alignment add about "
        f"{100 * (m['ratio_cpu'] - 1):.0f}% (CPU) on top of the parse. Peak memory {m['stage_peak_rss_mib']:,.0f} "
        f"MiB against {m['bare_peak_rss_mib']:,.0f} MiB for bare spaCy{memory}."
    )


def busy(r: dict[str, Any]) -> str:
    """A warning line when other work loaded the machine during the run."""
    cores = r["machine"]["cpu_count"] or 1
    load = max(r["machine"]["load_avg_at_start"][0], r["load_avg_at_end"][0])
    if load <= cores:
        return ""
    return (
        f"\n**The machine was busy** (1-minute load up to {load:.1f} on {cores} cores): wall times and rates "
        "understate what a quiet machine does; the CPU times and the CPU ratio are the steadier figures.\n"
    )


def docs_body(r: dict[str, Any], command: str) -> str:
    mach, s, b, st, c = r["machine"], r["stage"], r["bare"], r["setup"], r["counts"]
    size_note = ""
    if r["articles"] != 10_000:
        size_note = f" The default is 10,000 articles; this run used {r['articles']:,} (`--size`)"
        size_note += f": {r['size_reason'].rstrip('.')}." if r["size_reason"] else "."
    return (
        f"Measured {r['date']} on {mach['cpu']}, `os.cpu_count()` = {mach['cpu_count']}, {mach['ram_gib']} GiB "
        f"RAM, {mach['os']}; Python {mach['python']}, spaCy {mach['spacy']}, pipeline {b['pipeline']} "
        f"{b['pipeline_version']} ({', '.join(b['components'])}); storyline {mach['commit']} (fingerprint of the "
        f"{len(s['code_files'])} storyline modules the stage ran: {s['code_fingerprint']}). Load average "
        f"(1, 5, 15 min) at start: {', '.join(map(str, mach['load_avg_at_start']))}; at end: "
        f"{', '.join(map(str, r['load_avg_at_end']))} (other work shares these cores, so CPU time is the steadier "
        "figure).\n\n"
        f"Command: `{command}`\n\n"
        f"Corpus: {r['corpus']['articles']:,} generated news articles (benchmarks/annotate.py's generator, "
        f'seeded).{size_note} Set-up, not part of the figures: `storyline.pipeline.build(..., until="annotate")` '
        f"took {st['build_s']:.0f} s (ingest + annotate), then `run_cluster` {st['cluster_s']:.1f} s "
        f"({c['events']:,} events, {c['events_with_2_plus_documents']:,} of them with two or more documents, the "
        f"largest {c['largest_event']:,}). The relate stage was skipped to keep the set-up affordable: no document "
        f"has an independence group ({c['with_independence_group']:,} do), so every document counts as its own "
        "source when claims are aligned, and clustering had no sentence vectors. The stage run times "
        "`storyline.compare.stage.run_compare(store, DEFAULT_CONFIG)` in a fresh subprocess after it has imported "
        "the stage and loaded the pipeline (`storyline.compare.stage.parser()`, both timed apart); the bare run "
        "times `nlp.pipe(texts, batch_size=config.compare.spacy_batch_size)` with the same pipeline over exactly "
        f"the same {b['sentences']:,} sentence texts in another fresh subprocess. Claims/s is claim mentions "
        "extracted per second of stage time. CPU s counts the process and its reaped children. Peak RSS is each "
        "subprocess's own `ru_maxrss`.\n\n"
        f"{tables(r)}\n\n{reading(r)}\n{busy(r)}"
    )


def write_docs(path: Path, body: str) -> None:
    """Write or replace this script's section of docs/benchmarks.md, leaving the others alone."""
    text = path.read_text(encoding="utf-8") if path.exists() else DOCS_INTRO
    section = f"{SECTION}\n\n{body.strip()}\n"
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text, count=1).rstrip("\n") + "\n"
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")


def _remove_db(path: Path) -> None:
    for leftover in path.parent.glob(path.name + "*"):
        leftover.unlink()


def setup(args: argparse.Namespace, work: Path) -> tuple[Path, dict[str, Any], dict[str, Any]]:
    """The corpus and the annotated, clustered database (kept in the work folder with --reuse)."""
    corpus_path = work / f"articles-{args.size}.jsonl"
    built = work / f"built-{args.size}.db"
    saved = work / f"built-{args.size}.json"
    if args.reuse and built.exists() and saved.exists():
        found: dict[str, Any] = json.loads(saved.read_text(encoding="utf-8"))
        say(
            f"reusing {built} (set-up measured {found['setup']['build_s']:.0f} s + {found['setup']['cluster_s']:.0f} s)"
        )
        return built, found["corpus"], found["setup"]
    corpus = write_corpus(corpus_path, args.size)
    say(f"generated {corpus['articles']:,} articles, {corpus['words_generated']:,} words; building to annotate...")
    _remove_db(built)
    child = run_child("--setup-child", str(corpus_path), str(built))
    st = child.result
    say(f"built (ingest + annotate) in {st['build_s']:.0f} s, clustered in {st['cluster_s']:.1f} s")
    saved.write_text(json.dumps({"corpus": corpus, "setup": st}), encoding="utf-8")
    return built, corpus, st


def run(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    info = machine()
    say(f"work folder {work}; cpu_count={info['cpu_count']}; load {info['load_avg_at_start']}")
    built, corpus, st = setup(args, work)
    run_db = work / "run.db"
    copy_db(built, run_db)
    bare = run_child("--bare-child", str(run_db)).result
    say(f"bare nlp.pipe: {bare['sentences']:,} sentences in {bare['seconds']:.1f} s (CPU {bare['cpu_s']:.1f} s)")
    stage = run_child("--stage-child", str(run_db), *(["--plain"] if args.plain else [])).result
    say(f"compare stage: {stage['docs']:,} documents in {stage['seconds']:.1f} s (CPU {stage['cpu_s']:.1f} s)")
    counts = store_counts(str(run_db))
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M+00:00"),
        "machine": info,
        "load_avg_at_end": [round(x, 2) for x in os.getloadavg()],
        "articles": args.size,
        "size_reason": args.size_reason,
        "corpus": corpus,
        "setup": st,
        "bare": bare,
        "stage": stage,
        "counts": counts,
        "summary": summarise(stage, bare, counts),
        "breakdown": breakdown(stage, bare),
        "src_changed_during_run": src_fingerprint(stage["code_files"]) != stage["code_fingerprint"],
    }


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--size", type=int, help="articles (default 10,000; 1,000 with --quick)")
    ap.add_argument("--quick", action="store_true", help="1,000 articles; no docs written")
    ap.add_argument("--size-reason", default="", help="why --size is not 10,000 (goes into the docs section)")
    ap.add_argument("--plain", action="store_true", help="time the stage without the function-level breakdown")
    ap.add_argument("--workdir", type=Path, help="where the corpus and databases go (default: a temporary folder)")
    ap.add_argument("--reuse", action="store_true", help="reuse the set-up database of this size in --workdir")
    ap.add_argument("--docs", action="store_true", help="rewrite the docs section even with --quick")
    ap.add_argument("--no-docs", action="store_true", help=f"do not rewrite the section of {DOCS.relative_to(ROOT)}")
    ap.add_argument("--setup-child", nargs=2, metavar=("JSONL", "DB"), help=argparse.SUPPRESS)
    ap.add_argument("--bare-child", metavar="DB", help=argparse.SUPPRESS)
    ap.add_argument("--stage-child", metavar="DB", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.setup_child:
        setup_child(*args.setup_child)
        return 0
    if args.bare_child:
        bare_child(args.bare_child)
        return 0
    if args.stage_child:
        stage_child(args.stage_child, args.plain)
        return 0
    args.size = args.size or (1_000 if args.quick else 10_000)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="storyline-compare-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        report = run(args, work)
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    command = shlex.join([".venv/bin/python", "benchmarks/compare.py", *(argv if argv is not None else sys.argv[1:])])
    print(tables(report))
    print(reading(report))
    if (not args.quick or args.docs) and not args.no_docs:
        write_docs(DOCS, docs_body(report, command))
        say(f"wrote the section '{SECTION}' of {DOCS.relative_to(ROOT)}")
    print(json.dumps(report, default=str))
    ok = report["stage"]["processed"] == report["stage"]["docs"] == report["counts"]["documents"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
