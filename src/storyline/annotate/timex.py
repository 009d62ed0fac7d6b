"""Temporal expressions in raw text, normalised to TIMEX3 values against an anchor date.

A rule-based tagger in the spirit of HeidelTime and SUTime, for news. `find_time_expressions`
runs in four steps:

1. **spot** — every rule (`timex_rules_dates`, `timex_rules_periods`, `timex_rules_relative`,
   `timex_rules_amounts`, `timex_anniversary`) proposes candidate spans with what they say (a month
   and day, a weekday, "last" + a unit, an amount of a unit...). A rule's pattern only runs around
   the hits of its cheap trigger. Modifiers that TIMEX3 keeps inside the span are then taken in
   from the left ("early", "the end of", "nearly", "more than").
2. **select** — the longest candidates win, so "July 27, 1953" beats "1953" and "three years ago"
   beats "three years"; what is left never overlaps.
3. **resolve** — in text order, each expression gets its value from the anchor, from the date the
   text last gave (anaphora: "the next day", "a year earlier"), and from the tense of its clause
   (bare weekdays and yearless dates). See `timex_resolve` and `timex_tense`.
4. **anniversaries** — "the 70th anniversary of the armistice" is resolved when the text gives the
   date of its subject (see `timex_anniversary`); otherwise the value stays "" and `anniversary`
   carries (70, "the armistice") for a caller that knows more. "the day after" directly before
   another expression is counted from that expression, once that one is resolved.

Conventions, where TIMEX3 leaves a choice: year ranges ("the 1950-53 Korean War") give two
matches, one per end ("1950", and "53" with value "1953"); decades are "195", centuries "19",
but durations of decades are counted in years ("two decades": P20Y);
parts of a day are TIME values ("2023-07-25TEV"); "Easter week" is the ISO week of Easter Sunday;
"that day" after a month or a year the text named is an unknown day of it ("1998-10-XX");
"today's" is the day only before a dated thing ("today's editions", not "today's world");
ages ("a 6-year-old") are not durations; a
dateline's date ("WASHINGTON, August 11 (Xinhua)") is a date like any other; a bare weekday that is
the day after the anchor is that day unless its clause is firmly past (wires date stories a day
early: "headed Tuesday" in a Monday story).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

# The rule modules register their rules on import.
from storyline.annotate import (  # noqa: F401
    timex_rules_amounts,
    timex_rules_dates,
    timex_rules_periods,
    timex_rules_relative,
)
from storyline.annotate.timex_anniversary import resolve_anniversary
from storyline.annotate.timex_calendar import GRANULARITY, Point
from storyline.annotate.timex_resolve import Context, Resolution, resolve
from storyline.annotate.timex_rules import RULES, Candidate, Rule
from storyline.annotate.timex_tense import SentenceTense
from storyline.model import Granularity

__all__ = ["TimexMatch", "TimexScan", "find_time_expressions", "resolve_scan", "scan"]


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
_STARTS_WITH_AMOUNT = re.compile(
    r"(?:\d|an?\b|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty"
    r"|forty|fifty|sixty|seventy|eighty|ninety|hundred|several|a few|dozens)",
    re.I,
)


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_WINDOW_EDGE = 30  # a match ending this close to a window's end is matched again on the whole text
#: Characters that a case-insensitive pattern matches to an ASCII letter (İ ı ſ and the Kelvin
#: sign): in a text with one, a rule's `requires` on the ASCII-lowered text could miss a match.
_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")


class _Hits:
    """Where a rule's `requires` matches in the lowered text, to tell whether a window has a hit."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]  # hits do not overlap, so these are sorted too

    def overlap(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.ends, start)
        return i < len(self.starts) and self.starts[i] < end


