"""Spotting rules for clock times, durations, sets and vague references to the present, past and
future.

Durations and sets get their TIMEX3 value here, since it does not depend on any anchor: "three
weeks" is P3W, "seven decades" P70Y, "every year" P1Y. Ages ("a 6-year-old") are not durations of
anything that happened and are left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from storyline.annotate.timex_lexicon import (
    AMOUNT,
    CARDINAL,
    CARDINALS,
    DAY,
    MONTH,
    MONTH_FULL,
    PARTS_OF_DAY,
    SEASON,
    SEASONS,
    UNIT,
    UNITS,
    WEEKDAY,
    YEAR,
    month_number,
    parse_amount,
    parse_ordinal,
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
# Clock times

_TZ = r"(?:\s+(?P<tz>(?-i:[ECMP][SD]T|GMT|UTC|BST|CET|KST|JST)|local\s+time))?"
_CLOCK_DAY = (
    r"(?:\s*,?\s+(?:on\s+)?(?P<day>"
    + WEEKDAY
    + r"|today|tonight|yesterday|tomorrow|"
    + MONTH
    + r"\s*"
    + DAY
    + r"(?:\s*,?\s*"
    + YEAR
    + r")?)\b)?"
)
_DAY_WORDS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}


def _day_of(text: str | None) -> tuple[str, Parsed] | None:
    """The day a clock time names after it ("10 p.m. Wednesday", "5 p.m. EST Nov. 9")."""
    if not text:
        return None
    word = text.lower()
    if word in _DAY_WORDS:
        return "deictic", Parsed(unit="day", rel=_DAY_WORDS[word])
    m = re.fullmatch(
        r"(?P<mon>\S+?)\.?\s*(?P<day>\d{1,2}|[a-z-]+?)(?:st|nd|rd|th)?(?:\s*,?\s*(?P<y>\d{4}))?", text, re.IGNORECASE
    )
    if m and m["mon"].lower().rstrip(".") in _MONTH_KEYS:
        day = int(m["day"]) if m["day"].isdigit() else parse_ordinal(m["day"])
        if day:
            return "date", Parsed(year=int(m["y"]) if m["y"] else None, month=month_number(m["mon"]), day=day)
    return "weekday", Parsed(weekday=weekday_number(text))


_MONTH_KEYS = words(
    "january jan february feb march mar april apr may june jun july jul august aug september sept sep "
    "october oct november nov december dec"
)


def _clock(hour: int, minute: int, meridiem: str) -> str | None:
    m = meridiem.lower().replace(".", "").replace(" ", "")
    if m and not 1 <= hour <= 12:
        return None
    if m == "pm" and hour != 12:
        hour += 12
    elif m == "am" and hour == 12:
        hour = 0
    return f"T{hour:02d}:{minute:02d}"


@rule(
    r"\b(?P<h>[01]?\d|2[0-3])(?:[:.](?P<mi>[0-5]\d))?\s*(?P<ap>[ap]\.\s?m\b\.?|[ap]m\b)" + _TZ + _CLOCK_DAY,
    r"[ap]\.?\s?m\b",
    10,
    40,
)
def clock_time(m: re.Match[str]) -> Iterator[Candidate]:
    clock = _clock(int(m["h"]), int(m["mi"] or 0), m["ap"])
    if clock:
        yield _clock_candidate(m, clock, "clock_time")


@rule(r"\b(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)\b(?!:\d|\s*[ap]\.?m)" + _TZ + _CLOCK_DAY, r"\d:\d\d", 5, 40)
def clock_24h(m: re.Match[str]) -> Iterator[Candidate]:
    if m["tz"] or word_before(m.string, m.start()) in ("at", "by", "until", "before", "after", "around"):
        yield _clock_candidate(m, f"T{int(m['h']):02d}:{m['mi']}", "clock_24h")


@rule(r"\b(?P<n>noon|midnight|midday)" + _CLOCK_DAY, r"noon|midnight|midday", 3, 40)
def noon(m: re.Match[str]) -> Iterator[Candidate]:
    if word_before(m.string, m.start()) == "high":
        return  # "high noon": an idiom
    yield _clock_candidate(m, "T24:00" if m["n"].lower() == "midnight" else "T12:00", "noon")


@rule(
    r"\b(?P<h>\d{1,2}|" + CARDINAL + r")(?:\s+o['’]clock)?\s+in\s+the\s+(?P<part>morning|afternoon|evening)\b"
    r"|\b(?P<h2>\d{1,2}|" + CARDINAL + r")\s+o['’]clock\b",
    r"o['’]clock| in the (?:morning|afternoon|evening)",
    30,
    30,
)
def oclock(m: re.Match[str]) -> Iterator[Candidate]:
    raw = m["h"] or m["h2"]
    hour = int(raw) if raw.isdigit() else CARDINALS.get(raw.lower(), 0)
    meridiem = "am" if (m["part"] or "").lower() == "morning" else ("pm" if m["part"] else "")
    clock = _clock(hour, 0, meridiem) if 1 <= hour <= 12 else None
    if clock:
        yield make(m, "time", "TIME", Parsed(clock=clock), "oclock")


def _clock_candidate(m: re.Match[str], clock: str, name: str) -> Candidate:
    found = _day_of(m["day"])
    p = Parsed(clock=clock)
    if found:
        p.inner_kind, p.inner = found
    return make(m, "time", "TIME", p, name)


# ---------------------------------------------------------------------------------------------
# Durations

_TIME_UNITS = {"S": "S", "MIN": "M", "H": "H"}
_SPLIT = {"Y": (12, "M"), "H": (60, "M"), "MIN": (60, "S"), "D": (24, "H"), "CE": (100, "Y")}


def duration_value(amount: float | None, code: str) -> str:
    """TIMEX3 duration: P3W, P13M, P70Y, PT2H, PT1H30M; PXY when the amount is vague.

    Decades are counted in years ("two decades" P20Y, "decades" PXY), as TimeBank and AQUAINT
    annotate them, though TIMEX3 would also allow P2DE.
    """
    if code == "2W":
        code, amount = "W", None if amount is None else amount * 2
    if code == "DE":
        code, amount = "Y", None if amount is None else amount * 10
    prefix = "PT" if code in _TIME_UNITS else "P"
    letter = _TIME_UNITS.get(code, code)
    if amount is None:
        return f"{prefix}X{letter}"
    whole = int(amount)
    if amount == whole:
        return f"{prefix}{whole}{letter}"
    if code in _SPLIT:
        per, sub = _SPLIT[code]
        rest = round((amount - whole) * per)
        if code == "CE":
            return f"P{round(amount * per)}Y"
        head = f"{prefix}{whole}{letter}" if whole else prefix
        if code == "D":
            return f"{head}T{rest}H"
        return f"{head}{rest}{sub}"
    return f"{prefix}{amount:g}{letter}"


#: What every duration holds: the last word of an amount (or "half") right before its unit. The
#: word's own start is a word boundary in the match, so the `\b` holds in the whole text too.
_AMOUNT_BEFORE_UNIT = (
    r"(?:\d|\b(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w*teen|\w*ty|hundred|of|couple"
    r"|dozen|few|several|many|numerous|half))[\s-]+(?:(?:more|additional|full|straight|consecutive)\s+)?" + UNIT
)
_POSITION = (
    r"first|last|past|next|coming|previous|following|final|latest|remaining|initial|entire|whole|full|same|ensuing"
)


@rule(
    r"(?:\b(?P<the>the)\s+(?:(?P<pos>" + _POSITION + r")\s+)?)?\b(?P<amt>" + AMOUNT + r")"
    r"(?:\s+(?:to|or)\s+(?P<amt2>" + AMOUNT + r"))?(?P<half1>\s+and\s+a\s+half)?[\s-]+"
    r"(?:(?:more|additional|full|straight|consecutive)\s+)?(?P<unit>" + UNIT + r")(?P<half2>\s+and\s+a\s+half)?"
    r"(?P<tail>[\s-]old\b|-long\b)?(?![\w-])",
    UNIT_TRIGGER,
    70,
    30,
    requires=_AMOUNT_BEFORE_UNIT,
)
def duration(m: re.Match[str]) -> Iterator[Candidate]:
    amount = parse_amount(m["amt"])
    unit = m["unit"].lower()
    if m["tail"] and "old" in m["tail"].lower():
        return  # an age ("a 6-year-old boy") describes a person, not the time of anything
    if m["amt"].lower() in ("an", "a") and (unit.endswith("s") or unit == "second"):
        return  # "a years" is not English; "a second" is an ordinal
    if unit.startswith("quarter") and re.match(r"\s+of\b", m.string[m.end() :]):
        return  # "three-quarters of its food": a fraction
    if m["unit"][0].isupper() and not m.group(0).isupper():
        return  # "60 Minutes": a title
    if re.fullmatch(r"(?:1[0-9]|20)\d\d", m["amt"]):
        return  # "the 1988 quarter": a year, not 1,988 quarters
    if m["amt"][:1].isdigit() and m.start("amt") > 0 and m.string[m.start("amt") - 1] in "$£€#":
        return
    if amount is not None and (m["half1"] or m["half2"]):
        amount += 0.5
    if amount is not None and amount > 10000:
        return
    code = UNITS[m["unit"].lower()]
    yield make(m, "fixed", "DURATION", Parsed(value=duration_value(amount, code)), "duration")


@rule(
    r"(?:\b(?P<the>the)\s+(?:(?P<pos>past|last|next|coming|previous|following|first|ensuing)\s+)?)?"
    r"\b(?:(?P<vague>several|a\s+few|few|many|recent|coming|numerous)\s+)?"
    r"(?P<unit>years|months|weeks|days|quarters|decades|centuries|hours|minutes)(?P<long>-long)?\b(?!-)",
    UNIT_TRIGGER,
    40,
    10,
    requires=r"years|months|weeks|days|quarters|decades|centuries|hours|minutes",
)
def vague_duration(m: re.Match[str]) -> Iterator[Candidate]:
    """ "for years", "the past few weeks", "recent days": a duration of unknown length (PXY, PXW...)."""
    bare = not (m["the"] or m["vague"] or m["long"])
    if bare and (m["unit"].lower() in ("days", "quarters") or word_before(m.string, m.start()) in _NOT_BARE_UNIT):
        return
    if (m["unit"][0].isupper() and not m.group(0).isupper()) or re.match(r"[\s-]old\b", m.string[m.end() :]):
        return  # "60 Minutes" (a title), "37 years old" (an age)
    if m["unit"].lower() == "hours" and _PART_OF_A_DAY.search(m.string, max(0, m.start() - 12), m.start()):
        return  # "the early hours of Thursday": a part of the day named next, not an amount of time
    yield make(m, "fixed", "DURATION", Parsed(value=duration_value(None, UNITS[m["unit"].lower()])), "vague_duration")


@rule(r"\b(?P<unit>hour|day|week|month|year)[- ]long\b", UNIT_TRIGGER, 0, 10)
def unit_long(m: re.Match[str]) -> Iterator[Candidate]:
    """ "a day-long meeting": one unit."""
    yield make(m, "fixed", "DURATION", Parsed(value=duration_value(1.0, UNITS[m["unit"].lower()])), "duration")


_PART_OF_A_DAY = re.compile(r"\b(?:early|small|wee)\s+$", re.IGNORECASE)
_NOT_BARE_UNIT = words("the these those of many some all his her their its our your my")


@rule(
    r"\b(?:(?P<a>a|an)\s+)?half[\s-](?:an?\s+)?(?P<unit>hour|minute|day|week|month|year|decade|century)\b",
    r"half",
    10,
    20,
)
def half_unit(m: re.Match[str]) -> Iterator[Candidate]:
    yield make(m, "fixed", "DURATION", Parsed(value=duration_value(0.5, UNITS[m["unit"].lower()])), "duration")


# ---------------------------------------------------------------------------------------------
# Sets

_SET_UNIT = r"seconds?|minutes?|hours?|days?|nights?|weeks?|weekends?|months?|quarters?|years?|decades?"
_SET_PART = r"mornings?|afternoons?|evenings?"


@rule(
    r"\b(?:every|each|per)\s+(?:(?P<amt>"
    + AMOUNT
    + r"|other)\s+)?(?P<unit>"
    + _SET_UNIT
    + "|"
    + _SET_PART
    + r"|(?P<wd>"
    + WEEKDAY
    + r")|(?P<mon>"
    + MONTH_FULL
    + r")|(?P<season>"
    + SEASON
    + r"))\b",
    r"\b(?:every|each|per)\b",
    0,
    50,
)
def every(m: re.Match[str]) -> Iterator[Candidate]:
    unit = m["unit"].lower()
    if m["wd"]:
        value = f"XXXX-WXX-{weekday_number(m['wd']) + 1}"
    elif m["mon"]:
        value = f"XXXX-{month_number(m['mon']):02d}"
    elif m["season"]:
        value = f"XXXX-{SEASONS[unit]}"
    elif unit.rstrip("s") in PARTS_OF_DAY:
        value = f"XXXX-XX-XXT{PARTS_OF_DAY[unit.rstrip('s')]}"
    elif unit.startswith("weekend"):
        value = "XXXX-WXX-WE"
    else:
        raw = (m["amt"] or "").lower()
        amount = 2.0 if raw == "other" else (parse_amount(raw) if raw else 1.0)
        value = duration_value(amount or 1.0, UNITS[unit if unit in UNITS else unit + "s"])
    yield make(m, "fixed", "SET", Parsed(value=value), "every")


_ADVERB_SETS = {
    "daily": "P1D",
    "nightly": "P1D",
    "weekly": "P1W",
    "biweekly": "P2W",
    "fortnightly": "P2W",
    "monthly": "P1M",
    "yearly": "P1Y",
    "annually": "P1Y",
    "hourly": "PT1H",
    "semiannually": "P6M",
    "biannually": "P6M",
}


@rule(
    r"\b(?P<w>daily|nightly|weekly|biweekly|fortnightly|monthly|yearly|annually|hourly|semiannually|biannually)\b",
    r"daily|nightly|weekly|monthly|yearly|annually|hourly|fortnightly|biweekly|semiannually|biannually",
    3,
    3,
)
def adverb_set(m: re.Match[str]) -> Iterator[Candidate]:
    if re.match(r"\s+(?-i:[A-Z])", m.string[m.end() :]):
        return  # "the party daily Granma": a newspaper
    if (
        m["w"][0].isupper()
        and m.start() > 0
        and not re.search(r"[.!?\"“]\s*$", m.string[max(0, m.start() - 4) : m.start()])
    ):
        return  # "China Daily", "Publishers Weekly": a title, not a frequency
    yield make(m, "fixed", "SET", Parsed(value=_ADVERB_SETS[m["w"].lower()]), "adverb_set")


_RATE_BEFORE = re.compile(
    r"(?:\d|%|percent|million|billion|trillion|thousand|hundred|dollars?|cents?|yen|euros?|won|pounds?|rubles?|"
    r"yuan|barrels?|tons?|tonnes?|miles?|hours|minutes|days|times|shares)\W*$",
    re.IGNORECASE,
)


@rule(
    r"\b(?:(?P<f>once|twice|thrice|(?:"
    + AMOUNT
    + r")\s+times)\s+)?(?:a|an|per)\s+(?P<unit>second|minute|hour|day|night"
    r"|week|month|quarter|year)\b(?![\s-](?:ago|earlier|later|before|after|old))",
    UNIT_TRIGGER,
    40,
    5,
    # "a", "an" or "per" (ending in a, n or r) and the unit
    requires=r"[anr]\s+(?:second|minute|hour|day|night|week|month|quarter|year)",
)
def rate(m: re.Match[str]) -> Iterator[Candidate]:
    if not m["f"] and not _RATE_BEFORE.search(m.string, max(0, m.start() - 20), m.start()):
        return
    value = duration_value(1.0, UNITS[m["unit"].lower()])
    yield make(m, "fixed", "SET", Parsed(value=value), "rate", priority=1)


# ---------------------------------------------------------------------------------------------
# Vague references to the present, past and future


#: What may come right before a sentence's first word.
_CLAUSE_START = re.compile(r"(?:^|[.!?\"“'`]\s*|\n\s*)$")


@rule(
    r"\b(?:right\s+now|just\s+now|now|currently|presently|nowadays|at\s+present|these\s+days|the\s+present"
    r"|(?<=at\s)the\s+moment|(?P<cur>current)(?![\s-](?:account|affairs|events|assets|liabilities|dollars|"
    r"prices|issue|issues|ly)))\b(?![-'’])",
    r"now|current|present|these days|moment",
    10,
    25,
)
def present_ref(m: re.Match[str]) -> Iterator[Candidate]:
    if (
        m.group(0).lower() == "now"
        and m.string.startswith(",", m.end())
        and _CLAUSE_START.search(m.string, max(0, m.start() - 5), m.start())
    ):
        return  # "Now, he says, ...": a discourse marker that turns to the next point, not a time
    yield make(m, "fixed", "DATE", Parsed(value="PRESENT_REF"), "present_ref")


@rule(r"\b(?:recently|lately|the\s+past|in\s+recent\s+times)\b(?![-'’])", r"recent|lately|past", 10, 25)
def past_ref(m: re.Match[str]) -> Iterator[Candidate]:
    c = make(m, "fixed", "DATE", Parsed(value="PAST_REF"), "past_ref")
    if m.group(0).lower().startswith("in "):
        c.start += 3
    yield c


# "In the long run" is a manner of speaking, not a time (TimeBank leaves it untagged, 3 of 3);
# "the near term" is a time (2 of 2).
@rule(
    r"\b(?:the\s+(?:near\s+|foreseeable\s+|distant\s+|immediate\s+)?future|the\s+(?:near|short|long|medium)\s+term"
    r"|as\s+soon\s+as\s+possible|(?<=in\s)future(?!s))\b",
    r"future|term\b|as soon",
    25,
    25,
)
def future_ref(m: re.Match[str]) -> Iterator[Candidate]:
    yield make(m, "fixed", "DATE", Parsed(value="FUTURE_REF"), "future_ref")
