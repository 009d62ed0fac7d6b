"""Score storyline's events (document clustering) on ECB+, beside a plain TF-IDF baseline.

ECB+ (Cybulska & Vossen 2014) holds web news in topics; each topic holds two *different* events of
the same kind (two Oscar hosts announced years apart, two celebrities entering rehab), so
recurring look-alikes must come apart. ``--data`` is an ECB+ split in the format of
``../shared/eval/ecbplus`` (``train.jsonl``, ``dev.jsonl``, or a held-out split such as the test
topics): one JSON record a line with ``id``, ``text``, ``url``, ``topic`` and ``event``.

**What is built, as a user would.** Each record becomes one line ``{"text", "url"}`` of a JSONL
file (``url`` only when the record has one; storyline reads JSONL with these field names), and
``storyline.pipeline.build([file], store, Config(), until="cluster")`` runs on a fresh database
(``--db FILE``, which must not exist; a temporary file by default). Only ``text`` and ``url`` enter
the build, and the records' order is the file's: the ``topic`` and ``event`` labels never do. The
events are then read from the export (``storyline.store.export``): each record's document is
found through the JSONL line it came from (``<file>#<line index>`` among the document's
``paths``). A document in no event counts as an event of its own.

**Scores** against the ``event`` labels, over documents: B-cubed precision / recall / F1 (per
document: the share of its predicted cluster in its gold event and vice versa, averaged), pairwise
precision / recall / F1 over document pairs put in one cluster, and the adjusted Rand index
(``sklearn.metrics.adjusted_rand_score``).

**Baseline, same records, same run:** TF-IDF vectors of each record's text
(``sklearn.feature_extraction.text.TfidfVectorizer``, English stop words, sublinear tf, words of
at least two letters, document frequency at least 1) and average-linkage agglomerative clustering
(``sklearn.cluster.AgglomerativeClustering``) with cosine distance, cut at
``BASELINE_DISTANCE``. That cut was tuned once on ``train.jsonl`` with ``--tune-baseline`` (grid
0.50-0.99 in steps of 0.01, best B-cubed F1) and is kept here as a constant, so that dev and the
held-out topics are scored with a baseline that has not seen them.

    .venv/bin/python evaluation/ecbplus.py --data ../shared/eval/ecbplus/dev.jsonl
    .venv/bin/python evaluation/ecbplus.py --data ../shared/eval/ecbplus/train.jsonl --tune-baseline

``--db FILE --reuse-db`` keeps a database built before from the same ``--data`` and runs only the
cluster stage again (ingest, annotate and relate skip what it holds): minutes saved per try while
tuning; the figures to report come from a fresh build.

``--data`` may be given more than once (e.g. train and dev together: one build over both). The
last line printed is one JSON object: ``bcubed_p``, ``bcubed_r``, ``bcubed_f1``, ``pairwise_f1``,
``ari`` and, for the baseline, the same keys prefixed ``baseline_``, with ``documents``,
``gold_events``, ``events`` and timings.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

#: Cosine-distance cut of the TF-IDF average-linkage baseline, tuned on train.jsonl with
#: ``--tune-baseline`` (grid 0.50-0.99: best B-cubed F1 0.876 on train at 0.85, ARI 0.813).
BASELINE_DISTANCE = 0.85


def read_records(paths: Sequence[Path]) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    for path in paths:
        with path.open(encoding="utf-8") as f:
            records.extend(json.loads(line) for line in f if line.strip())
    return records


# -- scores -------------------------------------------------------------------------------------


def bcubed(pred: Sequence[str], gold: Sequence[str]) -> tuple[float, float, float]:
    together = Counter(zip(pred, gold, strict=True))
    size_pred = Counter(pred)
    size_gold = Counter(gold)
    n = len(pred)
    p = sum(together[(a, b)] / size_pred[a] for a, b in zip(pred, gold, strict=True)) / n
    r = sum(together[(a, b)] / size_gold[b] for a, b in zip(pred, gold, strict=True)) / n
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def pairwise(pred: Sequence[str], gold: Sequence[str]) -> tuple[float, float, float]:
    def pairs(labels: Sequence[str]) -> int:
        return sum(c * (c - 1) // 2 for c in Counter(labels).values())

    both = pairs([f"{a}\x00{b}" for a, b in zip(pred, gold, strict=True)])
    in_pred, in_gold = pairs(pred), pairs(gold)
    p = both / in_pred if in_pred else 1.0
    r = both / in_gold if in_gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def scores(pred: Sequence[str], gold: Sequence[str]) -> dict[str, float]:
    from sklearn.metrics import adjusted_rand_score

    bp, br, bf = bcubed(pred, gold)
    pp, pr, pf = pairwise(pred, gold)
    return {
        "bcubed_p": round(bp, 4),
        "bcubed_r": round(br, 4),
        "bcubed_f1": round(bf, 4),
        "pairwise_p": round(pp, 4),
        "pairwise_r": round(pr, 4),
        "pairwise_f1": round(pf, 4),
        "ari": round(float(adjusted_rand_score(gold, pred)), 4),
    }


# -- storyline ----------------------------------------------------------------------------------


def write_input(records: Sequence[dict[str, Any]], folder: Path) -> Path:
    """The records as a user's JSONL export: text and url only, in the file's order."""
    path = folder / "ecbplus.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for r in records:
            line: dict[str, str] = {"text": str(r["text"])}
            if r.get("url"):
                line["url"] = str(r["url"])
            f.write(json.dumps(line, ensure_ascii=False) + "\n")
    return path


def storyline_events(
    records: Sequence[dict[str, Any]], db: Path, work: Path, recluster: bool = False
) -> tuple[list[str], dict[str, Any]]:
    """Build a database from the records and return each record's event id. With `recluster`,
    the cluster stage's bookkeeping is cleared first so that it runs again on a kept database
    (every other stage skips what the database already holds)."""
    from storyline.config import Config
    from storyline.pipeline import build
    from storyline.store.db import Store
    from storyline.store.export import export

    source = write_input(records, work)
    with Store(db) as store:
        if recluster:
            with store.transaction():
                store.conn.execute("DELETE FROM stage_runs WHERE stage = 'cluster'")
        report = build([str(source)], store, Config(), until="cluster")
        data = export(store)
    line_of_doc: dict[str, list[int]] = defaultdict(list)
    for doc in data["documents"]:
        for path in doc.get("paths") or [doc["path"]]:
            head, _, index = str(path).rpartition("#")
            if head.endswith("ecbplus.jsonl") and index.isdigit():
                line_of_doc[doc["id"]].append(int(index))
    event_of_line: dict[int, str] = {}
    for event in data["events"]:
        for doc_id in event["documents"]:
            for line in line_of_doc.get(doc_id, []):
                event_of_line[line] = event["id"]
    pred = [event_of_line.get(i, f"unclustered-{i}") for i in range(len(records))]
    info = {"events": len(data["events"]), "skipped": report.skipped, "documents_stored": len(data["documents"])}
    return pred, info


# -- baseline -----------------------------------------------------------------------------------


def tfidf_distances(records: Sequence[dict[str, Any]]) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_distances

    vectors = TfidfVectorizer(
        stop_words="english", sublinear_tf=True, token_pattern=r"(?u)\b[^\W\d_]{2,}\b"
    ).fit_transform([str(r["text"]) for r in records])
    return cosine_distances(vectors)


def baseline_events(distances: Any, threshold: float) -> list[str]:
    from sklearn.cluster import AgglomerativeClustering

    if distances.shape[0] < 2:
        return ["0"] * distances.shape[0]
    labels = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average", distance_threshold=threshold
    ).fit_predict(distances)
    return [str(x) for x in labels]


def tune_baseline(records: Sequence[dict[str, Any]]) -> dict[str, Any]:
    gold = [str(r["event"]) for r in records]
    distances = tfidf_distances(records)
    grid = [round(0.5 + 0.01 * k, 2) for k in range(50)]
    results = {t: scores(baseline_events(distances, t), gold) for t in grid}
    best = max(grid, key=lambda t: (results[t]["bcubed_f1"], -t))
    for t in grid:
        print(f"  cut {t:.2f}: B-cubed F1 {results[t]['bcubed_f1']:.4f}  ARI {results[t]['ari']:.4f}")
    return {"best_distance": best, **results[best]}


# -- main ---------------------------------------------------------------------------------------


def _table(rows: list[tuple[str, dict[str, float]]]) -> str:
    keys = ["bcubed_p", "bcubed_r", "bcubed_f1", "pairwise_p", "pairwise_r", "pairwise_f1", "ari"]
    head = f"{'system':<26}" + "".join(f"{k:>12}" for k in keys)
    lines = [head, "-" * len(head)]
    for name, s in rows:
        lines.append(f"{name:<26}" + "".join(f"{s[k]:>12.4f}" for k in keys))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, action="append", required=True, help="ECB+ jsonl (repeatable)")
    parser.add_argument("--db", type=Path, help="database to build (must not exist; default: a temporary file)")
    parser.add_argument(
        "--reuse-db",
        action="store_true",
        help="with --db: keep an existing database built from the same --data and run only the cluster stage "
        "again (for tuning; report figures from a fresh build)",
    )
    parser.add_argument(
        "--tune-baseline", action="store_true", help="only tune the baseline's distance cut on --data and print it"
    )
    args = parser.parse_args(argv)
    records = read_records(args.data)
    if not records:
        print("no records in " + ", ".join(map(str, args.data)), file=sys.stderr)
        return 2
    gold = [str(r["event"]) for r in records]
    if args.tune_baseline:
        print(json.dumps(tune_baseline(records)))
        return 0
    if args.db is not None and args.db.exists() and not args.reuse_db:
        print(f"{args.db}: already exists; give a new file so that the build starts fresh", file=sys.stderr)
        return 2

    started = time.perf_counter()
    base = baseline_events(tfidf_distances(records), BASELINE_DISTANCE)
    baseline_seconds = time.perf_counter() - started

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="ecbplus-") as tmp:
        db = args.db if args.db is not None else Path(tmp) / "storyline.db"
        work = Path(tmp) / "input"
        work.mkdir()
        pred, info = storyline_events(records, db, work, recluster=args.reuse_db and db.exists())
    build_seconds = time.perf_counter() - started

    ours = scores(pred, gold)
    theirs = scores(base, gold)
    print(f"ECB+ {', '.join(str(p) for p in args.data)}: {len(records)} documents, {len(set(gold))} gold events")
    print(
        _table(
            [
                (f"storyline ({len(set(pred))} events)", ours),
                (f"TF-IDF avg-link @{BASELINE_DISTANCE} ({len(set(base))})", theirs),
            ]
        )
    )
    result: dict[str, Any] = {
        **ours,
        **{f"baseline_{k}": v for k, v in theirs.items()},
        "baseline_distance": BASELINE_DISTANCE,
        "documents": len(records),
        "gold_events": len(set(gold)),
        "events": len(set(pred)),
        "baseline_events": len(set(base)),
        "build_seconds": round(build_seconds, 1),
        "baseline_seconds": round(baseline_seconds, 2),
        **{k: v for k, v in info.items() if k != "events"},
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
