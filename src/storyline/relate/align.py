"""Sentence alignment between two documents, and the document relation it implies.

Each sentence of the shorter document is paired with at most one sentence of the other (greedy on
cosine similarity of transformer embeddings, best pairs first, above `align_threshold`). From
the alignment come the relation's features: the share of sentences aligned, how well their order
is kept (longest increasing run of aligned positions), and how many words the aligned pairs share.
Those decide the kind:

- `near_duplicate` / `exact_copy` come from shingles, before alignment (duplicates.py);
- `light_edit`: most sentences aligned, most words kept;
- `rewrite`: most sentences aligned in order, many words changed (a spun copy);
- `translation`: most sentences aligned in order, and either few words kept or numbers written in
  another locale's conventions in aligned sentences ("1,900" as "1.900", "7:40 p.m." as "19:40"):
  machine translation localises number formats, a spinner swapping synonyms does not;
- `rewrite` also when the two open with the same two sentences in other words (a rewritten lede)
  though the rest differs: two outlets each rewriting the same wire copy;
- `same_event`: a few sentences in common, most not: independent reports that share facts.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from storyline.config import RelateConfig

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_QUOTE = re.compile(r"[“\"]([^”\"]{12,300})[”\"]")
_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "to",
        "in",
        "on",
        "and",
        "or",
        "for",
        "with",
        "by",
        "at",
        "from",
        "as",
        "is",
        "was",
        "were",
        "are",
        "be",
        "been",
        "has",
        "have",
        "had",
        "that",
        "this",
        "it",
        "its",
        "their",
        "his",
        "her",
        "they",
        "he",
        "she",
        "which",
        "who",
        "will",
        "would",
        "said",
    ]
)


@dataclass(slots=True)
class Alignment:
    """Two documents' aligned sentences and what they say about how the documents are related."""

    pairs: list[tuple[int, int, float]] = field(default_factory=list)
    share: float = 0.0  # aligned sentences / sentences of the shorter document
    share_a: float = 0.0
    share_b: float = 0.0
    order: float = 0.0
    lexical: float = 0.0
    shared_quotes: list[str] = field(default_factory=list)
    #: Numbers one side writes in another locale's conventions: (as in a, as in b).
    localised: list[tuple[str, str]] = field(default_factory=list)

    def evidence(self, sentences_a: list[str], sentences_b: list[str], limit: int = 5) -> dict[str, Any]:
        best = sorted(self.pairs, key=lambda p: -p[2])[:limit]
        return {
            "aligned_sentences": len(self.pairs),
            "share_aligned": round(self.share, 3),
            "order_kept": round(self.order, 3),
            "words_shared": round(self.lexical, 3),
            "examples": [{"a": sentences_a[i], "b": sentences_b[j], "similarity": round(s, 3)} for i, j, s in best],
            "shared_quotes": self.shared_quotes[:limit],
            "shared_lede": shares_lede(self),
            "localised_numbers": [list(p) for p in self.localised[:limit]],
        }


def content_words(text: str) -> set[str]:
    return {w for w in (t.lower() for t in _WORD.findall(text)) if w not in _STOP}


def align(
    a: list[str], b: list[str], vec_a: npt.NDArray[np.float32], vec_b: npt.NDArray[np.float32], threshold: float
) -> Alignment:
    """Greedy one-to-one alignment of two documents' sentences on cosine similarity."""
    out = Alignment()
    if not a or not b:
        return out
    sims = vec_a @ vec_b.T
    order = np.argsort(-sims, axis=None)
    used_a: set[int] = set()
    used_b: set[int] = set()
    for flat in order:
        i, j = divmod(int(flat), sims.shape[1])
        score = float(sims[i, j])
        if score < threshold:
            break
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        out.pairs.append((i, j, score))
    return measured(a, b, out.pairs)


