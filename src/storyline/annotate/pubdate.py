"""When was a page published, when it does not say? Inferred from what the text dates, with evidence.

A page without an explicit publication date still dates itself: "the day after the 68th
anniversary of the end of the war", "arrived on Tuesday evening", "this week". The inference:

1. **Reference dates.** Anniversaries are resolved to calendar dates, from the base date the text
   gives or from dates the corpus knows (`known_dates`: "the end of the Korean War" = 1953-07-27,
   learned from another page that gives both): base + N years, shifted by "the day after".
2. **Weekdays around the reference.** A bare weekday names the day with that name within three
   days of the reference date (news reports events of the same week).
3. **The publication date** is the latest day the text reports in the past tense; with only
   "this week" beside a reference date, the week of the reference; with only a reference date, its
   month; with nothing, the page's header date as an upper bound (low confidence).

The result carries its value, precision, confidence and the evidence a user is shown.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from storyline.annotate.timex import TimexMatch
from storyline.model import Granularity

_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_STOP = {"the", "a", "an", "of", "its", "this", "that", "their", "his", "her", "in", "on", "to", "and"}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_AFTER = re.compile(r"\b(?:the )?(?:day|evening|morning|night) (?:after|following)\s+$", re.IGNORECASE)
_DAY_BEFORE = re.compile(r"\b(?:the )?(?:day|evening|night) before\s+$|\beve of\s+$", re.IGNORECASE)


def phrase_key(phrase: str) -> frozenset[str]:
    """The content words of what an anniversary is of ("the end of the Korean War")."""
    return frozenset(w for w in re.findall(r"[a-z0-9]+", phrase.lower()) if w not in _STOP)


@dataclass(frozen=True, slots=True)
class KnownDate:
    key: frozenset[str]
    date: str
    granularity: str
    evidence: str


@dataclass(slots=True)
class PublicationDate:
    value: str
    granularity: Granularity
    confidence: float
    evidence: str
    anchor: date | None  # the day relative expressions are resolved against
    steps: list[str] = field(default_factory=list)


def learned_dates(matches: Iterable[TimexMatch], doc_id: str) -> list[KnownDate]:
    """Dates this document teaches the corpus: the base dates of its anniversaries.

    The base is the one the text ties to the anniversary's subject, or else, when the text gives
    exactly one full calendar date, that date ("the 70th anniversary of the end of the Korean War"
    beside "the July 27, 1953 event").
    """
    matches = list(matches)
    full_dates = {m.value[:10] for m in matches if not m.relative and _FULL_DATE.match(m.value)}
    out = []
    for m in matches:
        if not m.anniversary:
            continue
        key = phrase_key(m.anniversary[1])
        base, how = m.base_date, "tied to it in the text"
        if (not base or len(base) < 10) and len(full_dates) == 1:
            only = next(iter(full_dates))
            if not base or only.startswith(base):
                base, how = only, "the only full date in the text"
        if key and base:
            granularity = "day" if len(base) == 10 else "year"
            out.append(KnownDate(key, base, granularity, f"'{m.text}' in document {doc_id} ({how})"))
    return out


def lookup(known: Iterable[KnownDate], phrase: str) -> KnownDate | None:
    """The known date whose phrase contains this one's content words (or is contained by it)."""
    key = phrase_key(phrase)
    if not key:
        return None
    hits = [k for k in known if key <= k.key or k.key <= key]
    hits.sort(key=lambda k: (-len(k.key & key), k.granularity != "day", k.date))
    return hits[0] if hits else None


def _anniversary_date(m: TimexMatch, text: str, known: Iterable[KnownDate]) -> tuple[date, str, str] | None:
    if m.anniversary is None:
        return None
    years, phrase = m.anniversary
    base = m.base_date
    source = "given in the text"
    if not base or len(base) < 10:
        # A day-precise date for the same subject, known from this or another document.
        hit = lookup([k for k in known if k.granularity == "day" and (not base or k.date.startswith(base))], phrase)
        if hit is None:
            return None
        base, source = hit.date, f"known from {hit.evidence}"
    if len(base) < 10:
        return None
    b = date.fromisoformat(base[:10])
    try:
        day = b.replace(year=b.year + years)
    except ValueError:  # 29 February
        day = b.replace(year=b.year + years, day=28)
    before = text[max(0, m.start - 40) : m.start]
    shift = ""
    if _DAY_AFTER.search(before):
        day, shift = day + timedelta(days=1), "the day after "
    elif _DAY_BEFORE.search(before):
        day, shift = day - timedelta(days=1), "the day before "
    return day, f"{shift}the {years}th anniversary of '{phrase}' ({base}, {source})", shift


