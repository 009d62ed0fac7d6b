"""Which sentences describe a timeline day: the day's candidates nearest their own centroid.

A day's candidates are the sentences that name it, and the lead sentences (the first
``lead_sentences``) of documents published that day or the next that name no day at all: a report
says what happened before it says when. Sentences outside ``min_words``-``max_words`` words (page
stamps, photo credits and datelines cut first) and questions are set aside. Each candidate is a
TF-IDF vector of its content words (IDF over every sentence of the matching documents); the day's
centroid is the mean of its candidates, so what many reports of the day repeat is what the day is
about. Sentences are taken nearest the centroid (plus a share of their cosine with the topic's)
first, skipping one whose cosine with a sentence already taken reaches ``redundant_cosine``.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from spacy.lang.en.stop_words import STOP_WORDS

from storyline.config import TimelineConfig
from storyline.report.tls_dates import DatedSentence
from storyline.report.tls_query import words

_STOP = frozenset({w.lower() for w in STOP_WORDS} | {"said", "says", "say", "told", "mr", "mrs", "ms"})

Vector = dict[str, float]


def content_words(text: str) -> list[str]:
    return [w for w in words(text) if w not in _STOP and len(w) > 1]


class Vectoriser:
    """TF-IDF vectors (sublinear term frequency, smoothed IDF, unit length) over a set of texts.

    The vectors of the fitted texts are kept: a timeline asks for each of them again.
    """

    def __init__(self, texts: Iterable[str]) -> None:
        frequency: Counter[str] = Counter()
        self._words: dict[str, list[str]] = {}
        for text in texts:
            if text not in self._words:
                self._words[text] = content_words(text)
            frequency.update(set(self._words[text]))
        count = len(self._words)
        self._idf = {w: math.log((1 + count) / (1 + n)) + 1.0 for w, n in frequency.items()}
        self._unseen = math.log(1 + count) + 1.0
        self._vectors: dict[str, Vector] = {}

    def vector(self, text: str) -> Vector:
        found = self._vectors.get(text)
        if found is None:
            counts = Counter(self._words.get(text) or content_words(text))
            raw = {w: (1.0 + math.log(n)) * self._idf.get(w, self._unseen) for w, n in counts.items()}
            norm = math.sqrt(sum(v * v for v in raw.values()))
            found = {w: v / norm for w, v in raw.items()} if norm else {}
            self._vectors[text] = found
        return found


def cosine(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())


@dataclass(frozen=True, slots=True)
class PickedSentence:
    """A sentence on the timeline and why: how it relates to the day, how central it is."""

    sentence: DatedSentence
    #: The sentence as shown: without a wire preamble ("GENEVA (Reuters) - ").
    text: str
    #: "names the day (EXPRESSION)" or "lead of a report published DAY".
    why: str
    #: Cosine with the day's centroid plus the weighted cosine with the topic's.
    centrality: float


def day_candidates(
    day: date, sentences: Iterable[DatedSentence], config: TimelineConfig
) -> list[tuple[DatedSentence, str]]:
    """The sentences that may describe `day`, each with the reason it may."""
    found: list[tuple[DatedSentence, str]] = []
    next_day = day + timedelta(days=1)
    for s in sentences:
        shown = without_dateline(s.text)
        if not config.min_words <= len(shown.split()) <= config.max_words or shown.rstrip().endswith("?"):
            continue
        if day in s.days:
            expression = s.expressions[s.days.index(day)]
            found.append((s, f"names the day ({expression})"))
        elif not s.days and s.index < config.lead_sentences and s.published in (day, next_day):
            part = "headline" if s.index < 0 else "lead"
            found.append((s, f"{part} of a report published {s.published.isoformat()}"))
    return found


def centroid(vectors: Iterable[Vector]) -> Vector:
    """The unit-length mean of `vectors`."""
    total: Counter[str] = Counter()
    for v in vectors:
        total.update(v)
    norm = math.sqrt(sum(x * x for x in total.values())) or 1.0
    return {w: x / norm for w, x in total.items()}


def pick_sentences(
    candidates: list[tuple[DatedSentence, str]],
    count: int,
    vectoriser: Vectoriser,
    topic: Vector,
    config: TimelineConfig,
    taken: set[str],
) -> list[PickedSentence]:
    """Up to `count` candidates nearest the day's centroid (and the topic's), none redundant.

    `taken` holds the texts (as word sequences) already on the timeline; the picks are added to
    it, so that one sentence never describes two days.
    """
    seen_texts = set(taken)
    unique = []
    for s, why in candidates:
        key = text_key(s.text)
        if key not in seen_texts:
            seen_texts.add(key)
            unique.append((s, why, vectoriser.vector(without_dateline(s.text))))
    day = centroid(v for _, _, v in unique)
    ranked = sorted(
        ((cosine(v, day) + config.topic_weight * cosine(v, topic), s, why, v) for s, why, v in unique),
        key=lambda r: (-r[0], r[1].published, r[1].document, r[1].index),
    )
    picked: list[PickedSentence] = []
    vectors: list[Vector] = []
    for score, s, why, v in ranked:
        if len(picked) >= count:
            break
        if any(cosine(v, other) >= config.redundant_cosine for other in vectors):
            continue
        picked.append(PickedSentence(s, without_dateline(s.text), why, round(score, 4)))
        vectors.append(v)
        taken.add(text_key(s.text))
    return picked


#: A wire preamble glued to a sentence: "MEXICO CITY | Fri Apr 24, 2009 7:50 pm EDT MEXICO CITY
#: (Reuters) - ", "GENEVA (AP) -- ". Before the agency only capitalised words, numbers, am/pm and
#: separators, each followed by a space (possessive, so a long capitalised run cannot backtrack).
_PREAMBLE = re.compile(
    r"^(?:(?:[A-Z][\w.'’/\\]*+|\d[\d:,.]*+|[ap]\.?m\.?|[|,-])\s++){1,20}+"
    r"\([A-Z][\w .&'’-]{1,30}\)\s*(?:--?|–|—)\s+"
)
#: Page furniture glued in front of a sentence when a page is stored one paragraph a line: a photo
#: credit ("(By Jay Mallin -- Bloomberg News) ", "(China Photos Via Getty Images) "), a posting
#: stamp ("Tuesday, September 16, 2008; 4:30 PM ", "Thursday, October 23, 2008; Page A01 "), a
#: dateline in capitals ("NEW YORK, Sept. 29 -- ", "BUCHAREST, Romania -- "), a live-blog stamp
#: ("LIBYA, 5:29 p.m. ET, 12:29 a.m. local: ").
_FURNITURE = (
    re.compile(r"^\((?:By [^()]{1,80}|[^()]{0,60}(?:Images|Press|Reuters|News|Post|AFP|AP))\)\s*"),
    re.compile(
        r"^(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,\s+\w+\.?\s+\d{1,2},\s+\d{4}\s*;\s*"
        r"(?:\d{1,2}:\d\d\s*[AP]M|Page\s+\w+)\s*"
    ),
    re.compile(
        r"^[A-Z][A-Z.'-]+(?:\s[A-Z][A-Z.'-]+)*(?:,\s[A-Z][\w.]*(?:\s[A-Z][\w.]*)*)?"
        r"(?:,\s\w{3,5}\.?\s\d{1,2})?\s+--(?:\s+|$)"
    ),
    re.compile(r"^[A-Z][A-Z ]+,\s+[\d:.apm ]+ET,\s+[\d:.apm ]+local:\s+"),
)


def without_dateline(text: str) -> str:
    """The sentence without what a page glued in front of it: credits, stamps, datelines, a wire preamble.

    A line that is nothing but such furniture comes back empty.
    """
    previous = None
    while previous != text:
        previous = text
        for pattern in _FURNITURE:
            m = pattern.match(text)
            if m:
                text = text[m.end() :]
    m = _PREAMBLE.match(text)
    return (text[m.end() :] if m else text).strip()


def text_key(text: str) -> str:
    return " ".join(words(text))