def measured(a: list[str], b: list[str], pairs: list[tuple[int, int, float]]) -> Alignment:
    """The alignment features of a set of sentence pairs (all aligned ones, or the confirmed)."""
    out = Alignment(pairs=sorted(pairs))
    n = len(out.pairs)
    if not a or not b:
        return out
    out.share_a, out.share_b = n / len(a), n / len(b)
    out.share = n / min(len(a), len(b))
    out.order = _increasing_share([j for _, j, _ in out.pairs])
    if n:
        overlaps = []
        for i, j, _ in out.pairs:
            wa, wb = content_words(a[i]), content_words(b[j])
            overlaps.append(len(wa & wb) / max(1, len(wa | wb)))
        out.lexical = float(np.mean(overlaps))
    out.localised = [found for i, j, _ in out.pairs for found in localised_numbers(a[i], b[j])]
    quotes_b = {_norm(q) for q in _QUOTE.findall(" ".join(b))}
    out.shared_quotes = [q for q in _QUOTE.findall(" ".join(a)) if _norm(q) in quotes_b]
    return out


_GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?:([.,])\d{3})+(?![\d.,]*\d)")
_CLOCK_12 = re.compile(r"\b(\d{1,2})[:.](\d{2})\s*([ap])\.?m\b", re.IGNORECASE)
_CLOCK_24 = re.compile(r"(?<![\d.:])([01]?\d|2[0-3])[:.](\d{2})(?!\s*[ap]\.?m)(?![\d])", re.IGNORECASE)


def localised_numbers(a: str, b: str) -> list[tuple[str, str]]:
    """Numbers two aligned sentences write in different locale conventions: a thousands separator
    swapped ("1,900" / "1.900") or a 12-hour clock against a 24-hour one ("7:40 p.m." / "19:40")."""
    found: list[tuple[str, str]] = []
    grouped_a = {m.group().replace(m.group(1), ""): (m.group(), m.group(1)) for m in _GROUPED.finditer(a)}
    for m in _GROUPED.finditer(b):
        digits = m.group().replace(m.group(1), "")
        if digits in grouped_a and grouped_a[digits][1] != m.group(1):
            found.append((grouped_a[digits][0], m.group()))
    for x, y in ((a, b), (b, a)):
        clocks_24 = {(int(h), mm): t.group() for t in _CLOCK_24.finditer(y) for h, mm in [t.groups()]}
        for t in _CLOCK_12.finditer(x):
            hour = int(t.group(1)) % 12 + (12 if t.group(3).lower() == "p" else 0)
            if hour >= 13 and (hour, t.group(2)) in clocks_24:
                pair = (t.group(), clocks_24[(hour, t.group(2))])
                found.append(pair if x is a else (pair[1], pair[0]))
    return found


def _norm(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def _increasing_share(sequence: list[int]) -> float:
    """Share of the sequence in its longest increasing subsequence: 1.0 when order is kept."""
    if not sequence:
        return 0.0
    tails: list[int] = []
    for x in sequence:
        k = bisect_left(tails, x)
        if k == len(tails):
            tails.append(x)
        else:
            tails[k] = x
    return len(tails) / len(sequence)


def shares_lede(al: Alignment) -> bool:
    """Both documents open with the same two sentences, in other words: one wire lede rewritten.

    Independent reports of one event share facts, not their first two sentences in order.
    """
    aligned = {(i, j) for i, j, _ in al.pairs}
    return (0, 0) in aligned and (1, 1) in aligned


def relation_kind(al: Alignment, config: RelateConfig) -> str | None:
    """The relation an alignment shows, or None when the documents share (almost) nothing."""
    if al.share >= config.copy_min_share and al.order >= config.copy_min_order:
        if al.lexical >= config.light_edit_min_words:
            return "light_edit"
        if al.lexical >= config.rewrite_min_words and not al.localised:
            return "rewrite"
        return "translation"
    if shares_lede(al):
        return "rewrite"
    if len(al.pairs) >= config.same_event_min_sentences:
        return "same_event"
    return None
