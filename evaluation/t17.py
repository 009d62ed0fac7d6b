"""Score `storyline timeline` on Timeline17 (news-tls protocol), beside a publication-date baseline.

Timeline17 (Tran et al. 2013, in the news-tls layout of Ghalandari & Ifrim 2020) holds news topics
(``<topic>/articles.jsonl``: ``id``, ``date`` = publication date, ``source``, ``text`` one sentence
a line; ``<topic>/keywords.json``) and, per topic, gold timelines written by journalists
(``<topic>/timelines/*.txt``: a date line, its sentences, a ``-----`` line).

**What is built, as a user would.** Each topic's ``articles.jsonl`` is built on its own with
``storyline build FILE --db <workdir>/<topic>.db --until annotate`` (timelines need only the
annotate stage: sentences and time expressions resolved relative to each publication date; the
relate stage's transformer would multiply the cost for nothing a timeline reads). The build is
incremental, so a second run over the same ``--workdir`` only checks what is stored. The gold
timelines never enter the build.

**The protocol (news-tls ``experiments/evaluate.py``).** For each topic and each of its gold
timelines: L = the timeline's number of dates, K = its mean number of sentences per date
(rounded, Python's ``round``), the window from its first to its last date, and the query the
topic's keywords (``keywords.json``, joined by spaces). The prediction is the user-facing command

    storyline timeline --query Q --dates L --sentences K --since D1 --until D2 --db DB --format json

Scores with ``tilse`` (Martschat & Markert 2017): alignment ROUGE-1 and ROUGE-2 F with the
many-to-one alignment on date-content costs (``evaluate_align_date_content_costs_many_to_one``),
ROUGE by the ROUGE-1.5.5 Perl script that pyrouge ships (stemming, stop words removed, raw
counts; needs Perl's XML::DOM, Debian package ``libxml-dom-perl``), and date F1 (predicted dates
shared with the gold timeline). Each figure is the mean over timelines (of the F scores; news-tls
averages precision and recall first, reported as ``*_nt`` beside).

**Baseline, same timelines, same run:** the L publication dates with the most articles inside the
window (ties: the earlier date), and for each the K sentences (lines) of that day's articles with
the highest TF-IDF cosine to the centroid of all the window's sentences (scikit-learn
``TfidfVectorizer``, English stop words, sublinear tf).

    .venv/bin/python evaluation/t17.py --data ../shared/eval/t17 --workdir /tmp/t17
    .venv/bin/python evaluation/t17.py --data ../shared/eval/t17 --rouge python   # fast, approximate
    .venv/bin/python evaluation/t17.py --data ../shared/eval/t17 --topic H1N1 --timeline reuters  # a subset

``--rouge python`` uses tilse's own Python re-implementation of ROUGE (close, not identical: for
development only). The last line printed is one JSON object: ``ar1_f``, ``ar2_f``, ``date_f1`` and
the same keys prefixed ``baseline_``, with ``timelines``, the ROUGE used and timings. ``--topic``
and ``--timeline`` (a part of the gold file's name) score a subset, for quick iteration; the
figures to report are over all twelve.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

Timeline = dict[dt.date, list[str]]


# -- data ---------------------------------------------------------------------------------------


def read_gold(path: Path) -> Timeline:
    """A Timeline17 timeline file: a date line, its sentences, a line of dashes."""
    timeline: Timeline = {}
    current: dt.date | None = None
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.strip()
        if re.fullmatch(r"\d{4}-\d\d-\d\d", line):
            current = dt.date.fromisoformat(line)
            timeline.setdefault(current, [])
        elif line.startswith("-----"):
            current = None
        elif line and current is not None:
            timeline[current].append(line)
    return {d: s for d, s in timeline.items() if s}


def read_articles(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def topics(data: Path) -> list[Path]:
    return sorted(p for p in data.iterdir() if (p / "articles.jsonl").is_file() and (p / "timelines").is_dir())


def query_of(topic: Path) -> str:
    keywords = json.loads((topic / "keywords.json").read_text(encoding="utf-8"))
    return " ".join(str(k) for k in keywords)


# -- storyline ----------------------------------------------------------------------------------


def storyline(*args: str) -> str:
    command = [sys.executable, "-m", "storyline.cli", *args]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if done.returncode not in (0, 3):
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.strip()}")
    return done.stdout


def build(topic: Path, db: Path) -> float:
    started = time.monotonic()
    storyline("build", str(topic / "articles.jsonl"), "--db", str(db), "--until", "annotate", "-q")
    return time.monotonic() - started


def predict(db: Path, query: str, dates: int, sentences: int, since: dt.date, until: dt.date) -> Timeline:
    out = storyline(
        "timeline",
        "--query",
        query,
        "--dates",
        str(dates),
        "--sentences",
        str(sentences),
        "--since",
        since.isoformat(),
        "--until",
        until.isoformat(),
        "--db",
        str(db),
        "--format",
        "json",
    )
    data = json.loads(out)
    return {dt.date.fromisoformat(e["date"]): [s["text"] for s in e["sentences"]] for e in data["dates"]}


# -- baseline -----------------------------------------------------------------------------------


def baseline(
    articles: Sequence[dict[str, Any]], dates: int, sentences: int, since: dt.date, until: dt.date
) -> Timeline:
    from sklearn.feature_extraction.text import TfidfVectorizer

    by_day: dict[dt.date, list[str]] = defaultdict(list)
    counts: Counter[dt.date] = Counter()
    for a in articles:
        day = dt.date.fromisoformat(str(a["date"])[:10])
        if since <= day <= until:
            counts[day] += 1
            by_day[day].extend(line.strip() for line in str(a["text"]).splitlines() if line.strip())
    if not counts:
        return {}
    everything = [s for day in sorted(by_day) for s in by_day[day]]
    vectoriser = TfidfVectorizer(stop_words="english", sublinear_tf=True)
    matrix = vectoriser.fit_transform(everything)
    centroid = matrix.mean(axis=0)
    norm = float((centroid @ centroid.T)[0, 0]) ** 0.5 or 1.0
    busiest = sorted(counts, key=lambda d: (-counts[d], d))[:dates]
    timeline: Timeline = {}
    for day in busiest:
        texts = list(dict.fromkeys(by_day[day]))
        sims = (vectoriser.transform(texts) @ centroid.T).A.ravel() / norm
        order = sorted(range(len(texts)), key=lambda i: -sims[i])[:sentences]
        timeline[day] = [texts[i] for i in order]
    return timeline


# -- scores -------------------------------------------------------------------------------------


def evaluator(rouge: str) -> Any:
    from tilse.evaluation import rouge as tilse_rouge

    scorer = tilse_rouge.TimelineRougeEvaluator(measures={"rouge_1", "rouge_2"}, rouge_computation="reimpl")
    if rouge == "perl":
        # tilse asks pyrouge for the ROUGE-1.5.5 wrapper with raw counts; pyrouge 0.1.3 ships it
        # as pyrouge.rouge.Rouge155 (its top-level Rouge155 is the older file-based one).
        from pyrouge.rouge import Rouge155

        scorer.rouge = Rouge155(average="raw", stem=True, ignore_stopwords=True)
    return scorer


def score(scorer: Any, predicted: Timeline, gold: Timeline) -> dict[str, float]:
    from tilse.data.timelines import GroundTruth
    from tilse.data.timelines import Timeline as TilseTimeline

    if not predicted:
        return {k: 0.0 for k in ("ar1_p", "ar1_r", "ar1_f", "ar2_p", "ar2_r", "ar2_f", "date_p", "date_r", "date_f1")}
    truth = GroundTruth([TilseTimeline(gold)])
    rouge = scorer.evaluate_align_date_content_costs_many_to_one(TilseTimeline(predicted), truth)
    shared = len(set(predicted) & set(gold))
    p, r = shared / len(predicted), shared / len(gold)
    return {
        "ar1_p": rouge["rouge_1"]["precision"],
        "ar1_r": rouge["rouge_1"]["recall"],
        "ar1_f": rouge["rouge_1"]["f_score"],
        "ar2_p": rouge["rouge_2"]["precision"],
        "ar2_r": rouge["rouge_2"]["recall"],
        "ar2_f": rouge["rouge_2"]["f_score"],
        "date_p": p,
        "date_r": r,
        "date_f1": 2 * p * r / (p + r) if p + r else 0.0,
    }


def mean_scores(rows: Sequence[dict[str, float]], prefix: str = "") -> dict[str, float]:
    out: dict[str, float] = {}
    for key in ("ar1_f", "ar2_f", "date_f1"):
        out[prefix + key] = round(sum(r[key] for r in rows) / len(rows), 4)
    # news-tls: mean precision and recall over timelines first, then F.
    for key, p, r in (("ar1_f", "ar1_p", "ar1_r"), ("ar2_f", "ar2_p", "ar2_r"), ("date_f1", "date_p", "date_r")):
        mp, mr = sum(x[p] for x in rows) / len(rows), sum(x[r] for x in rows) / len(rows)
        out[f"{prefix}{key}_nt"] = round(2 * mp * mr / (mp + mr), 4) if mp + mr else 0.0
    return out


# -- main ---------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="a Timeline17 folder (one folder per topic)")
    parser.add_argument("--workdir", type=Path, help="where the topic databases are kept (default: a temporary one)")
    parser.add_argument("--rouge", choices=["perl", "python"], default="perl")
    parser.add_argument("--topic", action="append", help="only this topic (repeatable)")
    parser.add_argument(
        "--timeline", action="append", help="only gold timelines whose file name contains this (repeatable)"
    )
    args = parser.parse_args(argv)

    started = time.monotonic()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="t17-"))
    work.mkdir(parents=True, exist_ok=True)
    scorer = evaluator(args.rouge)
    ours: list[dict[str, float]] = []
    base: list[dict[str, float]] = []
    build_seconds = predict_seconds = 0.0
    for topic in topics(args.data):
        if args.topic and topic.name not in args.topic:
            continue
        db = work / f"{topic.name}.db"
        build_seconds += build(topic, db)
        articles = read_articles(topic / "articles.jsonl")
        query = query_of(topic)
        for gold_path in sorted((topic / "timelines").glob("*.txt")):
            if args.timeline and not any(part in gold_path.name for part in args.timeline):
                continue
            gold = read_gold(gold_path)
            dates = len(gold)
            sentences = max(1, round(sum(len(s) for s in gold.values()) / dates))
            since, until = min(gold), max(gold)
            t0 = time.monotonic()
            predicted = predict(db, query, dates, sentences, since, until)
            predict_seconds += time.monotonic() - t0
            ours.append(score(scorer, predicted, gold))
            base.append(score(scorer, baseline(articles, dates, sentences, since, until), gold))
            print(
                f"{topic.name:<9} {gold_path.stem:<48} L={dates:<3} K={sentences} "
                f"storyline {ours[-1]['ar1_f']:.3f} {ours[-1]['ar2_f']:.3f} {ours[-1]['date_f1']:.3f}   "
                f"baseline {base[-1]['ar1_f']:.3f} {base[-1]['ar2_f']:.3f} {base[-1]['date_f1']:.3f}",
                flush=True,
            )
    if not ours:
        raise SystemExit(f"no topic with articles.jsonl and timelines/ under {args.data}")
    result = {
        **mean_scores(ours),
        **mean_scores(base, "baseline_"),
        "timelines": len(ours),
        "rouge": "ROUGE-1.5.5 (perl, via pyrouge)" if args.rouge == "perl" else "tilse python re-implementation",
        "build_seconds": round(build_seconds, 1),
        "timeline_seconds": round(predict_seconds, 1),
        "seconds": round(time.monotonic() - started, 1),
        "published": {"DATEWISE": [0.120, 0.035, 0.544], "CLUST": [0.082, 0.020, 0.407]},
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
