"""Is one sentence a paraphrase of another? The relate stage's sentence-level rewrite decision.

Two sentences are paraphrases when they say the same thing: a rewrite, a spun copy, a translation
of one sentence. Being about the same topic is not enough, and neither is sharing most words:
numbers, names and negation that differ between them matter ("11 injured" is not "14 injured").

What the decision reads, per pair (a, b):

- **embeddings** (all-MiniLM-L6-v2, `embeddings.py`): the cosine of the sentence vectors, and an
  alignment of their word pieces (each contextual piece vector matched to its most similar piece
  in the other sentence, punctuation left out): the harmonic mean of the two sentences' mean
  best-match similarity (``alignment_f``, as BERTScore does), the smaller of the two means, the
  single worst-matched piece, and the larger share of pieces whose best match is below 0.6;
- **surface** (`sentence_contrast.py`): word, bigram and character 4-gram overlap, length ratio,
  longest common word subsequence, the share of content words and of information (wordfreq
  weights) each sentence leaves unmatched, and the amount of unmatched information;
- **mismatches** (`sentence_contrast.py`): a number or a name in each sentence that the other
  lacks, a number in one only, a negation in one only, and the substitutions of numbers and names
  that a word diff finds.

The **score** is a logistic regression over these 23 features (`paraphrase_model.py`), fitted on
the MRPC training file only (``evaluation/mrpc.py --fit`` rewrites `paraphrase_weights.py`; see
docs/quality.md for the figures). It learns MRPC's notion of a paraphrase, which forgives a
changed detail in a loose rewrite. On top of it, one rule the score cannot overrule: when the
pair is the same sentence but for a substituted number or name or a negation present in one
sentence only (at most ``RelateConfig.paraphrase_veto_max_other_words`` other content words
differ), the two sentences state different facts, and the decision is *not a paraphrase*; the
evidence names the conflict. The compare stage reads such pairs as conflicts.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from storyline.config import RelateConfig
from storyline.relate.embeddings import SentenceEncoding, encode_with_tokens
from storyline.relate.paraphrase_model import ParaphraseModel, load_model
from storyline.relate.sentence_contrast import SentenceContrast, contrast

FEATURES = (
    "cosine",
    "alignment_f",
    "alignment_min",
    "alignment_worst",
    "unaligned_share_max",
    "word_overlap",
    "bigram_overlap",
    "char_overlap",
    "length_ratio",
    "lcs_share",
    "unmatched_content_max",
    "unmatched_content_min",
    "informative_overlap",
    "unmatched_information_share_max",
    "unmatched_information_share_min",
    "unmatched_information",
    "unmatched_information_max",
    "number_conflict",
    "number_extra",
    "name_conflict",
    "negation_differs",
    "number_substitutions",
    "name_substitutions",
)
#: A word piece whose best match in the other sentence is less similar than this is unaligned.
UNALIGNED_BELOW = 0.6
PUNCTUATION = re.compile(r"^\W+$")


@dataclass(frozen=True, slots=True)
class EmbeddingSimilarity:
    """What the transformer says about a pair: sentence cosine and word-piece alignment."""

    cosine: float
    alignment_f: float
    alignment_min: float
    alignment_worst: float
    unaligned_share_max: float


@dataclass(frozen=True, slots=True)
class ParaphraseDecision:
    """The decision on one sentence pair, with everything it was decided on."""

    paraphrase: bool
    #: The model's probability that the pair is a paraphrase (before the conflict rule).
    score: float
    #: Why the decision is not a paraphrase despite the score, e.g. "number: 11 / 14"; empty if none.
    conflicts: tuple[str, ...]
    similarity: EmbeddingSimilarity
    contrast: SentenceContrast
    #: Each feature's value and its push on the logit (positive: towards paraphrase).
    features: dict[str, float] = field(repr=False)
    contributions: dict[str, float] = field(repr=False)

    def evidence(self) -> dict[str, Any]:
        """The decision as plain JSON-ready data, for relation evidence and reports."""
        return {
            "paraphrase": self.paraphrase,
            "score": round(self.score, 4),
            "conflicts": list(self.conflicts),
            "cosine": round(self.similarity.cosine, 4),
            "alignment": round(self.similarity.alignment_f, 4),
            "word_overlap": round(self.contrast.word_overlap, 4),
            "numbers_only": [list(side) for side in self.contrast.numbers_only],
            "names_only": [list(side) for side in self.contrast.names_only],
            "negated": list(self.contrast.negated),
            "substitutions": [asdict(substitution) for substitution in self.contrast.substitutions],
            "strongest_features": dict(
                sorted(((k, round(v, 3)) for k, v in self.contributions.items()), key=lambda kv: -abs(kv[1]))[:5]
            ),
        }


def is_paraphrase(a: str, b: str, config: RelateConfig | None = None) -> ParaphraseDecision:
    """Decide whether sentence ``b`` says what sentence ``a`` says (symmetric up to rounding)."""
    return decide_pairs([(a, b)], config)[0]


def decide_pairs(pairs: Sequence[tuple[str, str]], config: RelateConfig | None = None) -> list[ParaphraseDecision]:
    """Decide many pairs; each distinct sentence goes through the transformer once."""
    config = config or RelateConfig()
    return [
        decide(a, b, similarity, config)
        for (a, b), similarity in zip(pairs, embedding_similarities(pairs, config.encoder_batch_size), strict=True)
    ]


def embedding_similarities(pairs: Sequence[tuple[str, str]], batch_size: int = 64) -> list[EmbeddingSimilarity]:
    """The transformer's measurements of each pair (the slow part of a decision)."""
    sentences = sorted({sentence for pair in pairs for sentence in pair})
    encodings = dict(zip(sentences, encode_with_tokens(sentences, batch_size), strict=True))
    return [similarity(encodings[a], encodings[b]) for a, b in pairs]


