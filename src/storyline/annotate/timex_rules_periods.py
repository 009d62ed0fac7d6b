"""Spotting rules for the parts of a year: quarters (the financial news's favourite), halves,
seasons and public holidays. Without a year, they are resolved against the anchor.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from storyline.annotate.timex_lexicon import (
    SEASON,
    SEASONS,
    YEAR,
)
from storyline.annotate.timex_rules import (
    UNIT_TRIGGER,
    Candidate,
    Parsed,
    make,
    rule,
    word_before,
)

# ---------------------------------------------------------------------------------------------
# Quarters, halves, seasons, holidays


_QUARTER_ORD = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "final": 4}
_YEAR_OF = r"(?:\s+of\s+(?:(?P<y>" + YEAR + r")|fiscal\s+(?P<fy>" + YEAR + r")|(?P<rel>this|last|next)\s+year))?"


@rule(
    r"(?:\b(?P<y0>" + YEAR + r")(?:['’]s)?\s+|\b(?P<rel0>this|last|next)\s+year['’]s\s+)?(?P<the>\bthe\s+)?"
    r"(?:(?P<ago>year[- ](?:ago|earlier))\s+)?(?:\b(?:fiscal|calendar)[- ])?"
    r"\b(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|final)(?P<sep>[- ])(?:fiscal[- ])?quarter\b" + _YEAR_OF,
    UNIT_TRIGGER,
    50,
    40,
    requires=r"quarter",
)
def quarter(m: re.Match[str]) -> Iterator[Candidate]:
    year = m["y"] or m["fy"] or m["y0"]
    rel = {"this": 0, "last": -1, "next": 1}.get((m["rel"] or m["rel0"] or "").lower())
    p = Parsed(
        grain="quarter",
        index=_QUARTER_ORD[m["ord"].lower()],
        year=int(year) if year else None,
        rel=rel,
        year_back=1 if m["ago"] else 0,
    )
    c = make(m, "date", "DATE", p, "quarter")
    if m["the"] and m["sep"] == "-" and not (m["y"] or m["fy"] or m["rel"] or m["ago"]):
        c.start = m.start("ord")  # "the third-quarter results": the adjective alone
    yield c


@rule(r"(?:\b(?P<y0>" + YEAR + r")\s+)?\b(?-i:Q)(?P<q>[1-4])\b(?:\s+(?P<y>" + YEAR + r")\b)?", r"q[1-4]", 10, 10)
def quarter_code(m: re.Match[str]) -> Iterator[Candidate]:
    year = m["y"] or m["y0"]
    p = Parsed(grain="quarter", index=int(m["q"]), year=int(year) if year else None)
    yield make(m, "date", "DATE", p, "quarter")


@rule(r"\bthe\s+(?P<y>" + YEAR + r")\s+(?:quarter|period)\b", UNIT_TRIGGER, 15, 3, requires=r"quarter|period")
def quarter_of_year(m: re.Match[str]) -> Iterator[Candidate]:
    """ "the 1988 quarter": the quarter the text talks about, in that year."""
    yield make(m, "quarter_ref", "DATE", Parsed(grain="quarter", year=int(m["y"])), "quarter_of_year")


@rule(
    r"\bthe\s+(?:(?P<latest>latest|most\s+recent|recent|just[- ](?:ended|completed))\s+(?:quarter|period)"
    r"|(?:same\s+)?quarter)(?:['’]s)?\b(?!-)",
    UNIT_TRIGGER,
    40,
    5,
    requires=r"quarter|period",
)
def quarter_anaphor(m: re.Match[str]) -> Iterator[Candidate]:
    """ "the quarter": the one the text talks about; "the latest quarter": the last one that is over."""
    yield make(m, "quarter_ref", "DATE", Parsed(grain="quarter", rel=-1 if m["latest"] else None), "quarter_anaphor")


@rule(
    r"\b(?:the\s+)?(?P<h>first|second|1st|2nd|latter|last)[- ]half\s+of\s+(?:(?P<y>"
    + YEAR
    + r")|(?P<rel>this|last|next)"
    r"\s+year|the\s+year)\b",
    r"half",
    15,
    30,
)
def half(m: re.Match[str]) -> Iterator[Candidate]:
    index = 1 if m["h"].lower() in ("first", "1st") else 2
    rel = {"this": 0, "last": -1, "next": 1}.get((m["rel"] or "").lower(), 0)
    p = Parsed(grain="half", index=index, year=int(m["y"]) if m["y"] else None, rel=None if m["y"] else rel)
    yield make(m, "date", "DATE", p, "half")


@rule(
    r"\b(?:(?P<rel>last|next|this|past|coming|this\s+past)\s+)?(?P<s>" + SEASON + r")(?!-)"
    r"(?:\s+(?:of\s+)?(?P<y>" + YEAR + r"))?\b",
    UNIT_TRIGGER,
    25,
    15,
    requires=r"spring|summer|autumn|winter|fall",
)
def season(m: re.Match[str]) -> Iterator[Candidate]:
    text = m.string
    if not m["rel"] and not m["y"]:
        before = word_before(text, m.start())
        if before == "the":
            before = word_before(text, m.start() - 4) if text[m.start() - 4 : m.start()].lower() == "the " else ""
            if before not in (
                "in",
                "during",
                "by",
                "until",
                "through",
                "over",
                "since",
                "for",
                "into",
                "throughout",
                "of",
            ):
                return
        elif before not in ("in", "during", "by", "until", "through", "since", "early", "late", "mid", "this"):
            return
        if re.match(r"\s+of\b", text[m.end() :]):
            return  # "the fall of the Berlin Wall"
        if m["s"].lower() in ("fall", "spring") and before not in ("in", "the", "early", "late", "during", "by"):
            return
    rel = {"last": -1, "past": -1, "this past": -1, "next": 1, "coming": 1, "this": 0}
    p = Parsed(
        grain="season",
        season=SEASONS[m["s"].lower()],
        year=int(m["y"]) if m["y"] else None,
        rel=rel[m["rel"].lower()] if m["rel"] else None,
    )
    yield make(m, "date", "DATE", p, "season")


_HOLIDAYS = (
    r"Christmas(?:\s+(?:Day|Eve))?|New\s+Year['’]?s(?:\s+(?:Day|Eve))|Thanksgiving(?:\s+Day)?|Easter(?:\s+Sunday"
    r"|\s+Monday|\s+[Ww]eek)?|Holy\s+Week|Good\s+Friday|Independence\s+Day|Fourth\s+of\s+July|Labor\s+Day"
    r"|Memorial\s+Day|Veterans\s+Day"
    r"|Halloween|Valentine['’]?s\s+Day|Election\s+Day|Martin\s+Luther\s+King(?:\s+Jr\.?)?\s+Day|Presidents['’]?\s+Day"
    r"|Columbus\s+Day|Mother['’]?s\s+Day|Father['’]?s\s+Day|Boxing\s+Day|Armistice\s+Day|St\.\s+Patrick['’]?s\s+Day"
)


@rule(
    r"\b(?:(?P<rel>last|next|this)\s+)?(?P<h>(?-i:" + _HOLIDAYS + r"))(?:\s*,?\s*(?P<y>" + YEAR + r"))?\b",
    r"christmas|new year|thanksgiving|easter|holy week|good friday|independence|fourth of july|labor day|memorial day"
    r"|veterans|halloween|valentine|election day|luther king|presidents|columbus|mother|father|boxing day"
    r"|armistice day|patrick",
    20,
    30,
)
def holiday(m: re.Match[str]) -> Iterator[Candidate]:
    name = re.sub(r"\s+", " ", m["h"]).replace("’", "'")
    name = re.sub(r"Martin Luther King(?: Jr\.?)? Day", "Martin Luther King Day", name)
    if name.lower() == "new year's":
        return
    rel = {"last": -1, "next": 1, "this": 0}.get((m["rel"] or "").lower())
    grain = "week" if name.lower().endswith(" week") else None  # "Easter week": the week of Easter Sunday
    p = Parsed(holiday=name, year=int(m["y"]) if m["y"] else None, rel=rel, grain=grain)
    yield make(m, "date", "DATE", p, "holiday")
