"""What a timeline query means in this corpus: its terms, and which documents match them.

A query is a few words ("oil spill"); a document matches when it contains every term. Users (and
data sets) also write topic labels rather than words: "LibyaWar", "bpoil", "Finan". A term the
corpus never uses is therefore read, in this order, as

1. the parts of a joined-up label, split at case changes and digits ("LibyaWar" → libya + war),
   when the corpus uses every part;
2. a run of words the corpus uses, written without spaces ("bpoil" → bp + oil), the split with the
   fewest parts and then the most frequent words;
3. a prefix of the words the corpus uses ("Finan" → financial, finance, ...), when it is at least
   ``prefix_min_chars`` long.

A split term matches a document holding all its parts; a prefix matches any of its words. Each
reading is kept with the term, so the command can show how the query was understood.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")


def words(text: str) -> list[str]:
    """Lower-cased words and numbers of a text (possessive endings dropped)."""
    return [w[:-2] if w.endswith(("'s", "’s")) else w for w in _WORD.findall(text.lower())]


@dataclass(frozen=True, slots=True)
class QueryTerm:
    """One term of the query and how the corpus reads it."""

    given: str
    #: "word" (used as given), "parts" (a joined-up label split), "run" (words written without
    #: spaces), "prefix" (a word start), or "unknown" (the corpus does not use it at all).
    reading: str
    #: A document matches when it holds one word of every group. A word's group holds the forms
    #: of it the corpus uses (same light stem: "library", "libraries"); a prefix is one group.
    groups: tuple[tuple[str, ...], ...]

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(g[0] for g in self.groups) if self.reading != "prefix" else self.groups[0]

    def matches(self, vocabulary: set[str]) -> bool:
        return bool(self.groups) and all(any(w in vocabulary for w in group) for group in self.groups)

    def describe(self) -> str:
        if self.reading == "word":
            forms = [w for g in self.groups for w in g]
            return self.given if len(forms) == len(self.groups) else f"{self.given} ({', '.join(forms)})"
        if self.reading == "prefix":
            shown = ", ".join(self.words[:5]) + (", ..." if len(self.words) > 5 else "")
            return f"{self.given} → any of {shown} (prefix)"
        if self.reading == "unknown":
            return f"{self.given} → not used in these documents"
        how = "label split" if self.reading == "parts" else "joined words"
        return f"{self.given} → {' + '.join(self.words)} ({how})"


def stem(word: str) -> str:
    """A light stem, only to match forms of a query word: plural and verb endings dropped."""
    for ending, replacement in (("ies", "y"), ("sses", "ss"), ("es", "e"), ("s", ""), ("ing", ""), ("ed", "")):
        if word.endswith(ending) and len(word) - len(ending) >= 3 and not word.endswith("ss"):
            return word[: -len(ending)] + replacement
    return word


def interpret(query: str, frequency: Counter[str], prefix_min_chars: int = 4) -> list[QueryTerm]:
    """The query's terms as the corpus reads them; `frequency` counts documents per word."""
    forms: dict[str, list[str]] = {}
    for w in sorted(frequency, key=lambda w: (-frequency[w], w)):
        forms.setdefault(stem(w), []).append(w)
    return [_read(raw, frequency, forms, prefix_min_chars) for raw in re.split(r"[\s,;]+", query) if words(raw)]


def _read(raw: str, frequency: Counter[str], forms: dict[str, list[str]], prefix_min_chars: int) -> QueryTerm:
    def groups(parts: list[str]) -> tuple[tuple[str, ...], ...] | None:
        found = [tuple(forms.get(stem(p), ())) for p in parts]
        return tuple(found) if all(found) else None

    given = words(raw)
    as_words = groups(given)
    if as_words:
        return QueryTerm(raw, "word", as_words)
    parts = groups([p.lower() for p in _CAMEL.findall(raw)])
    if parts and len(parts) > 1:
        return QueryTerm(raw, "parts", parts)
    joined = "".join(given)
    run = _split_run(joined, frequency)
    if run is not None:
        return QueryTerm(raw, "run", groups(list(run)) or tuple((w,) for w in run))
    if len(joined) >= prefix_min_chars:
        starts = sorted((w for w in frequency if w.startswith(joined)), key=lambda w: (-frequency[w], w))
        if starts:
            return QueryTerm(raw, "prefix", (tuple(starts),))
    return QueryTerm(raw, "unknown", ())


def _split_run(text: str, frequency: Counter[str]) -> tuple[str, ...] | None:
    """`text` as the fewest corpus words of two letters or more, the most frequent on ties."""
    # best[i]: the best split of text[:i] as (parts, -sum of frequencies, words).
    best: list[tuple[int, int, tuple[str, ...]] | None] = [None] * (len(text) + 1)
    best[0] = (0, 0, ())
    for end in range(2, len(text) + 1):
        for start in range(0, end - 1):
            head = best[start]
            piece = text[start:end]
            if head is None or piece not in frequency:
                continue
            option = (head[0] + 1, head[1] - frequency[piece], (*head[2], piece))
            current = best[end]
            if current is None or option[:2] < current[:2]:
                best[end] = option
    found = best[len(text)]
    return found[2] if found is not None and found[0] > 1 else None


def document_frequency(documents: Iterable[set[str]]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for vocabulary in documents:
        counts.update(vocabulary)
    return counts


def matches_all(terms: list[QueryTerm], vocabulary: set[str]) -> bool:
    """Whether a document with these words matches the query: every term (no terms: every document)."""
    return all(t.matches(vocabulary) for t in terms)
