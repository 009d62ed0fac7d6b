"""Language identification, so that non-English pages are stored and marked, not mis-annotated.

py3langid (langid.py's model, shipped in the package) classifies the clean text; a page is
annotated by the English pipeline only when it is identified as English.
"""

from __future__ import annotations

from dataclasses import dataclass

import py3langid

_SAMPLE_CHARS = 3000


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    code: str
    score: float


def identify(text: str) -> LanguageGuess:
    """The language of a text (ISO 639-1 code) and langid's score for it."""
    code, score = py3langid.classify(text[:_SAMPLE_CHARS])
    return LanguageGuess(str(code), float(score))
