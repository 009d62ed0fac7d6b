"""Language identification, so that non-English pages are stored and marked, not mis-annotated.

py3langid (langid.py's model, shipped in the package) classifies the clean text with normalised
probabilities. A page is called non-English only when langid is confident (`min_confidence`):
short English news text full of foreign names ("Kim Jong Un met Sergei Shoigu in Kessel") is
easily mistaken for Afrikaans or Tagalog, and mis-marking English costs all of its annotation.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

_SAMPLE_CHARS = 3000


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    code: str
    probability: float
    confident: bool


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def identify(text: str, min_confidence: float = 0.9) -> LanguageGuess:
    """The language of a text (ISO 639-1 code), its probability, and whether that is confident."""
    code, probability = _identifier().classify(text[:_SAMPLE_CHARS])
    return LanguageGuess(str(code), float(probability), float(probability) >= min_confidence)
