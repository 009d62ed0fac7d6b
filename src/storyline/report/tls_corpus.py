"""What a timeline reads from the store: publication days, sentences, and the days they name.

Only the annotate stage's records are read. A sentence names a day when one of its time
expressions was resolved to that calendar day, with two exceptions that name no day of their own:
an expression of a rule in ``unnamed_day_rules`` (a bare clock time takes its day from the page),
and a *stamp* — a date followed by a clock time ("March 21, 2011 at 2:27 pm | Reply",
"Saturday 3 September 2005 13.38 BST"), which is when a page or a reader's comment was posted,
not when anything happened.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date

from storyline.report.tls_dates import DatedSentence
from storyline.store.db import Store

#: The sentence index given to a document's headline.
HEADLINE = -1

#: What follows a date that is a posting stamp: an optional "at" and a clock time.
_STAMP_TAIL = re.compile(r"\s*,?\s*(?:at\s+)?\d{1,2}[:.]\d\d(?!\d)")


def publication_days(store: Store) -> dict[str, date]:
    """Each document's publication day: the page's own, else one the annotate stage inferred to the day."""
    days: dict[str, date] = {}
    for row in store.conn.execute("SELECT id, published, inferred_published, inferred_granularity FROM documents"):
        value = row["published"] or (row["inferred_published"] if row["inferred_granularity"] == "day" else None)
        day = as_day(value)
        if day is not None:
            days[str(row["id"])] = day
    return days


def as_day(value: str | None) -> date | None:
    if not value or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def dated_sentences(
    store: Store,
    published: dict[str, date],
    since: date,
    until: date,
    unnamed_day_rules: tuple[str, ...],
    include_headlines: bool = False,
) -> dict[str, list[DatedSentence]]:
    """The sentences of the documents in `published`, each with the days inside the window it names.

    With `include_headlines`, each document's headline comes first, as sentence ``HEADLINE``.
    """
    rows: dict[tuple[str, int], tuple[int, str]] = {}
    for row in store.conn.execute("SELECT document, idx, start, text FROM sentences ORDER BY document, idx"):
        if row["document"] in published:
            rows[(str(row["document"]), int(row["idx"]))] = (int(row["start"]), str(row["text"]))
    named: dict[tuple[str, int], list[tuple[date, str]]] = defaultdict(list)
    for row in store.conn.execute(
        "SELECT document, sentence, end, text, value, rule FROM time_expressions "
        "WHERE granularity = 'day' AND type IN ('DATE', 'TIME') ORDER BY document, idx"
    ):
        key = (str(row["document"]), int(row["sentence"]))
        day = as_day(row["value"])
        if key not in rows or day is None or not since <= day <= until or row["rule"] in unnamed_day_rules:
            continue
        start, text = rows[key]
        if _STAMP_TAIL.match(text, max(0, int(row["end"]) - start)):
            continue
        if all(day != d for d, _ in named[key]):
            named[key].append((day, str(row["text"])))
    found: dict[str, list[DatedSentence]] = defaultdict(list)
    if include_headlines:
        for row in store.conn.execute("SELECT id, title FROM documents WHERE title IS NOT NULL"):
            if row["id"] in published and str(row["title"]).strip():
                doc = str(row["id"])
                found[doc].append(DatedSentence(doc, HEADLINE, str(row["title"]).strip(), published[doc], (), ()))
    for (doc, index), (_, text) in rows.items():
        days = named.get((doc, index), [])
        found[doc].append(
            DatedSentence(doc, index, text, published[doc], tuple(d for d, _ in days), tuple(t for _, t in days))
        )
    return found
