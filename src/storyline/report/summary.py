"""The extractive summary of an event: a few verbatim sentences, each citing every document stating it.

**What it decides.** Which sentences of an event's documents say the most about it, said by the
most independent sources, without saying the same thing twice. Nothing is written: every summary
sentence is a sentence of the store (whitespace runs collapsed to one space) or, for the last one
of a summary under a character budget, its leading clause, traceable by its document, sentence
index and character offsets into that document's clean text.

**How.** `summary_pool` reads the event's sentences and sets aside those that cannot stand alone
(too short or long, quote fragments, sentences inside an open quotation, page furniture). The
selection is greedy over a monotone objective with diminishing returns, under a sentence count
and an optional character budget. Each step picks the open candidate with the best sum of two
parts, each scaled so that the best first pick scores 1:

    (coverage gain / best first coverage gain
     + weight_concepts x new concept weight / best first concept weight
     + merit) / characters ** length_exponent
    + word_coverage_weight x word coverage gain x (1 + word_lead_boost x position) / characters

- *coverage* (`summary_coverage.SentenceCoverage`, after Lin & Bilmes 2011): how much of every
  sentence of the event the summary covers by TF-IDF similarity, each capped, so covering many
  parts of the event beats saying its centre twice;
- *concepts* (in the spirit of Gillick & Favre 2009): content words and pairs of consecutive
  content words, each weighted by the number of independence groups using it — copies of one
  origin count once, a detail many independent sources report weighs more — and counted once;
- *merit*: lead position in its document, share of independence groups stating the sentence
  (near-identical sentences in other documents count as stating it), and optionally similarity to
  the event's centroid;
- *word coverage* (`summary_coverage.WordCoverage`, after KLSum): every word and word pair, stop
  words included, counts up to the number of times a summary of that length drawn from the
  event's documents would hold it. It is a count of words, so it is taken per character: what a
  reader gets for the space, which is what a character budget rations. Sentence coverage alone
  favours long sentences that touch many topics; this term favours dense ones in the documents'
  own wording, and the two together beat either on DUC 2004.

After a pick, every candidate too similar to it (TF-IDF cosine or static-vector cosine,
`SummaryConfig.redundant_*`) is closed: the summary never says one thing twice. When a character
budget leaves room that no open sentence fits, the summary ends on the leading clause of the best
open candidate that does fit (a verbatim span ending before a comma, semicolon, colon or dash, of
at least `min_words` words, with no quotation or parenthesis left open): the budget is used, and
what is quoted is still a whole statement of a cited document. The weights were set on DUC 2004
(`evaluation/duc2004.py`) where a plateau of settings scores alike; docs/quality.md has the figures.

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
from storyline.report.summary_coverage import SentenceCoverage, WordCoverage
from storyline.report.summary_pool import Pool, PoolSentence, load_pool, position_merit
from storyline.report.summary_text import clause_ends
from storyline.store.db import Store

DEFAULT = SummaryConfig()


@dataclass(frozen=True, slots=True)
class SummarySentence:
    """A sentence of the summary (or its leading clause), verbatim from `document`, with every document
    that states it."""

    text: str
    #: Ids of all documents stating it; the one it was taken from first, then in input order.
    sources: list[str]
    document: str
    #: The sentence's index in the store (`sentences.idx` of `document`).
    sentence_index: int
    #: Character offsets of the text in the document's clean text (a leading clause ends early).
    start: int
    end: int
    #: How many independence groups state it (copies of one origin count once).
    independent_sources: int


@dataclass(frozen=True, slots=True)
class _Pick:
    """A picked sentence, whole or (the last of a budgeted summary) its leading clause of `chars`."""

    sentence: PoolSentence
    chars: int


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
    return [_summary_sentence(store, p) for p in _ordered(picked, pool)]


class _Objective:
    """The score of every candidate given the picks so far: the sum of

    (sentence coverage gain / best first gain + weight_concepts x new concept weight / best first
    weight + merit) / characters ** length_exponent, scaled so the best first score is 1, and
    word_coverage_weight x word coverage gain x lead boost / characters, scaled alike.
    """

    def __init__(self, pool: Pool, positions: list[int], summary_words: float, config: SummaryConfig) -> None:
        self.candidates = [pool.sentences[k] for k in positions]
        self.config = config
        self.coverage = SentenceCoverage([s.stems for s in pool.sentences], positions, config.coverage_cap)
        self.wording = WordCoverage(
            [s.tokens for s in pool.sentences],
            [s.document for s in pool.sentences],
            positions,
            summary_words,
            config.word_pair_weight,
        )
        self.weight = pool.concept_weight
        groups = max(1, pool.group_count)
        self.merit = np.array([_merit(s, groups, config) for s in self.candidates])
        self.chars = np.array([max(s.chars, 1) for s in self.candidates], dtype=np.float64)
        self.lead = 1.0 + config.word_lead_boost * np.array([position_merit(s.rank) for s in self.candidates])
        self.covered: set[str] = set()
        self.concept_scale = max(float(self._concept_gains().max()), 1e-9)
        self.coverage_scale = max(float(self.coverage.gains().max()), 1e-9)
        self.sentence_scale = max(float(self._sentence_scores().max()), 1e-9)
        self.word_scale = max(float((self.wording.gains() / self.chars).max()), 1e-9)

    def _concept_gains(self) -> np.ndarray:
        return np.array([sum(self.weight.get(c, 0.0) for c in s.concepts - self.covered) for s in self.candidates])

    def _sentence_scores(self) -> np.ndarray:
        gains = self.coverage.gains() / self.coverage_scale
        concepts = self._concept_gains() / self.concept_scale
        total: np.ndarray = gains + self.config.weight_concepts * concepts + self.merit
        return total / self.chars**self.config.length_exponent

    def scores(self) -> np.ndarray:
        words = self.wording.gains() * self.lead / self.chars
        return (
            self._sentence_scores() / self.sentence_scale + self.config.word_coverage_weight * words / self.word_scale
        )

    def pick(self, k: int) -> None:
        self.covered |= self.candidates[k].concepts
        self.coverage.pick(k)
        self.wording.pick(k)


def _select(pool: Pool, length: int, max_chars: int | None, config: SummaryConfig) -> list[_Pick]:
    positions = [k for k, s in enumerate(pool.sentences) if s.rejected is None]
    if not positions:
        return []
    words = max_chars / config.chars_per_word if max_chars is not None else length * config.words_per_sentence
    objective = _Objective(pool, positions, words, config)
    candidates = objective.candidates
    open_ = np.ones(len(candidates), dtype=bool)
    picked: list[_Pick] = []
    used = 0
    while len(picked) < length:
        room = None if max_chars is None else max_chars - used - (1 if picked else 0)
        fits = open_ & (objective.chars <= room) if room is not None else open_
        if not fits.any():
            break
        best = int(np.argmax(np.where(fits, objective.scores(), -np.inf)))
        chosen = candidates[best]
        picked.append(_Pick(chosen, chosen.chars))
        used += chosen.chars + (1 if len(picked) > 1 else 0)
        objective.pick(best)
        similar = objective.coverage.similarity_to(best)
        for k, s in enumerate(candidates):
            if open_[k] and (k == best or _redundant(s, chosen, similar.get(positions[k], 0.0), config)):
                open_[k] = False
    if max_chars is not None and picked and len(picked) < length:
        last = _closing_clause(objective, open_, max_chars - used - 1, config)
        if last is not None:
            picked.append(last)
    return picked


def _closing_clause(objective: _Objective, open_: np.ndarray, room: int, config: SummaryConfig) -> _Pick | None:
    """The leading clause of the best open candidate that fills the room a budget has left, if any:
    a verbatim span of the sentence ending before a comma, semicolon, colon or dash, of at least
    `min_words` words (a reader gets a whole statement; the budget gets used)."""
    scores = np.where(open_, objective.scores(), -np.inf)
    for k in np.argsort(-scores, kind="stable"):
        if not open_[k]:
            break
        sentence = objective.candidates[int(k)]
        ends = [end for end in clause_ends(sentence.text, config.min_words) if end <= room]
        if ends:
            return _Pick(sentence, max(ends))
    return None


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


def _ordered(picked: list[_Pick], pool: Pool) -> list[_Pick]:
    dates = [p.sentence.event_date or pool.date_of.get(p.sentence.document) for p in picked]
    if not all(dates):
        return picked
    rank = {id(p): k for k, p in enumerate(picked)}
    keyed = sorted(zip(dates, picked, strict=True), key=lambda d: (str(d[0]), d[1].sentence.rank, rank[id(d[1])]))
    return [p for _, p in keyed]


def _summary_sentence(store: Store, pick: _Pick) -> SummarySentence:
    s = pick.sentence
    end = s.end
    if pick.chars < s.chars:
        row = store.conn.execute("SELECT text FROM sentences WHERE document = ? AND idx = ?", (s.document, s.index))
        end = s.start + raw_offset(str(row.fetchone()[0]), pick.chars)
    return SummarySentence(
        text=s.text[: pick.chars],
        sources=list(s.sources),
        document=s.document,
        sentence_index=s.index,
        start=s.start,
        end=end,
        independent_sources=len(s.groups),
    )


def raw_offset(raw: str, length: int) -> int:
    """Where in `raw` its first `length` characters with whitespace runs made one space end."""
    count = end = 0
    gap = False
    for i, ch in enumerate(raw):
        if ch.isspace():
            gap = count > 0
            continue
        if gap:
            count += 1
            gap = False
        if count >= length:
            return end
        count += 1
        end = i + 1
    return end
