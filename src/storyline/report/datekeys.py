"""Sort keys for TIMEX-style calendar values ("2023-07-25", "2023-W30", "2023-07", "2023-Q3", "2023").

Two orders are needed. A timeline sorts a value by its first day, a coarser value before a finer
one on the same first day (`date_key`). Deciding which page came first sorts an imprecise value
after every precise value it contains (`precise_first_key`): a page dated only "2023-07" is not
known to precede one dated 2023-07-25, so the page with the known day is taken first.
"""

from __future__ import annotations

import datetime as dt
import re

_WEEK = re.compile(r"(\d{4})-W(\d{2})")
_QUARTER = re.compile(r"(\d{4})-Q(\d)")
_CALENDAR = re.compile(r"(\d{3,4})(?:-(\d{2}))?(?:-(\d{2}))?")
UNKNOWN = (9999, 99, 99, 9)


def _parts(value: str) -> tuple[int, int | None, int | None, int | None] | None:
    """Year, month, day (None where not given) and, for a week, its number."""
    m = _WEEK.match(value)
    if m:
        try:
            d = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
        except ValueError:
            return (int(m[1]), None, None, None)
        return (d.year, d.month, d.day, int(m[2]))
    m = _QUARTER.match(value)
    if m:
        return (int(m[1]), 3 * int(m[2]) - 2, None, None)
    m = _CALENDAR.match(value)
    if not m:
        return None
    year = int(m[1]) * (10 if len(m[1]) == 3 else 1)
    return (year, int(m[2]) if m[2] else None, int(m[3]) if m[3] else None, None)


def date_key(value: str | None) -> tuple[int, int, int, int]:
    """The first day of the value; on the same first day, coarser values first."""
    parts = _parts(value or "")
    if parts is None:
        return UNKNOWN
    year, month, day, week = parts
    if month is None:
        precision = 4
    elif day is None:
        precision = 3 if _QUARTER.match(value or "") else 2
    else:
        precision = 1 if week is not None else 0
    return (year, month or 1, day or 1, -precision)


def precise_first_key(value: str | None) -> tuple[int, int, int, int]:
    """Like `date_key`, but a value missing its month or day sorts after all its precise days."""
    parts = _parts(value or "")
    if parts is None:
        return UNKNOWN
    year, month, day, week = parts
    if week is not None and month is not None and day is not None:
        return (year, month, day + 6, 1)
    return (year, month or 99, day or 99, 0)
