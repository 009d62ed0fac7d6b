"""Throughput and memory of the relate stage on generated news corpora of 10k, 50k and 100k documents.

**Corpus.** ``generate(n, seed)`` writes ``n`` news-like documents (JSON lines: ``id``, ``title``,
``url``, ``source``, ``text``) from templates and word lists written for this file: each
*original* has a headline and 8-12 sentences on one topic (a place, an organisation, people,
numbers), drawn from 40 sentence templates with many slot fillers. A controlled share of the
documents are copies of an earlier original (seeded, deterministic; document ``i`` depends only
on the seed and ``i``):

- ``verbatim`` (10%): the same text under another outlet and URL;
- ``light_edit`` (10%): one sentence dropped, a number changed, 3 words swapped for synonyms,
  a closing line added — usually below the 0.8 shingle Jaccard of a near-duplicate, so these go
  through sentence alignment with the transformer (the expensive path);
- the rest (80%) are unrelated originals.

**What is timed.** For each size: ``storyline.pipeline.build([corpus.jsonl], store, Config(),
until="ingest")`` (not timed here; see ``benchmarks/ingest.py``), then in a *fresh subprocess*
``storyline.relate.stage.relate(store, config)`` on that database. The sentence encoders are
loaded (and warmed on one sentence) before the clock starts; their load time is printed apart.
Without the annotate stage the relate stage splits sentences with its regex fallback
(``_FALLBACK_SENTENCE``): this benchmark measures that path (the scaling curve does not depend on
where sentences come from; annotate's own cost is in ``benchmarks/annotate.py``). The
subprocess wraps the stage's internal steps with timers (features = shingles + MinHash +
static sentence vectors; candidates = LSH + faiss HNSW; pairs = confirming each candidate pair,
transformer alignment included) and reports its ``ru_maxrss`` (peak resident memory).

**Baselines, on the smallest size only:** datasketch MinHash LSH alone (word 5-gram shingles,
128 permutations, threshold 0.5: signatures, insert, query every document), and brute-force
all-pairs exact shingle Jaccard. All pairs of 10k documents are 50M comparisons, so the
all-pairs figure is *extrapolated* from a timed random sample of pairs (``--pairs-sample``).

    .venv/bin/python benchmarks/relate.py            # 10k, 50k, 100k
    .venv/bin/python benchmarks/relate.py --quick    # 2k smoke run

Prints a table and, last, one JSON object. ``--timeout`` (seconds) bounds each relate run; a
size that does not finish is reported as such, with an extrapolation from the smaller sizes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

# --- corpus generator ---------------------------------------------------------------------------

# fmt: off
PEOPLE_FIRST = (
    "Mara", "Ilse", "Tomas", "Ada", "Oren", "Lidia", "Kasper", "Noor", "Elin", "Bram", "Sela", "Dario",
    "Petra", "Joss", "Anika", "Roel", "Imre", "Talia", "Viktor", "Oona", "Hugo", "Maren", "Lev", "Greta",
)
PEOPLE_LAST = (
    "Voss", "Brandt", "Fenn", "Okafor", "Lindqvist", "Marsh", "Teller", "Quill", "Halloway", "Desmet",
    "Koval", "Raines", "Sorel", "Nakamura", "Berrow", "Castell", "Dunmore", "Ellery", "Grieve", "Holm",
)
PLACES = (
    "Port Aldane", "Brenmoor", "Caldry", "Dunhallow", "Essling", "Farrowgate", "Glenmere", "Harlund",
    "Istrel", "Jorvane", "Kestrel Bay", "Lowmarch", "Mirrowdale", "Norhaven", "Orlesk", "Pellmont",
    "Quarren", "Saltmere", "Tarrowby", "Ulvik", "Vennick", "Westerholm", "Yarrowfield", "Zelden",
)
ORGS = (
    "the city council", "the port authority", "the dockworkers' union", "the grid operator", "the central bank",
    "the water board", "the transport agency", "the health ministry", "the finance ministry", "the rail operator",
    "the teachers' federation", "the chamber of commerce", "the fisheries office", "the district court",
    "the farmers' cooperative", "the environment agency", "the hospital trust", "the housing association",
)
TOPICS = (
    "bridge repairs", "rail line", "water supply", "school budget", "harbour expansion", "wind farm", "ferry service",
    "hospital wing", "tax reform", "fishing quota", "grain harvest", "power plant", "housing plan", "airport runway",
    "flood defences", "copper mine", "trade agreement", "bus network", "pension fund", "ring road", "sea wall",
    "library closure", "ambulance service", "night-shift pay", "steel works", "tram extension", "forest fire",
)
VERBS = ("approved", "rejected", "postponed", "criticised", "welcomed", "questioned", "announced", "defended")
ADJ = ("sharp", "sudden", "modest", "long-awaited", "controversial", "costly", "surprising", "cautious")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
OUTLETS = tuple(
    f"{a} {b}" for a in ("Harbour", "Northern", "Valley", "Coastal", "Metro") for b in ("Times", "Post", "Wire")
)
TEMPLATES = (
    "{org} {verb} the {topic} plan on {day}, ending weeks of {adj} debate in {place}.",
    "{person}, who chairs {org}, said the decision would cost about {n} million crowns.",
    "Residents of {place} gathered outside the town hall on {day} to protest against the {topic}.",
    "The {topic} has been delayed {k} times since it was first proposed in {year}.",
    "\"We cannot wait another {k} years,\" {person} told reporters in {place}.",
    "According to {org}, at least {n} households would be affected by the {adj} change.",
    "Critics, including {person}, argue that the {topic} favours {place2} over {place}.",
    "The vote passed by {k} to {k2}, with two members of {org} abstaining.",
    "Officials expect work on the {topic} to begin in {month} and last about {k} months.",
    "{person} of {org} called the figures {adj} and asked for an independent review.",
    "Opposition members in {place} said they would challenge the {topic} in court.",
    "The budget for the {topic} rose from {n} million to {n2} million crowns last year.",
    "Shares of local firms linked to the {topic} fell {k} percent on {day}.",
    "In a statement, {org} said it had {verb} the proposal after a {adj} review.",
    "Traffic in central {place} was disrupted for {k} hours as crews inspected the site.",
    "A survey of {n} residents found that {k} in ten supported the {topic}.",
    "{person} recalled that a similar {topic} in {place2} had run {k} years late.",
    "The regional governor, {person}, is expected to visit {place} on {day}.",
    "Engineers warned that the old {topic} in {place} was no longer safe to use.",
    "Local businesses in {place} have reported a {adj} drop in trade since {month}.",
    "The agreement still needs the approval of {org} and of the national parliament.",
    "Police said {k} people were briefly detained during the protest in {place}.",
    "{org} has promised to publish the full cost estimate before {month}.",
    "Union leaders said workers would strike on {day} if the {topic} went ahead unchanged.",
    "Weather forecasters expect {adj} storms along the coast near {place} this week.",
    "The last time {org} {verb} such a plan was in {year}, under {person}.",
    "Environmental groups said the {topic} would threaten wetlands north of {place}.",
    "About {n} jobs could be created during construction, {org} estimated.",
    "{person} said talks with {org} would resume after the holiday in {month}.",
    "Schools in {place} will remain open despite the {adj} disruption, officials said.",
    "Documents seen by reporters show that {org} knew of the problems in {year}.",
    "The ministry denied that the {topic} had been rushed through before the election.",
    "Neighbouring {place2} has offered to share its experience with a comparable project.",
    "The project's chief engineer, {person}, resigned on {day} citing personal reasons.",
    "Ticket prices for the {topic} are set to rise by {k} percent from {month}.",
    "Farmers near {place} say the plan ignores the needs of rural communities.",
    "{org} will hold a public hearing on the {topic} in {place} on {day}.",
    "The cost overrun of {n} million crowns was blamed on {adj} material prices.",
    "Observers said the outcome in {place} could shape similar decisions in {place2}.",
    "No date has yet been set for the final decision on the {topic}.",
)
LINKS = ("amid", "despite", "after", "citing", "along with", "as well as", "because of", "ahead of")
MONTHS = ("January", "March", "April", "June", "August", "September", "October", "December")
SYNONYMS = {
    "said": "stated", "protest": "demonstration", "decision": "ruling", "residents": "locals", "plan": "scheme",
    "officials": "authorities", "expected": "due", "reporters": "journalists", "cost": "price", "about": "around",
    "delayed": "postponed", "warned": "cautioned", "promised": "pledged", "estimated": "calculated",
}
# fmt: on


_VOCABULARY: list[str] = []


def vocabulary() -> list[str]:
    """Plain lower-case English words of the installed MiniLM tokenizer's vocabulary (~20k)."""
    if not _VOCABULARY:
        from storyline.relate import embeddings

        words = (embeddings.transformer_path() / "vocab.txt").read_text(encoding="utf-8").split()
        _VOCABULARY.extend(w for w in words if w.isalpha() and w.islower() and 4 <= len(w) <= 12)
    return _VOCABULARY


