"""Spotting rules for expressions counted from the anchor or from the text: weekdays, "yesterday",
"this week", "last year", "the weekend", "two years ago", "the next day", "a year earlier".

Whether a rule counts from the anchor (deictic) or from the date the text last gave (anaphoric)
is decided here, in the parsed fields; `timex_resolve` applies it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from storyline.annotate.timex_lexicon import (
    AMOUNT,
    PARTS_OF_DAY,
    SEASONS,
    UNIT,
    UNITS,
    WEEKDAY,
    parse_amount,
    weekday_number,
)
from storyline.annotate.timex_rules import (
    UNIT_TRIGGER,
    Candidate,
    Parsed,
    make,
    rule,
    word_before,
    words,
)

# ---------------------------------------------------------------------------------------------
# Weekdays and the days around the anchor

_NOT_A_DAY_AFTER = re.compile(
    r"\s+(?-i:Times|Telegraph|Express|Mirror|Herald|Post|Mail|Star|Independent|Tribune|Review|Magazine|Edition"
    r"|Show|School|Service|Club|Sport|People|Observer|Journal|Morning\s+Post)\b"
)


@rule(
    r"\b(?:(?P<rel>last|next|this|this\s+coming|coming|this\s+past|past|previous)\s+)?(?P<wd>" + WEEKDAY + r")"
    r"(?P<plural>s)?(?P<poss>['’]s)?(?:\s+(?P<part>morning|afternoon|evening|night|overnight)(?P<parts>s)?)?\b",
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday",
    25,
    25,
)
def weekday(m: re.Match[str]) -> Iterator[Candidate]:
    if _NOT_A_DAY_AFTER.match(m.string, m.end()):
        return
    wd = weekday_number(m["wd"])
    part = PARTS_OF_DAY[m["part"].lower()] if m["part"] else None
    if m["plural"] or m["parts"]:  # "on Mondays", "Tuesday nights": every one of them
        value = f"XXXX-WXX-{wd + 1}" + (f"T{part}" if part else "")
        yield make(m, "fixed", "SET", Parsed(value=value), "weekday_set")
        return
    rels = {
        "last": -1,
        "this past": -1,
        "past": -1,
        "previous": -1,
        "next": 1,
        "this coming": 1,
        "coming": 1,
        "this": 0,
    }
    rel = rels[" ".join(m["rel"].lower().split())] if m["rel"] else None
    p = Parsed(weekday=wd, rel=rel, part=part, possessive=bool(m["poss"]))
    yield make(m, "weekday", "TIME" if part else "DATE", p, "weekday")


_DEICTIC_DAYS = {
    "today": 0,
    "tonight": 0,
    "yesterday": -1,
    "tomorrow": 1,
    "the day before yesterday": -2,
    "the day after tomorrow": 2,
}


_NEXT_WORDS = re.compile(r"\s+([A-Za-z]+)(?:[\s-]+([A-Za-z]+))?")
#: What "today's" names when it is the day itself: an issue, a session, a scheduled happening.
_DATED_BY_TODAY = words(
    "edition editions paper papers newspaper newspapers issue meeting meetings session sessions vote votes election"
    " game games match race quiz broadcast broadcasts show program programme hearing hearings announcement deadline"
    " talks summit trading close agenda ceremony"
)


@rule(
    r"\b(?P<w>today|tonight|yesterday|tomorrow|the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow)"
    r"(?P<poss>['’]s)?(?:\s+(?P<part>morning|afternoon|evening|night))?\b",
    r"today|tonight|yesterday|tomorrow",
    20,
    25,
)
def deictic_day(m: re.Match[str]) -> Iterator[Candidate]:
    word = " ".join(m["w"].lower().split())
    if word == "today" and m["poss"]:
        # "today's editions", "today's vote" name a dated thing: the day; "today's world" is the present
        following = _NEXT_WORDS.match(m.string, m.end())
        if following is None or _DATED_BY_TODAY.isdisjoint(w.lower() for w in following.groups() if w):
            return
        yield make(m, "deictic", "DATE", Parsed(unit="day", rel=0), "today", "w")
        return
    part = PARTS_OF_DAY[m["part"].lower()] if m["part"] else ("NI" if word == "tonight" else None)
    p = Parsed(unit="day", rel=_DEICTIC_DAYS[word], part=part)
    yield make(m, "deictic", "TIME" if part else "DATE", p, word.replace(" ", "_"))


@rule(
    r"\b(?P<rel>this|last|yesterday|tomorrow)\s+(?P<part>morning|afternoon|evening|night)\b",
    UNIT_TRIGGER,
    15,
    5,
)
def part_of_day(m: re.Match[str]) -> Iterator[Candidate]:
    rel = {"this": 0, "last": -1, "yesterday": -1, "tomorrow": 1}[m["rel"].lower()]
    if m["rel"].lower() == "last" and m["part"].lower() != "night":
        rel = -1
    p = Parsed(unit="day", rel=rel, part=PARTS_OF_DAY[m["part"].lower()])
    yield make(m, "deictic", "TIME", p, "part_of_day")


_DEICTIC_REL = {
    "this": 0,
    "current": 0,
    "present": 0,
    "last": -1,
    "past": -1,
    "latest": -1,
    "next": 1,
    "coming": 1,
    "this coming": 1,
    "this past": -1,
}
_UNIT_WORD_GRAIN = {
    "week": "week",
    "weekend": "weekend",
    "month": "month",
    "year": "year",
    "quarter": "quarter",
    "decade": "decade",
    "century": "century",
}


@rule(
    r"(?:\bthe\s+)?\b(?P<rel>this\s+coming|this\s+past|this|last|next|past|coming|current|present|latest)\s+"
    r"(?:fiscal\s+)?(?P<unit>week|weekend|month|year|quarter|decade|century|spring|summer|fall|autumn|winter)"
    r"(?P<poss>['’]s)?\b(?!-)",
    UNIT_TRIGGER,
    30,
    10,
)
def deictic_unit(m: re.Match[str]) -> Iterator[Candidate]:
    rel = _DEICTIC_REL[" ".join(m["rel"].lower().split())]
    unit = m["unit"].lower()
    titled = m["unit"][0].isupper() and m["rel"][0].isupper() and not m.group(0).isupper()
    if titled and m.start() > 0 and not re.search(r"[.!?]\s*$", m.string[max(0, m.start() - 3) : m.start()]):
        return  # "ABC's \"This Week\"": a title
    if unit in SEASONS:
        p = Parsed(grain="season", season=SEASONS[unit], rel=rel)
        yield make(m, "date", "DATE", p, "deictic_season")
        return
    start = m.start() if m.group(0).lower().startswith("the") and rel != 1 else m.start("rel")
    c = make(m, "deictic", "DATE", Parsed(unit=_UNIT_WORD_GRAIN[unit], rel=rel), f"deictic_{unit}")
    c.start = start
    yield c


@rule(r"\bthe\s+weekend\b(?!\s+(?:of|before|after)\b)", UNIT_TRIGGER, 5, 20)
def the_weekend(m: re.Match[str]) -> Iterator[Candidate]:
    """ "over the weekend": the last weekend in a past-tense sentence, the coming one in a future-tense one."""
    yield make(m, "deictic", "DATE", Parsed(unit="weekend"), "the_weekend")


_PERIOD_END = re.compile(r"\s+(?:ended|ending|that\s+ended|that\s+ends|through|to\s+(?-i:[A-Z])\w*\.?\s+\d)")


@rule(
    r"\bthe\s+(?:(?P<adj>full|fiscal|whole|entire|full\s+fiscal)\s+)?(?P<unit>year|week|month)(?P<poss>['’]s)?\b(?![-'’])",
    UNIT_TRIGGER,
    30,
    30,
)
def the_unit(m: re.Match[str]) -> Iterator[Candidate]:
    """In news, "for the year" is the current one; "the year ended Sept. 30" is a year-long period."""
    unit = m["unit"].lower()
    if _PERIOD_END.match(m.string, m.end()):
        yield make(
            m,
            "fixed",
            "DURATION",
            Parsed(value={"year": "P1Y", "week": "P1W", "month": "P1M"}[unit]),
            "the_unit_period",
        )
        return
    before = word_before(m.string, m.start())
    if m["poss"] or before in ("for", "of", "during", "throughout", "in", "over", "into"):
        yield make(m, "deictic", "DATE", Parsed(unit=unit, rel=0), "the_unit")


@rule(r"\b(?:(?P<the>the\s+)?year['’]s\s+end|year[- ]end)\b(?!-)", UNIT_TRIGGER, 5, 10)
def year_end(m: re.Match[str]) -> Iterator[Candidate]:
    yield make(m, "deictic", "DATE", Parsed(unit="year", rel=0), "year_end")


@rule(
    r"\b(?:(?P<mod>the\s+(?:end|beginning|start|middle|close|rest|remainder|turn)\s+of|(?:earlier|later)\s+in)"
    r"\s+)the\s+(?P<unit>year|month|week|decade|century)\b",
    UNIT_TRIGGER,
    40,
    15,
    requires=r"(?:of|in)\s+the\s+",
)
def within_the_unit(m: re.Match[str]) -> Iterator[Candidate]:
    """In news, "later in the year" and "the end of the month" are in the current year or month."""
    p = Parsed(unit=_UNIT_WORD_GRAIN[m["unit"].lower()], rel=0)
    yield make(m, "deictic", "DATE", p, "within_the_unit")


_ANAPHOR_UNITS = {
    "day": "day",
    "morning": "day",
    "afternoon": "day",
    "evening": "day",
    "night": "day",
    "week": "week",
    "weekend": "weekend",
    "month": "month",
    "year": "year",
    "quarter": "quarter",
}
_ANAPHOR_PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}


@rule(
    r"\b(?:(?:the\s+)?(?P<rel>following|previous|preceding|same|prior)|the\s+(?P<next>next)|that(?:\s+same)?)\s+"
    r"(?P<unit>day|morning|afternoon|evening|night|week|weekend|month|year|quarter)\b",
    UNIT_TRIGGER,
    25,
    5,
)
def anaphor(m: re.Match[str]) -> Iterator[Candidate]:
    """ "the next day", "the previous year", "that same day": counted from the date the text last gave."""
    word = (m["rel"] or m["next"] or "that").lower()
    rel = {"following": 1, "next": 1, "previous": -1, "preceding": -1, "prior": -1}.get(word, 0)
    unit = m["unit"].lower()
    part = _ANAPHOR_PARTS.get(unit)
    p = Parsed(unit=_ANAPHOR_UNITS[unit], rel=rel, anaphoric=True, part=part)
    yield make(m, "offset", "TIME" if part else "DATE", p, "anaphor")


@rule(
    r"\bthe\s+(?P<unit>day|night|week|month|year)\s+(?P<dir>before|after|earlier|later|prior)\b"
    # alone ("the day after."), or before a date ("the day after the anniversary", "after July 27"),
    # not before a clause ("the day before authorities issued a warrant")
    r"(?=\s*(?:[,.;:!?)\"'”]|$|the\b|last\b|next\b|this\b|(?-i:[A-Z])|\d))",
    UNIT_TRIGGER,
    5,
    30,
)
def day_around(m: re.Match[str]) -> Iterator[Candidate]:
    """ "the day after": one unit from the expression that follows, else from the one the text last gave."""
    rel = 1 if m["dir"].lower() in ("after", "later") else -1
    unit = m["unit"].lower()
    p = Parsed(unit="day" if unit == "night" else unit, rel=rel, anaphoric=True)
    yield make(m, "around", "DATE", p, "day_around")


# ---------------------------------------------------------------------------------------------
# Offsets: "two years ago", "a year earlier", "the year-earlier quarter"


@rule(
    r"\b(?:(?P<amt>" + AMOUNT + r")[\s-]+)?(?P<unit>" + UNIT + r")\s+(?P<dir>ago|earlier|later|from\s+now|hence"
    r"|back|before(?=\s*[,.;:!?)]|\s*$)|after(?=\s*[,.;:!?)]|\s*$))",
    UNIT_TRIGGER,
    70,
    15,
    requires=UNIT + r"\s+(?:ago|earlier|later|from|hence|back|before|after)",
)
def offset(m: re.Match[str]) -> Iterator[Candidate]:
    unit = UNITS[m["unit"].lower()]
    if unit in ("S", "MIN", "H", "2W", "ML"):
        return
    direction = m["dir"].lower()
    sign = 1 if direction in ("later", "from now", "hence", "after") else -1
    amount = parse_amount(m["amt"]) if m["amt"] else None
    if not m["amt"] and not m["unit"].lower().endswith("s"):
        return  # "year later" without an amount is not a date
    anaphoric = direction in ("earlier", "later", "before", "after")
    if amount is None:
        value = "PAST_REF" if sign < 0 else "FUTURE_REF"
        if anaphoric:
            return
        yield make(m, "fixed", "DATE", Parsed(value=value), "offset_vague")
        return
    p = Parsed(
        unit=_OFFSET_GRAIN[unit],
        amount=amount * sign * (10 if unit == "DE" else 100 if unit == "CE" else 1),
        anaphoric=anaphoric,
    )
    yield make(m, "offset", "DATE", p, "offset_anaphoric" if anaphoric else "offset_ago")


_OFFSET_GRAIN = {
    "D": "day",
    "W": "week",
    "WE": "week",
    "M": "month",
    "Q": "quarter",
    "Y": "year",
    "DE": "year",
    "CE": "year",
}


@rule(
    r"(?:\b(?P<the>the)\s+)?\b(?P<unit>year|month|quarter|week)[- ](?:earlier|ago|before)\b"
    r"(?:\s+(?P<noun>quarter|period|month|year|nine\s+months|six\s+months|three\s+months))?",
    UNIT_TRIGGER,
    5,
    45,
    requires=r"[- ](?:earlier|ago|before)",
)
def year_earlier(m: re.Match[str]) -> Iterator[Candidate]:
    """ "the year-earlier quarter": the quarter the text talks about, a year back; "year-ago": last year."""
    noun = (m["noun"] or "").lower()
    if noun in ("quarter", "period") and m["unit"].lower() == "year":
        c = make(m, "quarter_ref", "DATE", Parsed(grain="quarter", year_back=1), "year_earlier")
    else:
        c = make(m, "offset", "DATE", Parsed(unit=m["unit"].lower(), amount=-1), "year_earlier")
    if m["the"] and not m["noun"]:
        c.start = m.start("unit")
    yield c
