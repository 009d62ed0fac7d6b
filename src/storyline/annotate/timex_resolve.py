"""Resolution of spotted temporal expressions to TIMEX3 values, given the anchor and the discourse so far.

Three sources of reference, as in HeidelTime's news mode: the anchor date (the publication date)
for deictic expressions ("yesterday", "last week", "two years ago"); the date the text last gave
for anaphoric ones ("the next day", "a year earlier", "that year"); and the sentence's tense for
yearless dates and bare weekdays ("on Tuesday" is the last Tuesday in a past-tense sentence and
the next one in a future-tense sentence). Without an anchor, deictic expressions get the value ""
or a partial value ("XXXX-03" for "in March"), so a later step can infer the anchor from them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace

from storyline.annotate.timex_calendar import (
    GRAIN_RANK,
    SEASON_MONTH,
    Point,
    choose_year,
    holiday,
    period,
    safe_date,
    shift,
    weekday_from,
)
from storyline.annotate.timex_rules import Candidate, Parsed


@dataclass(slots=True)
class Resolution:
    value: str
    point: Point | None = None
    relative: bool = False  # the value depends on the anchor
    grain: str | None = None  # the grain of a partial value without a point ("XXXX-03": month)


@dataclass(slots=True)
class Context:
    """What resolution may look at besides the expression itself."""

    anchor: dt.date | None
    tense: Callable[[int, int], str]  # (start, end) -> "past" | "future" | "unknown"
    same_sentence: Callable[[int, int], bool]
    firm_past: Callable[[int, int], bool] = lambda start, end: False  # "was", "said" in the clause
    adjacent_sentences: Callable[[int, int], bool] = lambda a, b: False  # b in a's sentence or the next
    last: tuple[Point, bool, int] | None = None  # the date the text last gave: point, relative, offset
    last_quarter: tuple[Point, bool] | None = None


UNRESOLVED = Resolution("", None, True)


def resolve(c: Candidate, ctx: Context, base: tuple[Point, bool] | None = None) -> Resolution:
    p = c.parsed
    if c.kind == "fixed":
        return Resolution(p.value or "")
    if c.kind == "date":
        return _date(p, c, ctx)
    if c.kind == "weekday":
        return _weekday(p, c, ctx)
    if c.kind == "deictic":
        return _deictic(p, c, ctx)
    if c.kind in ("offset", "around"):
        return _offset(p, c, ctx, base)
    if c.kind == "quarter_ref":
        return _quarter_ref(p, ctx)
    if c.kind == "time":
        return _time(p, c, ctx, base)
    return Resolution("")


def _with_part(point: Point, part: str | None) -> Point:
    return replace(point, clock=f"T{part}") if part else point


def _date(p: Parsed, c: Candidate, ctx: Context) -> Resolution:
    anchor = ctx.anchor
    if p.grain in ("decade", "century") and p.year is not None:
        return _absolute(Point(p.grain, dt.date(max(p.year, 1), 1, 1)))
    if p.grain in ("quarter", "half"):
        return _part_of_year(p, c, ctx)
    if p.grain == "season":
        return _season(p, c, ctx)
    if p.holiday:
        return _holiday(p, c, ctx)
    if p.year_shift is not None and p.year is None:
        if anchor is None:
            return UNRESOLVED
        first = dt.date(anchor.year + p.year_shift, p.month or 1, 1)
        return _relative(Point("month" if p.month else "year", first))
    if p.month is None:
        return _absolute(Point("year", dt.date(p.year, 1, 1))) if p.year else Resolution("")
    if p.year is not None:
        given = safe_date(p.year, p.month, p.day or 1)
        if given is None:
            return Resolution("")
        grain = p.grain or ("day" if p.day else "month")
        point = period(given, grain)
        return _absolute(replace(point, clock=p.clock or ""))
    if anchor is None:
        partial = f"XXXX-{p.month:02d}" + (f"-{p.day:02d}" if p.day else "")
        return Resolution(partial, None, True, "day" if p.day else "month")
    if p.rel is not None and p.day is None:
        year = _year_by_rel(anchor, p.month, p.rel)
    elif p.rel == -1 and p.day is not None:  # the last one on or before the anchor
        year = anchor.year if (p.month, p.day) <= (anchor.month, anchor.day) else anchor.year - 1
    else:
        year = choose_year(anchor, p.month, p.day, ctx.tense(c.start, c.end))
    chosen = safe_date(year, p.month, p.day or 1)
    if chosen is None:
        return UNRESOLVED
    return _relative(period(chosen, p.grain or ("day" if p.day else "month")))


def _year_by_rel(anchor: dt.date, month: int, rel: int) -> int:
    if rel < 0:
        return anchor.year if month < anchor.month else anchor.year - 1
    if rel > 0:
        return anchor.year if month > anchor.month else anchor.year + 1
    return anchor.year


def _absolute(point: Point) -> Resolution:
    return Resolution(point.value, point, False)


def _relative(point: Point) -> Resolution:
    return Resolution(point.value, point, True)


def _part_of_year(p: Parsed, c: Candidate, ctx: Context) -> Resolution:
    """Quarters and halves: "the third quarter" is this year's unless it has not begun yet."""
    grain, index = p.grain or "quarter", p.index or 1
    months = 3 if grain == "quarter" else 6
    code = "Q" if grain == "quarter" else "H"
    if p.year is not None:
        return _absolute(Point(grain, dt.date(p.year - p.year_back, (index - 1) * months + 1, 1)))
    anchor = ctx.anchor
    if anchor is None:
        return Resolution(f"XXXX-{code}{index}", None, True, grain)
    current = (anchor.month - 1) // months + 1
    if p.rel is not None:
        year = anchor.year + p.rel
    else:  # reports look back on quarters that are over: a quarter yet to come is last year's
        year = anchor.year
        if index > current and ctx.tense(c.start, c.end) != "future":
            year -= 1
    return _relative(Point(grain, dt.date(year - p.year_back, (index - 1) * months + 1, 1)))