def _rule_matches(
    rule: Rule, text: str, hits: list[tuple[int, int]], required: _Hits | None = None
) -> Iterator[re.Match[str]]:
    """The rule's pattern matches, searched only around its trigger's hits.

    With `required` (the hits of the rule's `requires`), a window that no hit overlaps is skipped:
    every match lies inside its window and holds a hit.
    """
    windows: list[list[int]] = []
    for hit_start, hit_end in hits:
        start, end = max(0, hit_start - rule.before), min(len(text), hit_end + rule.after)
        if windows and start <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], end)
        else:
            windows.append([start, end])
    for start, end in windows:
        if required is not None and not required.overlap(start, end):
            continue
        for m in rule.pattern.finditer(text, start, end):
            if end < len(text) and m.end() > end - _WINDOW_EDGE:
                whole = rule.pattern.match(text, m.start())  # the window's end may have cut it short
                if whole is None:
                    continue
                m = whole
            yield m


def spot(text: str) -> list[Candidate]:
    """Every candidate every rule proposes, modifiers included; they may overlap."""
    lowered = text.translate(_ASCII_LOWER)
    found: list[Candidate] = []
    seen: set[tuple[int, int, str]] = set()
    triggered: dict[str, list[tuple[int, int]]] = {}
    requirements: dict[str, _Hits] = {}
    use_requirements = _FOLDS_TO_ASCII.search(text) is None
    for rule in RULES:
        hits = triggered.get(rule.trigger.pattern)
        if hits is None:
            hits = triggered[rule.trigger.pattern] = [h.span() for h in rule.trigger.finditer(lowered)]
        if not hits:
            continue
        required = None
        if rule.requires is not None and use_requirements:
            required = requirements.get(rule.requires.pattern)
            if required is None:
                required = requirements[rule.requires.pattern] = _Hits(
                    [h.span() for h in rule.requires.finditer(lowered)]
                )
        for m in _rule_matches(rule, text, hits, required):
            for c in rule.spot(m):
                key = (c.start, c.end, c.rule)
                if key not in seen:
                    seen.add(key)
                    found.append(c)
    for c in found:
        window = text[max(0, c.start - 40) : c.start]
        if c.type == "DURATION" or (c.kind == "offset" and _STARTS_WITH_AMOUNT.match(text, c.start)):
            if text[c.start : c.start + 4].lower() != "the " or not window.lower().endswith("over "):
                modifier = _AMOUNT_MODIFIER.search(window)
                if modifier:
                    c.start -= len(window) - modifier.start()
        elif c.type in ("DATE", "TIME") and c.kind not in ("fixed", "anniversary"):
            modifier = _DATE_MODIFIER.search(window)
            if modifier:
                c.start -= len(window) - modifier.start()
    return found


def select(candidates: list[Candidate]) -> list[Candidate]:
    """Longest first (then the rule's priority, then the earliest); no two chosen spans overlap."""
    chosen: list[Candidate] = []
    for c in sorted(candidates, key=lambda c: (-(c.end - c.start), -c.priority, c.start)):
        if all(c.end <= o.start or c.start >= o.end for o in chosen):
            chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


@dataclass(frozen=True, slots=True)
class TimexScan:
    """What spotting and selection found in a text: everything that does not depend on the anchor."""

    text: str
    candidates: list[Candidate]
    chosen: list[Candidate]
    #: The text as given, when scanning folded some of its characters (`_FOLD`); else None.
    source: str | None = None


#: Characters that case-insensitive patterns match as ASCII letters but that `str.lower` does not
#: turn into them (long s, Kelvin sign, dotted and dotless I): folded one for one before scanning,
#: so offsets stay put and a matched unit word is always one the lexicon knows.
_FOLD = str.maketrans({"ſ": "s", "\u212a": "k", "İ": "I", "ı": "i"})


def scan(text: str) -> TimexScan:
    """Spot and select (steps 1 and 2), once per text, whatever anchor it is resolved against later."""
    folded = text.translate(_FOLD)
    candidates = spot(folded)
    return TimexScan(folded, candidates, select(candidates), text if folded != text else None)


def find_time_expressions(
    text: str,
    anchor: dt.date | None,
    *,
    tense_hint: Callable[[int], str] | None = None,
    anniversaries: bool = True,
) -> list[TimexMatch]:
    """All temporal expressions in `text`, in order, non-overlapping, resolved against `anchor`.

    With `anniversaries=False` the output is TIMEX3 only: TimeML annotates "the 50th anniversary"
    as an event, not a time expression; the pipeline keeps them to infer publication dates.
    """
    matches = resolve_scan(scan(text), anchor, tense_hint=tense_hint)
    return matches if anniversaries else [m for m in matches if m.rule != "anniversary"]