def _original(rng: random.Random, i: int) -> dict[str, Any]:
    place, place2 = rng.sample(PLACES, 2)
    org = rng.choice(ORGS)
    words = vocabulary()
    topic = f"{rng.choice(words)} {rng.choice(TOPICS)}"
    people = [f"{rng.choice(PEOPLE_FIRST)} {rng.choice(PEOPLE_LAST)}" for _ in range(3)]
    sentences = []
    for template in rng.sample(TEMPLATES, rng.randint(8, 12)):
        sentences.append(
            template.format(
                org=org,
                verb=rng.choice(VERBS),
                topic=topic,
                day=rng.choice(WEEKDAYS),
                adj=rng.choice(ADJ),
                place=place,
                place2=place2,
                person=rng.choice(people),
                n=rng.randint(2, 900),
                n2=rng.randint(2, 900),
                k=rng.randint(2, 12),
                k2=rng.randint(2, 12),
                year=rng.randint(1990, 2023),
                month=rng.choice(MONTHS),
            )
        )
        # a clause of random words, so that sentences of unrelated reports differ
        tail = f", {rng.choice(LINKS)} {' '.join(rng.choice(words) for _ in range(rng.randint(5, 7)))}"
        sentences[-1] = sentences[-1][:-1] + tail + sentences[-1][-1]
    sentences[0] = sentences[0][0].upper() + sentences[0][1:]
    title = f"{place}: {org} and the {topic}".replace(": the", ": The")
    return {"title": title, "sentences": sentences}


