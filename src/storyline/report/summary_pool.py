"""The candidate pool of a summary: an event's sentences with what the selection weighs them by.

Everything is read from the store: sentences (annotate), static sentence vectors and independence
groups (relate), publication dates (ingest, annotate). For each sentence the pool knows its content
words and concepts, its rank among its document's substantial sentences (the lead of a news story
carries its gist), its similarity to the event's centroid, and which documents state it —
near-identical sentences in copies and rewrites count as stating it, and a sentence backed by
several independence groups is worth more than one repeated by copies of a single origin.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from storyline.config import SummaryConfig
from storyline.report.summary_text import (
    concepts,
    content_terms,
    inside_quote_after,
    rejection,
    specificity,
    tokens,
    words,
)
from storyline.store.db import Store

_CHUNK = 500


@dataclass(slots=True)
class PoolSentence:
    """One sentence of the event, with the features the selection uses."""

    document: str
    index: int
    start: int
    end: int
    text: str
    event_date: str | None
    group: str
    stems: set[str]
    concepts: set[str]
    chars: int
    rejected: str | None
    vector: np.ndarray | None = None
    rank: int = 0
    centrality: float = 0.0
    sources: list[str] = field(default_factory=list)
    groups: set[str] = field(default_factory=set)
    #: Stems of all its words, stop words included (`summary_text.tokens`).
    tokens: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Pool:
    """The sentences of an event's documents and the weight of every concept they carry."""

    documents: list[str]
    group_of: dict[str, str]
    date_of: dict[str, str | None]
    sentences: list[PoolSentence]
    concept_weight: dict[str, float]

    @property
    def candidates(self) -> list[PoolSentence]:
        return [s for s in self.sentences if s.rejected is None]

    @property
    def group_count(self) -> int:
        return len(set(self.group_of.values()))


def load_pool(store: Store, document_ids: Sequence[str], config: SummaryConfig) -> Pool:
    """Read the event's sentences and compute each one's rank, centrality, sources and concepts."""
    group_of, date_of = _documents(store, list(dict.fromkeys(document_ids)))
    documents = _cap(list(group_of), group_of, config.max_documents)
    group_of = {d: group_of[d] for d in documents}
    surface: dict[str, str] = {}
    sentences = _sentences(store, documents, group_of, config, surface)
    _attach_vectors(store, documents, sentences)
    _rank(sentences, config)
    _centrality(sentences)
    _sources(sentences, documents, config)
    weights = _concept_weights(sentences, group_of, surface, config)
    return Pool(documents, group_of, date_of, sentences, weights)


def _documents(store: Store, ids: list[str]) -> tuple[dict[str, str], dict[str, str | None]]:
    group_of: dict[str, str] = {}
    date_of: dict[str, str | None] = {}
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i : i + _CHUNK]
        marks = ",".join("?" * len(chunk))
        rows = store.conn.execute(
            f"SELECT id, independence_group, published, inferred_published FROM documents WHERE id IN ({marks})",
            chunk,
        ).fetchall()
        for r in rows:
            group_of[str(r[0])] = str(r[1] or r[0])
            date_of[str(r[0])] = r[2] or r[3]
    return {d: group_of[d] for d in ids if d in group_of}, date_of


def _cap(documents: list[str], group_of: dict[str, str], limit: int) -> list[str]:
    """At most `limit` documents, taking one per independence group in turn (input order kept)."""
    if len(documents) <= limit:
        return documents
    by_group: dict[str, list[str]] = defaultdict(list)
    for d in documents:
        by_group[group_of[d]].append(d)
    chosen: list[str] = []
    depth = 0
    while len(chosen) < limit:
        layer = [members[depth] for members in by_group.values() if depth < len(members)]
        if not layer:
            break
        chosen.extend(layer[: limit - len(chosen)])
        depth += 1
    keep = set(chosen)
    return [d for d in documents if d in keep]


def _sentences(
    store: Store, documents: list[str], group_of: dict[str, str], config: SummaryConfig, surface: dict[str, str]
) -> list[PoolSentence]:
    found: list[PoolSentence] = []
    for doc in documents:
        quoted, previous_end = False, 0
        row = store.conn.execute("SELECT clean_text FROM documents WHERE id = ?", (doc,)).fetchone()
        clean = str(row[0]) if row else ""
        for r in store.conn.execute(
            "SELECT idx, start, end, text, event_date FROM sentences WHERE document = ? ORDER BY idx", (doc,)
        ):
            # A quotation never runs on across a paragraph break unreopened: start afresh there.
            if "\n" in clean[previous_end : int(r[1])]:
                quoted = False
            previous_end = int(r[2])
            text = " ".join(str(r[3]).split())
            terms = content_terms(text)
            stems = [t for _, t in terms]
            for word, term in terms:
                surface.setdefault(term, word)
            reason = rejection(text, config.min_words, config.max_words)
            if reason is None and quoted:
                reason = "inside a quotation begun in an earlier sentence"
            quoted = inside_quote_after(text, quoted)
            found.append(
                PoolSentence(
                    document=doc,
                    index=int(r[0]),
                    start=int(r[1]),
                    end=int(r[2]),
                    text=text,
                    event_date=r[4],
                    group=group_of[doc],
                    stems=set(stems),
                    concepts=concepts(stems),
                    chars=len(text),
                    rejected=reason,
                    tokens=tokens(text),
                )
            )
    return found


