"""Time and memory of event clustering on generated corpora, and quality beside BERTopic on ECB+.

**Scaling (``--sizes``, default 10k, 50k, 100k documents).** Documents are generated with an
event structure, seeded and deterministic: events of 1-20 reports (geometric sizes, mean about
5), each event with its own two people, place, organisation, topic, amount and day (2022-2025);
each report says the event's facts (its own made-up name, a case number, the day) in 3-4
sentences of its own wording and adds 2-5 unrelated
sentences from ``benchmarks/_generate.py`` (same vocabulary and templates as the other
benchmarks). Only the cluster stage's own work is timed, in a fresh subprocess per size (so
``ru_maxrss`` is that size's peak memory): the TF-IDF vectors of the texts
(``storyline.cluster.stage._tfidf``), the online assignment + merges + refinement
(``storyline.cluster.events.cluster``) and the storyline links (``storylines.storylines``).
The entities, static vectors and event dates that annotate and relate would have stored are
given directly (entities = the generated names; vectors = a random unit vector per event plus
noise per report), because running spaCy over 100k documents measures annotate, not clustering
(``benchmarks/annotate.py`` does that). B-cubed F1 against the generated events is printed beside
the timings as a sanity check.

**Beside BERTopic (``--ecb``, default ECB+ dev).** The same labelled records are built into a
fresh database the way ``evaluation/ecbplus.py`` does (``pipeline.build(..., until="cluster")``,
timed whole: ingest, annotate, relate, cluster) and scored; then ``BERTopic()`` with default
settings (UMAP + HDBSCAN + c-TF-IDF) runs on the same texts with *our* offline embeddings passed
in (each document's mean static sentence vector from that database: nothing is downloaded),
timed; its outlier topic ``-1`` counts as one event per document. Both are scored with the same
B-cubed / pairwise / ARI functions.

    .venv/bin/python benchmarks/cluster.py                          # 10k, 50k, 100k + ECB+ dev
    .venv/bin/python benchmarks/cluster.py --sizes 10000,50000 --no-bertopic

Prints a table and, last, one JSON object.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
for extra in (ROOT / "src", ROOT / "benchmarks", ROOT / "evaluation"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

import _generate as gen  # noqa: E402

# --- generated events --------------------------------------------------------------------------

FACT_FORMS = (
    "{p1} of {org} said on {weekday} that the {name} {topic} in {place} would cost {amount}.",
    "In {place}, {org} confirmed the {name} decision on {day} after talks with {p2}.",
    "{p2} told reporters the {name} {topic} was the main issue for {place} this year.",
    "The {name} dispute in {place} drew a statement from {p1}, who called it a turning point.",
    "{org} and {p2} met in {place} on {day} to discuss the {name} {topic}, officials said.",
    "According to {p1}, the {name} plan ({reference}) would go ahead despite objections from {p2}.",
)
SYLLABLES = ("ar", "bel", "cor", "dun", "el", "fen", "gar", "hol", "ist", "jor", "kel", "lan", "mor", "nor", "ost")


def generate(n: int, seed: int) -> list[dict[str, Any]]:
    """n reports of events; report i's event and wording depend only on the seed and the event."""
    docs: list[dict[str, Any]] = []
    event = 0
    while len(docs) < n:
        rng = random.Random(f"{seed}:event:{event}")
        size = min(20, 1 + int(rng.expovariate(1 / 4)))
        facts = {
            "p1": gen._person(rng),
            "p2": gen._person(rng),
            "place": rng.choice(gen.PLACES),
            "org": rng.choice(gen.ORGS),
            "topic": rng.choice(gen.TOPICS),
            "amount": gen._money(rng),
            "weekday": rng.choice(gen.WEEKDAYS),
            # What makes a real event findable: its own name and reference numbers.
            "name": "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize(),
            "reference": f"case {rng.randint(1000, 99999)}",
        }
        day = date(2022, 1, 1) + timedelta(days=rng.randrange(4 * 365))
        facts["day"] = f"{gen.MONTHS[day.month - 1]} {day.day}"
        for k in range(size):
            if len(docs) >= n:
                break
            r = random.Random(f"{seed}:event:{event}:report:{k}")
            own = [f.format(**facts) for f in r.sample(FACT_FORMS, r.randint(3, 4))]
            noise = [gen._sentence(r) for _ in range(r.randint(2, 5))]
            sentences = own + noise
            r.shuffle(sentences)
            docs.append(
                {
                    "id": f"{event:07d}-{k:02d}",
                    "event": event,
                    "title": own[0],
                    "text": " ".join(sentences),
                    "entities": [facts["p1"], facts["p2"], facts["place"], facts["org"]],
                    "day": day + timedelta(days=r.randint(0, 2)),
                }
            )
        event += 1
    return docs