def _season(p: Parsed, c: Candidate, ctx: Context) -> Resolution:
    code = p.season or "SU"
    if p.year is not None:
        return _absolute(Point("season", dt.date(p.year, SEASON_MONTH[code], 1), season=code))
    anchor = ctx.anchor
    if anchor is None:
        return Resolution(f"XXXX-{code}", None, True, "season")
    starts = [
        dt.date(y, SEASON_MONTH[code], 1) for y in (anchor.year - 2, anchor.year - 1, anchor.year, anchor.year + 1)
    ]
    now = period(anchor, "season").start
    if p.rel == -1:
        start = max(s for s in starts if s < now)
    elif p.rel == 1:
        start = min(s for s in starts if s > now)
    else:
        tense = "unknown" if p.rel == 0 else ctx.tense(c.start, c.end)
        ends = {s: shift(Point("month", s), 2, "month").start for s in starts}
        if tense == "past":
            start = max(s for s in starts if s <= anchor)
        elif tense == "future":
            start = min(s for s in starts if ends[s] >= anchor.replace(day=1))
        else:
            start = min(starts, key=lambda s: min(abs((s - anchor).days), abs((ends[s] - anchor).days)))
    return _relative(Point("season", start, season=code))


def _holiday(p: Parsed, c: Candidate, ctx: Context) -> Resolution:
    name = p.holiday or ""
    if p.year is not None:
        when = holiday(name, p.year)
        return _absolute(period(when, p.grain or "day")) if when else Resolution("")
    anchor = ctx.anchor
    if anchor is None:
        when = holiday(name, 2001)  # a partial value only for fixed-date holidays
        fixed = when is not None and holiday(name, 2002) == when.replace(year=2002)
        if when is None or not fixed:
            return UNRESOLVED
        return Resolution(f"XXXX-{when.month:02d}-{when.day:02d}", None, True, "day")
    dates = [d for y in (anchor.year - 1, anchor.year, anchor.year + 1) if (d := holiday(name, y))]
    if not dates:
        return Resolution("")
    if p.grain == "week":  # "as Easter week began": a week is under way from its Monday on
        dates = [period(d, "week").start for d in dates]
    tense = ctx.tense(c.start, c.end)
    if p.rel == -1 or (p.rel is None and tense == "past"):
        chosen = max((d for d in dates if d < anchor or (p.rel is None and d == anchor)), default=dates[0])
    elif p.rel == 1 or (p.rel is None and tense == "future"):
        chosen = min((d for d in dates if d > anchor or (p.rel is None and d == anchor)), default=dates[-1])
    else:
        chosen = min(dates, key=lambda d: abs((d - anchor).days))
    return _relative(Point(p.grain or "day", chosen))


def _weekday(p: Parsed, c: Candidate, ctx: Context) -> Resolution:
    anchor = ctx.anchor
    if anchor is None or p.weekday is None:
        return UNRESOLVED
    if p.rel is not None:
        mode = {-1: "before", 1: "after", 0: "same_week"}[p.rel]
    elif p.possessive:  # "Wednesday's ruling": an event the news already knows of
        mode = "on_or_before"
    elif (p.weekday - anchor.weekday()) % 7 == 1 and not ctx.firm_past(c.start, c.end):
        mode = "after"  # the day after the anchor ("headed Tuesday" on Monday): wires date stories a day early
    else:
        mode = "on_or_after" if ctx.tense(c.start, c.end) == "future" else "on_or_before"
    return _relative(_with_part(Point("day", weekday_from(anchor, p.weekday, mode)), p.part))