def similarity(a: SentenceEncoding, b: SentenceEncoding) -> EmbeddingSimilarity:
    """Sentence cosine and the alignment of the two sentences' word pieces."""
    left, right = _content_pieces(a), _content_pieces(b)
    if not len(left) or not len(right):
        cosine = float(a.vector @ b.vector)
        return EmbeddingSimilarity(cosine, cosine, cosine, cosine, 0.0)
    matrix = left @ right.T
    best_left, best_right = matrix.max(axis=1), matrix.max(axis=0)
    precision, recall = float(best_left.mean()), float(best_right.mean())
    return EmbeddingSimilarity(
        cosine=float(a.vector @ b.vector),
        alignment_f=2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0,
        alignment_min=min(precision, recall),
        alignment_worst=float(min(best_left.min(), best_right.min())),
        unaligned_share_max=float(max((best_left < UNALIGNED_BELOW).mean(), (best_right < UNALIGNED_BELOW).mean())),
    )


def decide(
    a: str,
    b: str,
    measured: EmbeddingSimilarity,
    config: RelateConfig | None = None,
    model: ParaphraseModel | None = None,
) -> ParaphraseDecision:
    """The decision from the transformer's measurements and the surface contrast of the pair.

    ``model`` defaults to the shipped weights; evaluation passes a model refitted on a split.
    """
    config = config or RelateConfig()
    found = contrast(a, b)
    values = feature_values(measured, found)
    model = model or shipped_model()
    score = model.probability(values)
    conflicts = conflicts_of(found, config)
    return ParaphraseDecision(
        paraphrase=score >= config.paraphrase_threshold and not conflicts,
        score=score,
        conflicts=conflicts,
        similarity=measured,
        contrast=found,
        features=values,
        contributions=model.contributions(values),
    )


def feature_values(measured: EmbeddingSimilarity, found: SentenceContrast) -> dict[str, float]:
    """The model's inputs, by name (`FEATURES`)."""
    substitutions = [substitution.kind for substitution in found.substitutions]
    return {
        "cosine": measured.cosine,
        "alignment_f": measured.alignment_f,
        "alignment_min": measured.alignment_min,
        "alignment_worst": measured.alignment_worst,
        "unaligned_share_max": measured.unaligned_share_max,
        "word_overlap": found.word_overlap,
        "bigram_overlap": found.bigram_overlap,
        "char_overlap": found.char_overlap,
        "length_ratio": found.length_ratio,
        "lcs_share": found.lcs_share,
        "unmatched_content_max": found.unmatched_content_max,
        "unmatched_content_min": found.unmatched_content_min,
        "informative_overlap": found.informative_overlap,
        "unmatched_information_share_max": found.unmatched_information_share_max,
        "unmatched_information_share_min": found.unmatched_information_share_min,
        # Logarithms: the tenth unmatched word says less than the first.
        "unmatched_information": math.log1p(found.unmatched_information),
        "unmatched_information_max": math.log1p(found.unmatched_information_max),
        "number_conflict": float(found.number_conflict),
        "number_extra": float(found.number_extra),
        "name_conflict": float(found.name_conflict),
        "negation_differs": float(found.negation_differs),
        "number_substitutions": float(substitutions.count("number")),
        "name_substitutions": float(substitutions.count("name")),
    }


@lru_cache(maxsize=1)
def shipped_model() -> ParaphraseModel:
    """The fitted weights shipped in the package, checked against `FEATURES`."""
    return load_model(FEATURES)


def conflicts_of(found: SentenceContrast, config: RelateConfig) -> tuple[str, ...]:
    """The veto: the details that make a pair the same sentence but for a number, a name or a negation."""
    if found.other_differences > config.paraphrase_veto_max_other_words:
        return ()
    conflicts = [
        f"{substitution.kind}: {substitution.a} / {substitution.b}"
        for substitution in found.substitutions
        if substitution.kind in config.paraphrase_veto_kinds
    ]
    if found.negation_differs and "negation" in config.paraphrase_veto_kinds:
        side = "first" if found.negated[0] else "second"
        conflicts.append(f"negation: only the {side} sentence is negated")
    return tuple(conflicts)


def _content_pieces(encoding: SentenceEncoding) -> np.ndarray[Any, np.dtype[np.float32]]:
    keep = [i for i, piece in enumerate(encoding.pieces) if not PUNCTUATION.match(piece)]
    return encoding.tokens[keep] if keep else encoding.tokens
