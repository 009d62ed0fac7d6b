"""Temporal expressions in raw text, normalised to TIMEX3 values against an anchor date.

A rule-based tagger in the spirit of HeidelTime and SUTime, for news. `find_time_expressions`
runs in four steps:

1. **spot** — every rule of `timex_rules` and `timex_rules_more` proposes candidate spans with what
   they say (a month and day, a weekday, "last" + a unit, an amount of a unit...). Modifiers that
   TIMEX3 keeps inside the span are then taken in from the left ("early", "the end of", "nearly",
   "more than").
2. **select** — the longest candidates win, so "July 27, 1953" beats "1953" and "three years ago"
   beats "three years"; what is left never overlaps.
3. **resolve** — in text order, each expression gets its value from the anchor, from the date the
   text last gave (anaphora: "the next day", "a year earlier"), and from the tense of its sentence
   (bare weekdays and yearless dates). See `timex_resolve`.
4. **anniversaries** — "the 70th anniversary of the armistice" is resolved when the text gives the
   date of its subject, inside the phrase ("of the 1953 armistice"), right after it ("the
   armistice that was signed on July 27, 1953") or beside another mention of the subject's head
   noun; the base year plus the ordinal must then land within a year of the anchor. Otherwise the
   value stays "" and `anniversary` carries (70, "the armistice") for a caller that knows more.

Year ranges ("the 1950-53 Korean War") give two matches, one per end: "1950" and "53" (value
"1953"). "the day after" directly before another expression is counted from that expression.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from storyline.annotate import timex_rules_more  # noqa: F401  (registers its rules)
from storyline.annotate.timex_calendar import Point, shift
from storyline.annotate.timex_resolve import Context, Resolution, resolve
from storyline.annotate.timex_rules import RULES, Candidate
from storyline.annotate.timex_tense import SentenceTense
from storyline.model import Granularity

__all__ = ["TimexMatch", "find_time_expressions"]


@dataclass(frozen=True, slots=True)
class TimexMatch:
    """One temporal expression: where it is, its TIMEX3 type and value, and how it was found."""

    start: int
    end: int
    text: str
    type: str  # "DATE" | "TIME" | "DURATION" | "SET"
    value: str  # TIMEX3 value; "" when it cannot be resolved
    granularity: Granularity | None
    anchor: str | None  # ISO date the value was resolved against (None when it does not depend on it)
    rule: str
    relative: bool
    anniversary: tuple[int, str] | None = None
    base_date: str | None = None


_DATE_MODIFIER = re.compile(
    r"(?:\b(?:early|late|mid|earlier|later|around|about|approximately|the\s+(?:very\s+)?(?:end|beginning|start|middle"
    r"|close|turn)\s+of)\s+|\bmid-)$",
    re.IGNORECASE,
)
_AMOUNT_MODIFIER = re.compile(
    r"\b(?:about|around|approximately|roughly|nearly|almost|some|more\s+than|less\s+than|fewer\s+than|at\s+least"
    r"|at\s+most|no\s+more\s+than|no\s+less\s+than|up\s+to|close\s+to|upwards\s+of|well\s+over|over|under)\s+$",
    re.IGNORECASE,
)
_STARTS_WITH_AMOUNT = re.compile(r"(?:\d|an?\b|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty"
                                 r"|forty|fifty|sixty|seventy|eighty|ninety|hundred|several|a few|dozens)", re.I)  # fmt: skip


def spot(text: str) -> list[Candidate]:
    """Every candidate every rule proposes, modifiers included; they may overlap."""
    found: list[Candidate] = []
    for _, pattern, spotter in RULES:
        for m in pattern.finditer(text):
            found.extend(spotter(m))
    for c in found:
        window = text[max(0, c.start - 40):c.start]
        if c.type == "DURATION" or (c.kind == "offset" and _STARTS_WITH_AMOUNT.match(text, c.start)):
            if text[c.start:c.start + 4].lower() != "the " or not window.lower().endswith("over "):
                m = _AMOUNT_MODIFIER.search(window)
                if m:
                    c.start -= len(window) - m.start()
        elif c.type in ("DATE", "TIME") and c.kind not in ("fixed", "anniversary"):
            m = _DATE_MODIFIER.search(window)
            if m:
                c.start -= len(window) - m.start()
    return found


def select(candidates: list[Candidate]) -> list[Candidate]:
    """Longest first (then the rule's priority, then the earliest); no two chosen spans overlap."""
    chosen: list[Candidate] = []
    for c in sorted(candidates, key=lambda c: (-(c.end - c.start), -c.priority, c.start)):
        if all(c.end <= o.start or c.start >= o.end for o in chosen):
            chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


def find_time_expressions(
    text: str, anchor: dt.date | None, *, tense_hint: Callable[[int], str] | None = None
) -> list[TimexMatch]:
    """All temporal expressions in `text`, in order, non-overlapping, resolved against `anchor`."""
    candidates = spot(text)
    chosen = select(candidates)
    sentences = SentenceTense(text, tense_hint)
    ctx = Context(anchor, sentences.at, sentences.same_sentence)
    results: list[Resolution] = []
    for i, c in enumerate(chosen):
        if c.kind == "anniversary" or (c.kind == "around" and _adjacent(text, c, chosen, i)):
            results.append(Resolution("", None, False))  # filled in below, once what follows is known
            continue
        r = resolve(c, ctx)
        results.append(r)
        if r.point is not None and c.kind in ("date", "weekday", "deictic", "time"):
            ctx.last = (r.point, r.relative, c.start)
            if r.point.grain == "quarter":
                ctx.last_quarter = (r.point, r.relative)
    anniversaries: dict[int, tuple[tuple[int, str], str | None]] = {}
    for i, c in enumerate(chosen):
        if c.kind == "anniversary":
            results[i], anniversaries[i] = _anniversary(text, c, candidates, chosen, results, anchor, sentences)
    for i, c in enumerate(chosen):
        if c.kind == "around" and _adjacent(text, c, chosen, i):
            following = results[i + 1]
            base = (following.point, following.relative) if following.point is not None else None
            results[i] = resolve(c, ctx, base) if base else Resolution("", None, following.relative)
    return [_match(text, c, r, anchor, anniversaries.get(i)) for i, (c, r) in enumerate(zip(chosen, results, strict=True))]


def _adjacent(text: str, c: Candidate, chosen: list[Candidate], i: int) -> bool:
    return i + 1 < len(chosen) and not text[c.end:chosen[i + 1].start].strip()


def _match(text: str, c: Candidate, r: Resolution, anchor: dt.date | None,
           anniversary: tuple[tuple[int, str], str | None] | None) -> TimexMatch:  # fmt: skip
    type_ = c.type
    if r.point is not None and r.point.clock:
        type_ = "TIME"
    granularity = r.point.granularity if r.point is not None and type_ in ("DATE", "TIME") else None
    relative = r.relative
    return TimexMatch(
        start=c.start,
        end=c.end,
        text=text[c.start:c.end],
        type=type_,
        value=r.value,
        granularity=granularity,
        anchor=anchor.isoformat() if relative and anchor is not None else None,
        rule=c.rule,
        relative=relative,
        anniversary=anniversary[0] if anniversary else None,
        base_date=anniversary[1] if anniversary else None,
    )


def _anniversary(text: str, c: Candidate, candidates: list[Candidate], chosen: list[Candidate],
                 results: list[Resolution], anchor: dt.date | None, sentences: SentenceTense,
                 ) -> tuple[Resolution, tuple[tuple[int, str], str | None]]:  # fmt: skip
    """The anniversary's date when the text gives the date of its subject; else an unresolved value."""
    years = int(c.parsed.amount or 0)
    subject = c.parsed.subject or ""
    label = (years, subject)
    base = _base_date(text, c, candidates, chosen, results, anchor, sentences, years)
    if base is None:
        return Resolution("", None, False), (label, None)
    point = shift(base, years, "year")
    return Resolution(point.value, point, False), (label, base.value)


def _fits(base: Point, years: int, anchor: dt.date | None) -> bool:
    return anchor is None or abs(base.start.year + years - anchor.year) <= 1


def _base_date(text: str, c: Candidate, candidates: list[Candidate], chosen: list[Candidate],
               results: list[Resolution], anchor: dt.date | None, sentences: SentenceTense,
               years: int) -> Point | None:  # fmt: skip
    absolute = Context(None, lambda s, e: "unknown", sentences.same_sentence)
    inside = []
    for o in candidates:  # "the 70th anniversary of the 1953 armistice"
        if o is not c and c.start <= o.start and o.end <= c.end and o.kind == "date" and o.parsed.year is not None:
            r = resolve(o, absolute)
            if r.point is not None and _fits(r.point, years, anchor):
                inside.append(r.point)
    if inside:
        return min(inside, key=lambda p: (_GRAIN_ORDER.get(p.grain, 9), p.start))
    given = [(o, r.point) for o, r in zip(chosen, results, strict=True)
             if r.point is not None and not r.relative and o.kind == "date" and _fits(r.point, years, anchor)]  # fmt: skip
    s_start, s_end = sentences.sentence(c.start)
    for o, point in given:  # "...of the armistice that was signed on July 27, 1953"
        if c.end <= o.start < min(s_end, c.end + 160):
            return point
    head = _head_noun(c.parsed.subject or "")
    if not head:
        return None
    best: tuple[int, int, Point] | None = None
    for m in re.finditer(rf"\b{re.escape(head)}\b", text, re.IGNORECASE):
        if c.start <= m.start() < c.end:
            continue
        sentence = sentences.sentence(m.start())
        for o, point in given:
            if sentences.sentence(o.start) != sentence:
                continue
            distance = o.start - m.end() if o.start >= m.end() else m.start() - o.end
            if distance <= 120:
                key = (distance, _GRAIN_ORDER.get(point.grain, 9), point)
                if best is None or key[:2] < best[:2]:
                    best = key
    return best[2] if best else None


_GRAIN_ORDER = {"day": 0, "month": 1, "season": 2, "quarter": 2, "year": 3}
_HEAD_SKIP = frozenset("the a an of its his her their this that our".split())


def _head_noun(subject: str) -> str:
    words = [w.strip("'’\"") for w in subject.split() if w.lower() not in _HEAD_SKIP]
    words = [w for w in words if len(w) >= 3 and not w.isdigit()]
    return words[-1] if words else ""
