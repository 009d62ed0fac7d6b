"""Report benchmark: the time to write every dossier of a generated corpus (default 10,000 pages).

**Corpus.** ``benchmarks/_generate.py`` writes ``--size`` plain-text news pages on ~50 fictional
sites (seeded, deterministic; smaller corpora are prefixes of larger ones). It is built the way a
user builds it, ``storyline build DIR --db FILE -q --until STAGE`` in a subprocess, once per stage
in order, so each stage's wall time is printed apart (the build is not what is measured). With
``--workdir DIR`` the corpus and ``DIR/report-SIZE.db`` are kept, and a re-run resumes an
interrupted build; ``--formats`` with no format builds only. ``--db FILE`` reuses a database
already built (then no corpus is generated), so the report can be timed again without the build.

**What is timed**, in a fresh subprocess per format, after importing storyline (import time is
printed apart): ``storyline.report.publish.write_all(store, folder, FORMAT)`` — what
``storyline dossier --all --format FORMAT -o DIR`` runs: the dossier of every storyline and every
event assembled from the store and written as one file each, plus the index. Formats: html (the
one the command line documents for --all), json, md. Reported per format: wall seconds, dossiers,
milliseconds per dossier, files and bytes written, and peak resident memory (``ru_maxrss``).

    .venv/bin/python benchmarks/report.py                 # 10,000 pages (the build takes long)
    .venv/bin/python benchmarks/report.py --quick         # 300 pages
    .venv/bin/python benchmarks/report.py --db built.db   # time the report on an existing database
    .venv/bin/python benchmarks/report.py --workdir /tmp/reportbench --formats   # build (or resume) only

Prints a table, then one JSON object on the last line.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
t0 = time.perf_counter()
from storyline.report.publish import write_all
from storyline.store.db import Store
import_s = time.perf_counter() - t0
db, folder, fmt = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
with Store(db) as store:
    started = time.perf_counter()
    written = write_all(store, folder, fmt)
    seconds = time.perf_counter() - started
print(json.dumps({"format": fmt, "seconds": seconds, "import_s": import_s, "storylines": written.storylines,
    "events": written.events, "files": len(written.files), "bytes": sum(p.stat().st_size for p in written.files),
    "maxrss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def build_corpus(size: int, workdir: Path) -> tuple[Path, dict[str, float]]:
    """Build the corpus stage by stage (``--until`` each in turn), so each stage's wall time is seen.

    Every stage brings only what it has not done up to date, so a database left by an interrupted
    run resumes where it stopped and a finished one costs a few seconds per stage to check.
    """
    from _generate import write_corpus

    from storyline.pipeline import stage_names

    corpus = workdir / f"corpus-{size}"
    if not corpus.exists():
        write_corpus(corpus, size, kind="text")
    db = workdir / f"report-{size}.db"
    storyline = str(Path(sys.executable).parent / "storyline")
    stages: dict[str, float] = {}
    for stage in stage_names():
        started = time.perf_counter()
        subprocess.run([storyline, "build", str(corpus), "--db", str(db), "-q", "--until", stage], check=True)
        stages[stage] = round(time.perf_counter() - started, 1)
        print(f"  {stage}: {stages[stage]:.0f} s", file=sys.stderr, flush=True)
    return db, stages


def time_format(db: Path, folder: Path, fmt: str, timeout: float) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(db), str(folder), fmt],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if proc.returncode != 0:
        return {"format": fmt, "failed": proc.stderr[-2000:]}
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    dossiers = result["storylines"] + result["events"]
    result["ms_per_dossier"] = round(1000 * result["seconds"] / max(dossiers, 1), 2)
    result["seconds"] = round(result["seconds"], 2)
    result["import_s"] = round(result["import_s"], 2)
    result["maxrss_mib"] = round(result["maxrss_mib"])
    return result


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpu": cpu, "cpus": os.cpu_count(), "python": platform.python_version()}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10_000, help="pages to generate and build")
    parser.add_argument("--quick", action="store_true", help="a 300-page run")
    parser.add_argument("--db", type=Path, help="time the report on this database (already built)")
    parser.add_argument("--formats", nargs="*", default=["html", "json", "md"], help="none: build only")
    parser.add_argument("--timeout", type=float, default=3600.0, help="seconds allowed to one format")
    parser.add_argument("--workdir", type=Path, help="keep corpus, database and dossiers here (a re-run resumes)")
    args = parser.parse_args(argv)
    size = 300 if args.quick else args.size
    load_start = os.getloadavg()
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
        work = args.workdir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        build_s: dict[str, float] | None = None
        if args.db is not None:
            db = args.db
        else:
            db, build_s = build_corpus(size, work)
            print(f"{size:,} pages built in {sum(build_s.values()):.0f} s", file=sys.stderr, flush=True)
        from storyline.store.db import Store

        with Store(db) as store:
            documents = store.count_documents()
        for fmt in args.formats:
            r = time_format(db, work / f"out-{fmt}", fmt, args.timeout)
            results.append(r)
            print(json.dumps(r), file=sys.stderr, flush=True)
    print(f"\nDossiers of {documents:,} documents, {machine()['cpu']}, {os.cpu_count()} CPUs")
    print(f"{'format':>7} {'dossiers':>9} {'seconds':>8} {'ms/dossier':>11} {'MiB out':>8} {'peak MiB':>9}")
    for r in results:
        if "failed" in r:
            print(f"{r['format']:>7} failed: {r['failed'][-300:]}")
            continue
        print(
            f"{r['format']:>7} {r['storylines'] + r['events']:9,} {r['seconds']:8.1f} {r['ms_per_dossier']:11.1f} "
            f"{r['bytes'] / 2**20:8.1f} {r['maxrss_mib']:9,}"
        )
    print(
        json.dumps(
            {
                "documents": documents,
                "size": None if args.db else size,
                "build_s": build_s,
                "machine": machine(),
                "load_start": [round(x, 2) for x in load_start],
                "load_end": [round(x, 2) for x in os.getloadavg()],
                "results": results,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
