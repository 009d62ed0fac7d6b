"""Ingest benchmark: throughput and peak memory of ingest-and-clean on generated news pages.

Every build is a fresh subprocess on a fresh database in a temporary folder, over pages written by
`_generate.py`, run the way a user runs it: `storyline build DIR --db FILE -q --until ingest`.
`build` now runs later stages too (annotate), which this benchmark leaves out; where the CLI has
no `--until`, the subprocess calls the ingest stage through the library instead,
`storyline.ingest.ingest([DIR], Store(FILE), DEFAULT_CONFIG)`, which is what `build` runs first.
`--via ingest` forces the library route, `--via cli` the CLI (every stage when it has no
`--until`). Measured:

a) plain text: 10,000 pages from ~50 sites, one folder each -> docs/s, MB/s, peak memory;
b) HTML: 2,000 full pages -> our wall and CPU time per page against bare
   `trafilatura.extract(html)` (default settings) on the same files in the same run, and our
   overhead; the goal is judged on CPU per page, as a build may clean on every core while the
   bare loop uses one;
c) memory flatness: peak memory of the plain-text build at 1/4, 1/2, 1, 2 and 4 times the pages
   (`--memory-scale`); flat = the peak at 4x within 10% of the peak at 1x (below 1x the
   workers, the page cache and the allocator are still warming up).

Memory is measured twice, because a build may clean pages in worker processes: the largest
single process's peak RSS (`ru_maxrss` from `os.wait4`, which Linux takes over the build and its
reaped workers) and the peak of the whole process tree's PSS, sampled from /proc every 0.1 s
(PSS splits pages shared after fork, so the sum is the real total). A subprocess that only
imports what a build imports is timed too: its wall time is the fixed start-up cost.

With `--profile`, a plain-text and an HTML build also run under cProfile, in one process
(`workers=1` when the configuration has that knob, since cProfile cannot see worker processes)
and with import time left out, and the top functions are printed.

    .venv/bin/python benchmarks/ingest.py            # full run; rewrites its section of docs/benchmarks.md
    .venv/bin/python benchmarks/ingest.py --quick    # 1,000 text / 200 HTML pages, smoke test, no docs
    .venv/bin/python benchmarks/ingest.py --profile  # also cProfile hotspots

Prints the tables, then one JSON line with every figure. Exits 1 when a build lost pages.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import pstats
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from _generate import Corpus, write_corpus

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "benchmarks.md"
SECTION = "## Ingest (benchmarks/ingest.py)"
DOCS_INTRO = (
    "# Benchmarks\n\nFigures printed by the scripts in `benchmarks/`; each section is rewritten by its script.\n"
)

GOAL_TEXT_DOCS_PER_S = 500.0
GOAL_HTML_OVERHEAD = 0.20
#: Memory counts as flat when the peak at the largest corpus is within this share of the smallest's.
FLAT_TOLERANCE = 0.10
SAMPLE_EVERY_S = 0.1


# --- measuring one subprocess ----------------------------------------------------------------


def tree_pss_kib(root: int) -> int:
    """Summed PSS of a process and all its descendants, in KiB (0 once it has exited)."""
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        try:
            with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as fh:
                total += next((int(ln.split()[1]) for ln in fh if ln.startswith("Pss:")), 0)
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as fh:
                    stack.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError):
            continue
    return total


class TreeSampler(threading.Thread):
    """Samples a process tree's total PSS until stopped, keeping the peak held over two samples.

    One sample reads the processes one after another, so a sample taken while a worker is forked
    can count the parent's pages whole and then again, shared, in the child. Such a torn sample
    is alone; a real peak lasts into the next sample.
    """

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_kib, self.done = pid, 0, threading.Event()

    def run(self) -> None:
        previous = 0
        while True:
            current = tree_pss_kib(self.pid)
            self.peak_kib = max(self.peak_kib, min(previous, current))
            previous = current
            if self.done.wait(SAMPLE_EVERY_S):
                return


@dataclass(slots=True)
class Measured:
    """One subprocess: wall and CPU time (its workers' included), peak memory, status, output."""

    wall_s: float
    cpu_s: float
    peak_rss_mib: float
    peak_tree_pss_mib: float
    returncode: int
    stdout: str
    stderr: str


def run_measured(cmd: list[str]) -> Measured:
    """Run a command to completion and read its own resource usage (not its siblings')."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=ROOT)
        sampler = TreeSampler(proc.pid)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        sampler.done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    return Measured(
        wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,  # Linux: ru_maxrss in KiB
        sampler.peak_kib / 1024, proc.returncode, stdout, stderr,
    )


# --- builds ------------------------------------------------------------------------------------


@dataclass(slots=True)
class BuildResult:
    """One `storyline build` of one corpus, and what it left in the database."""

    pages: int
    input_mb: float
    wall_s: float
    cpu_s: float
    peak_rss_mib: float
    peak_tree_pss_mib: float
    docs_per_s: float
    mb_per_s: float
    docs_per_s_after_startup: float
    stored: int
    repeated_lines: int
    slogans_kept: int
    stages: list[str]
    db_mb: float
    returncode: int


THIS = str(Path(__file__).resolve())


def build_command(args: argparse.Namespace, folder: str, db: str, extra: tuple[str, ...] = ()) -> list[str]:
    if args.via == "cli":
        until = ["--until", "ingest"] if args.until else []
        return [str(args.storyline), "build", folder, "--db", db, "-q", *until, *extra]
    return [str(args.python), THIS, "--ingest-child", folder, db]


def cli_has_workers(storyline: Path) -> bool:
    """Whether `storyline build` takes --workers (one cleaning process: no inter-process cost)."""
    shown = subprocess.run([str(storyline), "build", "--help"], capture_output=True, text=True, check=False)
    return "--workers" in shown.stdout


def cli_has_until(storyline: Path) -> bool:
    """Whether `storyline build` can stop after the ingest stage."""
    shown = subprocess.run([str(storyline), "build", "--help"], capture_output=True, text=True, check=False)
    return "--until" in shown.stdout and "ingest" in shown.stdout


def startup_command(args: argparse.Namespace, via: str) -> list[str]:
    return [str(args.storyline), "--version"] if via == "cli" else [str(args.python), THIS, "--import-child"]


def build(
    args: argparse.Namespace, corpus: Corpus, workdir: Path, startup_s: float, name: str, extra: tuple[str, ...] = ()
) -> BuildResult:
    """Build the corpus into a fresh database, then look at what was stored."""
    db = workdir / f"{name}.db"
    for leftover in workdir.glob(f"{name}.db*"):
        leftover.unlink()
    m = run_measured(build_command(args, str(corpus.root), str(db), extra))
    if m.returncode != 0:
        say(f"warning: build of {name} exited {m.returncode}: {m.stderr[-1500:]}")
    stored, repeated, kept, stages = _stored(db, corpus)
    mb = corpus.bytes / 1e6
    return BuildResult(
        pages=corpus.pages, input_mb=mb, wall_s=m.wall_s, cpu_s=m.cpu_s, peak_rss_mib=m.peak_rss_mib,
        peak_tree_pss_mib=m.peak_tree_pss_mib, docs_per_s=corpus.pages / m.wall_s, mb_per_s=mb / m.wall_s,
        docs_per_s_after_startup=corpus.pages / max(m.wall_s - startup_s, 1e-9), stored=stored,
        repeated_lines=repeated, slogans_kept=kept, stages=stages,
        db_mb=sum(p.stat().st_size for p in workdir.glob(f"{name}.db*")) / 1e6, returncode=m.returncode,
    )


def _stored(db: Path, corpus: Corpus) -> tuple[int, int, int, list[str]]:
    """Documents stored, repeated lines found, copies of a site slogan not removed (-1: unknown), stages run."""
    counts = [-1, -1, -1]
    marks = ",".join("?" * len(corpus.slogans))
    queries: list[tuple[str, tuple[str, ...]]] = [
        ("SELECT COUNT(*) FROM documents", ()),
        ("SELECT COUNT(*) FROM repeated_lines", ()),
        # A site's slogan is furniture: every copy of it should end up removed as boilerplate.
        (f"SELECT COUNT(*) FROM segments WHERE kind != 'boilerplate' AND text IN ({marks})", corpus.slogans),
    ]
    stages: list[str] = []
    with sqlite3.connect(db) as conn:
        for i, (sql, params) in enumerate(queries):
            try:
                counts[i] = int(conn.execute(sql, params).fetchone()[0])
            except sqlite3.Error as exc:  # the schema is someone else's and may move
                say(f"warning: {sql[:60]}...: {exc}")
        try:
            stages = sorted(r[0] for r in conn.execute("SELECT DISTINCT stage FROM stage_runs"))
        except sqlite3.Error as exc:
            say(f"warning: stage_runs: {exc}")
    return counts[0], counts[1], counts[2], stages


def median_run(runs: list[BuildResult]) -> BuildResult:
    """The run with the median wall time, carrying the highest memory peaks of all the runs."""
    chosen = sorted(runs, key=lambda b: b.wall_s)[len(runs) // 2]
    chosen.peak_rss_mib = max(b.peak_rss_mib for b in runs)
    chosen.peak_tree_pss_mib = max(b.peak_tree_pss_mib for b in runs)
    return chosen


def startup(args: argparse.Namespace, via: str, runs: int = 3) -> dict[str, float]:
    """Median wall time and peak memory of a subprocess that imports what a build imports and stops."""
    results = [run_measured(startup_command(args, via)) for _ in range(runs)]
    return {
        "wall_s": statistics.median(r.wall_s for r in results),
        "cpu_s": statistics.median(r.cpu_s for r in results),
        "peak_rss_mib": max(r.peak_rss_mib for r in results),
        "peak_tree_pss_mib": max(r.peak_tree_pss_mib for r in results),
    }


# --- child-process modes -----------------------------------------------------------------------


def bare_trafilatura_child(folder: str) -> None:
    """`trafilatura.extract(html)` with default settings over every page, in the build's file order."""
    import trafilatura  # only this child needs it

    paths = sorted(Path(folder).rglob("*.html"))
    empty = 0
    start, start_cpu = time.perf_counter(), time.process_time()
    for path in paths:
        empty += not trafilatura.extract(path.read_bytes().decode("utf-8"))
    loop_s, loop_cpu_s = time.perf_counter() - start, time.process_time() - start_cpu
    # A second reference: with the page metadata (title, author, date by htmldate, site name),
    # which a build stores and the default call leaves out.
    start_cpu = time.process_time()
    for path in paths:
        trafilatura.extract(path.read_bytes().decode("utf-8"), with_metadata=True)
    meta_cpu_s = time.process_time() - start_cpu
    print(json.dumps({"pages": len(paths), "loop_s": loop_s, "loop_cpu_s": loop_cpu_s, "empty": empty,
                      "meta_loop_cpu_s": meta_cpu_s}))


def import_child() -> None:
    """Import what the ingest stage needs, and stop: the start-up cost of an ingest build."""
    from storyline.config import DEFAULT_CONFIG  # noqa: F401
    from storyline.ingest import ingest  # noqa: F401
    from storyline.store.db import Store  # noqa: F401


def ingest_child(folder: str, db: str) -> int:
    """Run the ingest stage as `storyline build` runs it, and nothing after it; exit 3 on skipped inputs."""
    from storyline.config import DEFAULT_CONFIG
    from storyline.ingest import ingest
    from storyline.store.db import Store

    with Store(db) as store:
        report = ingest([folder], store, DEFAULT_CONFIG)
    for error in report.errors[:20]:
        print(f"skipped {error}", file=sys.stderr)
    return 3 if report.errors else 0


def profile_child(folder: str, db: str, prof: str) -> None:
    """Run the ingest stage in this one process under cProfile, imports excluded."""
    import cProfile
    from dataclasses import fields, replace

    from storyline.config import DEFAULT_CONFIG
    from storyline.ingest import ingest
    from storyline.store.db import Store

    config = DEFAULT_CONFIG
    one_process: dict[str, Any] = {"workers": 1}  # by name: the knob may not exist in every version
    if any(f.name == "workers" for f in fields(config.ingest)):
        config = replace(config, ingest=replace(config.ingest, **one_process))
    profiler = cProfile.Profile()
    with Store(db) as store:
        profiler.enable()
        ingest([folder], store, config)
        profiler.disable()
    profiler.dump_stats(prof)


def bare_trafilatura(corpus: Corpus) -> dict[str, float]:
    """Wall and CPU seconds of the extraction loop alone (import excluded), peak RSS, empty results."""
    m = run_measured([sys.executable, THIS, "--bare-trafilatura", str(corpus.root)])
    if m.returncode != 0:
        raise RuntimeError(f"bare trafilatura run failed: {m.stderr[-1500:]}")
    result = json.loads(m.stdout.strip().splitlines()[-1])
    return {"loop_s": result["loop_s"], "loop_cpu_s": result["loop_cpu_s"], "peak_rss_mib": m.peak_rss_mib,
            "empty": result["empty"], "meta_loop_cpu_s": result["meta_loop_cpu_s"]}


#: Frames that only wrap the build and say nothing to optimise.
_NOISE = re.compile(r"^(?:<frozen |<built-in method builtins\.exec>|<string>|cProfile\.)|:<module>$")
_STDLIB = Path(sysconfig.get_paths()["stdlib"]).resolve()


def profile_build(corpus: Corpus, workdir: Path, name: str, top: int) -> dict[str, Any]:
    """Profile one build; the top functions by cumulative and by own time, in % of the build."""
    prof, db = workdir / f"{name}.prof", workdir / f"{name}.db"
    m = run_measured([sys.executable, THIS, "--profile-child", str(corpus.root), str(db), str(prof)])
    if m.returncode != 0:
        raise RuntimeError(f"profiled build failed: {m.stderr[-1500:]}")
    stats = pstats.Stats(str(prof))
    total = stats.total_tt  # type: ignore[attr-defined]
    rows = []
    for (file, _line, func), (_, ncalls, own, cum, _) in stats.stats.items():  # type: ignore[attr-defined]
        label = _label(file, func)
        if not _NOISE.search(label):
            rows.append({"function": label, "calls": ncalls, "cum_pct": 100 * cum / total,
                         "own_pct": 100 * own / total})
    return {
        "pages": corpus.pages, "profiled_s": total,
        "by_cumulative": sorted(rows, key=lambda r: -r["cum_pct"])[:top],
        "by_own_time": sorted(rows, key=lambda r: -r["own_pct"])[:top],
    }


def _label(file: str, func: str) -> str:
    if file == "~":
        return func
    path = Path(file)
    parts = path.parts
    if "site-packages" in parts:
        parts = parts[parts.index("site-packages") + 1:]
    elif "storyline" in parts:
        parts = parts[parts.index("storyline"):]
    elif path.is_relative_to(_STDLIB):
        parts = path.relative_to(_STDLIB).parts
    else:
        parts = (path.name,)
    return ".".join(parts).removesuffix(".py").removesuffix(".__init__") + f":{func}"


# --- report ------------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            cpu = next((ln.split(":", 1)[1].strip() for ln in fh if ln.startswith("model name")), cpu)
    except OSError:
        pass
    return {
        "cpu": cpu, "cpu_count": os.cpu_count(),
        "ram_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "os": f"{platform.system()} {platform.release()}", "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version, "trafilatura": metadata.version("trafilatura"),
        "load_avg_at_start": [round(x, 2) for x in os.getloadavg()], "commit": _commit(),
        "src_fingerprint": src_fingerprint(),
    }


def _commit() -> str:
    try:
        git = ["git", "-C", str(ROOT)]
        sha = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True)
        dirty = subprocess.run([*git, "status", "--porcelain", "src"], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return sha.stdout.strip() + (" + uncommitted changes in src/" if dirty.stdout.strip() else "")


def src_fingerprint() -> str:
    """A hash of every file under src/: tells whether two runs measured the same code."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "src").rglob("*.py")):
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def html_detail_rows(h: dict[str, Any], via_name: str) -> list[str]:
    """Per-page HTML cost without the inter-process cost, and with every fixed cost left out."""
    if "marginal_cpu_ms" not in h:
        return []
    part, full = h["part_pages"], h["pages"]
    rows = [
        f"| storyline {via_name}, marginal: ({full:,} pages - {part:,} pages) / {full - part:,} | - | "
        f"{h['marginal_cpu_ms']:.2f} ({100 * h['overhead_marginal']:+.0f}%) |",
    ]
    if "one_worker_cpu_ms" in h:
        rows += [
            f"| storyline {via_name} --workers 1, start-up left out | {h['one_worker_wall_ms']:.2f} | "
            f"{h['one_worker_cpu_ms']:.2f} ({100 * h['overhead_one_worker']:+.0f}%) |",
            f"| storyline {via_name} --workers 1, marginal | - | {h['one_worker_marginal_cpu_ms']:.2f} "
            f"({100 * h['overhead_one_worker_marginal']:+.0f}%) |",
        ]
    return rows


def tables(r: dict[str, Any]) -> str:
    """The figures as Markdown tables (readable on a terminal as they are)."""
    s, t, h, mem = r["startup"], r["text"], r["html"], r["memory"]
    lines = [
        "| run | pages | input MB | wall s | CPU s | docs/s | MB/s | docs/s after start-up "
        "| peak RSS MiB (largest process) | peak PSS MiB (all processes) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    starts = [("start-up: imports of the ingest stage", s)] if r["via"] == "ingest" else []
    starts.append(("start-up: `storyline --version` (CLI)", r["cli_startup"]))
    for label, st in starts:
        lines.append(
            f"| {label} | - | - | {st['wall_s']:.2f} | - | - | - | - | {st['peak_rss_mib']:.0f} | "
            f"{st['peak_tree_pss_mib']:.0f} |"
        )
    for label, b in ((f"plain-text {r['via_name']}", t), (f"HTML {r['via_name']}", h["ours"])):
        lines.append(
            f"| {label} | {b['pages']:,} | {b['input_mb']:.1f} | {b['wall_s']:.1f} | {b['cpu_s']:.1f} | "
            f"{b['docs_per_s']:.0f} | {b['mb_per_s']:.2f} | {b['docs_per_s_after_startup']:.0f} | "
            f"{b['peak_rss_mib']:.0f} | {b['peak_tree_pss_mib']:.0f} |"
        )
    lines += [
        f"| bare `trafilatura.extract`, loop only | {h['pages']:,} | {h['ours']['input_mb']:.1f} | "
        f"{h['bare_loop_s']:.1f} | - | {h['pages'] / h['bare_loop_s']:.0f} | "
        f"{h['ours']['input_mb'] / h['bare_loop_s']:.2f} | - | {h['bare_peak_rss_mib']:.0f} | - |",
        "",
        "| HTML, per page | wall ms | CPU ms (all processes) |",
        "|---|---:|---:|",
        f"| storyline {r['via_name']}, start-up left out | {h['ours_ms_per_page']:.2f} | "
        f"{h['ours_cpu_ms_per_page']:.2f} |",
        f"| bare `trafilatura.extract(html)` | {h['bare_ms_per_page']:.2f} | {h['bare_cpu_ms_per_page']:.2f} |",
        f"| overhead | {100 * h['overhead_wall']:+.0f}% | {100 * h['overhead']:+.0f}% |",
        *(
            [f"| reference, not the goal's peer: `trafilatura.extract(html, with_metadata=True)` | - | "
             f"{h['bare_meta_cpu_ms_per_page']:.2f} |"]
            if "bare_meta_cpu_ms_per_page" in h else []
        ),
        *html_detail_rows(h, r["via_name"]),
        "",
        "| plain-text pages | wall s | docs/s | peak RSS MiB (largest process) | peak PSS MiB (all processes) "
        "| DB MB |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for b in mem["builds"]:
        lines.append(
            f"| {b['pages']:,} | {b['wall_s']:.1f} | {b['docs_per_s']:.0f} | {b['peak_rss_mib']:.0f} | "
            f"{b['peak_tree_pss_mib']:.0f} | {b['db_mb']:.0f} |"
        )
    g = r["goals"]

    def verdict(ok: bool) -> str:
        return "**met**" if ok else "**not met**"

    lines += [
        "",
        f"- plain text >= {GOAL_TEXT_DOCS_PER_S:.0f} docs/s (wall, start-up included): {t['docs_per_s']:.0f} docs/s "
        f"({t['pages'] / t['cpu_s']:.0f} docs per CPU-second), {verdict(g['text_docs_per_s'])}",
        f"- HTML cost over bare trafilatura <= {100 * GOAL_HTML_OVERHEAD:.0f}% (CPU per page, all processes): "
        f"{100 * h['overhead']:+.0f}% ({100 * h['overhead_wall']:+.0f}% in wall time), {verdict(g['html_overhead'])}",
        f"- memory flat (peak at {mem['builds'][-1]['pages']:,} pages within {100 * FLAT_TOLERANCE:.0f}% of the "
        f"peak at {mem.get('from_pages', mem['builds'][0]['pages']):,}): "
        f"largest process {100 * mem['rss_growth']:+.1f}%, all processes "
        f"{100 * mem['pss_growth']:+.1f}% ({mem['pss_mib_per_1000_pages']:+.2f} MiB per 1,000 pages), "
        f"{verdict(g['memory_flat'])}",
        f"- checks: pages stored {t['stored']:,}/{t['pages']:,} (text), {h['ours']['stored']:,}/{h['pages']:,} (HTML); "
        f"repeated lines found in the text build: {t['repeated_lines']}; copies of a site slogan not removed "
        f"(kept as title or body): {t['slogans_kept']:,} in {t['pages']:,} pages; "
        f"bare trafilatura returned nothing on {h['bare_empty']} page(s)",
    ]
    cores = r["machine"]["cpu_count"] or 1
    busiest = max(r["machine"]["load_avg_at_start"][0], r["load_avg_at_end"][0])
    if busiest > 0.75 * cores:
        lines.append(
            f"- **the machine was busy** (1-minute load up to {busiest:.1f} on {cores} cores): wall times and docs/s "
            "understate what a quiet machine does; CPU times are the steadier figures"
        )
    if r["src_changed_during_run"]:
        lines.append("- **src/ changed while this ran**: the figures may mix two versions of the code")
    return "\n".join(lines)


def profile_tables(profiles: dict[str, Any]) -> str:
    out = []
    for name, p in profiles.items():
        out.append(f"\ncProfile, {name} build of {p['pages']:,} pages in one process, imports excluded "
                   f"({p['profiled_s']:.1f} s under the profiler)")
        out.append(f"{'cum %':>6} {'own %':>6} {'calls':>9}  function (by cumulative time)")
        out += [f"{r['cum_pct']:6.1f} {r['own_pct']:6.1f} {r['calls']:9d}  {r['function']}" for r in p["by_cumulative"]]
        out.append(f"{'own %':>6} {'cum %':>6} {'calls':>9}  function (by own time)")
        out += [f"{r['own_pct']:6.1f} {r['cum_pct']:6.1f} {r['calls']:9d}  {r['function']}" for r in p["by_own_time"]]
    return "\n".join(out)


def write_docs(path: Path, body: str) -> None:
    """Write or replace this script's section of docs/benchmarks.md, leaving the others alone."""
    text = path.read_text(encoding="utf-8") if path.exists() else DOCS_INTRO
    section = f"{SECTION}\n\n{body.strip()}\n"
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text, count=1).rstrip("\n") + "\n"
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def docs_body(r: dict[str, Any], command: str) -> str:
    m = r["machine"]
    return (
        f"Measured {r['date']} on {m['cpu']}, `os.cpu_count()` = {m['cpu_count']}, {m['ram_gib']} GiB RAM, "
        f"{m['os']}; Python {m['python']}, SQLite {m['sqlite']}, trafilatura {m['trafilatura']}; "
        f"storyline {m['commit']} (src fingerprint {m['src_fingerprint']}). "
        f"Load average (1, 5, 15 min) at start: {', '.join(map(str, m['load_avg_at_start']))}; at end: "
        f"{', '.join(map(str, r['load_avg_at_end']))} (other work shares these {m['cpu_count']} cores).\n\n"
        f"Command: `{command}`\n\n"
        f"Each build is {r['via_description']}, in a fresh subprocess on a fresh database, over pages "
        "generated by `benchmarks/_generate.py` (seeded; 50 fictional sites, one folder each, with site furniture "
        "and a per-site slogan). Peak RSS is the largest single process's `ru_maxrss`; peak PSS is the whole "
        f"process tree's summed PSS, sampled every {SAMPLE_EVERY_S} s (highest value held over two samples). "
        f"The text and HTML builds and the bare trafilatura loop ran {r['repeat']} time(s): median wall time, "
        "highest memory; the other memory builds ran once. "
        f"Stages the builds ran (from `stage_runs`): {', '.join(r['text']['stages']) or 'unknown'}.\n\n"
        f"{tables(r)}\n"
    )


