"""The extractive summary of an event: a few verbatim sentences, each citing every document stating it.

**What it decides.** Which sentences of an event's documents say the most about it, said by the
most independent sources, without saying the same thing twice. Nothing is written: every summary
sentence is a sentence of the store (whitespace runs collapsed to one space), traceable by its
document, sentence index and character offsets into that document's clean text.

**How.** `summary_pool` reads the event's sentences and sets aside those that cannot stand alone
(too short or long, quote fragments, sentences inside an open quotation, page furniture). The
selection is greedy over a monotone objective with diminishing returns, under a sentence count
and an optional character budget. Each step picks the open candidate with the best

    (coverage gain / best first coverage gain
     + weight_concepts x new concept weight / best first concept weight
     + merit) / characters ** length_exponent

- *coverage* (`summary_coverage`, after Lin & Bilmes 2011): how much of every sentence of the
  event the summary covers by TF-IDF similarity, each capped, so covering many parts of the event
  beats saying its centre twice;
- *concepts* (in the spirit of Gillick & Favre 2009): content words and pairs of consecutive
  content words, each weighted by the number of independence groups using it — copies of one
  origin count once, a detail many independent sources report weighs more — and counted once;
- *merit*: lead position in its document, share of independence groups stating the sentence
  (near-identical sentences in other documents count as stating it), and optionally similarity to
  the event's centroid.

After a pick, every candidate too similar to it (TF-IDF cosine or static-vector cosine,
`SummaryConfig.redundant_*`) is closed: the summary never says one thing twice. The weights were
set on DUC 2004 (`evaluation/duc2004.py`) where a broad plateau of settings scores alike, not at a
peak; docs/quality.md has the figures.

**Order.** Chronological when every picked sentence can be dated — by the event date the
sentence itself mentions, else its document's publication date (given or inferred) — with
position in the document breaking ties; otherwise in the order picked, i.e. most informative
first, as a news lede would be. Mixing dated and undated sentences would put the undated ones at
an arbitrary place, so the summary does not pretend to a chronology it does not know.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from storyline.config import SummaryConfig
from storyline.report.summary_coverage import SentenceCoverage
from storyline.report.summary_pool import Pool, PoolSentence, load_pool, position_merit
from storyline.store.db import Store

DEFAULT = SummaryConfig()


@dataclass(frozen=True, slots=True)
class SummarySentence:
    """A sentence of the summary, verbatim from `document`, with every document that states it."""

    text: str
    #: Ids of all documents stating it; the one it was taken from first, then in input order.
    sources: list[str]
    document: str
    #: The sentence's index in the store (`sentences.idx` of `document`).
    sentence_index: int
    #: Character offsets of the text in the document's clean text.
    start: int
    end: int
    #: How many independence groups state it (copies of one origin count once).
    independent_sources: int


def summarize(
    store: Store,
    document_ids: Sequence[str],
    length: int,
    config: SummaryConfig = DEFAULT,
    *,
    max_chars: int | None = None,
) -> list[SummarySentence]:
    """At most `length` sentences and `max_chars` characters (joined by spaces; default: the config's)."""
    if length <= 0 or not document_ids:
        return []
    pool = load_pool(store, document_ids, config)
    picked = _select(pool, length, config.max_chars if max_chars is None else max_chars, config)
    return [_summary_sentence(s) for s in _ordered(picked, pool)]


def _select(pool: Pool, length: int, max_chars: int | None, config: SummaryConfig) -> list[PoolSentence]:
    positions = [k for k, s in enumerate(pool.sentences) if s.rejected is None]
    candidates = [pool.sentences[k] for k in positions]
    if not candidates:
        return []
    coverage = SentenceCoverage([s.stems for s in pool.sentences], positions, config.coverage_cap)
    weight = pool.concept_weight
    groups = max(1, pool.group_count)
    merit = np.array([_merit(s, groups, config) for s in candidates])
    cost = np.array([max(s.chars, 1) for s in candidates], dtype=np.float64) ** config.length_exponent
    concept_scale = max(sum(weight.get(c, 0.0) for c in s.concepts) for s in candidates) or 1.0
    coverage_scale = float(coverage.gains().max()) or 1.0
    covered: set[str] = set()
    open_ = np.ones(len(candidates), dtype=bool)
    picked: list[PoolSentence] = []
    used = 0
    while len(picked) < length:
        room = None if max_chars is None else max_chars - used - (1 if picked else 0)
        fits = open_ & (np.array([s.chars for s in candidates]) <= room if room is not None else open_)
        if not fits.any():
            break
        concept_gain = np.array([sum(weight.get(c, 0.0) for c in s.concepts - covered) for s in candidates])
        score = (
            coverage.gains() / coverage_scale + config.weight_concepts * concept_gain / concept_scale + merit
        ) / cost
        best = int(np.argmax(np.where(fits, score, -np.inf)))
        chosen = candidates[best]
        picked.append(chosen)
        used += chosen.chars + (1 if len(picked) > 1 else 0)
        covered |= chosen.concepts
        coverage.pick(best)
        similar = coverage.similarity_to(best)
        for k, s in enumerate(candidates):
            if open_[k] and (k == best or _redundant(s, chosen, similar.get(positions[k], 0.0), config)):
                open_[k] = False
    return picked


def _merit(s: PoolSentence, groups: int, config: SummaryConfig) -> float:
    support = (len(s.groups) - 1) / (groups - 1) if groups > 1 else 0.0
    return (
        config.weight_position * position_merit(s.rank)
        + config.weight_centrality * s.centrality
        + config.weight_support * support
    )


def _redundant(s: PoolSentence, picked: PoolSentence, similarity: float, config: SummaryConfig) -> bool:
    if similarity >= config.redundant_similarity:
        return True
    if s.vector is not None and picked.vector is not None:
        return float(s.vector @ picked.vector) >= config.redundant_cosine
    return False


def _ordered(picked: list[PoolSentence], pool: Pool) -> list[PoolSentence]:
    dates = [s.event_date or pool.date_of.get(s.document) for s in picked]
    if not all(dates):
        return picked
    rank = {id(s): k for k, s in enumerate(picked)}
    keyed = sorted(zip(dates, picked, strict=True), key=lambda p: (str(p[0]), p[1].rank, rank[id(p[1])]))
    return [s for _, s in keyed]


def _summary_sentence(s: PoolSentence) -> SummarySentence:
    return SummarySentence(
        text=s.text,
        sources=list(s.sources),
        document=s.document,
        sentence_index=s.index,
        start=s.start,
        end=s.end,
        independent_sources=len(s.groups),
    )
