"""Anniversaries: "the 70th anniversary of the armistice", "marks 75 years of diplomatic ties".

Spotting finds the number and the subject. Resolution needs the rest of the text: the base date
is taken inside the phrase ("of the 1953 armistice"), right after it in the same sentence ("the
armistice that was signed on July 27, 1953"), or beside another mention of the subject's head noun
("The armistice, signed on July 27, 1953, ..."); base year plus the number must land within a year
of the anchor. Without a base date the value stays "" and the caller gets (70, "the armistice").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from storyline.annotate.timex_calendar import Point, shift
from storyline.annotate.timex_lexicon import (
    CARDINAL,
    ORDINAL,
    parse_amount,
    parse_ordinal,
)
from storyline.annotate.timex_resolve import Context, Resolution, resolve
from storyline.annotate.timex_rules import (
    Candidate,
    Parsed,
    make,
    rule,
    words,
)
from storyline.annotate.timex_tense import SentenceTense

# ---------------------------------------------------------------------------------------------
# Anniversaries

_SUBJECT_STOP = re.compile(
    r"\s+(?:that|which|who|whom|when|where|while|with|on|at|as|is|was|were|are|will|would|has|have|had|and|but|to"
    r"|for|this|next|last|in|by|from|after|before|since|during|under|amid|despite|through|via|held|marked)\b",
    re.IGNORECASE,
)
_SUBJECT_TEXT = r"(?P<subj>[^.,;:!?()\[\]\"“”\n]{1,160})"


def _subject(m: re.Match[str]) -> tuple[str, int, int] | None:
    """The subject after "anniversary of", cut where its noun phrase ends; with its offsets."""
    if not m["subj"]:
        return None
    raw = m["subj"]
    cut = _SUBJECT_STOP.search(raw)
    words = list(re.finditer(r"\S+", raw[: cut.start()] if cut else raw))[:10]
    if not words:
        return None
    start, end = m.start("subj") + words[0].start(), m.start("subj") + words[-1].end()
    return m.string[start:end], start, end


@rule(
    r"(?:\bthe\s+)?\b(?P<n>" + ORDINAL + r")(?P<ann>[- ]anniversary)\b(?:\s+of\s+" + _SUBJECT_TEXT + ")?",
    r"anniversar",
    40,
    200,
)
def anniversary(m: re.Match[str]) -> Iterator[Candidate]:
    n = parse_ordinal(m["n"])
    if not n or n > 1000:
        return
    found = _subject(m)
    p = Parsed(amount=float(n), subject=found[0] if found else None)
    c = make(m, "anniversary", "DATE", p, "anniversary", priority=2)
    c.end = found[2] if found else m.end("ann")
    yield c


@rule(
    r"\b(?:mark(?:s|ed|ing)?|celebrat(?:e|es|ed|ing)|commemorat(?:e|es|ed|ing)|observ(?:e|es|ed|ing))\s+"
    r"(?:the\s+)?(?P<n>\d{1,3}|" + CARDINAL + r")\s+years\s+(?:of|since)\s+" + _SUBJECT_TEXT,
    r"years (?:of|since)",
    40,
    200,
)
def years_of(m: re.Match[str]) -> Iterator[Candidate]:
    n = parse_amount(m["n"])
    found = _subject(m)
    if not n or not found:
        return
    c = make(m, "anniversary", "DATE", Parsed(amount=n, subject=found[0]), "years_of_anniversary", priority=2)
    c.start, c.end = m.start("n"), found[2]
    yield c


def resolve_anniversary(
    text: str,
    c: Candidate,
    candidates: list[Candidate],
    chosen: list[Candidate],
    results: list[Resolution],
    anchor: dt.date | None,
    sentences: SentenceTense,
    earlier: dict[int, tuple[str, Point | None]],
) -> tuple[Resolution, tuple[tuple[int, str], str | None]]:
    """The anniversary's date when the text gives the date of its subject; else an unresolved value.

    `earlier` maps the numbers of the anniversaries already resolved in this text to their subject
    and base date, so that a later "the 70th anniversary" means the same one as the first.
    """
    years = int(c.parsed.amount or 0)
    subject = c.parsed.subject or ""
    if not subject and years in earlier:
        subject, base = earlier[years]
    else:
        base = _base_date(text, c, candidates, chosen, results, anchor, sentences, years)
        if subject:
            earlier.setdefault(years, (subject, base))
    if base is None:
        return Resolution("", None, False), ((years, subject), None)
    point = shift(base, years, "year")
    return Resolution(point.value, point, False), ((years, subject), base.value)


def _fits(base: Point, years: int, anchor: dt.date | None, text_years: list[int]) -> bool:
    """Whether base + years lands near the anchor; without one, not decades past the text's other dates."""
    year = base.start.year + years
    if anchor is not None:
        return abs(year - anchor.year) <= 1
    others = [y for y in text_years if y != base.start.year]
    return not others or year <= max(others) + 10


