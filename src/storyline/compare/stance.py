"""Does a body agree with a claim, disagree with it, discuss it without taking a side, or not touch it?

`compare(claim_text, body_text)` decides it in two steps (the labels are FNC-1's):

1. **related or unrelated**: is the body about the claim at all? A logistic regression over how
   much of the claim's information the body holds and how close their sentence vectors are, static
   and (with `StanceConfig.transformer`) the transformer's (`stance_features`), thresholded at
   `StanceConfig.related_threshold`;
2. **agree, disagree or discuss**, for a related body: boosted trees over the refuting, hedging and
   confirming cue words and the negation in the body's lead and in the sentences that match the
   claim best, and in the claim itself.

Both are fitted on labelled headline/body pairs (FNC-1, `evaluation/fnc1.py --fit`) and shipped in
`stance_weights.json`. A decision carries its evidence: the body sentences that match the claim
best, with the cue words found in each, and the measurements that weighed most in the relatedness.
`storyline stance CLAIM [--event ID]` runs it over a corpus: which documents state a claim, which
dispute it. (The claims stage finds negation conflicts grammatically, in `compare/align.py`.)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from storyline.compare.stance_features import FEATURES, TRANSFORMER_FEATURES, FloatArray, Measured, measure
from storyline.compare.stance_model import LEANS, WEIGHTS_FILE, StanceModel, load_model
from storyline.compare.stance_text import CONFIRMING, HEDGING, REFUTING, ReadSentence, read_body, read_claim
from storyline.config import StanceConfig
from storyline.relate.embeddings import DIMENSIONS, encode, encode_static

LABELS = (*LEANS, "unrelated")


@dataclass(frozen=True, slots=True)
class SentenceEvidence:
    """A body sentence that the decision rests on."""

    #: Position of the sentence in the body (0 = first).
    index: int
    text: str
    #: How well it matches the claim (0-1: shared information and vector closeness).
    match: float
    #: The refuting, hedging and confirming cue words found in it.
    refuting: tuple[str, ...] = ()
    hedging: tuple[str, ...] = ()
    confirming: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Stance:
    """The decision for one claim and one body, with what it rests on."""

    #: agree / disagree / discuss / unrelated.
    label: str
    #: The probability of that label (for a related label: P(related) x P(label | related)).
    score: float
    #: P(related), and the lean probabilities among related bodies.
    related: float
    probabilities: dict[str, float]
    #: The best-matching body sentences, best first.
    evidence: tuple[SentenceEvidence, ...]
    #: The measurements, and the relatedness measurements that pushed most (share of the logit).
    features: dict[str, float] = field(default_factory=dict)
    relatedness_reasons: dict[str, float] = field(default_factory=dict)

    def as_evidence(self) -> dict[str, Any]:
        """The decision as a JSON-ready evidence record."""
        return {
            "label": self.label,
            "score": round(self.score, 4),
            "related": round(self.related, 4),
            "probabilities": {k: round(v, 4) for k, v in self.probabilities.items()},
            "sentences": [
                {
                    "index": e.index,
                    "text": e.text,
                    "match": e.match,
                    "refuting": list(e.refuting),
                    "hedging": list(e.hedging),
                    "confirming": list(e.confirming),
                }
                for e in self.evidence
            ],
            "relatedness_reasons": self.relatedness_reasons,
        }


#: Encodes sentences into L2-normalised vectors, one row per sentence (the transformer, or a cache of it).
Encoder = Callable[[Sequence[str]], FloatArray]


def compare(
    claim_text: str,
    body_text: str,
    sentences: Sequence[str] | None = None,
    config: StanceConfig | None = None,
) -> Stance:
    """The stance of a body towards a claim; ``sentences`` are the body's, when the caller has them."""
    return compare_many([(claim_text, body_text)], [sentences] if sentences is not None else None, config)[0]


