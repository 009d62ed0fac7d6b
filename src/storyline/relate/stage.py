"""The relate stage: copies, rewrites and translations among documents, their direction, and groups.

For the documents not yet related at this version:

1. shingles and a MinHash signature (stored), and static sentence vectors (stored);
2. candidates: near-duplicates from an LSH index over every signature; rewrites from an
   approximate nearest-neighbour index (faiss HNSW) over every stored sentence vector — documents
   sharing `candidate_min_sentences` neighbouring sentences;
3. each candidate pair confirmed: exact shingle Jaccard for near-duplicates; else sentences
   aligned on their words first (`lexical.py`: reprinted and lightly edited sentences need no
   model), then the sentences left over aligned on transformer vectors (`align.py`) for rewrites,
   translations and same-event reports — unless the words already show a light edit, or a cheap
   alignment on the static vectors shows the pair cannot be a copy;
4. direction and absent origins (`lineage.py`), then independence groups over the whole corpus.

Relations are stored with their evidence (aligned sentence pairs, shared quotes, dates, markers).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import numpy as np
import numpy.typing as npt

from storyline.config import Config, RelateConfig
from storyline.relate.align import align, measured, relation_kind
from storyline.relate.duplicates import DuplicateIndex, jaccard, lean_from_bytes, shingles, signature, to_bytes
from storyline.relate.embeddings import DIMENSIONS, SentenceEncoding, encode_with_tokens
from storyline.relate.lexical import WordMatch, align_words, decide_words
from storyline.relate.lineage import COPY_KINDS, SourceFacts, copy_markers, direction, independence_groups
from storyline.store.db import Store

if TYPE_CHECKING:
    from storyline.relate.paraphrase import ParaphraseDecision

STAGE = "relate"
VERSION = "relate-3"
_FALLBACK_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
Encoder = Callable[[list[str]], npt.NDArray[np.float32]]
T = TypeVar("T")
#: Sentences per HNSW query batch (bounds the result arrays on a large corpus).
_SEARCH_BATCH = 100_000


class Decided(Protocol):
    """A decision on an aligned sentence pair, by the words (`WordMatch`) or the model."""

    @property
    def paraphrase(self) -> bool: ...

    @property
    def conflicts(self) -> tuple[str, ...]: ...


@dataclass(slots=True)
class _Doc:
    id: str
    text: str
    sentences: list[str]
    shingles: set[str]


def relate(store: Store, config: Config) -> int:
    """Relate every pending document to the corpus; returns how many were processed.

    Memory stays bounded as the corpus grows: features are computed and stored a chunk of
    documents at a time, and candidate pairs are confirmed a chunk at a time, each chunk's
    documents and transformer encodings dropped before the next.
    """
    pending = store.pending(STAGE, VERSION)
    if not pending:
        return 0
    from storyline.relate import embeddings

    encode_static: Encoder = embeddings.encode_static
    rc = config.relate
    for chunk in _chunks(pending, rc.chunk_documents):
        with store.transaction():
            _store_features(store, [_load(store, doc_id, rc) for doc_id in chunk], rc, encode_static)
    pairs = sorted(_candidates(store, pending, rc))
    with store.transaction():
        store.conn.executemany("DELETE FROM relations WHERE a = ? OR b = ?", [(d, d) for d in pending])
        for pair_chunk in _chunks(pairs, rc.chunk_pairs):
            _relate_pairs(store, pair_chunk, rc)
        _siblings(store)
        _regroup(store)
        store.mark_done(STAGE, pending, VERSION)
    return len(pending)


def _chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), max(1, size)):
        yield items[start : start + size]


def _load(store: Store, doc_id: str, rc: RelateConfig) -> _Doc:
    text = store.document(doc_id).clean_text
    rows = store.conn.execute("SELECT text FROM sentences WHERE document = ? ORDER BY idx", (doc_id,)).fetchall()
    sentences = [str(r[0]) for r in rows] or [s.strip() for s in _FALLBACK_SENTENCE.split(text) if s.strip()]
    return _Doc(doc_id, text, sentences, shingles(text, rc.shingle_size, rc.shingle_min_sentence_words))


def _store_features(store: Store, docs: list[_Doc], rc: RelateConfig, encode_static: Encoder) -> None:
    """MinHash signatures and static sentence vectors of a chunk of documents (one encoder call)."""
    store.conn.executemany(
        "INSERT OR REPLACE INTO minhashes VALUES (?, ?)",
        [(doc.id, to_bytes(signature(doc.shingles, rc.minhash_permutations))) for doc in docs],
    )
    store.conn.executemany("DELETE FROM sentence_vectors WHERE document = ?", [(doc.id,) for doc in docs])
    informative = [
        (doc.id, i, s)
        for doc in docs
        for i, s in enumerate(doc.sentences)
        if len(s.split()) >= rc.shingle_min_sentence_words
    ]
    if informative:
        matrix = encode_static([s for _, _, s in informative]).astype(np.float16)
        store.conn.executemany(
            "INSERT INTO sentence_vectors VALUES (?, ?, ?)",
            [(doc_id, i, matrix[k].tobytes()) for k, (doc_id, i, _) in enumerate(informative)],
        )


def _candidates(store: Store, pending: list[str], rc: RelateConfig) -> set[tuple[str, str]]:
    pairs: set[tuple[str, str]] = set()
    index = DuplicateIndex(rc.lsh_threshold, rc.minhash_permutations)
    for r in store.conn.execute("SELECT document, signature FROM minhashes"):
        index.add(str(r[0]), lean_from_bytes(bytes(r[1])))
    for doc_id in pending:
        row = store.conn.execute("SELECT signature FROM minhashes WHERE document = ?", (doc_id,)).fetchone()
        for other in index.candidates(lean_from_bytes(bytes(row[0]))):
            if other != doc_id:
                pairs.add((min(doc_id, other), max(doc_id, other)))
    pairs |= _sentence_neighbours(store, pending, rc)
    return pairs


def _sentence_neighbours(store: Store, pending: list[str], rc: RelateConfig) -> set[tuple[str, str]]:
    """Document pairs that share neighbouring sentences, from an HNSW index over all sentences.

    The vectors are read straight into one float32 matrix (no row objects kept) and queried in
    batches, so memory is the index and the matrix, not a multiple of them.
    """
    import faiss

    count = int(store.conn.execute("SELECT COUNT(*) FROM sentence_vectors").fetchone()[0])
    if not count:
        return set()
    documents: list[str] = []
    number: dict[str, int] = {}
    owner = np.empty(count, np.int32)
    matrix: npt.NDArray[np.float32] | None = None
    for k, (doc_id, blob) in enumerate(
        store.conn.execute("SELECT document, vector FROM sentence_vectors ORDER BY document, idx")
    ):
        vector = np.frombuffer(bytes(blob), dtype=np.float16)
        if matrix is None:
            matrix = np.empty((count, len(vector)), np.float32)
        matrix[k] = vector
        if doc_id not in number:
            number[doc_id] = len(documents)
            documents.append(str(doc_id))
        owner[k] = number[doc_id]
    assert matrix is not None
    faiss.normalize_L2(matrix)
    index = faiss.IndexHNSWFlat(matrix.shape[1], 32, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efSearch = 64
    index.add(matrix)
    wanted = {number[d] for d in pending if d in number}
    query_rows = np.array([i for i in range(count) if int(owner[i]) in wanted], dtype=np.int64)
    k = min(rc.candidate_neighbours + 1, count)
    shared: Counter[tuple[str, str]] = Counter()
    for start in range(0, len(query_rows), _SEARCH_BATCH):
        batch = query_rows[start : start + _SEARCH_BATCH]
        sims, neighbours = index.search(matrix[batch], k)
        for row, hits, scores in zip(batch, neighbours, sims, strict=True):
            me = int(owner[row])
            seen: set[int] = set()
            for hit, score in zip(hits, scores, strict=True):
                if hit < 0 or score < rc.candidate_cosine:
                    continue
                other = int(owner[int(hit)])
                if other != me and other not in seen:
                    seen.add(other)
                    x, y = sorted((documents[me], documents[other]))
                    shared[(x, y)] += 1
    sizes = Counter(documents[int(o)] for o in owner)
    # Enough shared sentences, absolutely and for the shorter document's length: formulaic
    # news shares a sentence or two with many unrelated pages.
    return {
        (a, b)
        for (a, b), n in shared.items()
        if n >= max(rc.candidate_min_sentences, rc.candidate_min_share * min(sizes[a], sizes[b]))
    }


@dataclass(slots=True)
class _Pair:
    """A candidate pair between its first, cheap look and its conclusion."""

    a: _Doc
    b: _Doc
    jaccard: float
    #: Sentence pairs aligned on their words (`lexical.py`) and their decisions.
    word_pairs: list[tuple[int, int, float]]
    word_decisions: list[WordMatch]
    #: Sentence pairs among those the words left unaligned that the static vectors propose, for
    #: the transformer to confirm; empty when the words already decide the relation or the pair
    #: is not worth the transformer.
    proposed: list[tuple[int, int]]
    #: When no copy is possible: sentence pairs aligned on static vectors alone (same-event evidence).
    static_pairs: list[tuple[int, int, float]] = field(default_factory=list)

    @property
    def needs_transformer(self) -> bool:
        return bool(self.proposed)


def _relate_pairs(store: Store, chunk: Sequence[tuple[str, str]], rc: RelateConfig) -> None:
    """Confirm a chunk of candidate pairs: one batched transformer pass over the sentences they need."""
    docs: dict[str, _Doc] = {}
    for a, b in chunk:
        for doc_id in (a, b):
            if doc_id not in docs:
                docs[doc_id] = _load(store, doc_id, rc)
    looks = [_first_look(store, docs[a], docs[b], rc) for a, b in chunk]
    wanted = sorted({s for p in looks for i, j in p.proposed for s in (p.a.sentences[i], p.b.sentences[j])})
    encodings = dict(zip(wanted, encode_with_tokens(wanted, rc.encoder_batch_size), strict=True))
    for pair in looks:
        _conclude(store, pair, encodings, rc)


def _first_look(store: Store, a: _Doc, b: _Doc, rc: RelateConfig) -> _Pair:
    """Shingles, then the words of the sentences: what can be decided without the transformer."""
    pair = _Pair(a, b, jaccard(a.shingles, b.shingles), [], [], [])
    if a.text == b.text or pair.jaccard >= rc.near_duplicate_jaccard:
        return pair
    pair.word_pairs = align_words(a.sentences, b.sentences, rc.word_align_overlap)
    pair.word_decisions = [decide_words(a.sentences[i], b.sentences[j], s, rc) for i, j, s in pair.word_pairs]
    confirmed = measured(
        a.sentences, b.sentences, [p for p, d in zip(pair.word_pairs, pair.word_decisions, strict=True) if d.paraphrase]
    )
    if relation_kind(confirmed, rc) == "light_edit":
        return pair
    taken_a = {i for i, _, _ in pair.word_pairs}
    taken_b = {j for _, j, _ in pair.word_pairs}
    proposed = _static_proposals(store, a, b, taken_a, taken_b, rc)
    if _could_copy(pair.word_pairs, proposed, min(len(a.sentences), len(b.sentences)), rc):
        pair.proposed = [(i, j) for i, j, _ in proposed]
    else:
        # No copy is possible whatever the transformer says: at most a same-event report, which
        # the static vectors decide alone, at a stricter cosine.
        pair.static_pairs = [p for p in proposed if p[2] >= rc.same_event_static_cosine]
    return pair


def _could_copy(
    word_pairs: list[tuple[int, int, float]], proposed: list[tuple[int, int, float]], shorter: int, rc: RelateConfig
) -> bool:
    """Would the pair be a copy if the transformer confirmed every proposed sentence pair?

    A copy needs `copy_min_share` of the shorter document's sentences in common, or the two
    opening sentences (a rewritten lede). If not even the proposals reach that, the transformer
    is not asked.
    """
    together = {(i, j) for i, j, _ in word_pairs} | {(i, j) for i, j, _ in proposed}
    if not proposed:
        return False
    return len(together) >= rc.copy_min_share * max(1, shorter) or {(0, 0), (1, 1)} <= together


def _conclude(store: Store, pair: _Pair, encodings: dict[str, SentenceEncoding], rc: RelateConfig) -> None:
    a, b, j = pair.a, pair.b, pair.jaccard
    evidence: dict[str, Any]
    share_a = share_b = 1.0
    lede_only = False
    if a.text == b.text:
        kind, score, evidence = "exact_copy", 1.0, {"shingle_jaccard": 1.0, "identical_text": True}
    elif j >= rc.near_duplicate_jaccard:
        kind, score, evidence = "near_duplicate", j, {"shingle_jaccard": round(j, 3)}
    else:
        model_pairs: list[tuple[int, int, float]] = []
        model_decisions: list[ParaphraseDecision] = []
        if pair.needs_transformer:
            model_pairs, model_decisions = _transformer_alignment(pair, encodings, rc)
        pairs = pair.word_pairs + model_pairs
        decisions: list[Decided] = [*pair.word_decisions, *model_decisions]
        aligned = measured(a.sentences, b.sentences, pairs + pair.static_pairs)
        # A copy is made of sentences that say the same thing, not of sentences on one topic:
        # only pairs the paraphrase decision confirms count towards a copy relation.
        confirmed = measured(
            a.sentences, b.sentences, [p for p, d in zip(pairs, decisions, strict=True) if d.paraphrase]
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
        evidence.update(_decision_evidence(a.sentences, b.sentences, pairs, decisions))
        evidence["aligned_by"] = {
            "words": len(pair.word_pairs),
            "transformer": len(model_pairs),
            "static_vectors": len(pair.static_pairs),
            "transformer_used": pair.needs_transformer,
        }
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


def _transformer_alignment(
    pair: _Pair, encodings: dict[str, SentenceEncoding], rc: RelateConfig
) -> tuple[list[tuple[int, int, float]], list[ParaphraseDecision]]:
    """Confirm the proposed sentence pairs on transformer vectors, and decide each confirmed pair."""
    from storyline.relate.paraphrase import decide, similarity

    pairs: list[tuple[int, int, float]] = []
    decisions: list[ParaphraseDecision] = []
    for i, j in pair.proposed:
        left, right = pair.a.sentences[i], pair.b.sentences[j]
        cosine = float(encodings[left].vector @ encodings[right].vector)
        if cosine >= rc.align_threshold:
            pairs.append((i, j, cosine))
            decisions.append(decide(left, right, similarity(encodings[left], encodings[right]), rc))
    return pairs, decisions


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


def _decision_evidence(
    a: list[str], b: list[str], pairs: list[tuple[int, int, float]], decisions: Sequence[Decided]
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


def _static_vectors(store: Store, doc: _Doc) -> tuple[list[int], npt.NDArray[np.float32]]:
    """The stored static vectors of a document's informative sentences, with their sentence indices."""
    rows = store.conn.execute(
        "SELECT idx, vector FROM sentence_vectors WHERE document = ? ORDER BY idx", (doc.id,)
    ).fetchall()
    if not rows:
        return [], np.zeros((0, 1), np.float32)
    matrix = np.vstack([np.frombuffer(bytes(r[1]), np.float16) for r in rows]).astype(np.float32)
    matrix /= np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-9)
    return [int(r[0]) for r in rows], matrix