def run_size(n: int, seed: int) -> dict[str, Any]:
    """The child process: generate (untimed), then time the cluster stage's steps."""
    import numpy as np
    from ecbplus import bcubed
    from spacy.lang.en.stop_words import STOP_WORDS  # loaded before the clock starts

    from storyline.cluster.events import DocFeatures, cluster
    from storyline.cluster.stage import _tfidf
    from storyline.cluster.storylines import storylines
    from storyline.config import ClusterConfig

    assert STOP_WORDS
    config = ClusterConfig()
    docs = generate(n, seed)
    rng = np.random.default_rng(seed)
    bases: dict[int, Any] = {}
    timings: dict[str, float] = {}
    started = time.perf_counter()
    terms, df = _tfidf({d["id"]: d["text"] for d in docs}, config.max_terms)
    timings["tfidf_s"] = time.perf_counter() - started
    entity_df = Counter(e for d in docs for e in set(d["entities"]))
    idf = {e: math.log(n / c) for e, c in entity_df.items()}
    features = []
    for d in docs:
        base = bases.setdefault(d["event"], rng.standard_normal(256).astype(np.float32))
        vector = base + 0.5 * rng.standard_normal(256).astype(np.float32)
        vector /= np.linalg.norm(vector)
        features.append(
            DocFeatures(
                d["id"],
                d["id"],
                d["title"],
                {e: e for e in d["entities"]},
                vector,
                d["day"],
                "day",
                "generated",
                terms[d["id"]],
            )
        )
    started = time.perf_counter()
    events, _ = cluster(features, idf, df, config)
    timings["events_s"] = time.perf_counter() - started
    started = time.perf_counter()
    lines = storylines(events, idf, config)
    timings["storylines_s"] = time.perf_counter() - started
    event_of = {doc.id: k for k, e in enumerate(events) for doc in e.members}
    pred = [str(event_of[d["id"]]) for d in docs]
    gold = [str(d["event"]) for d in docs]
    _, _, f1 = bcubed(pred, gold)
    return {
        "documents": n,
        **{k: round(v, 2) for k, v in timings.items()},
        "total_s": round(sum(timings.values()), 2),
        "events": len(events),
        "gold_events": len(set(gold)),
        "storylines": len(lines),
        "bcubed_f1": round(f1, 4),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


# --- ECB+ beside BERTopic ----------------------------------------------------------------------


def ecb_beside_bertopic(path: Path, with_bertopic: bool) -> dict[str, Any]:
    import ecbplus
    import numpy as np

    from storyline.cluster.stage import _mean_vector
    from storyline.store.db import Store

    records = ecbplus.read_records([path])
    gold = [str(r["event"]) for r in records]
    out: dict[str, Any] = {"ecb_documents": len(records), "ecb_gold_events": len(set(gold))}
    with tempfile.TemporaryDirectory(prefix="cluster-bench-") as tmp:
        work = Path(tmp) / "input"
        work.mkdir()
        db = Path(tmp) / "storyline.db"
        started = time.perf_counter()
        pred, _ = ecbplus.storyline_events(records, db, work)
        out["storyline_build_s"] = round(time.perf_counter() - started, 1)
        out.update({f"storyline_{k}": v for k, v in ecbplus.scores(pred, gold).items()})
        out["storyline_events"] = len(set(pred))
        if not with_bertopic:
            return out
        with Store(db) as store:
            doc_of_line: dict[int, str] = {}
            for doc_id, p in store.conn.execute("SELECT document, path FROM document_paths"):
                head, _, index = str(p).rpartition("#")
                if head.endswith("ecbplus.jsonl") and index.isdigit():
                    doc_of_line[int(index)] = str(doc_id)
            embeddings = np.vstack([_mean_vector(store, doc_of_line[i]) for i in range(len(records))])
    from bertopic import BERTopic  # type: ignore[import-untyped]

    started = time.perf_counter()
    topics, _ = BERTopic().fit_transform([str(r["text"]) for r in records], embeddings=embeddings)
    out["bertopic_s"] = round(time.perf_counter() - started, 1)
    labels = [str(t) if t != -1 else f"outlier-{i}" for i, t in enumerate(topics)]
    out.update({f"bertopic_{k}": v for k, v in ecbplus.scores(labels, gold).items()})
    out["bertopic_topics"] = len({t for t in topics if t != -1})
    out["bertopic_outliers"] = sum(1 for t in topics if t == -1)
    return out


# --- main --------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,50000,100000", help="comma-separated corpus sizes")
    parser.add_argument("--seed", type=int, default=20251123)
    parser.add_argument("--ecb", type=Path, default=ROOT.parent / "shared" / "eval" / "ecbplus" / "dev.jsonl")
    parser.add_argument("--no-bertopic", action="store_true", help="score storyline on --ecb without BERTopic")
    parser.add_argument("--no-ecb", action="store_true", help="only the scaling runs")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per size")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(run_size(args.child, args.seed)))
        return 0
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    rows: list[dict[str, Any]] = []
    for n in sizes:
        try:
            done = subprocess.run(
                [sys.executable, __file__, "--child", str(n), "--seed", str(args.seed)],
                capture_output=True,
                text=True,
                timeout=args.timeout,
                check=True,
            )
            rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
        except subprocess.TimeoutExpired:
            rows.append({"documents": n, "timed_out_after_s": args.timeout})
        except subprocess.CalledProcessError as failure:
            print(failure.stderr, file=sys.stderr)
            return 1
        print(json.dumps(rows[-1]), flush=True)
    head = (
        f"{'documents':>10}{'tfidf s':>10}{'events s':>10}{'storyl. s':>10}{'total s':>10}{'peak MB':>10}{'B3 F1':>8}"
    )
    print(head)
    for r in rows:
        if "total_s" in r:
            print(
                f"{r['documents']:>10}{r['tfidf_s']:>10}{r['events_s']:>10}{r['storylines_s']:>10}"
                f"{r['total_s']:>10}{r['peak_rss_mb']:>10}{r['bcubed_f1']:>8}"
            )
    timed = [r for r in rows if "total_s" in r]
    growth = {}
    for a, b in itertools.pairwise(timed):
        # Exponent k in time ~ size^k between consecutive sizes: 1 is linear, 2 quadratic.
        growth[f"{a['documents']}->{b['documents']}"] = round(
            math.log(b["total_s"] / a["total_s"]) / math.log(b["documents"] / a["documents"]), 2
        )
    result: dict[str, Any] = {
        "sizes": rows,
        "time_exponent": growth,
        "machine": {"python": platform.python_version(), "cpu": platform.processor() or platform.machine()},
    }
    if not args.no_ecb and args.ecb.exists():
        result["ecb"] = ecb_beside_bertopic(args.ecb, not args.no_bertopic)
        print(json.dumps(result["ecb"]))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
