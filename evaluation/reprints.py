"""Score storyline's copy detection (independence groups) on a reprint set derived from ECB+.

There is no labelled copy-detection set in ``../shared/eval``, so this script derives one from an
ECB+ split (``--data``, e.g. ``../shared/eval/ecbplus/dev.jsonl``; only ``id``, ``text`` and
``url`` of each record are used to build it, ``event`` only to break the errors down) and scores
the independence groups of a fresh build against it, beside plain MinHash LSH on the same files
in the same run.

**The derived set.** Every ECB+ document is a *source*. Each line of an ECB+ text is one
sentence; the first line is the headline when it has at most 20 words. A source gets 0-4 derived
copies (uniform, seeded with ``--seed``); each copy has one transformation *kind*, drawn
uniformly from the six below (``paraphrase`` at most once per source):

- ``verbatim``: the same headline and body, word for word; the headline gets a site suffix
  (" - <site>") so that the file's bytes differ (ingest merges byte-identical files into one
  document, which would make the case trivial); a source without headline gets a trailing blank
  line instead (same text, other bytes).
- ``wrapper``: the verbatim text inside aggregator furniture written for this script: 2-3 header
  lines (breadcrumbs, "Posted by admin", "Share this:", share buttons) and 2-4 footer lines
  ("Read original article here", "Source link", an auto-aggregation disclaimer, "Leave a Reply",
  "Related Posts", a copyright line), drawn at random.
- ``drop``: 10-30% of the body sentences removed at random (at least one, at least two kept).
- ``reorder``: a light reordering: 1-2 swaps of two neighbouring paragraphs (or of neighbouring
  sentences when there are fewer than three paragraphs); the lede paragraph stays first.
- ``paraphrase``: MRPC paraphrases substituted on both sides. A quarter of the source's body
  sentences (at least 1, at most 5; not the lede) are chosen; at each chosen position the
  *source* gets sentence #1 of a positive MRPC pair (Quality = 1, from
  ``../shared/eval/mrpc/msr_paraphrase_train.txt``, each pair used once) and the copy gets its
  sentence #2. The source file is written with its substitutions, and the source's other copies
  are derived from that substituted text. So the copy is the source with some sentences
  paraphrased by a human editor (MRPC pairs are real paraphrases from news clusters) — the
  sentences are off-topic for the article, which makes the case harder for embeddings, not easier.
- ``mixed``: ``wrapper`` + ``drop`` + ``reorder`` on one copy (a typical aggregator copy).

Body sentences are written as paragraphs of 1-3 sentences (one sentence a line, a blank line
between paragraphs), the headline on the first line: ``<n>.txt`` in a temporary folder.

**Gold groups.** A source and its copies are one group. Every other ECB+ document is its own
group, including the other documents of the same event: ECB+ has several independent reports of
each event, which must *not* be grouped (the hard part of copy detection: same facts, different
report). False merges are broken down by whether the two files report the same ECB+ event.

**What is scored.** ``storyline.pipeline.build([folder], store, Config(), until="relate")`` on a
fresh database (``--db FILE``, which must not exist; a temporary file by default), then the
``independence_group`` of each file's document in the export (``storyline.store.export``; a
file is found through the document's ``paths``). Against the gold groups: ARI
(``sklearn.metrics.adjusted_rand_score``) and pairwise precision / recall / F1 over file pairs in
one group; recall per transformation kind (share of copies grouped with their source).

**Baseline, same files, same run:** datasketch ``MinHashLSH`` (threshold 0.5, 128 permutations)
over word 5-gram shingles (lower case) of each file's whole text, groups = connected components
of the LSH candidate pairs.

**Published anchor:** on NEWS-COPY (Silcock et al. 2022: historical US newspaper reprints — other
data, other transformations; not comparable figure for figure) the best neural model reaches ARI
0.937 and MinHash/LSH 0.737.

    .venv/bin/python evaluation/reprints.py --data ../shared/eval/ecbplus/dev.jsonl

The last line printed is one JSON object: ``ari``, ``pairwise_f1``, ``pairwise_precision``,
``pairwise_recall``, ``minhash_ari``, ``minhash_pairwise_f1``, ``documents`` and more
(per-kind recall, false merges, timings).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

MRPC_FILE = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval" / "mrpc" / "msr_paraphrase_train.txt"
KINDS = ("verbatim", "wrapper", "drop", "reorder", "paraphrase", "mixed")
NEWS_COPY_PUBLISHED = {"best_neural_ari": 0.937, "minhash_lsh_ari": 0.737}
HEADLINE_MAX_WORDS = 20
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)

SITES = (
    "Daily News Feed",
    "World Headlines Now",
    "NewsHub 24",
    "The Global Digest",
    "Breaking Wire",
    "Top Stories Today",
    "Headline Aggregator",
    "Newsroom Express",
    "The Morning Brief",
    "Planet Times",
)
HEADERS = (
    "Home » News » World",
    "Home › Entertainment › Latest",
    "Posted by admin",
    "Posted by newsdesk | 3 min read",
    "Share this:",
    "Facebook Twitter WhatsApp Email",
    "Tweet Share Pin",
    "Follow us on Telegram for the latest updates",
)
FOOTERS = (
    "Read original article here",
    "Source link",
    "Disclaimer: This story is auto-aggregated by a computer program and has not been created or edited by {site}.",
    "Leave a Reply",
    "Related Posts",
    "Copyright © {site}. All rights reserved.",
    "Click here to read the full story",
    "Share this: Facebook Twitter Reddit",
)


@dataclass(slots=True)
class Page:
    """A derived file: its headline and body sentences, and where it comes from."""

    name: str
    source: str  # the ECB+ id of the source document (its gold group)
    kind: str  # "source" or a transformation kind
    event: str
    headline: str | None
    sentences: list[str]
    header: list[str] = field(default_factory=list)
    footer: list[str] = field(default_factory=list)
    paragraph_sizes: list[int] = field(default_factory=list)
    suffix: str = ""

    def text(self) -> str:
        paragraphs: list[str] = []
        i = 0
        for size in self.paragraph_sizes:
            if i >= len(self.sentences):
                break
            paragraphs.append("\n".join(self.sentences[i : i + size]))
            i += size
        if i < len(self.sentences):
            paragraphs.append("\n".join(self.sentences[i:]))
        top = [*self.header, *([self.headline] if self.headline else [])]
        blocks = ["\n".join(top)] if top else []
        blocks += paragraphs
        if self.footer:
            blocks.append("\n".join(self.footer))
        return "\n\n".join(blocks) + "\n" + self.suffix


def read_ecbplus(path: Path) -> list[dict[str, Any]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as error:
            print(f"{path}:{number}: skipped, malformed JSON ({error.msg})", file=sys.stderr)
    return rows


def read_mrpc_positive(path: Path) -> list[tuple[str, str]]:
    pairs = []
    for line in path.read_text(encoding="utf-8-sig").splitlines()[1:]:
        fields = line.split("\t")
        if len(fields) == 5 and fields[0] == "1":
            pairs.append((fields[3].strip(), fields[4].strip()))
    return pairs


def paragraph_sizes(n: int, rng: random.Random) -> list[int]:
    sizes: list[int] = []
    while sum(sizes) < n:
        sizes.append(rng.choice((1, 2, 2, 3)))
    return sizes


def derive(records: Sequence[dict[str, Any]], mrpc: list[tuple[str, str]], seed: int) -> list[Page]:
    """The derived corpus: every source (possibly with MRPC substitutions) and its copies."""
    rng = random.Random(seed)
    mrpc = list(mrpc)
    rng.shuffle(mrpc)
    pages: list[Page] = []
    for record in records:
        lines = [line.strip() for line in str(record["text"]).split("\n") if line.strip()]
        if not lines:
            continue
        headline = lines[0] if len(lines[0].split()) <= HEADLINE_MAX_WORDS and len(lines) > 1 else None
        body = lines[1:] if headline else lines
        n_copies = rng.randint(0, 4)
        kinds = [rng.choice(KINDS) for _ in range(n_copies)]
        while kinds.count("paraphrase") > 1:
            kinds[kinds.index("paraphrase", kinds.index("paraphrase") + 1)] = rng.choice(KINDS[:4] + KINDS[5:])
        if len(body) < 3:
            kinds = [k for k in kinds if k != "paraphrase"]
        paraphrased: list[str] | None = None
        if "paraphrase" in kinds and mrpc:
            k = min(5, max(1, round(len(body) / 4)), len(mrpc))
            positions = sorted(rng.sample(range(1, len(body)), min(k, len(body) - 1)))
            paraphrased = list(body)
            for pos in positions:
                one, two = mrpc.pop()
                body[pos] = one
                paraphrased[pos] = two
        source_id = str(record["id"])
        event = str(record.get("event", ""))
        sizes = paragraph_sizes(len(body), rng)
        pages.append(
            Page(f"{len(pages):05d}.txt", source_id, "source", event, headline, list(body), paragraph_sizes=sizes)
        )
        for kind in kinds:
            page = Page(
                f"{len(pages):05d}.txt", source_id, kind, event, headline, list(body), paragraph_sizes=list(sizes)
            )
            site = rng.choice(SITES)
            if kind == "verbatim":
                if headline:
                    page.headline = f"{headline} - {site}"
                else:
                    page.suffix = "\n"
            if kind == "paraphrase" and paraphrased is not None:
                page.sentences = list(paraphrased)
            if kind in ("wrapper", "mixed"):
                page.header = rng.sample(HEADERS, rng.randint(2, 3))
                page.footer = [line.format(site=site) for line in rng.sample(FOOTERS, rng.randint(2, 4))]
            if kind in ("drop", "mixed"):
                _drop(page, rng)
            if kind in ("reorder", "mixed"):
                _reorder(page, rng)
            pages.append(page)
    return pages


def _drop(page: Page, rng: random.Random) -> None:
    n = len(page.sentences)
    if n <= 2:
        return
    k = min(n - 2, max(1, round(n * rng.uniform(0.1, 0.3))))
    gone = set(rng.sample(range(n), k))
    page.sentences = [s for i, s in enumerate(page.sentences) if i not in gone]
    page.paragraph_sizes = paragraph_sizes(len(page.sentences), rng)


def _reorder(page: Page, rng: random.Random) -> None:
    groups: list[list[str]] = []
    i = 0
    for size in page.paragraph_sizes:
        if i >= len(page.sentences):
            break
        groups.append(page.sentences[i : i + size])
        i += size
    if i < len(page.sentences):
        groups.append(page.sentences[i:])
    if len(groups) >= 3:
        for _ in range(rng.randint(1, 2)):
            j = rng.randrange(1, len(groups) - 1)
            groups[j], groups[j + 1] = groups[j + 1], groups[j]
        page.sentences = [s for g in groups for s in g]
        page.paragraph_sizes = [len(g) for g in groups]
    elif len(page.sentences) >= 3:
        for _ in range(rng.randint(1, 2)):
            j = rng.randrange(1, len(page.sentences) - 1)
            page.sentences[j], page.sentences[j + 1] = page.sentences[j + 1], page.sentences[j]


def write_corpus(pages: Sequence[Page], folder: Path) -> dict[str, str]:
    texts = {}
    for page in pages:
        text = page.text()
        (folder / page.name).write_text(text, encoding="utf-8")
        texts[page.name] = text
    return texts


# --- scoring ----------------------------------------------------------------------------------


def pairwise(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, float]:
    """Precision, recall and F1 over item pairs placed in one group."""

    def same_pairs(labels: Sequence[str]) -> set[tuple[int, int]]:
        members: dict[str, list[int]] = defaultdict(list)
        for i, label in enumerate(labels):
            members[label].append(i)
        return {pair for group in members.values() for pair in combinations(group, 2)}

    g, p = same_pairs(gold), same_pairs(predicted)
    tp = len(g & p)
    precision = tp / len(p) if p else 1.0
    recall = tp / len(g) if g else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def score(pages: Sequence[Page], predicted: dict[str, str]) -> dict[str, Any]:
    from sklearn.metrics import adjusted_rand_score

    gold = [p.source for p in pages]
    pred = [predicted[p.name] for p in pages]
    result: dict[str, Any] = {"ari": round(float(adjusted_rand_score(gold, pred)), 4), **pairwise(gold, pred)}
    source_group = {p.source: predicted[p.name] for p in pages if p.kind == "source"}
    per_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for p in pages:
        if p.kind != "source":
            per_kind[p.kind][1] += 1
            per_kind[p.kind][0] += predicted[p.name] == source_group[p.source]
    result["recall_by_kind"] = {k: round(v[0] / v[1], 3) for k, v in sorted(per_kind.items())}
    result["copies_by_kind"] = {k: v[1] for k, v in sorted(per_kind.items())}
    members: dict[str, list[Page]] = defaultdict(list)
    for p in pages:
        members[predicted[p.name]].append(p)
    same_event = other_event = 0
    for group in members.values():
        for a, b in combinations(group, 2):
            if a.source != b.source:
                if a.event == b.event:
                    same_event += 1
                else:
                    other_event += 1
    result["false_merge_pairs_same_event"] = same_event
    result["false_merge_pairs_other_event"] = other_event
    return result


def minhash_groups(texts: dict[str, str], threshold: float = 0.5, num_perm: int = 128) -> dict[str, str]:
    """Plain MinHash LSH: word 5-gram shingles of the whole text, connected components."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    signatures = {}
    for name, text in texts.items():
        words = [w.lower() for w in _WORD.findall(text)]
        grams = {" ".join(words[i : i + 5]) for i in range(max(1, len(words) - 4))}
        m = MinHash(num_perm=num_perm, seed=1)
        m.update_batch([g.encode("utf-8") for g in grams])
        signatures[name] = m
        lsh.insert(name, m)
    parent = {name: name for name in texts}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for name, m in signatures.items():
        for other in lsh.query(m):
            parent[find(other)] = find(name)
    return {name: find(name) for name in texts}


