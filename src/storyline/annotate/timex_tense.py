"""Sentences and their tense, cheaply: what "on Tuesday" needs to know to pick last or next Tuesday.

Sentence boundaries are found with one regex (a full stop, question or exclamation mark followed
by a capitalised word, unless the dot ends a known abbreviation such as "Oct." or "p.m."; or a
blank line). The tense of an expression is read from the nearest tense cue in its sentence: "will",
"is to", "to be", "next", "scheduled", "effective"... mark the future; "said", "was", a verb in -ed
mark the past, but not a participle after "be" ("will be named": a passive) or after an article
or a possessive ("the increased dividend": an adjective). A date right after "by" is a deadline,
still to come unless its clause is firmly past ("had filed by Wednesday"). Otherwise the nearest
cue in the expression's own clause wins, else the nearest in its sentence ("said Tuesday it
will..." is past; "arrived on Tuesday and will leave" too), since a sentence often mixes both. A
caller with a parser can pass its own `tense_hint(offset)` instead.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

_BOUNDARY = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"“'‘(\[]?[A-Z])|\n\s*\n")
_ABBREVIATION = re.compile(
    r"(?:\b(?:[A-Z]|Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Gov|Sen|Rep|Lt|Col|Sgt|Capt|Prof|Inc|Co|Corp|Ltd|No|Jan|Feb|Mar|Apr|Jun"
    r"|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun|U\.S|U\.N|a\.m|p\.m|vs|etc|approx)\.)$"
)
_CUES = re.compile(
    r"(?P<future>\b(?:will|won't|shall|is\s+to|are\s+to|am\s+to|to\s+be|next(?!\s+to\b)|scheduled|upcoming|going\s+to"
    r"|plans?\s+to|planning\s+to|expected\s+to|expects?\s+to|set\s+to|due\s+to|intends?\s+to"
    r"|hopes?\s+to|slated|would|might|as\s+early\s+as|as\s+soon\s+as|tomorrow|effective)\b|'ll\b|’ll\b)"
    r"|(?P<past>\b(?:said|told|was|were|had|did|ago|last|yesterday|earlier|since|went|came|met|took|made|gave|began|fell"
    r"|rose|left|held|won|lost|sent|saw|got|found|became|spoke|wrote|brought|bought|sold|paid|led|fought|flew|ran"
    r"|struck|tore|shot|broke|blew|threw|drove|stood|thought|caught|fled|kept|felt|heard|meant|sat|chose|rode|woke"
    r"|shook|hid|fed|spent|built|dealt|hung|laid|sought|swept|swung|understood|withdrew|drew|grew|knew|arose"
    r"|underwent|ate|forgot|(?-i:[a-z]{3,}ed))\b)",
    re.IGNORECASE,
)
#: Past cues that no story written ahead of its date uses for the day after: "was told Wednesday".
_FIRM_PAST = re.compile(r"\b(?:said|says|told|was|were|had|did|ago|last|yesterday|earlier)\b", re.IGNORECASE)
#: A participle after a present or bare "be" is a passive, not a past ("will be named", "is held");
#: one after an article or a possessive is an adjective ("a still unspecified date", "the increased dividend").
_NOT_A_PAST_VERB_BEFORE = re.compile(
    r"\b(?:be|being|is|are|am|get|gets|a|an|the|its|their|his|her|our|your|my)\s+(?:(?:\w+ly|still|not|yet)\s+)?$",
    re.IGNORECASE,
)
_DEADLINE_BEFORE = re.compile(r"\bby\s+$", re.IGNORECASE)
_CLAUSE = re.compile(
    r"[,;:—\"“”]|''|``|\s-\s|\b(?:and|but|while|whereas|that|which|who|because|although|though)\b", re.IGNORECASE
)
_NOT_PAST = frozenset(
    {
        "scheduled",
        "expected",
        "planned",
        "slated",
        "proposed",
        "intended",
        "anticipated",
        "need",
        "speed",
        "feed",
        "seed",
        "proceed",
        "succeed",
        "exceed",
        "indeed",
        "red",
        "bed",
        "hundred",
    }
)


class SentenceTense:
    """Sentence spans of one text, and the tense around an expression in it."""

    def __init__(self, text: str, hint: Callable[[int], str] | None = None) -> None:
        self.text = text
        self.hint = hint
        self._starts: list[int] | None = None

    @property
    def starts(self) -> list[int]:
        if self._starts is None:
            starts = [0]
            for m in _BOUNDARY.finditer(self.text):
                if m.group(0)[0] == "." and _ABBREVIATION.search(self.text, max(0, m.start() - 6), m.start() + 1):
                    continue
                starts.append(m.end())
            self._starts = starts
        return self._starts

    def sentence(self, offset: int) -> tuple[int, int]:
        starts = self.starts
        i = bisect.bisect_right(starts, offset) - 1
        end = starts[i + 1] if i + 1 < len(starts) else len(self.text)
        return starts[i], end

    def same_sentence(self, a: int, b: int) -> bool:
        return self.sentence(a) == self.sentence(b)

    def adjacent_sentences(self, a: int, b: int) -> bool:
        """Whether offset `b` is in the sentence of offset `a` or in the one after it."""
        return 0 <= bisect.bisect_right(self.starts, b) - bisect.bisect_right(self.starts, a) <= 1

    def at(self, start: int, end: int) -> str:
        """ "past", "future" or "unknown" for the expression at text[start:end]."""
        if self.hint is not None:
            return self.hint(start)
        s_start, s_end = self.sentence(start)
        c_start, c_end = self._clause(start, end, s_start, s_end)
        if _DEADLINE_BEFORE.search(self.text, max(0, start - 5), start) and not self.firm_past(start, end):
            return "future"  # "pay down the loan by February": a deadline, unless "had filed by Wednesday"
        return (
            self._nearest_cue(start, end, c_start, c_end) or self._nearest_cue(start, end, s_start, s_end) or "unknown"
        )

    def firm_past(self, start: int, end: int) -> bool:
        """Whether the expression's clause has a past cue stronger than a verb in -ed ("was", "said")."""
        if self.hint is not None:
            return self.hint(start) == "past"
        s_start, s_end = self.sentence(start)
        c_start, c_end = self._clause(start, end, s_start, s_end)
        return any(not (start <= m.start() < end) for m in _FIRM_PAST.finditer(self.text, c_start, c_end))

    def _clause(self, start: int, end: int, s_start: int, s_end: int) -> tuple[int, int]:
        before = [m.end() for m in _CLAUSE.finditer(self.text, s_start, start)]
        after = _CLAUSE.search(self.text, end, s_end)
        return (before[-1] if before else s_start), (after.start() if after else s_end)

    def _nearest_cue(self, start: int, end: int, s_start: int, s_end: int) -> str:
        best: tuple[int, str] | None = None
        for m in _CUES.finditer(self.text, s_start, s_end):
            if start <= m.start() < end:
                continue
            if m.group("past") and not _past_verb(self.text, m):
                continue
            tense = "future" if m.group("future") else "past"
            distance = start - m.end() if m.end() <= start else m.start() - end
            if best is None or distance < best[0]:
                best = (distance, tense)
        return best[1] if best else ""


def _past_verb(text: str, cue: re.Match[str]) -> bool:
    """Whether a past cue is a verb in the past: not "scheduled", "will be named", "the increased dividend"."""
    if cue.group(0).lower() in _NOT_PAST:
        return False
    return _NOT_A_PAST_VERB_BEFORE.search(text, max(0, cue.start() - 30), cue.start()) is None