def infer(
    text: str,
    matches: list[TimexMatch],
    known: Iterable[KnownDate],
    page_date: str | None,
    tense: Callable[[int], str],
) -> PublicationDate | None:
    """The inferred publication date of a text whose matches were found without an anchor."""
    known = list(known)
    references = [(m, r) for m in matches if (r := _anniversary_date(m, text, known))]
    weekday_mentions = [m for m in matches if _weekday(m.text) is not None]
    this_week = any(re.search(r"\bthis week\b", m.text, re.IGNORECASE) for m in matches)
    if references:
        _, (ref, why, _) = max(references, key=lambda item: item[1][0])
        steps = [f"reference date {ref.isoformat()}: {why}"]
        past_days = []
        for w in weekday_mentions:
            day = _near(ref, _weekday(w.text) or 0)
            steps.append(
                f"'{w.text}' -> {day.isoformat()} (the {_WEEKDAYS[day.weekday()].title()} nearest the reference)"
            )
            if tense(w.start) != "future":
                past_days.append(day)
        if past_days:
            latest = max(past_days)
            return PublicationDate(
                latest.isoformat(),
                Granularity.DAY,
                0.7,
                f"inferred: the latest day the text reports ({latest.isoformat()}); " + "; ".join(steps),
                latest,
                steps,
            )
        if this_week:
            year, week, _ = ref.isocalendar()
            monday = ref - timedelta(days=ref.weekday())
            return PublicationDate(
                f"{year}-W{week:02d}",
                Granularity.WEEK,
                0.6,
                f"inferred: 'this week' beside {ref.isoformat()}; " + "; ".join(steps),
                monday,
                steps,
            )
        return PublicationDate(
            ref.strftime("%Y-%m"), Granularity.MONTH, 0.4, "inferred: around " + "; ".join(steps), None, steps
        )
    latest_absolute = _latest_recent_absolute(matches, page_date)
    if latest_absolute is not None:
        return PublicationDate(
            latest_absolute.isoformat(),
            Granularity.DAY,
            0.4,
            f"inferred: the latest date the text mentions ({latest_absolute.isoformat()})",
            latest_absolute,
        )
    if page_date:
        return PublicationDate(
            page_date,
            Granularity.DAY,
            0.3,
            f"no date in the text: the page header date {page_date} is the latest it can be",
            date.fromisoformat(page_date),
        )
    return None


def _weekday(text: str) -> int | None:
    lowered = text.lower()
    for i, name in enumerate(_WEEKDAYS):
        if name in lowered and not re.search(r"\b(?:next|last|this)\b", lowered):
            return i
    return None


def _near(reference: date, weekday: int) -> date:
    """The day with this weekday within three days of the reference date."""
    delta = (weekday - reference.weekday()) % 7
    return reference + timedelta(days=delta if delta <= 3 else delta - 7)


def _latest_recent_absolute(matches: list[TimexMatch], page_date: str | None) -> date | None:
    days = []
    for m in matches:
        if m.relative or m.type not in ("DATE", "TIME") or not re.match(r"^\d{4}-\d{2}-\d{2}", m.value):
            continue
        day = date.fromisoformat(m.value[:10])
        if page_date is None or day.isoformat() <= page_date:
            days.append(day)
    if not days:
        return None
    latest = max(days)
    # An old date ("July 27, 1953") says nothing about when a page was written.
    if page_date and (date.fromisoformat(page_date) - latest).days > 366:
        return None
    return latest


def known_from_rows(rows: Iterable[Mapping[str, str]]) -> list[KnownDate]:
    return [KnownDate(frozenset(r["key"].split()), r["date"], r["granularity"], r["evidence"]) for r in rows]


def resolve_anniversaries(text: str, matches: list[TimexMatch], known: Iterable[KnownDate]) -> list[TimexMatch]:
    """Anniversaries made day-precise with dates the corpus knows ("the day after" included)."""
    known = list(known)
    out = []
    for m in matches:
        resolved = _anniversary_date(m, text, known) if m.anniversary else None
        if resolved is not None and (m.granularity is None or m.granularity != Granularity.DAY or not m.value):
            day, why, _ = resolved
            m = replace(m, value=day.isoformat(), granularity=Granularity.DAY, rule=f"{m.rule}: {why}")
        out.append(m)
    return out