def _static_proposals(
    store: Store, a: _Doc, b: _Doc, taken_a: set[int], taken_b: set[int], rc: RelateConfig
) -> list[tuple[int, int, float]]:
    """Sentence pairs the static vectors align among the sentences the words left over.

    The static model is weaker than the transformer but a hundred times faster: it proposes
    pairs at a lower cosine (`prefilter_cosine`), and the transformer only confirms them, so it
    encodes the proposed sentences instead of whole documents. Short sentences have no stored
    vector (they make no candidates); they are encoded here.
    """
    rest_a = [i for i in range(len(a.sentences)) if i not in taken_a]
    rest_b = [j for j in range(len(b.sentences)) if j not in taken_b]
    if not rest_a or not rest_b:
        return []
    va, vb = _static_rows(store, a, rest_a), _static_rows(store, b, rest_b)
    left = [a.sentences[i] for i in rest_a]
    right = [b.sentences[j] for j in rest_b]
    found = align(left, right, va, vb, rc.prefilter_cosine)
    return [(rest_a[i], rest_b[j], s) for i, j, s in found.pairs]


def _static_rows(store: Store, doc: _Doc, rows: list[int]) -> npt.NDArray[np.float32]:
    """Static vectors of some of a document's sentences: stored ones read, the others encoded."""
    from storyline.relate.embeddings import encode_static

    indices, matrix = _static_vectors(store, doc)
    stored = {i: k for k, i in enumerate(indices)}
    missing = [i for i in rows if i not in stored]
    extra = encode_static([doc.sentences[i] for i in missing])
    where = {i: k for k, i in enumerate(missing)}
    return np.vstack([matrix[stored[i]] if i in stored else extra[where[i]] for i in rows]).astype(np.float32)