def _light_edit(rng: random.Random, sentences: list[str]) -> list[str]:
    out = list(sentences)
    if len(out) > 4:
        del out[rng.randrange(1, len(out))]
    swaps = 0
    for k in rng.sample(range(len(out)), len(out)):
        words = out[k].split(" ")
        for w, word in enumerate(words):
            if word in SYNONYMS and swaps < 3:
                words[w] = SYNONYMS[word]
                swaps += 1
        out[k] = " ".join(words)
    for k, sentence in enumerate(out):
        found = re.search(r"\b\d+\b", sentence)
        if found:
            out[k] = sentence[: found.start()] + str(int(found.group()) + 1) + sentence[found.end() :]
            break
    out.append("This report was updated with comments from officials.")
    return out


def generate(n: int, seed: int) -> list[dict[str, Any]]:
    """`n` documents; document i depends only on (seed, i) and the originals before it."""
    docs: list[dict[str, Any]] = []
    originals: list[int] = []
    kinds: list[str] = []
    for i in range(n):
        rng = random.Random(f"{seed}-{i}")
        roll = rng.random()
        outlet = rng.choice(OUTLETS)
        url = f"https://{outlet.lower().replace(' ', '')}.example/news/{i}"
        if originals and roll < 0.2:
            src = docs[originals[rng.randrange(len(originals))]]
            kind = "verbatim" if roll < 0.1 else "light_edit"
            sentences = src["sentences"] if kind == "verbatim" else _light_edit(rng, src["sentences"])
            docs.append({"title": src["title"], "sentences": sentences, "url": url, "source": outlet, "of": src["i"]})
        else:
            kind = "original"
            docs.append({**_original(rng, i), "url": url, "source": outlet, "of": None})
            originals.append(i)
        docs[-1]["i"] = i
        kinds.append(kind)
    for doc, kind in zip(docs, kinds, strict=True):
        doc["kind"] = kind
    return docs


