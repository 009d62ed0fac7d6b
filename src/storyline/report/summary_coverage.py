"""How much of an event a set of sentences covers: saturated similarity coverage (Lin & Bilmes 2011),
and saturated coverage of the event's wording (`WordCoverage`).

Every sentence of the event (candidate or not) is a piece of what the documents say; a summary
covers sentence i by the summed TF-IDF similarity of its picked sentences to i, counted only up to
a cap of `a` times i's similarity to the whole event. The cap is what makes the objective reward
covering *many* parts of the event a little rather than one part a lot: once the central topic is
covered, a further sentence about it gains nothing, and a sentence about a part not yet covered
wins. TF-IDF vectors are taken over each sentence's set of content-word stems; the similarities are
kept sparse (sentences sharing no content word have none), so large events stay cheap.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer


class SentenceCoverage:
    """Coverage of all sentences by picked candidates; `gains` of every candidate in one pass."""

    def __init__(self, stems: Sequence[set[str]], candidates: Sequence[int], cap_share: float) -> None:
        self.size = len(candidates)
        self.covered = np.zeros(len(stems))
        self.cap = np.zeros(len(stems))
        self.rows = self.cols = np.zeros(0, dtype=np.int64)
        self.values = np.zeros(0)
        if not stems or not candidates or not any(stems):
            return
        vectors = TfidfVectorizer(analyzer=sorted, norm="l2").fit_transform(list(stems))
        self.cap = cap_share * np.asarray(vectors @ np.asarray(vectors.sum(axis=0)).ravel()).ravel()
        similarity = (vectors @ vectors[list(candidates)].T).tocoo()
        self.rows = similarity.row.astype(np.int64)
        self.cols = similarity.col.astype(np.int64)
        self.values = similarity.data.astype(np.float64)

    def gains(self) -> np.ndarray:
        """For each candidate (by position), how much coverage picking it would add."""
        before = np.minimum(self.covered[self.rows], self.cap[self.rows])
        after = np.minimum(self.covered[self.rows] + self.values, self.cap[self.rows])
        return np.bincount(self.cols, weights=after - before, minlength=self.size)

    def similarity_to(self, candidate: int) -> dict[int, float]:
        """TF-IDF cosine of every sentence (by pool index) to a candidate (by position)."""
        mask = self.cols == candidate
        return dict(zip(self.rows[mask].tolist(), self.values[mask].tolist(), strict=True))

    def pick(self, candidate: int) -> None:
        mask = self.cols == candidate
        np.add.at(self.covered, self.rows[mask], self.values[mask])


class WordCoverage:
    """How much of the event's wording a summary reproduces: every word and word pair (stop words
    kept) counts up to the number of times a summary of `summary_words` words drawn from the event's
    documents would hold it.

    The expected count of a word is `summary_words` times its mean share of a document's words
    (each document weighs the same, so one long article does not set the vocabulary). A summary
    whose words come in the proportions the documents use them — the names, the numbers, the
    phrasing every report shares — reads like the event; once a word has its expected count, more
    of it gains nothing (as in KLSum, Haghighi & Vanderwende 2009, with a budgeted count instead
    of a divergence). Gains are counts, so the selection divides them by characters: words per byte.
    """

    def __init__(
        self,
        tokens: Sequence[Sequence[str]],
        documents: Sequence[str],
        candidates: Sequence[int],
        summary_words: float,
        pair_weight: float,
    ) -> None:
        vocabulary: dict[tuple[str, ...], int] = {}
        expected: list[float] = []
        per_document: dict[str, list[Sequence[str]]] = {}
        for toks, doc in zip(tokens, documents, strict=True):
            per_document.setdefault(doc, []).append(toks)
        for sentences in per_document.values():
            for grams in (_grams(sentences, 1), _grams(sentences, 2)):
                total = sum(grams.values())
                for gram, count in grams.items():
                    k = vocabulary.setdefault(gram, len(vocabulary))
                    if k == len(expected):
                        expected.append(0.0)
                    expected[k] += summary_words * count / total / len(per_document)
        self.expected = np.array(expected)
        self.held = np.zeros(len(expected))
        rows: list[int] = []
        cols: list[int] = []
        counts: list[float] = []
        for position, k in enumerate(candidates):
            for n in (1, 2):
                for gram, count in _grams([tokens[k]], n).items():
                    rows.append(position)
                    cols.append(vocabulary[gram])
                    counts.append(float(count))
        self.rows = np.array(rows, dtype=np.int64)
        self.cols = np.array(cols, dtype=np.int64)
        self.counts = np.array(counts)
        is_pair = np.array([len(gram) == 2 for gram in vocabulary], dtype=bool)
        self.weights = np.where(is_pair[self.cols], pair_weight, 1.0) if len(is_pair) else np.zeros(0)
        self.size = len(candidates)

    def gains(self) -> np.ndarray:
        """For each candidate (by position), how many expected words and pairs it would add."""
        held = self.held[self.cols]
        cap = self.expected[self.cols]
        added = np.minimum(held + self.counts, cap) - np.minimum(held, cap)
        return np.bincount(self.rows, weights=added * self.weights, minlength=self.size)

    def pick(self, candidate: int) -> None:
        mask = self.rows == candidate
        np.add.at(self.held, self.cols[mask], self.counts[mask])


def _grams(sentences: Sequence[Sequence[str]], n: int) -> Counter[tuple[str, ...]]:
    """Words (n = 1) or pairs of consecutive words (n = 2) of sentences, never across a sentence."""
    found: Counter[tuple[str, ...]] = Counter()
    for toks in sentences:
        found.update(tuple(toks[i : i + n]) for i in range(len(toks) - n + 1))
    return found
