"""Query timelines: the L days most reported about a query, with K sentences each, on event dates.

``build_timeline(store, request)`` reads what the annotate stage stored — sentences, and the time
expressions it resolved to calendar days relative to each document's publication date — and
needs no later stage. The steps, each in its own module:

1. ``tls_corpus``: the documents published inside the window (``since``-``until``; the whole
   corpus without), their sentences and the days each sentence names; ``tls_query``: the query's
   terms as this corpus reads them, and the documents matching all of them.
2. ``tls_dates``: every day of the window scored by the documents that name it and the documents
   published on it; the ``dates`` best days that have a sentence to show are the timeline.
3. ``tls_sentences``: for each day, ``sentences`` sentences that name it (or lead a report of that
   day), nearest the centroid of the day's candidates and not redundant with each other.

The result carries the evidence of each choice (how each term was read, each day's counts, each
sentence's reason and centrality) and the best days left out, so a reader can see why a day is
or is not there.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from storyline.config import DEFAULT_CONFIG, TimelineConfig
from storyline.errors import NotFoundError
from storyline.report.tls_corpus import dated_sentences, publication_days
from storyline.report.tls_dates import DatedSentence, DayScore, score_days
from storyline.report.tls_query import QueryTerm, document_frequency, interpret, matches_all, words
from storyline.report.tls_sentences import PickedSentence, Vectoriser, centroid, day_candidates, pick_sentences
from storyline.store.db import Store

SCHEMA = "storyline-timeline/1"


@dataclass(frozen=True, slots=True)
class TimelineRequest:
    """What the user asks for: a query, how many days and sentences, and a window of days."""

    query: str = ""
    dates: int = 10
    sentences: int = 1
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    day: DayScore
    sentences: list[PickedSentence]


@dataclass(frozen=True, slots=True)
class Timeline:
    request: TimelineRequest
    terms: list[QueryTerm]
    #: Documents published inside the window, and those of them matching the query.
    window_documents: int
    matching_documents: int
    entries: list[TimelineEntry]
    #: The best days not on the timeline, for "why is this day missing".
    left_out: list[DayScore] = field(default_factory=list)


def build_timeline(store: Store, request: TimelineRequest, config: TimelineConfig | None = None) -> Timeline:
    """The timeline of `request` over the documents in `store`."""
    cfg = config or DEFAULT_CONFIG.timeline
    since, until = request.since or date.min, request.until or date.max
    published = {d: day for d, day in publication_days(store).items() if since <= day <= until}
    sentences_of = dated_sentences(store, published, since, until, cfg.unnamed_day_rules, cfg.headlines)
    vocabulary = {d: _vocabulary(sentences_of.get(d, [])) for d in published}
    terms = interpret(request.query, document_frequency(vocabulary.values()), cfg.prefix_min_chars)
    matching = sorted(d for d in published if matches_all(terms, vocabulary[d]))
    if not matching:
        read = "; ".join(t.describe() for t in terms) or "(no query)"
        raise NotFoundError(
            f"no document published between {_show(request.since)} and {_show(request.until)} matches "
            f"the query [{read}] ({len(published)} document(s) in that window); try fewer or other words"
        )
    pool = [s for d in matching for s in sentences_of.get(d, [])]
    scores = score_days(
        pool, since, until, cfg.publication_weight, cfg.ahead_weight, cfg.volume_days, cfg.volume_exponent
    )
    vectoriser = Vectoriser(s.text for s in pool)
    topic = centroid(vectoriser.vector(s.text) for s in pool)
    by_day = _sentences_by_day(pool, {d.day for d in scores})
    taken: set[str] = set()
    entries: list[TimelineEntry] = []
    # Best days first: a sentence fitting two days goes to the better one, and a day none of
    # whose sentences qualifies gives its place to the next.
    for d in scores:
        if len(entries) >= request.dates:
            break
        picked = pick_sentences(
            day_candidates(d.day, by_day[d.day], cfg), request.sentences, vectoriser, topic, cfg, taken
        )
        if picked:
            entries.append(TimelineEntry(d, picked))
    shown = {e.day.day for e in entries}
    left_out = [d for d in scores if d.day not in shown][:5]
    return Timeline(request, terms, len(published), len(matching), sorted(entries, key=lambda e: e.day.day), left_out)


def _sentences_by_day(pool: list[DatedSentence], days: set[date]) -> dict[date, list[DatedSentence]]:
    """For each day, the sentences that name it or belong to a report of that day or the next."""
    found: dict[date, list[DatedSentence]] = defaultdict(list)
    for s in pool:
        around = {*s.days, s.published, s.published - timedelta(days=1)}
        for day in around & days:
            found[day].append(s)
    return found


def _show(day: date | None) -> str:
    return day.isoformat() if day else "any day"


def _vocabulary(sentences: list[DatedSentence]) -> set[str]:
    return {w for s in sentences for w in words(s.text)}


def timeline_json(timeline: Timeline) -> dict[str, Any]:
    """The timeline as one JSON object (schema ``storyline-timeline/1``)."""
    r = timeline.request
    return {
        "schema": SCHEMA,
        "query": r.query,
        "terms": [{"given": t.given, "reading": t.reading, "words": list(t.words)} for t in timeline.terms],
        "since": r.since.isoformat() if r.since else None,
        "until": r.until.isoformat() if r.until else None,
        "window_documents": timeline.window_documents,
        "matching_documents": timeline.matching_documents,
        "dates": [
            {
                "date": e.day.day.isoformat(),
                "evidence": _day_evidence(e.day),
                "sentences": [
                    {
                        "text": p.text,
                        "document": p.sentence.document,
                        "sentence": p.sentence.index,
                        "published": p.sentence.published.isoformat(),
                        "why": p.why,
                        "centrality": p.centrality,
                    }
                    for p in e.sentences
                ],
            }
            for e in timeline.entries
        ],
        "left_out": [{"date": d.day.isoformat(), "evidence": _day_evidence(d)} for d in timeline.left_out],
    }


def _day_evidence(d: DayScore) -> dict[str, Any]:
    return {
        "score": round(d.score, 3),
        "documents_naming_it": d.naming_documents,
        "documents_published": d.published_documents,
    }
