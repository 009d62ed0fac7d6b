"""Which days a query timeline shows: the days the documents say things happened.

A day's score is the number of documents with a sentence that names it — an expression the
annotate stage resolved to that calendar day ("on Tuesday", "April 20", "yesterday") — plus
``publication_weight`` times the number of documents published that day. Naming counts once per
document, so one long article repeating a date does not outweigh two reports. Counting what the
text names, not only when it was printed, is what puts the timeline on event dates: the blowout
reported on the 21st is dated the 20th by the reports themselves, and an event recalled for
weeks ("since the April 20 explosion") keeps gaining weight after its day.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True, slots=True)
class DatedSentence:
    """A sentence of a matching document, with the days it names inside the window."""

    document: str
    index: int
    text: str
    published: date
    #: Days named by the sentence's time expressions (day precision), with the expression texts.
    days: tuple[date, ...]
    expressions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DayScore:
    """Why a day is (or is not) on the timeline."""

    day: date
    score: float
    #: Documents with a sentence naming the day, and documents published on it.
    naming_documents: int
    published_documents: int


def score_days(
    sentences: Iterable[DatedSentence],
    since: date,
    until: date,
    publication_weight: float,
    ahead_weight: float = 1.0,
    volume_days: int = 0,
    volume_exponent: float = 0.0,
) -> list[DayScore]:
    """Every day of the window that is named or has publications, best first (then earliest).

    A document published before the day it names ("will vote on Sunday") counts ``ahead_weight``:
    announced is not done. With ``volume_exponent`` above 0, a day's score is divided by the number
    of documents published within ``volume_days`` of it to that power: a day standing out in a
    quiet month then counts like one standing out in a busy week.
    """
    naming: dict[date, set[str]] = defaultdict(set)
    ahead: dict[date, set[str]] = defaultdict(set)
    printed: dict[date, set[str]] = defaultdict(set)
    for s in sentences:
        if since <= s.published <= until:
            printed[s.published].add(s.document)
        for day in s.days:
            if since <= day <= until:
                naming[day].add(s.document)
                if day > s.published:
                    ahead[day].add(s.document)
    per_day = {day: len(docs) for day, docs in printed.items()}

    def volume(day: date) -> float:
        if volume_exponent <= 0:
            return 1.0
        around = sum(per_day.get(day + timedelta(days=k), 0) for k in range(-volume_days, volume_days + 1))
        return float(max(1, around) ** volume_exponent)

    scores = [
        DayScore(
            day,
            (len(naming[day]) - (1.0 - ahead_weight) * len(ahead[day]) + publication_weight * len(printed[day]))
            / volume(day),
            len(naming[day]),
            len(printed[day]),
        )
        for day in set(naming) | set(printed)
    ]
    return sorted(scores, key=lambda d: (-d.score, d.day))
