"""Score storyline's HTML reader on an article-extraction set in the Zyte benchmark layout.

What it measures: how much of each page's article body our HTML reader recovers, and how much
else it lets through. The set is a folder with ``ground-truth.json`` (``{id: {"articleBody",
"url", ...}}``) and ``html/<id>.html.gz``: Zyte's article-extraction benchmark
(``../shared/eval/zyte-extraction``) or any set in its layout (``../shared/eval/wcxb-articles``,
or a held-out split).

How: every page's bytes are decoded the way the store decodes them
(``storyline.ingest.encoding.decode``) and handed, with the page's URL, to
``storyline.ingest.htmlpage.extract_article`` with the default configuration: exactly the call a
user's build makes for an HTML page. The article text is scored with the benchmark's own metric
(scrapinghub/article-extraction-benchmark, ``evaluate.py``): words are ``\\w+`` runs, shingles
are word 4-grams counted as a multiset, per page TP/FP/FN are normalised to sum to 1, precision is
averaged over the pages where something was predicted, recall over the pages with a non-empty
truth (an empty prediction thus scores recall 0), and F1 is the harmonic mean of the mean
precision and the mean recall. In the same run bare ``trafilatura.extract(html)`` with default
settings is scored the same way as the peer, and both are timed per page (wall time of the call,
the two taking turns at going first on a page, since the second finds warm caches).

The reader needs no database; ``--db`` is accepted for the common evaluation interface and
ignored.

    .venv/bin/python evaluation/zyte.py --data ../shared/eval/zyte-extraction

The last line printed is one JSON object with ``f1``, ``precision``, ``recall``, ``pages``,
``seconds_per_page`` (ours) and the same figures for the peer under ``trafilatura_*``.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import trafilatura

from storyline.config import DEFAULT_CONFIG
from storyline.errors import InputError
from storyline.ingest.encoding import decode
from storyline.ingest.htmlpage import extract_article

#: Published mean F1 on the Zyte benchmark's 181 pages (article-extraction-benchmark README).
PUBLISHED = {"trafilatura": 0.958, "newspaper4k": 0.949, "readability-lxml": 0.922}

_TOKEN = re.compile(r"\w+", re.UNICODE)
_NGRAM = 4

TpFpFn = tuple[float, float, float]


def tokenize(text: str) -> list[str]:
    """Words as the benchmark sees them: runs of word characters, case kept."""
    return _TOKEN.findall(text or "")


def shingles(text: str, n: int = _NGRAM) -> Counter[tuple[str, ...]]:
    """The multiset of word n-grams; a text shorter than n words is one shorter shingle."""
    tokens = tokenize(text)
    grams = (tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)))
    return Counter(gram for gram in grams if gram)


def shingle_matching(true: str, pred: str) -> TpFpFn:
    """Per-page TP, FP, FN over 4-gram shingles, normalised to sum to 1 (as the benchmark does)."""
    t, p = shingles(true), shingles(pred)
    tp = float(sum((t & p).values()))
    fp = float(sum((p - t).values()))
    fn = float(sum((t - p).values()))
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def aggregate(counts: list[TpFpFn]) -> dict[str, float]:
    """Mean precision (pages with a prediction), mean recall (pages with a truth), their F1."""
    precisions = [_precision(*c) for c in counts if c[0] + c[1] > 0]
    recalls = [_recall(*c) for c in counts if c[0] + c[2] > 0]
    precision = statistics.mean(precisions) if precisions else 0.0
    recall = statistics.mean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"f1": f1, "precision": precision, "recall": recall}


@dataclass
class System:
    """One extractor's per-page scores and time."""

    name: str
    counts: list[TpFpFn] = field(default_factory=list)
    seconds: float = 0.0
    per_page: dict[str, TpFpFn] = field(default_factory=dict)

    def add(self, page_id: str, true: str, pred: str, seconds: float) -> None:
        score = shingle_matching(true, pred)
        self.counts.append(score)
        self.per_page[page_id] = score
        self.seconds += seconds


def ours(html: str, url: str | None) -> str:
    """Our HTML reader, exactly as a build calls it for a page."""
    text, _meta = extract_article(html, url, DEFAULT_CONFIG.ingest)
    return text