def write_jsonl(docs: Sequence[dict[str, Any]], path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for d in docs:
            text = "\n\n".join(" ".join(d["sentences"][k : k + 2]) for k in range(0, len(d["sentences"]), 2))
            record = {"id": f"doc-{d['i']}", "title": d["title"], "url": d["url"], "source": d["source"], "text": text}
            out.write(json.dumps(record) + "\n")


# --- the timed child ----------------------------------------------------------------------------

CHILD = r"""
import json, resource, sys, time
from collections import Counter
t0 = time.perf_counter()
from storyline.config import Config
from storyline.relate import embeddings, stage
from storyline.store.db import Store
embeddings.encode_static(["warm up the static encoder"])
embeddings.encode_with_tokens(["warm up the transformer"])
load_s = time.perf_counter() - t0
phases = Counter()
calls = Counter()
started = [0.0]
def progress():
    with open(sys.argv[1] + ".progress.json", "w") as f:
        json.dump({"phases": dict(phases), "calls": dict(calls), "elapsed_s": time.perf_counter() - started[0],
            "maxrss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}, f)
def timed(name, fn):
    def inner(*a, **k):
        s = time.perf_counter()
        try:
            return fn(*a, **k)
        finally:
            phases[name] += time.perf_counter() - s
            calls[name] += 1
            if not name.startswith("pairs_") or calls[name] % 500 == 0:
                progress()
    return inner
stage._store_features = timed("features", stage._store_features)
stage._candidates = timed("candidates", stage._candidates)
stage._sentence_neighbours = timed("candidates_hnsw", stage._sentence_neighbours)
stage._relate_pairs = timed("pairs", stage._relate_pairs)
stage._first_look = timed("pairs_first_look", stage._first_look)
stage._conclude = timed("pairs_conclude", stage._conclude)
stage._regroup = timed("regroup", stage._regroup)
embeddings.encode_static = timed("features_static_encode", embeddings.encode_static)
encode_tokens = timed("pairs_transformer_encode", stage.encode_with_tokens)
def counted_encode(sentences, *a, **k):
    calls["transformer_sentences"] += len(sentences)
    return encode_tokens(sentences, *a, **k)
stage.encode_with_tokens = counted_encode
with Store(sys.argv[1]) as store:
    s = started[0] = time.perf_counter()
    n = stage.relate(store, Config())
    relate_s = time.perf_counter() - s
    kinds = dict(Counter(str(r[0]) for r in store.conn.execute("SELECT kind FROM relations")))
    groups = store.conn.execute("SELECT COUNT(DISTINCT independence_group) FROM documents").fetchone()[0]
    sentences = store.conn.execute("SELECT COUNT(*) FROM sentence_vectors").fetchone()[0]
    used = sum(1 for (e,) in store.conn.execute("SELECT evidence FROM relations")
               if json.loads(e).get("aligned_by", {}).get("transformer_used"))
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"documents": n, "relate_s": relate_s, "load_s": load_s, "phases": dict(phases),
    "cpu_s": usage.ru_utime + usage.ru_stime, "relations_using_transformer": used,
    "calls": dict(calls), "relation_kinds": kinds, "groups": groups, "sentence_vectors": sentences,
    "maxrss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run_relate(db: Path, timeout: float) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        proc = subprocess.run(
            [sys.executable, "-c", CHILD, str(db)], capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        partial = Path(str(db) + ".progress.json")
        found = json.loads(partial.read_text()) if partial.exists() else {}
        return {"timed_out": True, "wall_s": round(time.perf_counter() - started, 1), "partial": found}
    if proc.returncode != 0:
        return {"failed": proc.stderr[-2000:]}
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    result["wall_s"] = round(time.perf_counter() - started, 1)
    return result


def ingest_db(docs: Sequence[dict[str, Any]], workdir: Path, name: str) -> tuple[Path, float]:
    from storyline.config import Config
    from storyline.pipeline import build
    from storyline.store.db import Store

    corpus = workdir / f"{name}.jsonl"
    write_jsonl(docs, corpus)
    db = workdir / f"{name}.db"
    started = time.perf_counter()
    with Store(db) as store:
        build([str(corpus)], store, Config(), until="ingest")
    return db, time.perf_counter() - started


# --- baselines ---------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)


def _shingles(text: str) -> set[str]:
    words = [w.lower() for w in _WORD.findall(text)]
    return {" ".join(words[i : i + 5]) for i in range(max(1, len(words) - 4))}


def minhash_baseline(docs: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """datasketch MinHash LSH alone: shingles, signatures, insert, query every document."""
    from datasketch import MinHash, MinHashLSH

    started = time.perf_counter()
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    sigs = []
    for d in docs:
        m = MinHash(num_perm=128, seed=1)
        m.update_batch([s.encode("utf-8") for s in _shingles(" ".join(d["sentences"]))])
        sigs.append(m)
        lsh.insert(d["i"], m)
    pairs = sum(len(lsh.query(m)) - 1 for m in sigs) // 2
    seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 2), "docs_per_s": round(len(docs) / seconds, 1), "candidate_pairs": pairs}


def all_pairs_baseline(docs: Sequence[dict[str, Any]], sample: int, seed: int) -> dict[str, Any]:
    """Exact Jaccard of every pair, timed on a random sample of pairs and extrapolated."""
    started = time.perf_counter()
    sets = [_shingles(" ".join(d["sentences"])) for d in docs]
    shingle_s = time.perf_counter() - started
    rng = random.Random(seed)
    n = len(sets)
    total = n * (n - 1) // 2
    sample = min(sample, total)
    chosen = [(rng.randrange(n), rng.randrange(n)) for _ in range(sample)]
    started = time.perf_counter()
    above = 0
    for a, b in chosen:
        sa, sb = sets[a], sets[b]
        inter = len(sa & sb)
        above += inter / (len(sa) + len(sb) - inter or 1) >= 0.5
    per_pair = (time.perf_counter() - started) / sample
    seconds = shingle_s + per_pair * total
    return {
        "pairs": total,
        "sampled_pairs": sample,
        "us_per_pair": round(per_pair * 1e6, 2),
        "seconds_extrapolated": round(seconds, 1),
        "docs_per_s_extrapolated": round(n / seconds, 1),
    }


# --- report ------------------------------------------------------------------------------------


COPY_KINDS = ("exact_copy", "near_duplicate", "light_edit", "rewrite", "translation")


def copy_quality(db: Path, docs: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Copies found against the generator's truth: each copy related to its original, no false copy."""
    import sqlite3

    conn = sqlite3.connect(db)
    by_url = {str(url): str(doc_id) for doc_id, url in conn.execute("SELECT id, url FROM documents")}
    family = {by_url[d["url"]]: d["of"] if d["of"] is not None else d["i"] for d in docs}
    marks = ",".join("?" * len(COPY_KINDS))
    found = {
        (str(a), str(b)) for a, b in conn.execute(f"SELECT a, b FROM relations WHERE kind IN ({marks})", COPY_KINDS)
    }
    conn.close()
    truth = {tuple(sorted((by_url[d["url"]], by_url[docs[d["of"]]["url"]]))) for d in docs if d["of"] is not None}
    false = sum(1 for a, b in found if family[a] != family[b])
    recall = sum(1 for pair in truth if pair in found) / max(1, len(truth))
    return {
        "copy_pairs_true": len(truth),
        "copy_recall": round(recall, 4),
        "copy_relations": len(found),
        "false_copy_relations": false,
    }


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {"cpu": cpu, "cpus": os.cpu_count(), "ram_gib": round(mem, 1), "python": platform.python_version()}


ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "benchmarks.md"
SECTION = "## Relate (benchmarks/relate.py)"


def section(runs: Sequence[dict[str, Any]]) -> str:
    """The docs section for one or more saved runs (each the JSON object a run prints last)."""
    results = sorted((r for run in runs for r in run["results"]), key=lambda r: r["size"])
    first = runs[0]
    lines = [
        f"Measured {', '.join(sorted({run['started'] for run in runs}))} on {first['machine']['cpu']}, "
        f"{first['machine']['cpus']} CPUs, {first['machine']['ram_gib']} GiB RAM, Python {first['machine']['python']}; "
        "load average at start / end of each run: "
        + "; ".join(f"{run['load_start'][0]} / {run['load_end'][0]}" for run in runs)
        + " (other work shared the 2 cores: CPU seconds are the robust figure, wall seconds are not).",
        "",
        "Command: `.venv/bin/python benchmarks/relate.py --sizes 10000 50000 100000` (each size may be run "
        "apart with `--save FILE`, and the section written from the saved runs with `--write-docs FILE...`).",
        "",
        "Corpus: generated news-like documents (templates and word lists written for the script; 10% verbatim "
        "copies, 10% light edits, 80% unrelated originals; seeded), ingested first (not timed), then "
        "`storyline.relate.stage.relate` in a fresh subprocess, encoders loaded before the clock starts, "
        "sentences from the regex fallback (no annotate stage). Copy recall: the share of (copy, original) "
        "pairs the generator made that carry a copy relation; false copies: copy relations between documents "
        "of different originals.",
        "",
        "| documents | relate wall s | relate CPU s | docs/s (wall) | CPU ms per doc | candidate pairs | "
        "sentences through the transformer | relations | copy recall | false copies | peak RSS MiB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        if "relate_s" not in r:
            lines.append(f"| {r['size']:,} | did not finish | | | | | | | | | |")
            continue
        q = r.get("quality", {})
        lines.append(
            f"| {r['size']:,} | {r['relate_s']:.0f} | {r['cpu_s']:.0f} | {r['docs_per_s']:.1f} | "
            f"{1000 * r['cpu_s'] / r['documents']:.1f} | {r['calls'].get('pairs_first_look', 0):,} | "
            f"{r['calls'].get('transformer_sentences', 0):,} | {sum(r['relation_kinds'].values()):,} | "
            f"{q.get('copy_recall', '-')} | {q.get('false_copy_relations', '-')} | {r['maxrss_mib']:.0f} |"
        )
    done = [r for r in results if "relate_s" in r]
    if len(done) > 1:
        base = done[0]
        per = 1000 * base["cpu_s"] / base["documents"]
        growth = ", ".join(
            f"{r['size'] // base['size']}x the documents: {r['cpu_s'] / base['cpu_s']:.2f}x the CPU "
            f"({1000 * r['cpu_s'] / r['documents'] / per:.2f}x per document)"
            for r in done[1:]
        )
        lines += ["", f"Growth from {base['size']:,} documents: {growth}."]
    lines += ["", "Phases (wall seconds):", ""]
    for r in done:
        phases = ", ".join(f"{k} {v:.0f}" for k, v in r["phases"].items())
        lines.append(f"- {r['size']:,}: {phases}")
    for run in runs:
        b = run.get("baselines") or {}
        if b:
            size = min(r["size"] for r in run["results"])
            mh, ap = b["minhash_lsh"], b["all_pairs_jaccard"]
            lines += [
                "",
                f"Baselines on {size:,} documents, same corpus, same run: datasketch MinHash LSH alone (signatures, "
                f"insert, query; copies only, no rewrites or evidence) {mh['seconds']} s ({mh['docs_per_s']} docs/s, "
                f"{mh['candidate_pairs']:,} candidate pairs); brute-force all-pairs exact shingle Jaccard "
                f"{ap['seconds_extrapolated']} s ({ap['docs_per_s_extrapolated']} docs/s; extrapolated from "
                f"{ap['sampled_pairs']:,} timed pairs at {ap['us_per_pair']} us/pair — it grows with the square of "
                "the corpus).",
            ]
    return "\n".join(lines)


def write_docs(body: str) -> None:
    """Write or replace this script's section of docs/benchmarks.md, leaving the others alone."""
    text = DOCS.read_text(encoding="utf-8")
    block = f"{SECTION}\n\n{body.strip()}\n"
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: block + "\n", text, count=1).rstrip("\n") + "\n"
    else:
        text = text.rstrip("\n") + "\n\n" + block
    DOCS.write_text(text, encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--save", type=Path, help="also write the final JSON object to this file")
    parser.add_argument(
        "--write-docs",
        type=Path,
        nargs="+",
        metavar="FILE",
        help="only write the docs section from saved runs (see --save)",
    )
    parser.add_argument("--no-docs", action="store_true", help="do not rewrite docs/benchmarks.md")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000, 100_000])
    parser.add_argument("--quick", action="store_true", help="a 2,000-document smoke run")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds allowed to one relate run")
    parser.add_argument("--pairs-sample", type=int, default=300_000)
    parser.add_argument("--no-baselines", action="store_true", help="skip the baselines (when a size is run apart)")
    parser.add_argument("--workdir", type=Path, help="keep corpora and databases here (default: a temp folder)")
    args = parser.parse_args(argv)
    if args.write_docs:
        write_docs(section([json.loads(f.read_text(encoding="utf-8")) for f in args.write_docs]))
        return 0
    sizes = [2_000] if args.quick else sorted(args.sizes)
    load_start = os.getloadavg()
    started_at = dt.datetime.now(dt.UTC).isoformat(timespec="minutes")
    results: list[dict[str, Any]] = []
    baselines: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="bench-relate-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        for size in sizes:
            docs = generate(size, args.seed)
            if size == sizes[0] and not args.no_baselines:
                baselines["minhash_lsh"] = minhash_baseline(docs)
                baselines["all_pairs_jaccard"] = all_pairs_baseline(docs, args.pairs_sample, args.seed)
            db, ingest_s = ingest_db(docs, workdir, f"relate-{size}")
            print(f"{size:,} documents ingested in {ingest_s:.0f} s; relating...", file=sys.stderr, flush=True)
            r = run_relate(db, args.timeout)
            r.update(size=size, ingest_s=round(ingest_s, 1), copies=sum(d["kind"] != "original" for d in docs))
            if "relate_s" in r:
                r["docs_per_s"] = round(r["documents"] / r["relate_s"], 1)
                r["quality"] = copy_quality(db, docs)
            results.append(r)
            print(json.dumps(r), file=sys.stderr, flush=True)
            if not args.workdir:
                db.unlink(missing_ok=True)
            if r.get("timed_out") or r.get("failed"):
                break
    load_end = os.getloadavg()
    print(f"\nRelate stage (regex sentence fallback, no annotate), {machine()['cpu']}, {os.cpu_count()} CPUs")
    print(f"{'docs':>8} {'relate s':>9} {'docs/s':>8} {'peak MiB':>9} {'cand.pairs':>11} {'relations':>10}  phases s")
    for r in results:
        if "relate_s" not in r:
            part = r.get("partial") or {}
            print(
                f"{r['size']:8,} did not finish ({'timed out' if r.get('timed_out') else 'failed'}); "
                f"after {part.get('elapsed_s', 0):.0f} s: pairs confirmed {part.get('calls', {}).get('pairs', 0):,}, "
                f"phases { ({k: round(v, 1) for k, v in part.get('phases', {}).items()}) }"
            )
            continue
        ph = {k: round(v, 1) for k, v in r["phases"].items()}
        print(
            f"{r['size']:8,} {r['relate_s']:9.1f} {r['docs_per_s']:8.1f} {r['maxrss_mib']:9.0f} "
            f"{r['calls'].get('pairs', 0):11,} {sum(r['relation_kinds'].values()):10,}  {ph}"
        )
    if baselines:
        mh, ap = baselines["minhash_lsh"], baselines["all_pairs_jaccard"]
        print(f"{sizes[0]:8,} datasketch MinHash LSH alone: {mh['seconds']} s, {mh['docs_per_s']} docs/s")
        print(
            f"{sizes[0]:8,} all-pairs exact Jaccard: {ap['seconds_extrapolated']} s extrapolated "
            f"({ap['docs_per_s_extrapolated']} docs/s; {ap['us_per_pair']} us/pair "
            f"on {ap['sampled_pairs']:,} sampled pairs)"
        )
    print(f"load average at start {load_start}, at end {load_end}")
    run = {
        "started": started_at,
        "machine": machine(),
        "load_start": [round(x, 2) for x in load_start],
        "load_end": [round(x, 2) for x in load_end],
        "sentences_from": "regex fallback (no annotate stage)",
        "results": results,
        "baselines": baselines,
    }
    if args.save:
        args.save.write_text(json.dumps(run), encoding="utf-8")
    if not args.quick and not args.no_docs:
        write_docs(section([run]))
    print(json.dumps(run))
    return 0


if __name__ == "__main__":
    sys.exit(main())
