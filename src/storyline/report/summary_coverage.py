"""How much of an event a set of sentences covers: saturated similarity coverage (Lin & Bilmes 2011).

Every sentence of the event (candidate or not) is a piece of what the documents say; a summary
covers sentence i by the summed TF-IDF similarity of its picked sentences to i, counted only up to
a cap of `a` times i's similarity to the whole event. The cap is what makes the objective reward
covering *many* parts of the event a little rather than one part a lot: once the central topic is
covered, a further sentence about it gains nothing, and a sentence about a part not yet covered
wins. TF-IDF vectors are taken over each sentence's set of content-word stems; the similarities are
kept sparse (sentences sharing no content word have none), so large events stay cheap.
"""

from __future__ import annotations

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