def resolve_scan(
    scanned: TimexScan, anchor: dt.date | None, *, tense_hint: Callable[[int], str] | None = None
) -> list[TimexMatch]:
    """A scan's expressions resolved against `anchor` (steps 3 and 4); the scan can be resolved again."""
    text, candidates, chosen = scanned.text, scanned.candidates, scanned.chosen
    sentences = SentenceTense(text, tense_hint)
    ctx = Context(anchor, sentences.at, sentences.same_sentence, sentences.firm_past, sentences.adjacent_sentences)
    results: list[Resolution] = []
    for i, c in enumerate(chosen):
        if c.kind == "anniversary" or (c.kind == "around" and _adjacent(text, c, chosen, i)):
            results.append(Resolution("", None, False))  # filled in below, once what follows is known
            continue
        r = resolve(c, ctx, _day_after_clock(text, c, chosen, i, ctx, sentences))
        results.append(r)
        if r.point is not None and c.kind in ("date", "weekday", "deictic", "time"):
            ctx.last = (r.point, r.relative, c.start)
            if r.point.grain == "quarter":
                ctx.last_quarter = (r.point, r.relative)
    anniversaries: dict[int, tuple[tuple[int, str], str | None]] = {}
    subjects: dict[int, tuple[str, Point | None]] = {}
    for i, c in enumerate(chosen):
        if c.kind == "anniversary":
            found = resolve_anniversary(text, c, candidates, chosen, results, anchor, sentences, subjects)
            results[i], anniversaries[i] = found
    for i, c in enumerate(chosen):
        if c.kind == "around" and _adjacent(text, c, chosen, i):
            following = results[i + 1]
            base = (following.point, following.relative) if following.point is not None else None
            results[i] = resolve(c, ctx, base) if base else Resolution("", None, following.relative)
    matches = [
        _match(text, c, r, anchor, anniversaries.get(i)) for i, (c, r) in enumerate(zip(chosen, results, strict=True))
    ]
    source = scanned.source
    return matches if source is None else [replace(m, text=source[m.start : m.end]) for m in matches]


_CLOCK_TO_DAY_GAP = re.compile(r"[\s,]*(?:\([^()]{0,20}\)[\s,]*)?(?:on\s+)?")


def _day_after_clock(
    text: str, c: Candidate, chosen: list[Candidate], i: int, ctx: Context, sentences: SentenceTense
) -> tuple[Point, bool] | None:
    """The day named right after a bare clock time, resolved on its own."""
    if c.kind != "time" or c.parsed.inner is not None or i + 1 >= len(chosen):
        return None
    following = chosen[i + 1]
    gap = _CLOCK_TO_DAY_GAP.match(text, c.end, following.start)
    if gap is None or gap.end() != following.start or following.kind not in ("weekday", "date", "deictic"):
        return None
    r = resolve(following, ctx)
    return (r.point, r.relative) if r.point is not None else None


def _adjacent(text: str, c: Candidate, chosen: list[Candidate], i: int) -> bool:
    return i + 1 < len(chosen) and not text[c.end : chosen[i + 1].start].strip()


def _match(
    text: str,
    c: Candidate,
    r: Resolution,
    anchor: dt.date | None,
    anniversary: tuple[tuple[int, str], str | None] | None,
) -> TimexMatch:
    type_ = c.type
    if r.point is not None and r.point.clock:
        type_ = "TIME"
    granularity = None
    if type_ in ("DATE", "TIME"):
        granularity = r.point.granularity if r.point is not None else GRANULARITY.get(r.grain or "")
    relative = r.relative
    return TimexMatch(
        start=c.start,
        end=c.end,
        text=text[c.start : c.end],
        type=type_,
        value=r.value,
        granularity=granularity,
        anchor=anchor.isoformat() if relative and anchor is not None else None,
        rule=c.rule,
        relative=relative,
        anniversary=anniversary[0] if anniversary else None,
        base_date=anniversary[1] if anniversary else None,
    )