def _deictic(p: Parsed, c: Candidate, ctx: Context) -> Resolution:
    anchor = ctx.anchor
    if anchor is None:
        return UNRESOLVED
    unit = p.unit or "day"
    rel = p.rel
    if rel is None:  # "the weekend": the one just over, unless the sentence looks ahead
        rel = 0 if anchor.weekday() >= 5 or ctx.tense(c.start, c.end) == "future" else -1
    point = shift(period(anchor, unit), rel, unit)
    return _relative(_with_part(point, p.part))


def _offset(p: Parsed, c: Candidate, ctx: Context, base: tuple[Point, bool] | None) -> Resolution:
    unit = p.unit or "day"
    if base is None and unit == "quarter" and p.anaphoric and ctx.last_quarter is not None:
        base = ctx.last_quarter  # "that quarter"
    if base is None and p.amount is not None and unit == "year" and ctx.last_quarter is not None:
        base = ctx.last_quarter  # "a year earlier" in a quarterly report: the same quarter, a year back
    if base is None and p.anaphoric and ctx.last is not None:
        base = ctx.last[0], ctx.last[1]
        if p.amount is not None and GRAIN_RANK[base[0].grain] < GRAIN_RANK[unit]:
            base = period(base[0].start, unit), base[1]  # "a year earlier" than a day: that day's year
    from_anchor = base is None
    if base is None:
        if ctx.anchor is None:
            return UNRESOLVED
        base = Point("day", ctx.anchor), True
    point, relative = replace(base[0], clock=""), base[1]
    if p.amount is not None:  # "a year earlier": the base's own grain when it is finer ("1988-Q3")
        if p.amount != int(p.amount):
            return Resolution("", None, relative)
        moved = shift(point, int(p.amount), unit)
        if from_anchor and unit != "day":  # "two years ago": the grain of the unit ("2021")
            moved = period(moved.start, unit)
        return Resolution(moved.value, moved, relative)
    if GRAIN_RANK[point.grain] > GRAIN_RANK[unit]:  # "that day" after "last October": a day of that month
        return Resolution(_unknown_within(point, unit) if p.rel in (None, 0) else "", None, relative)
    moved = shift(period(point.start, unit), p.rel or 0, unit)
    moved = _with_part(moved, p.part)
    return Resolution(moved.value, moved, relative)


def _unknown_within(point: Point, unit: str) -> str:
    """The TIMEX3 value of an unknown `unit` inside a coarser known period ("1998-10-XX"), else ""."""
    if point.grain == "month" and unit == "day":
        return point.value + "-XX"
    unknown = {"day": "-XX-XX", "week": "-WXX", "month": "-XX"}.get(unit)
    return point.value + unknown if point.grain == "year" and unknown else ""


def _quarter_ref(p: Parsed, ctx: Context) -> Resolution:
    """ "the quarter": the quarter the text last named, else the last one that is over."""
    if ctx.last_quarter is not None and p.rel is None:
        point, relative = ctx.last_quarter
    elif ctx.anchor is None:
        return UNRESOLVED
    else:
        point, relative = shift(period(ctx.anchor, "quarter"), -1, "quarter"), True
    if p.year is not None:  # "the 1988 quarter"
        point, relative = Point("quarter", point.start.replace(year=p.year)), relative and ctx.last_quarter is None
    point = shift(point, -p.year_back, "year")
    return Resolution(point.value, point, relative)


def _time(p: Parsed, c: Candidate, ctx: Context, base: tuple[Point, bool] | None) -> Resolution:
    """A clock time on the day it names, else the day right after it ("10:35 a.m. (0735 GMT) Friday"),
    else the day its sentence or the one before last named, else the anchor."""
    clock = p.clock or ""
    if base is not None and base[0].grain == "day":
        point = replace(base[0], clock=clock)
        return Resolution(point.value, point, base[1])
    if p.inner is not None and p.inner_kind:
        inner = Candidate(c.start, c.end, p.inner_kind, "DATE", c.rule, p.inner)
        day = resolve(inner, ctx)
        if day.point is None:
            return Resolution("", None, day.relative)
        return Resolution(replace(day.point, clock=clock).value, replace(day.point, clock=clock), day.relative)
    if ctx.last is not None and ctx.last[0].grain == "day" and ctx.adjacent_sentences(ctx.last[2], c.start):
        point = replace(ctx.last[0], clock=clock)
        return Resolution(point.value, point, ctx.last[1])
    if ctx.anchor is None:
        return UNRESOLVED
    return _relative(Point("day", ctx.anchor, clock=clock))