# --- main --------------------------------------------------------------------------------------


def say(message: str) -> None:
    """Progress goes to stderr, so that stdout holds only the tables and the JSON line."""
    print(message, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--quick", action="store_true", help="small run (1,000 text / 200 HTML pages); no docs written")
    ap.add_argument("--text-pages", type=int, help="plain-text pages (default 10,000; 1,000 with --quick)")
    ap.add_argument("--html-pages", type=int, help="HTML pages (default 2,000; 200 with --quick)")
    ap.add_argument("--memory-scale", type=int, default=4,
                    help="memory builds up to this many times the text pages (even; default 4; 1 with --quick)")
    ap.add_argument("--repeat", type=int, help="runs of the timed builds, median reported (default 3; 1 with --quick)")
    ap.add_argument("--profile", action="store_true", help="also profile a text and an HTML build with cProfile")
    ap.add_argument("--top", type=int, default=20, help="functions shown per profile listing")
    ap.add_argument("--via", choices=("auto", "cli", "ingest"), default="auto",
                    help="cli: `storyline build` (with `--until ingest` when it has it); ingest: the ingest stage "
                         "through the library; auto (default): cli when it has --until, else ingest")
    ap.add_argument("--storyline", type=Path, default=Path(sys.executable).with_name("storyline"),
                    help="the storyline executable (default: beside this Python)")
    ap.add_argument("--workdir", type=Path, help="where corpora and databases go (default: a temporary folder)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary work folder")
    ap.add_argument("--no-docs", action="store_true", help=f"do not rewrite the section of {DOCS.relative_to(ROOT)}")
    ap.add_argument("--bare-trafilatura", metavar="DIR", help=argparse.SUPPRESS)
    ap.add_argument("--profile-child", nargs=3, metavar=("DIR", "DB", "PROF"), help=argparse.SUPPRESS)
    ap.add_argument("--ingest-child", nargs=2, metavar=("DIR", "DB"), help=argparse.SUPPRESS)
    ap.add_argument("--import-child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.bare_trafilatura:
        bare_trafilatura_child(args.bare_trafilatura)
        return 0
    if args.ingest_child:
        return ingest_child(*args.ingest_child)
    if args.import_child:
        import_child()
        return 0
    if args.profile_child:
        profile_child(*args.profile_child)
        return 0
    if not args.storyline.exists():
        ap.error(f"{args.storyline} not found; pass --storyline")
    python = args.storyline.with_name("python")
    args.python = python if python.exists() else Path(sys.executable)
    args.until = cli_has_until(args.storyline)
    if args.via == "auto":
        args.via = "cli" if args.until else "ingest"
    args.text_pages = args.text_pages or (1_000 if args.quick else 10_000)
    args.html_pages = args.html_pages or (200 if args.quick else 2_000)
    args.repeat = max(1, args.repeat or (1 if args.quick else 3))
    if args.quick:
        args.memory_scale = 1
    work = args.workdir or Path(tempfile.mkdtemp(prefix="storyline-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        report = run(args, work)
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0 if report["all_stored"] else 1


def via_description(args: argparse.Namespace) -> str:
    if args.via == "cli" and args.until:
        return "`storyline build DIR --db FILE -q --until ingest` (ingest and clean, no later stage)"
    if args.via == "cli":
        return "`storyline build DIR --db FILE -q` (every stage: this CLI has no --until)"
    return ("the ingest stage through the library, `storyline.ingest.ingest([DIR], Store(FILE), DEFAULT_CONFIG)` "
            "(ingest and clean, what `storyline build` runs before its later stages)")


def run(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    n_text, n_html = args.text_pages, args.html_pages
    info = machine()
    say(f"work folder {work}; cpu_count={info['cpu_count']}; load {info['load_avg_at_start']}")
    started = time.perf_counter()
    sizes = sorted({n_text // 4, n_text // 2, n_text, *(n_text * k for k in range(2, args.memory_scale + 1, 2))})
    corpora = {n: write_corpus(work / f"text-{n}", n, kind="text") for n in sizes}
    html = write_corpus(work / f"html-{n_html}", n_html, kind="html")
    n_part = max(1, n_html // 4)
    html_part = write_corpus(work / f"html-{n_part}", n_part, kind="html")
    say(f"generated {sum(sizes):,} text + {n_html:,} HTML pages in {time.perf_counter() - started:.1f} s")

    boot, cli_boot = startup(args, args.via), startup(args, "cli")
    say(f"start-up {boot['wall_s']:.2f} s, {boot['peak_rss_mib']:.0f} MiB; CLI start-up {cli_boot['wall_s']:.2f} s")
    text = median_run([build(args, corpora[n_text], work, boot["wall_s"], "text") for _ in range(args.repeat)])
    say(f"text build: {text.pages:,} pages in {text.wall_s:.1f} s = {text.docs_per_s:.0f} docs/s (median)")
    ours_runs: list[BuildResult] = []
    bare_runs: list[dict[str, float]] = []
    # One cleaning process (no inter-process cost), and a quarter of the pages: the difference
    # between the full and the quarter build is the cost of a page with every fixed cost left out
    # (imports, the worker pool, the schema), which the bare loop leaves out too.
    one = ("--workers", "1") if args.via == "cli" and cli_has_workers(args.storyline) else None
    extra_runs: dict[str, list[BuildResult]] = {"one": [], "part": [], "part_one": []}
    for _ in range(args.repeat):  # alternated, so that all see the same machine conditions
        ours_runs.append(build(args, html, work, boot["wall_s"], "html"))
        bare_runs.append(bare_trafilatura(html))
        extra_runs["part"].append(build(args, html_part, work, boot["wall_s"], "html-part"))
        if one is not None:
            extra_runs["one"].append(build(args, html, work, boot["wall_s"], "html-one", one))
            extra_runs["part_one"].append(build(args, html_part, work, boot["wall_s"], "html-part-one", one))
        say(f"HTML build {ours_runs[-1].wall_s:.1f} s; bare trafilatura loop {bare_runs[-1]['loop_s']:.1f} s")
    ours = median_run(ours_runs)
    extra = {k: median_run(v) for k, v in extra_runs.items() if v}
    bare_s = statistics.median(b["loop_s"] for b in bare_runs)
    bare_cpu_s = statistics.median(b["loop_cpu_s"] for b in bare_runs)
    bare_meta_cpu_s = statistics.median(b["meta_loop_cpu_s"] for b in bare_runs)
    memory = [build(args, corpora[n], work, boot["wall_s"], f"text-{n}") for n in sizes if n != n_text]
    memory = sorted([*memory, text], key=lambda b: b.pages)
    say("memory: " + ", ".join(f"{b.pages:,} pages {b.peak_tree_pss_mib:.0f} MiB" for b in memory))

    ours_ms, bare_ms = 1000 * (ours.wall_s - boot["wall_s"]) / n_html, 1000 * bare_s / n_html
    ours_cpu_ms, bare_cpu_ms = 1000 * (ours.cpu_s - boot["cpu_s"]) / n_html, 1000 * bare_cpu_s / n_html
    per_page: dict[str, float] = {
        "marginal_cpu_ms": 1000 * (ours.cpu_s - extra["part"].cpu_s) / max(n_html - n_part, 1),
    }
    if "one" in extra:
        per_page["one_worker_cpu_ms"] = 1000 * (extra["one"].cpu_s - boot["cpu_s"]) / n_html
        per_page["one_worker_wall_ms"] = 1000 * (extra["one"].wall_s - boot["wall_s"]) / n_html
        per_page["one_worker_marginal_cpu_ms"] = 1000 * (extra["one"].cpu_s - extra["part_one"].cpu_s) / max(
            n_html - n_part, 1
        )
    first, last = next(b for b in memory if b.pages == n_text), memory[-1]
    report: dict[str, Any] = {
        "benchmark": "ingest", "date": dt.datetime.now().astimezone().isoformat(timespec="minutes"),
        "quick": bool(args.quick), "repeat": args.repeat, "via": args.via,
        "via_name": "build" if args.via == "cli" else "ingest", "via_description": via_description(args),
        "machine": info, "startup": boot, "cli_startup": cli_boot, "text": asdict(text),
        "html": {
            "pages": n_html, "ours": asdict(ours), "bare_loop_s": bare_s, "bare_loop_cpu_s": bare_cpu_s,
            "bare_peak_rss_mib": max(b["peak_rss_mib"] for b in bare_runs),
            "bare_empty": int(max(b["empty"] for b in bare_runs)),
            "ours_ms_per_page": ours_ms, "bare_ms_per_page": bare_ms, "overhead_wall": ours_ms / bare_ms - 1,
            "ours_cpu_ms_per_page": ours_cpu_ms, "bare_cpu_ms_per_page": bare_cpu_ms,
            "overhead": ours_cpu_ms / bare_cpu_ms - 1,
            "part_pages": n_part,
            "bare_meta_cpu_ms_per_page": 1000 * bare_meta_cpu_s / n_html,
            **per_page,
            **{
                f"overhead_{k.removesuffix('_cpu_ms')}": v / bare_cpu_ms - 1
                for k, v in per_page.items()
                if k.endswith("cpu_ms")
            },
        },
        "memory": {
            "builds": [asdict(b) for b in memory],
            "from_pages": first.pages,
            "rss_growth": last.peak_rss_mib / first.peak_rss_mib - 1,
            "pss_growth": last.peak_tree_pss_mib / first.peak_tree_pss_mib - 1,
            "pss_mib_per_1000_pages": 1000 * (last.peak_tree_pss_mib - first.peak_tree_pss_mib)
            / max(last.pages - first.pages, 1),
        },
        "all_stored": all(b.stored == b.pages and b.returncode == 0 for b in [text, ours, *memory]),
    }
    report["goals"] = {
        "text_docs_per_s": text.docs_per_s >= GOAL_TEXT_DOCS_PER_S,
        "html_overhead": report["html"]["overhead"] <= GOAL_HTML_OVERHEAD,
        "memory_flat": max(report["memory"]["rss_growth"], report["memory"]["pss_growth"]) <= FLAT_TOLERANCE,
    }
    if args.profile:
        say("profiling ...")
        report["profile"] = {
            "text": profile_build(write_corpus(work / "profile-text", 500 if args.quick else 2_000, kind="text"),
                                  work, "profile-text", args.top),
            "html": profile_build(write_corpus(work / "profile-html", 100 if args.quick else 300, kind="html"),
                                  work, "profile-html", args.top),
        }
    report["src_changed_during_run"] = src_fingerprint() != info["src_fingerprint"]
    report["load_avg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    report["elapsed_s"] = time.perf_counter() - started

    print(f"storyline ingest benchmark, {report['date']}, {info['cpu']}, os.cpu_count()={info['cpu_count']}")
    print(tables(report))
    if args.profile:
        print(profile_tables(report["profile"]))
    if not args.quick and not args.no_docs:
        command = " ".join([".venv/bin/python benchmarks/ingest.py", *sys.argv[1:]])
        write_docs(DOCS, docs_body(report, command))
        say(f"wrote the section '{SECTION}' of {DOCS}")
    print(json.dumps(report, separators=(",", ":")))
    return report


if __name__ == "__main__":
    sys.exit(main())