def peer(html: str, url: str | None = None) -> str:
    """Bare trafilatura with default settings: ``trafilatura.extract(html)``, nothing else."""
    return trafilatura.extract(html) or ""


def _warm_up(data: Path, ids: list[str], truth: dict[str, dict[str, str]]) -> None:
    """Run both systems once, untimed, so that neither pays the libraries' first-call set-up."""
    for page_id in ids[:1]:
        with contextlib.suppress(OSError, InputError):
            html = decode(gzip.decompress((data / "html" / f"{page_id}.html.gz").read_bytes()), page_id).text
            ours(html, truth[page_id].get("url"))
            peer(html)


def _page_f1(c: TpFpFn) -> float:
    p, r = _precision(*c), _recall(*c)
    return 2 * p * r / (p + r) if p + r else 0.0


def run(data: Path, limit: int | None, worst: int) -> dict[str, float | int]:
    truth: dict[str, dict[str, str]] = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)
    if limit:
        ids = ids[:limit]
    mine, theirs = System("storyline"), System("trafilatura")
    _warm_up(data, ids, truth)
    skipped = 0
    for index, page_id in enumerate(ids):
        path = data / "html" / f"{page_id}.html.gz"
        try:
            html = decode(gzip.decompress(path.read_bytes()), str(path)).text
        except (OSError, InputError) as exc:
            print(f"{path}: skipped ({exc})", file=sys.stderr)
            skipped += 1
            html = ""
        true = truth[page_id].get("articleBody") or ""
        url = truth[page_id].get("url")
        # Alternate which system goes first: the second one to read a page finds warm caches.
        order = ((mine, ours), (theirs, peer)) if index % 2 == 0 else ((theirs, peer), (mine, ours))
        for system, extract in order:
            start = time.perf_counter()
            pred = extract(html, url) if html else ""
            system.add(page_id, true, pred, time.perf_counter() - start)

    pages = len(ids)
    a, b = aggregate(mine.counts), aggregate(theirs.counts)
    spp_a, spp_b = mine.seconds / max(pages, 1), theirs.seconds / max(pages, 1)
    print(f"{data}: {pages} pages" + (f", {skipped} unreadable" if skipped else ""))
    print(f"{'system':<24}{'F1':>8}{'precision':>11}{'recall':>9}{'s/page':>10}")
    print(f"{'storyline (ours)':<24}{a['f1']:>8.3f}{a['precision']:>11.3f}{a['recall']:>9.3f}{spp_a:>10.4f}")
    print(f"{'trafilatura (this run)':<24}{b['f1']:>8.3f}{b['precision']:>11.3f}{b['recall']:>9.3f}{spp_b:>10.4f}")
    if data.name == "zyte-extraction":
        for name, f1 in PUBLISHED.items():
            print(f"{name + ' (published)':<24}{f1:>8.3f}")
    if spp_b:
        print(f"time ours / trafilatura: {spp_a / spp_b:.2f}")
    if worst:
        print(f"worst {worst} pages for storyline (page F1 ours / trafilatura):")
        ranked = sorted(mine.per_page, key=lambda k: _page_f1(mine.per_page[k]))
        for page_id in ranked[:worst]:
            c, d = mine.per_page[page_id], theirs.per_page[page_id]
            print(f"  {page_id}  {_page_f1(c):.3f} (P {_precision(*c):.2f} R {_recall(*c):.2f})  {_page_f1(d):.3f}")
    return {
        "f1": round(a["f1"], 4),
        "precision": round(a["precision"], 4),
        "recall": round(a["recall"], 4),
        "pages": pages,
        "seconds_per_page": round(spp_a, 5),
        "trafilatura_f1": round(b["f1"], 4),
        "trafilatura_precision": round(b["precision"], 4),
        "trafilatura_recall": round(b["recall"], 4),
        "trafilatura_seconds_per_page": round(spp_b, 5),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="folder with ground-truth.json and html/")
    parser.add_argument("--db", type=Path, help="ignored: the HTML reader needs no database")
    parser.add_argument("--limit", type=int, help="score only the first N pages (sorted by id)")
    parser.add_argument("--worst", type=int, default=0, help="list the N pages where we score worst")
    args = parser.parse_args(argv)
    if not (args.data / "ground-truth.json").is_file():
        parser.error(f"{args.data}: no ground-truth.json")
    result = run(args.data, args.limit, args.worst)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
