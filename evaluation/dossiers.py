"""Dossiers on outside news: every quoted sentence traceable, timelines dated, time per dossier.

``--data`` is a JSONL file of news documents in the format of ``../shared/eval`` (ECB+ splits:
one record a line with at least ``text``; ``id`` and ``url`` are used when present, every other
field — topic and event labels included — is ignored).

**What is built, as a user would.** Each record becomes one line ``{"id", "text", "url"}`` of a
JSONL file and ``storyline.pipeline.build([file], store, Config())`` runs every stage on a fresh
database (``--db FILE``, which must not exist; a temporary file by default). Then, for every
storyline and every event, ``storyline.report.dossier.dossier`` assembles the dossier and it is
rendered in every format (JSON, Markdown, HTML, text) into ``--out`` (a temporary folder by
default), as ``storyline dossier --all -o DIR`` does.

**Figures** (last line, one JSON object):

- ``quoted_share``: of all summary sentences and timeline entries of all dossiers, the share whose
  text (whitespace runs made one space) is a stored sentence, or a span of one, of a document the
  entry cites (``storyline.report.verify``). Anything below 1.0 is text no cited source states.
- ``summary_sentences``, ``timeline_entries``, ``unquoted`` (up to five examples when any).
- ``events_with_day_date_share``: the share of events whose dossier timeline has at least one
  day-precise date.
- ``seconds_per_dossier`` (assembly from the store) and ``seconds_per_dossier_rendered`` (the
  assembly plus all four formats written), with ``dossiers``, ``events``, ``storylines``,
  ``documents`` and ``build_seconds``.

    .venv/bin/python evaluation/dossiers.py --data ../shared/eval/ecbplus/dev.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))


def read_records(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def write_input(records: Sequence[dict[str, Any]], folder: Path) -> Path:
    """The records as a user's JSONL export: id, text and url only, in the file's order."""
    path = folder / "documents.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for r in records:
            line = {k: str(r[k]) for k in ("id", "text", "url") if r.get(k)}
            f.write(json.dumps(line, ensure_ascii=False) + "\n")
    return path


def score_dossiers(db: Path, out: Path) -> dict[str, Any]:
    """Assemble, render and check the dossier of every storyline and event of the database."""
    from storyline.report.dossier import dossier, event_ids, storyline_ids
    from storyline.report.publish import FORMATS, file_name, render
    from storyline.report.verify import quotes
    from storyline.store.db import Store

    assembly = rendering = 0.0
    quoted = total = summary = timeline = events = events_with_day = 0
    unquoted: list[dict[str, Any]] = []
    with Store(db) as store:
        ids = storyline_ids(store) + event_ids(store)
        documents = store.count_documents()
        for ident in ids:
            started = time.perf_counter()
            d = dossier(store, ident)
            assembly += time.perf_counter() - started
            started = time.perf_counter()
            for fmt in FORMATS:
                (out / file_name(d.id, fmt)).write_text(render(d, fmt), encoding="utf-8")
            rendering += time.perf_counter() - started
            for q in quotes(store, d):
                total += 1
                summary += q.part == "summary"
                timeline += q.part == "timeline"
                if q.found_in is not None:
                    quoted += 1
                elif len(unquoted) < 5:
                    unquoted.append({"dossier": d.id, "part": q.part, "text": q.text, "sources": list(q.sources)})
            if d.kind == "event":
                events += 1
                events_with_day += any(t.granularity == "day" for t in d.timeline)
    n = max(len(ids), 1)
    return {
        "quoted_share": round(quoted / total, 4) if total else None,
        "summary_sentences": summary,
        "timeline_entries": timeline,
        "unquoted": unquoted,
        "events_with_day_date_share": round(events_with_day / events, 4) if events else None,
        "seconds_per_dossier": round(assembly / n, 4),
        "seconds_per_dossier_rendered": round((assembly + rendering) / n, 4),
        "dossiers": len(ids),
        "events": events,
        "storylines": len(ids) - events,
        "documents": documents,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="news documents, JSONL (text, id, url)")
    parser.add_argument("--db", type=Path, help="database to build (must not exist; default: a temporary file)")
    parser.add_argument("--out", type=Path, help="folder for the dossiers (default: a temporary folder)")
    args = parser.parse_args(argv)
    records = read_records(args.data)
    if not records:
        print(f"no records in {args.data}", file=sys.stderr)
        return 2
    if args.db is not None and args.db.exists():
        print(f"{args.db}: already exists; give a new file so that the build starts fresh", file=sys.stderr)
        return 2
    from storyline.config import Config
    from storyline.pipeline import build
    from storyline.store.db import Store

    with tempfile.TemporaryDirectory(prefix="dossiers-") as tmp:
        db = args.db if args.db is not None else Path(tmp) / "storyline.db"
        out = args.out if args.out is not None else Path(tmp) / "dossiers"
        out.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        with Store(db) as store:
            build([str(write_input(records, Path(tmp)))], store, Config())
        build_seconds = time.perf_counter() - started
        result = score_dossiers(db, out)
    result["build_seconds"] = round(build_seconds, 1)
    result["data"] = str(args.data)
    print(
        f"{result['dossiers']} dossiers ({result['storylines']} storylines, {result['events']} events) "
        f"from {result['documents']} documents: {result['quoted_share']} of "
        f"{result['summary_sentences'] + result['timeline_entries']} summary/timeline texts quoted from a cited "
        f"source; {result['events_with_day_date_share']} of events have a day-precise timeline date; "
        f"{result['seconds_per_dossier']} s per dossier ({result['seconds_per_dossier_rendered']} s with 4 formats)"
    )
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
