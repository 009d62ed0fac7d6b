"""The relate stage: copies, rewrites and translations among documents, their direction, and groups.

For the documents not yet related at this version:

1. shingles and a MinHash signature (stored), and static sentence vectors (stored);
2. candidates: near-duplicates from an LSH index over every signature; rewrites from an
   approximate nearest-neighbour index (faiss HNSW) over every stored sentence vector — documents
   sharing `candidate_min_sentences` neighbouring sentences;
3. each candidate pair confirmed: exact shingle Jaccard for near-duplicates, else transformer
   sentence alignment (`align.py`) for rewrites, translations and same-event reports;
4. direction and absent origins (`lineage.py`), then independence groups over the whole corpus.

Relations are stored with their evidence (aligned sentence pairs, shared quotes, dates, markers).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from storyline.config import Config, RelateConfig
from storyline.relate.align import align, measured, relation_kind
from storyline.relate.duplicates import DuplicateIndex, from_bytes, jaccard, shingles, signature, to_bytes
from storyline.relate.embeddings import DIMENSIONS, SentenceEncoding, encode_with_tokens
from storyline.relate.lineage import COPY_KINDS, SourceFacts, copy_markers, direction, independence_groups
from storyline.store.db import Store

if TYPE_CHECKING:
    from storyline.relate.paraphrase import ParaphraseDecision

STAGE = "relate"
VERSION = "relate-2"
_FALLBACK_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
Encoder = Callable[[list[str]], npt.NDArray[np.float32]]


@dataclass(slots=True)
class _Doc:
    id: str
    text: str
    sentences: list[str]
    shingles: set[str]


def relate(store: Store, config: Config) -> int:
    """Relate every pending document to the corpus; returns how many were processed."""
    pending = store.pending(STAGE, VERSION)
    if not pending:
        return 0
    from storyline.relate import embeddings

    encode_static: Encoder = embeddings.encode_static
    rc = config.relate
    docs: dict[str, _Doc] = {}
    with store.transaction():
        for doc_id in pending:
            docs[doc_id] = _load(store, doc_id, rc)
            _store_features(store, docs[doc_id], rc, encode_static)
    pairs = _candidates(store, pending, docs, rc)
    encodings: dict[str, list[SentenceEncoding]] = {}
    with store.transaction():
        store.conn.executemany("DELETE FROM relations WHERE a = ? OR b = ?", [(d, d) for d in pending])
        for a, b in sorted(pairs):
            docs.get(a) or docs.setdefault(a, _load(store, a, rc))
            docs.get(b) or docs.setdefault(b, _load(store, b, rc))
        _encode_needed(store, [(docs[a], docs[b]) for a, b in sorted(pairs)], rc, encodings)
        for a, b in sorted(pairs):
            _relate_pair(store, docs[a], docs[b], rc, encodings)
        _siblings(store)
        _regroup(store)
        store.mark_done(STAGE, pending, VERSION)
    return len(pending)


def _load(store: Store, doc_id: str, rc: RelateConfig) -> _Doc:
    text = store.document(doc_id).clean_text
    rows = store.conn.execute("SELECT text FROM sentences WHERE document = ? ORDER BY idx", (doc_id,)).fetchall()
    sentences = [str(r[0]) for r in rows] or [s.strip() for s in _FALLBACK_SENTENCE.split(text) if s.strip()]
    return _Doc(doc_id, text, sentences, shingles(text, rc.shingle_size, rc.shingle_min_sentence_words))


def _store_features(store: Store, doc: _Doc, rc: RelateConfig, encode_static: Encoder) -> None:
    store.conn.execute(
        "INSERT OR REPLACE INTO minhashes VALUES (?, ?)",
        (doc.id, to_bytes(signature(doc.shingles, rc.minhash_permutations))),
    )
    store.conn.execute("DELETE FROM sentence_vectors WHERE document = ?", (doc.id,))
    informative = [(i, s) for i, s in enumerate(doc.sentences) if len(s.split()) >= rc.shingle_min_sentence_words]
    if informative:
        matrix = encode_static([s for _, s in informative]).astype(np.float16)
        store.conn.executemany(
            "INSERT INTO sentence_vectors VALUES (?, ?, ?)",
            [(doc.id, i, matrix[k].tobytes()) for k, (i, _) in enumerate(informative)],
        )


def _candidates(store: Store, pending: list[str], docs: dict[str, _Doc], rc: RelateConfig) -> set[tuple[str, str]]:
    pairs: set[tuple[str, str]] = set()
    index = DuplicateIndex(rc.lsh_threshold, rc.minhash_permutations)
    signatures = {
        str(r[0]): from_bytes(bytes(r[1]), rc.minhash_permutations)
        for r in store.conn.execute("SELECT document, signature FROM minhashes")
    }
    for doc_id, m in signatures.items():
        index.add(doc_id, m)
    for doc_id in pending:
        for other in index.candidates(signatures[doc_id]):
            if other != doc_id:
                pairs.add((min(doc_id, other), max(doc_id, other)))
    pairs |= _sentence_neighbours(store, pending, rc)
    return pairs


def _sentence_neighbours(store: Store, pending: list[str], rc: RelateConfig) -> set[tuple[str, str]]:
    """Document pairs that share neighbouring sentences, from an HNSW index over all sentences."""
    import faiss

    rows = store.conn.execute("SELECT document, vector FROM sentence_vectors ORDER BY document, idx").fetchall()
    if not rows:
        return set()
    owners = [str(r[0]) for r in rows]
    matrix = np.vstack([np.frombuffer(bytes(r[1]), dtype=np.float16) for r in rows]).astype(np.float32)
    faiss.normalize_L2(matrix)
    index = faiss.IndexHNSWFlat(matrix.shape[1], 32, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efSearch = 64
    index.add(matrix)
    wanted = set(pending)
    query_rows = [i for i, owner in enumerate(owners) if owner in wanted]
    if not query_rows:
        return set()
    k = min(rc.candidate_neighbours + 1, len(owners))
    sims, neighbours = index.search(matrix[query_rows], k)
    shared: Counter[tuple[str, str]] = Counter()
    for row, hits, scores in zip(query_rows, neighbours, sims, strict=True):
        me = owners[row]
        seen: set[str] = set()
        for hit, score in zip(hits, scores, strict=True):
            if hit < 0 or score < rc.candidate_cosine:
                continue
            other = owners[int(hit)]
            if other != me and other not in seen:
                seen.add(other)
                shared[(min(me, other), max(me, other))] += 1
    sizes = Counter(owners)
    # Enough shared sentences, absolutely and for the shorter document's length: formulaic
    # news shares a sentence or two with many unrelated pages.
    return {
        (a, b)
        for (a, b), n in shared.items()
        if n >= max(rc.candidate_min_sentences, rc.candidate_min_share * min(sizes[a], sizes[b]))
    }


def _relate_pair(
    store: Store,
    a: _Doc,
    b: _Doc,
    rc: RelateConfig,
    encodings: dict[str, list[SentenceEncoding]],
) -> None:
    j = jaccard(a.shingles, b.shingles)
    evidence: dict[str, Any]
    share_a = share_b = 1.0
    lede_only = False
    if a.text == b.text:
        kind, score, evidence = "exact_copy", 1.0, {"shingle_jaccard": 1.0, "identical_text": True}
    elif j >= rc.near_duplicate_jaccard:
        kind, score, evidence = "near_duplicate", j, {"shingle_jaccard": round(j, 3)}
    else:
        if not _static_prefilter(store, a, b, rc):
            return
        for d in (a, b):
            if d.id not in encodings:
                encodings[d.id] = encode_with_tokens(d.sentences, rc.encoder_batch_size)
        aligned = align(
            a.sentences, b.sentences, _matrix(encodings[a.id]), _matrix(encodings[b.id]), rc.align_threshold
        )
        decisions = _decisions(a.sentences, b.sentences, encodings[a.id], encodings[b.id], aligned.pairs, rc)
        # A copy is made of sentences that say the same thing, not of sentences on one topic:
        # only pairs the paraphrase decision confirms count towards a copy relation.
        confirmed = measured(
            a.sentences, b.sentences, [p for p, d in zip(aligned.pairs, decisions, strict=True) if d.paraphrase]
        )
        found = relation_kind(confirmed, rc)
        if found is None and len(aligned.pairs) >= rc.same_event_min_sentences:
            found = "same_event"
        if found is None:
            return
        al = confirmed if found != "same_event" else aligned
        kind, score = found, round(al.share * (0.5 + 0.5 * al.order), 3)
        share_a, share_b = al.share_a, al.share_b
        lede_only = al.share < rc.copy_min_share
        evidence = {"shingle_jaccard": round(j, 3), **al.evidence(a.sentences, b.sentences)}
        evidence.update(_decision_evidence(a.sentences, b.sentences, aligned.pairs, decisions))
    origin: str | None = None
    if kind in COPY_KINDS:
        way = direction(_facts(store, a.id), _facts(store, b.id), kind, share_a, share_b, rc, lede_only)
        origin = way.origin
        evidence["direction"] = way.evidence
        evidence["shared_absent_origin"] = way.absent_origin
    store.conn.execute(
        "INSERT OR REPLACE INTO relations VALUES (?, ?, ?, ?, ?, ?)",
        (a.id, b.id, kind, float(score), origin, json.dumps(evidence, ensure_ascii=False)),
    )


def _facts(store: Store, doc_id: str) -> SourceFacts:
    row = store.conn.execute(
        "SELECT seq, outlet, COALESCE(published, inferred_published) AS published, "
        "CASE WHEN published IS NOT NULL THEN 'day' ELSE inferred_granularity END AS granularity, "
        "cited_sources, dateline FROM documents WHERE id = ?",
        (doc_id,),
    ).fetchone()
    reasons = [
        str(r[0])
        for r in store.conn.execute(
            "SELECT reason FROM segments WHERE document = ? AND kind = 'boilerplate'", (doc_id,)
        )
    ]
    dateline = json.loads(row["dateline"]) if row["dateline"] else {}
    return SourceFacts(
        doc_id,
        row["outlet"],
        row["published"],
        row["granularity"],
        copy_markers(reasons),
        json.loads(row["cited_sources"]),
        dateline.get("agency"),
        int(row["seq"]),
    )


def _regroup(store: Store) -> None:
    order = {str(r[0]): int(r[1]) for r in store.conn.execute("SELECT id, seq FROM documents")}
    marks = ",".join("?" * len(COPY_KINDS))
    links = [
        (str(r[0]), str(r[1]))
        for r in store.conn.execute(f"SELECT a, b FROM relations WHERE kind IN ({marks})", COPY_KINDS)
    ]
    groups = independence_groups(sorted(order, key=order.__getitem__), links, order)
    store.conn.executemany(
        "UPDATE documents SET independence_group = ? WHERE id = ?", [(g, d) for d, g in groups.items()]
    )


def _siblings(store: Store) -> None:
    """Two copies of one origin in the corpus are siblings: neither copied the other.

    Their relation names the common origin instead of guessing a direction between them (or an
    absent origin, which it is not).
    """
    marks = ",".join("?" * len(COPY_KINDS))
    rows = store.conn.execute(
        f"SELECT a, b, origin, evidence FROM relations WHERE kind IN ({marks})", COPY_KINDS
    ).fetchall()
    origin_of: dict[str, set[str]] = {}
    for r in rows:
        if r["origin"]:
            copy = r["b"] if r["origin"] == r["a"] else r["a"]
            origin_of.setdefault(copy, set()).add(str(r["origin"]))
    for r in rows:
        common = origin_of.get(r["a"], set()) & origin_of.get(r["b"], set())
        if not common:
            continue
        evidence = json.loads(r["evidence"])
        evidence["common_origin"] = sorted(common)[0]
        evidence["shared_absent_origin"] = False
        store.conn.execute(
            "UPDATE relations SET origin = NULL, evidence = ? WHERE a = ? AND b = ?",
            (json.dumps(evidence, ensure_ascii=False), r["a"], r["b"]),
        )


def _matrix(encoded: list[SentenceEncoding]) -> npt.NDArray[np.float32]:
    if not encoded:
        return np.zeros((0, DIMENSIONS), np.float32)
    return np.vstack([e.vector for e in encoded]).astype(np.float32)


def _decisions(
    a: list[str],
    b: list[str],
    enc_a: list[SentenceEncoding],
    enc_b: list[SentenceEncoding],
    pairs: list[tuple[int, int, float]],
    rc: RelateConfig,
) -> list[ParaphraseDecision]:
    """The paraphrase decision on every aligned pair, from the encodings already made."""
    from storyline.relate.paraphrase import decide, similarity

    return [decide(a[i], b[j], similarity(enc_a[i], enc_b[j]), rc) for i, j, _ in pairs]


def _decision_evidence(
    a: list[str], b: list[str], pairs: list[tuple[int, int, float]], decisions: list[ParaphraseDecision]
) -> dict[str, Any]:
    """How many aligned pairs say the same thing, and which are the same but for a detail.

    A pair that is "the same sentence but for a number, a name or a negation" is kept as a
    conflict: two sources that copy each other yet disagree on a detail.
    """
    conflicts = [
        {"a": a[i], "b": b[j], "differs_in": list(d.conflicts)}
        for (i, j, _), d in zip(pairs, decisions, strict=True)
        if d.conflicts
    ]
    return {
        "aligned_before_confirmation": len(pairs),
        "paraphrases_confirmed": sum(d.paraphrase for d in decisions),
        "conflicting_sentences": conflicts[:10],
    }


def _static_vectors(store: Store, doc: _Doc) -> tuple[list[str], npt.NDArray[np.float32]]:
    rows = store.conn.execute(
        "SELECT idx, vector FROM sentence_vectors WHERE document = ? ORDER BY idx", (doc.id,)
    ).fetchall()
    if not rows:
        return [], np.zeros((0, 1), np.float32)
    texts = [doc.sentences[int(r[0])] for r in rows]
    matrix = np.vstack([np.frombuffer(bytes(r[1]), np.float16) for r in rows]).astype(np.float32)
    matrix /= np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-9)
    return texts, matrix


def _static_prefilter(store: Store, a: _Doc, b: _Doc, rc: RelateConfig) -> bool:
    """A cheap alignment on the static vectors: is the transformer worth running on this pair?

    The static model is weaker but a hundred times faster; a pair in which it aligns fewer than
    two sentences (at the lower `prefilter_cosine`) can be no copy, lede rewrite or same-event
    report, and is dropped here.
    """
    ta, va = _static_vectors(store, a)
    tb, vb = _static_vectors(store, b)
    if not ta or not tb:
        return False
    al = align(ta, tb, va, vb, rc.prefilter_cosine)
    return len(al.pairs) >= 2


def _needs_transformer(store: Store, a: _Doc, b: _Doc, rc: RelateConfig) -> bool:
    if a.text == b.text or jaccard(a.shingles, b.shingles) >= rc.near_duplicate_jaccard:
        return False
    return _static_prefilter(store, a, b, rc)


def _encode_needed(
    store: Store, pairs: list[tuple[_Doc, _Doc]], rc: RelateConfig, encodings: dict[str, list[SentenceEncoding]]
) -> None:
    """Encode, in one batched transformer pass, every document a surviving candidate pair needs.

    One pass per document gives both the sentence vectors for the alignment and the word-piece
    vectors for the paraphrase decisions; batching across documents keeps the model busy.
    """
    needed: dict[str, _Doc] = {}
    for a, b in pairs:
        if _needs_transformer(store, a, b, rc):
            needed.setdefault(a.id, a)
            needed.setdefault(b.id, b)
    sentences = [(doc_id, s) for doc_id, d in needed.items() for s in d.sentences]
    encoded = encode_with_tokens([s for _, s in sentences], rc.encoder_batch_size)
    for (doc_id, _), enc in zip(sentences, encoded, strict=True):
        encodings.setdefault(doc_id, []).append(enc)