def _base_date(
    text: str,
    c: Candidate,
    candidates: list[Candidate],
    chosen: list[Candidate],
    results: list[Resolution],
    anchor: dt.date | None,
    sentences: SentenceTense,
    years: int,
) -> Point | None:
    given_all = [
        (o, r.point)
        for o, r in zip(chosen, results, strict=True)
        if r.point is not None and not r.relative and o.kind == "date"
    ]
    text_years = [point.start.year for _, point in given_all]
    absolute = Context(None, lambda s, e: "unknown", sentences.same_sentence)
    inside = []
    for o in candidates:  # "the 70th anniversary of the 1953 armistice"
        if o is not c and c.start <= o.start and o.end <= c.end and o.kind == "date" and o.parsed.year is not None:
            r = resolve(o, absolute)
            if r.point is not None and _fits(r.point, years, anchor, text_years):
                inside.append(r.point)
    if inside:
        return min(inside, key=lambda p: (_GRAIN_ORDER.get(p.grain, 9), p.start))
    given = [(o, point) for o, point in given_all if _fits(point, years, anchor, text_years)]
    _, s_end = sentences.sentence(c.start)
    for o, point in given:  # "...of the armistice that was signed on July 27, 1953"
        if c.end <= o.start < min(s_end, c.end + 160):
            return point
    near_head = _near_head_noun(text, c, given, sentences)
    if near_head is not None or anchor is None:
        return near_head
    # "the July 27, 1953 event" elsewhere in a 2023 article: a day exactly that many years back
    days = [point for _, point in given if point.grain == "day"]
    return min(days, key=lambda p: abs(p.start.year + years - anchor.year), default=None)


def _near_head_noun(
    text: str, c: Candidate, given: list[tuple[Candidate, Point]], sentences: SentenceTense
) -> Point | None:
    """The date nearest another mention of the subject's head noun, in the same sentence."""
    head = _head_noun(c.parsed.subject or "")
    if not head:
        return None
    best: tuple[int, int, Point] | None = None
    for m in re.finditer(rf"\b{re.escape(head)}\b", text, re.IGNORECASE):
        if c.start <= m.start() < c.end:
            continue
        sentence = sentences.sentence(m.start())
        for o, point in given:
            if sentences.sentence(o.start) != sentence:
                continue
            distance = o.start - m.end() if o.start >= m.end() else m.start() - o.end
            if distance <= 120:
                key = (distance, _GRAIN_ORDER.get(point.grain, 9), point)
                if best is None or key[:2] < best[:2]:
                    best = key
    return best[2] if best else None


_GRAIN_ORDER = {"day": 0, "month": 1, "season": 2, "quarter": 2, "year": 3}
_HEAD_SKIP = words("the a an of its his her their this that our")


def _head_noun(subject: str) -> str:
    words = [w.strip("'’\"") for w in subject.split() if w.lower() not in _HEAD_SKIP]
    words = [w for w in words if len(w) >= 3 and not w.isdigit()]
    return words[-1] if words else ""
