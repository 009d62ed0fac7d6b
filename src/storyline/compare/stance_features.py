"""The measurements a stance decision is taken on: how related a body is to a claim, and how it leans.

Relatedness: the share of the claim's information (its content words weighted by rarity) that the
body holds, in all and in its best-matching sentences; the cosine of static sentence vectors
(`storyline.relate.embeddings.encode_static`) between the claim and the body and its best
sentences; the share of the claim's names the body mentions.

Lean: refuting (falsehood, denial), hedging and confirming cue words (`stance_text`) and explicit negation, counted in
the whole body, in its lead (first sentences: a news body states its position there) and in the
sentences that match the claim best (where a body agrees or disagrees with it), and in the claim.

With the transformer (`storyline.relate.embeddings.encode`), three more relatedness measurements:
the claim's best cosine with a body sentence, the mean of its three best and of the lead's. They
cost the transformer over every body sentence and add about a point of FNC score (docs: quality).

The best-matching sentences are the evidence of the decision: `matched` ranks them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from storyline.compare.stance_text import ReadClaim, ReadSentence

FloatArray = npt.NDArray[np.float32]

#: How many best-matching sentences the lean is read in, and how many first sentences make the lead.
MATCHED_SENTENCES = 3
LEAD_SENTENCES = 3

FEATURES = (
    "coverage_body",
    "coverage_best",
    "coverage_matched",
    "coverage_lead",
    "names_covered",
    "static_body",
    "static_best",
    "static_matched",
    "falsehood_body",
    "falsehood_lead",
    "falsehood_matched",
    "denial_body",
    "denial_lead",
    "denial_matched",
    "hedging_body",
    "hedging_lead",
    "hedging_matched",
    "confirming_body",
    "confirming_lead",
    "confirming_matched",
    "negated_matched",
    "negation_differs",
    "claim_refuting",
    "claim_hedging",
    "claim_question",
    "body_sentences",
)
#: The same with the transformer's view of relatedness (`measure(..., transformer=...)`).
TRANSFORMER_FEATURES = (*FEATURES, "transformer_best", "transformer_matched", "transformer_lead")


@dataclass(frozen=True, slots=True)
class Measured:
    """A claim and body measured: feature values, and the body's sentences ranked by match."""

    values: dict[str, float]
    #: Indices of the body's sentences, best match first, with the match of each (0-1).
    matched: tuple[tuple[int, float], ...]


def measure(
    claim: ReadClaim,
    claim_vector: FloatArray,
    body: Sequence[ReadSentence],
    body_vectors: FloatArray,
    transformer: tuple[FloatArray, FloatArray] | None = None,
) -> Measured:
    """Every feature of FEATURES for one claim and one body (vectors L2-normalised, one per sentence).

    With ``transformer`` (the claim's and the body sentences' transformer vectors), also those of
    TRANSFORMER_FEATURES: the best cosine, the mean of the three best and of the lead's.
    """
    total = sum(claim.weights.values()) or 1.0
    coverages = [sum(w for s, w in claim.weights.items() if s in sentence.stems) / total for sentence in body]
    cosines = [float(value) for value in body_vectors @ claim_vector] if len(body) else []
    # A sentence's match: the words it shares with the claim, and what its vector says of the rest.
    matches = [0.5 * (coverage + max(cosine, 0.0)) for coverage, cosine in zip(coverages, cosines, strict=True)]
    ranked = sorted(range(len(body)), key=lambda i: -matches[i])
    top = ranked[:MATCHED_SENTENCES]
    lead = list(range(min(LEAD_SENTENCES, len(body))))
    all_stems: frozenset[str] = frozenset().union(*(sentence.stems for sentence in body)) if body else frozenset()
    values = {
        "coverage_body": sum(w for s, w in claim.weights.items() if s in all_stems) / total,
        "coverage_best": max(coverages, default=0.0),
        "coverage_matched": _mean([coverages[i] for i in top]),
        "coverage_lead": _mean([coverages[i] for i in lead]),
        "names_covered": len(claim.names & all_stems) / len(claim.names) if claim.names else 0.5,
        "static_body": _body_cosine(claim_vector, body_vectors),
        "static_best": max(cosines, default=0.0),
        "static_matched": _mean([cosines[i] for i in top]),
        "negated_matched": _mean([float(body[i].negated) for i in top]),
        "negation_differs": float(bool(top) and claim.sentence.negated != body[top[0]].negated),
        "claim_refuting": float(claim.sentence.falsehood + claim.sentence.denial > 0),
        "claim_hedging": float(claim.sentence.hedging > 0),
        "claim_question": float(claim.question),
        "body_sentences": math.log1p(len(body)),
    }
    for cue in ("falsehood", "denial", "hedging", "confirming"):
        counts = [getattr(sentence, cue) for sentence in body]
        values[f"{cue}_body"] = _mean([float(count > 0) for count in counts])
        values[f"{cue}_lead"] = float(sum(counts[i] for i in lead))
        values[f"{cue}_matched"] = float(sum(counts[i] for i in top))
    if transformer is not None:
        values.update(_transformer_values(*transformer, len(lead)))
    return Measured(values=values, matched=tuple((i, round(matches[i], 4)) for i in ranked))


def _transformer_values(claim_vector: FloatArray, body_vectors: FloatArray, lead: int) -> dict[str, float]:
    cosines = body_vectors @ claim_vector if len(body_vectors) else np.zeros(0, dtype=np.float32)
    best = sorted((float(value) for value in cosines), reverse=True)
    return {
        "transformer_best": best[0] if best else 0.0,
        "transformer_matched": _mean(best[:MATCHED_SENTENCES]),
        "transformer_lead": _mean([float(value) for value in cosines[:lead]]),
    }


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _body_cosine(claim_vector: FloatArray, body_vectors: FloatArray) -> float:
    if not len(body_vectors):
        return 0.0
    centre = body_vectors.mean(axis=0)
    norm = float(np.linalg.norm(centre))
    return float(centre @ claim_vector) / norm if norm else 0.0