def compare_many(
    pairs: Sequence[tuple[str, str]],
    sentences: Sequence[Sequence[str] | None] | None = None,
    config: StanceConfig | None = None,
    encoder: Encoder | None = None,
) -> list[Stance]:
    """`compare` for many pairs: each distinct claim and body is read and encoded once.

    With `StanceConfig.transformer`, sentences go through ``encoder`` (the transformer by default).
    """
    config = config or StanceConfig()
    encoder = (encoder or _transformer) if config.transformer else None
    model = shipped_model(TRANSFORMER_FEATURES if encoder else FEATURES, config.weights_file)
    return [decide(measured, body, model, config) for measured, body in measure_pairs(pairs, sentences, encoder)]


def measure_pairs(
    pairs: Sequence[tuple[str, str]],
    sentences: Sequence[Sequence[str] | None] | None = None,
    encoder: Encoder | None = None,
) -> list[tuple[Measured, tuple[ReadSentence, ...]]]:
    """The measurements of every pair, with the body as read (shared work done once).

    Without ``encoder`` the features are FEATURES; with it, TRANSFORMER_FEATURES.
    """
    cut = [tuple(given) if given is not None else None for given in sentences] if sentences else [None] * len(pairs)
    keys = [(body, given) for (_, body), given in zip(pairs, cut, strict=True)]
    claim_texts = sorted({claim for claim, _ in pairs})
    read_claims = {claim: read_claim(claim) for claim in claim_texts}
    read_bodies = {key: read_body(*key) for key in dict.fromkeys(keys)}
    claim_vectors = dict(zip(claim_texts, encode_static(claim_texts), strict=True))
    body_vectors = {key: encode_static([s.text for s in body]) for key, body in read_bodies.items()}
    deep: dict[str, FloatArray] = {}
    if encoder is not None:
        texts = list(dict.fromkeys([*claim_texts, *(s.text for body in read_bodies.values() for s in body)]))
        deep = dict(zip(texts, encoder(texts), strict=True))
    measured = []
    for (claim, _), key in zip(pairs, keys, strict=True):
        body = read_bodies[key]
        transformer = None
        if encoder is not None:
            transformer = (deep[claim], _rows([deep[s.text] for s in body]))
        values = measure(read_claims[claim], claim_vectors[claim], body, body_vectors[key], transformer)
        measured.append((values, body))
    return measured


def decide(
    measured: Measured, body: Sequence[ReadSentence], model: StanceModel, config: StanceConfig | None = None
) -> Stance:
    """The decision on measured features (see the module docstring)."""
    config = config or StanceConfig()
    row = model.row(measured.values)
    related = model.relatedness.probability(row)
    leans = model.lean.probabilities(row)
    if related >= config.related_threshold:
        label = max(LEANS, key=lambda name: leans[name])
        score = related * leans[label]
    else:
        label, score = "unrelated", 1.0 - related
    contributions = dict(zip(model.features, model.relatedness.contributions(row), strict=True))
    strongest = sorted(contributions, key=lambda name: -abs(contributions[name]))[:4]
    return Stance(
        label=label,
        score=score,
        related=related,
        probabilities=leans,
        evidence=tuple(_evidence(body, measured, config.evidence_sentences)),
        features=measured.values,
        relatedness_reasons={name: round(contributions[name], 3) for name in strongest},
    )


@lru_cache(maxsize=4)
def shipped_model(features: tuple[str, ...], weights_file: str | None = None) -> StanceModel:
    """The model fitted on these features (shipped unless a weights file is named), read once per process."""
    return load_model(features, Path(weights_file) if weights_file else WEIGHTS_FILE)


def _transformer(texts: Sequence[str]) -> FloatArray:
    return encode(texts)


def _rows(vectors: Sequence[FloatArray]) -> FloatArray:
    if not vectors:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    return np.stack(vectors)


def _evidence(body: Sequence[ReadSentence], measured: Measured, count: int) -> list[SentenceEvidence]:
    found = []
    for index, match in measured.matched[:count]:
        text = body[index].text
        found.append(
            SentenceEvidence(
                index=index,
                text=text,
                match=match,
                refuting=_cues(REFUTING, text),
                hedging=_cues(HEDGING, text),
                confirming=_cues(CONFIRMING, text),
            )
        )
    return found


def _cues(pattern: re.Pattern[str], text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(match.group().lower() for match in pattern.finditer(text)))
