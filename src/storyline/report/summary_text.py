"""Words of a summary candidate: content-word stems, concepts, and why a sentence is not summary material.

The summary measures what a sentence says by its content words (stop words dropped, a light
suffix-stripping stem so that "visit", "visits" and "visited" are one word) and by pairs of
consecutive content words, the "concepts" whose coverage the selection maximises; and by all of
its words (`tokens`, stop words kept), whose mix a summary should share with the documents. A
budgeted summary may end on a leading clause of a sentence (`clause_ends`). A sentence is
set aside before selection when it cannot stand alone in a summary: too short (a headline, a
caption, a quote fragment cut by the sentence splitter), too long (a run-on extraction error),
starting mid-sentence or inside a quotation, with unbalanced quotation marks, or carrying page
furniture (links, share and subscribe lines, copyright notices).
"""

from __future__ import annotations

import re
from itertools import pairwise

from spacy.lang.en.stop_words import STOP_WORDS
from wordfreq import zipf_frequency

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+(?:[.,]\d+)*")
_EXTRA_STOP = {"said", "says", "say", "told", "according", "also", "would", "could", "mr", "mrs", "ms", "s"}
STOP = frozenset({w.lower() for w in STOP_WORDS} | _EXTRA_STOP)

#: Page furniture that can survive cleaning inside a sentence.
_FURNITURE = re.compile(
    r"https?://|www\.|@\w|\b(?:click here|subscribe|sign up|newsletter|all rights reserved|copyright|"
    r"read more|share this|follow us|cookie|advertisement)\b",
    re.IGNORECASE,
)
_QUOTE_MARK = re.compile(r"``|''|[“”\"]")
_OPENING_QUOTES = ("``", "“", '"', "‘", "'", "`")
_TERMINAL = (".", "!", "?", '"', "”", "''", "’", ")")
#: Where a leading clause of a sentence can end: before a comma, semicolon or colon, or before a
#: dash set off by spaces (the wire services' " _ " included).
_CLAUSE_END = re.compile(r"[,;:](?= )| (?=[—–_-] )")


def stem(word: str) -> str:
    """A light English stem: enough to make plural and tense variants one concept."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    for suffix, repl, min_len in (
        ("ies", "y", 5),
        ("sses", "ss", 5),
        ("ing", "", 6),
        ("ed", "", 5),
        ("es", "", 5),
        ("s", "", 4),
    ):
        if w.endswith(suffix) and len(w) >= min_len and not (suffix == "s" and w.endswith("ss")):
            return w[: len(w) - len(suffix)] + repl
    return w


def words(text: str) -> list[str]:
    """All word tokens of a text, lowercased."""
    return [m.group(0).lower() for m in _WORD.finditer(text)]


def content_stems(text: str) -> list[str]:
    """The stems of the text's content words, in order (stop words and one-letter tokens dropped)."""
    return [stem(w) for w in words(text) if w not in STOP and len(w) > 1]


def tokens(text: str) -> list[str]:
    """The stems of all words of the text, stop words included: every word a reader counts."""
    return [stem(w) for w in words(text)]


def content_terms(text: str) -> list[tuple[str, str]]:
    """(word, stem) of each content word of the text, in order."""
    return [(w, stem(w)) for w in words(text) if w not in STOP and len(w) > 1]


def specificity(word: str) -> float:
    """How much more often a word appears in this text than in English at large: 7.5 minus its Zipf
    frequency (wordfreq), so "said" (6.0) weighs 1.5 and "apartheid" (3.6) 3.9: the topic's words."""
    return max(0.5, 7.5 - zipf_frequency(word, "en"))


def concepts(stems: list[str]) -> set[str]:
    """Content words and pairs of consecutive content words: what a sentence covers."""
    found = set(stems)
    found.update(f"{a} {b}" for a, b in pairwise(stems))
    return found


def rejection(text: str, min_words: int, max_words: int) -> str | None:
    """Why a sentence cannot stand alone in a summary, or None when it can."""
    stripped = text.strip()
    n = len(words(stripped))
    if n < min_words:
        return f"shorter than {min_words} words"
    if n > max_words:
        return f"longer than {max_words} words"
    if _FURNITURE.search(stripped):
        return "page furniture (link, share or copyright line)"
    first = stripped[0]
    if first.islower() or first in ",;:)]-–—":
        return "starts mid-sentence"
    if stripped.startswith(_OPENING_QUOTES):
        return "a quotation"
    if not stripped.endswith(_TERMINAL):
        return "does not end a sentence"
    if _unbalanced_quotes(stripped):
        return "a fragment of a quotation (unbalanced quotation marks)"
    return None


def clause_ends(text: str, min_words: int) -> list[int]:
    """Offsets where a leading clause of `text` ends: at least `min_words` words before it, and no
    quotation or parenthesis left open (a clause must read as a whole without what follows)."""
    ends = []
    for match in _CLAUSE_END.finditer(text):
        clause = text[: match.start()]
        if (
            len(words(clause)) >= min_words
            and not _unbalanced_quotes(clause)
            and clause.count("(") == clause.count(")")
        ):
            ends.append(match.start())
    return ends


def inside_quote_after(text: str, inside: bool) -> bool:
    """Whether a quotation is still open after `text`, given whether one was open before it.

    A sentence that starts inside an open quotation is a piece of someone's words, cut from its
    speaker and its context by the sentence splitter: not summary material.
    """
    for token in _QUOTE_MARK.findall(text):
        if token in ("“", "``"):
            inside = True
        elif token in ("”", "''"):
            inside = False
        else:
            inside = not inside
    return inside


def _unbalanced_quotes(text: str) -> bool:
    if text.count("``") != text.count("''"):
        return True
    if text.count("“") != text.count("”"):
        return True
    plain = text.replace("``", "").replace("''", "")
    return plain.count('"') % 2 == 1