def _attach_vectors(store: Store, documents: list[str], sentences: list[PoolSentence]) -> None:
    by_key = {(s.document, s.index): s for s in sentences}
    for doc in documents:
        for idx, blob in store.conn.execute("SELECT idx, vector FROM sentence_vectors WHERE document = ?", (doc,)):
            s = by_key.get((doc, int(idx)))
            if s is None:
                continue
            v = np.frombuffer(bytes(blob), dtype=np.float16).astype(np.float32)
            norm = float(np.linalg.norm(v))
            if norm > 0:
                s.vector = v / norm


def _rank(sentences: list[PoolSentence], config: SummaryConfig) -> None:
    """Each sentence's rank among its document's substantial sentences (0 = the lead)."""
    seen: Counter[str] = Counter()
    for s in sentences:
        s.rank = seen[s.document]
        if len(words(s.text)) >= config.min_words:
            seen[s.document] += 1


def _centrality(sentences: list[PoolSentence]) -> None:
    """Cosine to the event's centroid, where every independence group weighs the same."""
    by_group: dict[str, list[np.ndarray]] = defaultdict(list)
    for s in sentences:
        if s.vector is not None and s.rejected is None:
            by_group[s.group].append(s.vector)
    if not by_group:
        return
    centroid = np.mean([np.mean(vs, axis=0) for vs in by_group.values()], axis=0)
    norm = float(np.linalg.norm(centroid))
    if norm == 0:
        return
    centroid = centroid / norm
    for s in sentences:
        if s.vector is not None:
            s.centrality = max(0.0, float(s.vector @ centroid))


def _sources(sentences: list[PoolSentence], documents: list[str], config: SummaryConfig) -> None:
    """Every document stating each candidate: itself, and those with a near-identical sentence."""
    order = {d: k for k, d in enumerate(documents)}
    group_of = {s.document: s.group for s in sentences}
    candidates = [s for s in sentences if s.rejected is None]
    # Prefix filtering (exact for Jaccard): order each sentence's stems rarest first; two sets with
    # Jaccard >= t share a stem among the first |x| - ceil(t |x|) + 1 of each. Indexing only those
    # prefixes keeps common words ("said") from making the comparison all-pairs.
    frequency = Counter(stem for s in sentences for stem in s.stems)
    prefixes = [_prefix(s.stems, frequency, config.same_statement_jaccard) for s in sentences]
    postings: dict[str, list[int]] = defaultdict(list)
    for k, prefix in enumerate(prefixes):
        for stem in prefix:
            postings[stem].append(k)
    same_by_vector = _same_by_vector(candidates, sentences, config.same_statement_cosine)
    for c_index, c in enumerate(candidates):
        probes = {k for stem in _prefix(c.stems, frequency, config.same_statement_jaccard) for k in postings[stem]}
        docs = {c.document}
        for k in probes:
            other = sentences[k]
            union = len(c.stems | other.stems)
            if union and len(c.stems & other.stems) / union >= config.same_statement_jaccard:
                docs.add(other.document)
        docs.update(sentences[k].document for k in same_by_vector.get(c_index, ()))
        rest = sorted(docs - {c.document}, key=lambda d: order[d])
        c.sources = [c.document, *rest]
        c.groups = {group_of[d] for d in docs}


def _prefix(stems: frozenset[str] | set[str], frequency: Counter[str], threshold: float) -> list[str]:
    """The rarest stems of a set, as many as Jaccard prefix filtering at `threshold` needs."""
    ordered = sorted(stems, key=lambda stem: (frequency[stem], stem))
    return ordered[: len(ordered) - math.ceil(threshold * len(ordered)) + 1] if ordered else []


def _same_by_vector(
    candidates: list[PoolSentence], sentences: list[PoolSentence], threshold: float
) -> dict[int, list[int]]:
    with_vectors = [k for k, s in enumerate(sentences) if s.vector is not None]
    cands = [k for k, s in enumerate(candidates) if s.vector is not None]
    if not with_vectors or not cands:
        return {}
    matrix = np.vstack([sentences[k].vector for k in with_vectors])  # type: ignore[misc]
    found: dict[int, list[int]] = defaultdict(list)
    for i in range(0, len(cands), _CHUNK):
        chunk = cands[i : i + _CHUNK]
        sims = np.vstack([candidates[k].vector for k in chunk]) @ matrix.T  # type: ignore[misc]
        for row, col in zip(*np.nonzero(sims >= threshold), strict=True):
            found[chunk[int(row)]].append(with_vectors[int(col)])
    return found


def _concept_weights(
    sentences: list[PoolSentence], group_of: dict[str, str], surface: dict[str, str], config: SummaryConfig
) -> dict[str, float]:
    """A concept weighs the number of independence groups using it, when enough of them do, times
    how specific its words are to this text (rare in English at large: the topic's own words)."""
    cache: dict[str, float] = {}

    def rarity(term: str) -> float:
        if term not in cache:
            cache[term] = specificity(surface.get(term, term)) ** config.specificity_exponent
        return cache[term]

    groups_using: dict[str, set[str]] = defaultdict(set)
    for s in sentences:
        for c in s.concepts:
            groups_using[c].add(s.group)
    needed = min(config.concept_min_groups, len(set(group_of.values())))
    weights: dict[str, float] = {}
    for concept, groups in groups_using.items():
        if len(groups) >= needed:
            parts = concept.split(" ")
            scale = config.bigram_weight if len(parts) > 1 else 1.0
            weights[concept] = scale * len(groups) * sum(rarity(p) for p in parts) / len(parts)
    return weights


def position_merit(rank: int) -> float:
    """The lead sentence scores 1, later ones less (a story's gist is at its top)."""
    return 1.0 / math.sqrt(1.0 + rank)
