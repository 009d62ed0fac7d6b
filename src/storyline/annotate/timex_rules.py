"""The spotting rules of the temporal tagger: where a temporal expression is, and what it says.

Each rule is a compiled pattern and a function that reads one match into `Candidate`s: a span,
a rule name, a TIMEX3 type, a `kind` naming how it is resolved (`timex_resolve`) and the parsed
fields (`Parsed`). Rules only read the text; they never look at the anchor date. Guards that keep
out the classic false friends (modal "may", "a protest march", "2,000 troops", "the 70th") live
with the rule they protect.

This module holds what every rule shares: the records, the registry and a few word helpers. The
rules themselves register from `timex_rules_dates` (explicit dates, months, years),
`timex_rules_periods` (quarters, seasons, holidays), `timex_rules_relative` (weekdays, deictic and
anaphoric expressions), `timex_rules_amounts` (clock times, durations, sets, vague references) and
`timex_anniversary`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field


@dataclass(slots=True)
class Parsed:
    """What a matched expression says, before any anchor is applied."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    grain: str | None = None  # an explicit grain: quarter, half, season, decade, century, week
    index: int | None = None  # the quarter or half number
    season: str | None = None
    rel: int | None = None  # -1 last, 0 this, +1 next
    year_shift: int | None = None  # the year relative to the anchor's ("January this year": 0)
    year_back: int = 0  # years back from the year otherwise found ("the year-ago third quarter": 1)
    unit: str | None = None  # a grain for deictic and offset expressions
    amount: float | None = None
    anaphoric: bool = False  # counted from the previous expression rather than from the anchor
    part: str | None = None  # part of day: MO, AF, EV, NI
    possessive: bool = False  # "Wednesday's ruling"
    clock: str | None = None  # "T10:30"
    value: str | None = None  # a value the rule fixes itself (references, durations, sets)
    holiday: str | None = None
    inner: Parsed | None = None  # the day a clock time is on
    inner_kind: str | None = None
    subject: str | None = None  # an anniversary's subject


@dataclass(slots=True)
class Candidate:
    start: int
    end: int
    kind: str
    type: str
    rule: str
    parsed: Parsed = field(default_factory=Parsed)
    priority: int = 0


Spotter = Callable[[re.Match[str]], Iterator[Candidate]]


@dataclass(frozen=True, slots=True)
class Rule:
    """A spotting rule: its pattern, and a cheap trigger that says where the pattern may match.

    The trigger is a plain lower-case regex run on the lower-cased text; the (case-insensitive,
    costlier) pattern then only runs in windows of `before` and `after` characters around each
    trigger hit, which keeps a whole article to a few milliseconds. `requires`, when a rule has
    one, is a lower-case regex that matches somewhere inside every match of the pattern (a word
    the pattern cannot do without, such as "quarter"); a window where it has no hit is skipped,
    which changes nothing but the time. It must use no `\b` or lookaround at its edges, so that a
    hit inside a match is a hit in the whole text too.
    """

    name: str
    pattern: re.Pattern[str]
    spot: Spotter
    trigger: re.Pattern[str]
    before: int
    after: int
    requires: re.Pattern[str] | None = None


RULES: list[Rule] = []


def rule(
    pattern: str, trigger: str, before: int, after: int, *, requires: str | None = None
) -> Callable[[Spotter], Spotter]:
    """Register a spotting function for `pattern` (compiled once, case-insensitive)."""

    def register(fn: Spotter) -> Spotter:
        compiled_trigger = re.compile(trigger.replace(" ", r"\s+"))
        needed = re.compile(requires) if requires is not None else None
        RULES.append(Rule(fn.__name__, re.compile(pattern, re.IGNORECASE), fn, compiled_trigger, before, after, needed))
        return fn

    return register


def make(
    m: re.Match[str], kind: str, type_: str, parsed: Parsed, rule_name: str, group: int | str = 0, priority: int = 0
) -> Candidate:
    start, end = m.span(group)
    return Candidate(start, end, kind, type_, rule_name, parsed, priority)


def word_before(text: str, start: int) -> str:
    """The word right before `start`, lower-cased ("" at the start of a sentence or text)."""
    m = _WORD_BEFORE.search(text, max(0, start - 30), start)
    return m.group(1).lower() if m else ""


def word_after(text: str, end: int) -> str:
    """The word right after `end`, as written ("" before punctuation)."""
    m = _WORD_AFTER.match(text, end)
    return m.group(1) if m else ""


_WORD_BEFORE = re.compile(r"([A-Za-z][\w'’.-]*)\s+$")
_WORD_AFTER = re.compile(r"[ \t]+([A-Za-z][\w'’-]*)")


#: Shared triggers: one scan of the text serves every rule that names the same trigger.
UNIT_TRIGGER = (
    r"second|minute|hour|day|night|week|month|quarter|year|decade|centur|millenni|fortnight|morning|afternoon"
    r"|evening|spring|summer|fall|autumn|winter|period"
)
YEAR_TRIGGER = r"(?<!\d)[12]\d{3}(?!\d)"


def words(text: str) -> frozenset[str]:
    """A word list written as one string."""
    return frozenset(text.split())


#: Words after which a bare month, season or year is a date ("in March", "since 1953").
TEMPORAL_PREPOSITIONS = words(
    "in since until till by from through to before after during of early late mid end beginning start middle "
    "between around throughout and or last next this every each for circa"
)
