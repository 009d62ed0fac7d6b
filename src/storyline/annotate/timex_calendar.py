"""Calendar arithmetic for the temporal tagger: periods, shifts, ISO weeks, quarters, holidays.

A `Point` is one calendar period at a grain (a day, an ISO week, a month, a quarter, a season, a
year, a decade...) and knows its TIMEX3 value. Relative expressions are resolved by taking the
period of the anchor at the grain the expression names and shifting it ("last week": the anchor's
ISO week, one week back), or by picking the year that puts a yearless date nearest the anchor, in
the direction of the sentence's tense when that is known.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, replace

from storyline.model import Granularity

#: Grains from finest to coarsest; shifting a point by a coarser unit keeps its own grain.
GRAIN_RANK: dict[str, int] = {
    "day": 0,
    "week": 1,
    "weekend": 1,
    "month": 2,
    "season": 3,
    "quarter": 3,
    "half": 4,
    "year": 5,
    "decade": 6,
    "century": 7,
}

#: The public precision of each grain. A half-year claims no more than a year; a century, nothing.
GRANULARITY: dict[str, Granularity | None] = {
    "day": Granularity.DAY,
    "week": Granularity.WEEK,
    "weekend": Granularity.WEEK,
    "month": Granularity.MONTH,
    "season": Granularity.QUARTER,
    "quarter": Granularity.QUARTER,
    "half": Granularity.YEAR,
    "year": Granularity.YEAR,
    "decade": Granularity.DECADE,
    "century": None,
}

SEASON_MONTH: dict[str, int] = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
_MONTHS_PER: dict[str, int] = {
    "month": 1,
    "season": 12,
    "quarter": 3,
    "half": 6,
    "year": 12,
    "decade": 120,
    "century": 1200,
}


@dataclass(frozen=True, slots=True)
class Point:
    """A calendar period: its grain and first day (plus a season code, plus a clock part for TIMEs)."""

    grain: str
    start: dt.date
    season: str = ""
    clock: str = ""

    @property
    def value(self) -> str:
        y = self.start.year
        g = self.grain
        if g == "day":
            base = self.start.isoformat()
        elif g in ("week", "weekend"):
            iso = self.start.isocalendar()
            base = f"{iso.year:04d}-W{iso.week:02d}" + ("-WE" if g == "weekend" else "")
        elif g == "month":
            base = f"{y:04d}-{self.start.month:02d}"
        elif g == "quarter":
            base = f"{y:04d}-Q{(self.start.month - 1) // 3 + 1}"
        elif g == "half":
            base = f"{y:04d}-H{1 if self.start.month <= 6 else 2}"
        elif g == "season":
            base = f"{y:04d}-{self.season}"
        elif g == "year":
            base = f"{y:04d}"
        elif g == "decade":
            base = f"{y // 10:03d}"
        else:
            base = f"{y // 100:02d}"
        return base + self.clock

    @property
    def granularity(self) -> Granularity | None:
        return GRANULARITY[self.grain]


def add_months(day: dt.date, months: int) -> dt.date:
    years, month0 = divmod(day.month - 1 + months, 12)
    year = day.year + years
    last = calendar.monthrange(year, month0 + 1)[1] if 1 <= year <= 9999 else 28
    return dt.date(max(1, min(9999, year)), month0 + 1, min(day.day, last))


def period(day: dt.date, grain: str, season: str = "") -> Point:
    """The period of `grain` that contains `day`."""
    if grain == "day":
        return Point("day", day)
    if grain in ("week", "weekend"):
        monday = day - dt.timedelta(days=day.weekday())
        return Point(grain, monday + dt.timedelta(days=5) if grain == "weekend" else monday)
    if grain == "season":
        code = season or current_season(day)
        year = day.year - 1 if code == "WI" and day.month < 3 else day.year
        return Point("season", dt.date(year, SEASON_MONTH[code], 1), season=code)
    months = _MONTHS_PER[grain]
    index = (day.year * 12 + day.month - 1) // months * months
    return Point(grain, dt.date(index // 12, index % 12 + 1, 1))


def current_season(day: dt.date) -> str:
    return {12: "WI", 1: "WI", 2: "WI", 3: "SP", 4: "SP", 5: "SP", 6: "SU", 7: "SU", 8: "SU"}.get(day.month, "FA")


def shift(point: Point, amount: int, unit_grain: str) -> Point:
    """`point` moved by `amount` units; it keeps its own grain when that is as fine as the unit."""
    if unit_grain == "day":
        start = point.start + dt.timedelta(days=amount)
    elif unit_grain in ("week", "weekend"):
        start = point.start + dt.timedelta(weeks=amount)
    else:
        start = add_months(point.start, amount * _MONTHS_PER[unit_grain])
    grain = point.grain if GRAIN_RANK[point.grain] <= GRAIN_RANK[unit_grain] else unit_grain
    if grain == "season":
        return replace(point, start=start, clock="")
    return period(start, grain)


def weekday_from(anchor: dt.date, weekday: int, mode: str) -> dt.date:
    """The `weekday` (0 = Monday) relative to `anchor`.

    `mode`: "on_or_before", "before", "on_or_after", "after", or "same_week" (the ISO week of the anchor).
    """
    back = (anchor.weekday() - weekday) % 7
    ahead = (weekday - anchor.weekday()) % 7
    if mode == "on_or_before":
        return anchor - dt.timedelta(days=back)
    if mode == "before":
        return anchor - dt.timedelta(days=back or 7)
    if mode == "on_or_after":
        return anchor + dt.timedelta(days=ahead)
    if mode == "after":
        return anchor + dt.timedelta(days=ahead or 7)
    return anchor + dt.timedelta(days=weekday - anchor.weekday())


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


#: How far on its side of the anchor a tense may move a yearless date from the nearest occurrence.
_TENSE_REACH_DAYS = 280


def choose_year(anchor: dt.date, month: int, day: int | None, tense: str) -> int:
    """The year that places a yearless month (and day) nearest the anchor, or on the tense's side of it.

    News reports mostly on the recent past and the near future, so the occurrence nearest the
    anchor wins. The sentence's tense overrides that only when the occurrence on its side of the
    anchor is itself within some nine months: tense cues are cheap and noisy ("Dec. 15" in a past-tense
    sentence of November is still next month), the calendar's nearness is not.
    """
    candidates: list[tuple[int, dt.date]] = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        when = safe_date(year, month, day or 1) or (dt.date(year, 2, 28) if month == 2 else None)
        if when is not None:
            candidates.append((year, when))
    if not candidates:
        return anchor.year
    reference = anchor if day else anchor.replace(day=1)
    nearest = min(candidates, key=lambda c: (abs((c[1] - reference).days), -c[0]))
    if tense == "past" and nearest[1] > reference:
        side = [c for c in candidates if c[1] <= reference]
    elif tense == "future" and nearest[1] < reference:
        side = [c for c in candidates if c[1] >= reference]
    else:
        return nearest[0]
    closest = min(side, key=lambda c: abs((c[1] - reference).days), default=None)
    if closest is not None and abs((closest[1] - reference).days) <= _TENSE_REACH_DAYS:
        return closest[0]
    return nearest[0]


def easter(year: int) -> dt.date:
    """Gregorian Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    lw = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * lw) // 451
    month, day = divmod(h + lw - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    first = dt.date(year, month, 1)
    day = first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    if day.month != month:  # n = 5 asks for the last one
        day -= dt.timedelta(weeks=1)
    return day


#: Fixed-date holidays (month, day) and movable ones (month, weekday, nth; 5 = last).
FIXED_HOLIDAYS: dict[str, tuple[int, int]] = {
    "new year's day": (1, 1),
    "new year's eve": (12, 31),
    "christmas": (12, 25),
    "christmas day": (12, 25),
    "christmas eve": (12, 24),
    "boxing day": (12, 26),
    "valentine's day": (2, 14),
    "halloween": (10, 31),
    "independence day": (7, 4),
    "fourth of july": (7, 4),
    "veterans day": (11, 11),
    "armistice day": (11, 11),
    "st. patrick's day": (3, 17),
    "may day": (5, 1),
}
MOVABLE_HOLIDAYS: dict[str, tuple[int, int, int]] = {
    "thanksgiving": (11, 3, 4),
    "thanksgiving day": (11, 3, 4),
    "labor day": (9, 0, 1),
    "memorial day": (5, 0, 5),
    "martin luther king day": (1, 0, 3),
    "presidents day": (2, 0, 3),
    "columbus day": (10, 0, 2),
    "mother's day": (5, 6, 2),
    "father's day": (6, 6, 3),
}


def holiday(name: str, year: int) -> dt.date | None:
    key = " ".join(name.lower().replace("’", "'").replace("presidents'", "presidents").split())
    if key in FIXED_HOLIDAYS:
        month, day = FIXED_HOLIDAYS[key]
        return dt.date(year, month, day)
    if key in MOVABLE_HOLIDAYS:
        month, weekday, n = MOVABLE_HOLIDAYS[key]
        return _nth_weekday(year, month, weekday, n)
    if key == "election day":  # the Tuesday after the first Monday of November
        return _nth_weekday(year, 11, 0, 1) + dt.timedelta(days=1)
    if key in ("easter", "easter sunday", "easter week", "holy week"):
        return easter(year)
    if key == "easter monday":
        return easter(year) + dt.timedelta(days=1)
    if key == "good friday":
        return easter(year) - dt.timedelta(days=2)
    return None