def storyline_groups(folder: Path, db: Path) -> tuple[dict[str, str], dict[str, Any]]:
    """Build a fresh database from the folder up to relate; each file's independence group."""
    from storyline.config import Config
    from storyline.pipeline import build
    from storyline.store.db import Store
    from storyline.store.export import export

    timings: dict[str, Any] = {}
    started = time.perf_counter()
    with Store(db) as store:
        report = build([str(folder)], store, Config(), until="relate")
        timings["build_s"] = round(time.perf_counter() - started, 1)
        timings["skipped_inputs"] = report.skipped
        data = export(store)
    groups: dict[str, str] = {}
    for doc in data["documents"]:
        for path in doc.get("paths") or [doc["path"]]:
            groups[Path(path).name] = str(doc["independence_group"] or doc["id"])
    timings["relation_kinds"] = dict(Counter(r["kind"] for r in data["relations"]))
    timings["stored_documents"] = len(data["documents"])
    return groups, timings


def print_table(ours: dict[str, Any], base: dict[str, Any], pages: Sequence[Page]) -> None:
    sources = sum(p.kind == "source" for p in pages)
    print(f"\nDerived reprint set: {len(pages)} files ({sources} sources, {len(pages) - sources} copies)")
    print(f"  {'':34} {'ARI':>6} {'P':>6} {'R':>6} {'F1':>6}  false merges (same event / other)")
    for label, r in (("storyline independence groups", ours), ("MinHash LSH 0.5, 5-gram, CC", base)):
        print(
            f"  {label:34} {r['ari']:6.3f} {r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f}  "
            f"{r['false_merge_pairs_same_event']} / {r['false_merge_pairs_other_event']}"
        )
    print(f"  {'NEWS-COPY best neural (published)':34} {NEWS_COPY_PUBLISHED['best_neural_ari']:6.3f}   (other data)")
    print(f"  {'NEWS-COPY MinHash/LSH (published)':34} {NEWS_COPY_PUBLISHED['minhash_lsh_ari']:6.3f}   (other data)")
    print("\n  recall by transformation kind (copy grouped with its source)")
    print(f"  {'kind':12} {'copies':>6} {'storyline':>9} {'minhash':>8}")
    for kind in KINDS:
        if kind in ours["copies_by_kind"]:
            print(
                f"  {kind:12} {ours['copies_by_kind'][kind]:6d} {ours['recall_by_kind'][kind]:9.3f} "
                f"{base['recall_by_kind'][kind]:8.3f}"
            )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, required=True, help="an ECB+ jsonl split")
    parser.add_argument("--db", type=Path, help="database to create (must not exist); a temporary one by default")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--mrpc", type=Path, default=MRPC_FILE, help="MRPC file for the paraphrase pairs")
    parser.add_argument("--keep", type=Path, help="also write the derived files and gold labels to this folder")
    args = parser.parse_args(argv)
    if args.db and args.db.exists():
        parser.error(f"{args.db}: exists; give a path for a fresh database")
    records = read_ecbplus(args.data)
    mrpc = read_mrpc_positive(args.mrpc) if args.mrpc.exists() else []
    if not mrpc:
        print(f"{args.mrpc}: no MRPC pairs; no paraphrase copies", file=sys.stderr)
    pages = derive(records, mrpc, args.seed)
    with tempfile.TemporaryDirectory(prefix="reprints-") as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        texts = write_corpus(pages, folder)
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            write_corpus(pages, args.keep)
            gold = [{"file": p.name, "group": p.source, "kind": p.kind, "event": p.event} for p in pages]
            (args.keep / "gold.json").write_text(json.dumps(gold, indent=1))
        started = time.perf_counter()
        base_groups = minhash_groups(texts)
        minhash_s = time.perf_counter() - started
        predicted, info = storyline_groups(folder, args.db or Path(tmp) / "reprints.db")
    missing = [p.name for p in pages if p.name not in predicted]
    for name in missing:  # a file that was skipped on ingest is its own group
        predicted[name] = "missing:" + name
    ours, base = score(pages, predicted), score(pages, base_groups)
    print_table(ours, base, pages)
    print(f"\n  relations: {info['relation_kinds']}; build {info['build_s']} s; minhash {minhash_s:.1f} s")
    result: dict[str, Any] = {
        "ari": ours["ari"],
        "pairwise_f1": ours["f1"],
        "pairwise_precision": ours["precision"],
        "pairwise_recall": ours["recall"],
        "minhash_ari": base["ari"],
        "minhash_pairwise_f1": base["f1"],
        "minhash_pairwise_precision": base["precision"],
        "minhash_pairwise_recall": base["recall"],
        "documents": len(pages),
        "sources": sum(p.kind == "source" for p in pages),
        "recall_by_kind": ours["recall_by_kind"],
        "minhash_recall_by_kind": base["recall_by_kind"],
        "copies_by_kind": ours["copies_by_kind"],
        "false_merge_pairs_same_event": ours["false_merge_pairs_same_event"],
        "false_merge_pairs_other_event": ours["false_merge_pairs_other_event"],
        "minhash_false_merge_pairs_same_event": base["false_merge_pairs_same_event"],
        "minhash_false_merge_pairs_other_event": base["false_merge_pairs_other_event"],
        "relation_kinds": info["relation_kinds"],
        "files_not_found_in_export": len(missing),
        "build_s": info["build_s"],
        "seed": args.seed,
        "data": str(args.data),
        "news_copy_published_other_data": NEWS_COPY_PUBLISHED,
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
