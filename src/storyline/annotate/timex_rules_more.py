"""Spotting rules for clock times, durations, sets, vague references and anniversaries.

Same registry as `timex_rules` (importing this module registers its rules). Durations and sets
get their TIMEX3 value here, since it does not depend on any anchor: "three weeks" is P3W,
"seven decades" P7DE, "every year" P1Y. Anniversaries ("the 70th anniversary of the armistice",
"marks 75 years of diplomatic ties") are spotted here with their number and subject; finding the
date they count from is the tagger's job, since it needs the rest of the text.
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
    ORDINAL,
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
from storyline.annotate.timex_rules import Candidate, Parsed, make, rule, word_before

# ---------------------------------------------------------------------------------------------
# Clock times

_TZ = r"(?:\s+(?P<tz>(?-i:[ECMP][SD]T|GMT|UTC|BST|CET|KST|JST)|local\s+time))?"
_CLOCK_DAY = (
    r"(?:\s*,?\s+(?:on\s+)?(?P<day>" + WEEKDAY + r"|today|tonight|yesterday|tomorrow|" + MONTH + r"\s*" + DAY
    + r"(?:\s*,?\s*" + YEAR + r")?)\b)?"
)  # fmt: skip
_DAY_WORDS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}


def _day_of(text: str | None) -> tuple[str, Parsed] | None:
    """The day a clock time names after it ("10 p.m. Wednesday", "5 p.m. EST Nov. 9")."""
    if not text:
        return None
    word = text.lower()
    if word in _DAY_WORDS:
        return "deictic", Parsed(unit="day", rel=_DAY_WORDS[word])
    m = re.fullmatch(r"(?P<mon>\S+?)\.?\s*(?P<day>\d{1,2}|[a-z-]+?)(?:st|nd|rd|th)?(?:\s*,?\s*(?P<y>\d{4}))?", text,
                     re.IGNORECASE)  # fmt: skip
    if m and m["mon"].lower().rstrip(".") in _MONTH_KEYS:
        day = int(m["day"]) if m["day"].isdigit() else parse_ordinal(m["day"])
        if day:
            return "date", Parsed(year=int(m["y"]) if m["y"] else None, month=month_number(m["mon"]), day=day)
    return "weekday", Parsed(weekday=weekday_number(text))


_MONTH_KEYS = frozenset(
    "january jan february feb march mar april apr may june jun july jul august aug september sept sep october "
    "oct november nov december dec".split()
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


@rule(r"\b(?P<h>[01]?\d|2[0-3])(?:[:.](?P<mi>[0-5]\d))?\s*(?P<ap>[ap]\.\s?m\b\.?|[ap]m\b)" + _TZ + _CLOCK_DAY)
def clock_time(m: re.Match[str]) -> Iterator[Candidate]:
    clock = _clock(int(m["h"]), int(m["mi"] or 0), m["ap"])
    if clock:
        yield _clock_candidate(m, clock, "clock_time")


@rule(r"\b(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)\b(?!:\d|\s*[ap]\.?m)" + _TZ + _CLOCK_DAY)
def clock_24h(m: re.Match[str]) -> Iterator[Candidate]:
    if m["tz"] or word_before(m.string, m.start()) in ("at", "by", "until", "before", "after", "around"):
        yield _clock_candidate(m, f"T{int(m['h']):02d}:{m['mi']}", "clock_24h")


@rule(r"\b(?P<n>noon|midnight|midday)" + _CLOCK_DAY)
def noon(m: re.Match[str]) -> Iterator[Candidate]:
    if word_before(m.string, m.start()) == "high":
        return  # "high noon": an idiom
    yield _clock_candidate(m, "T24:00" if m["n"].lower() == "midnight" else "T12:00", "noon")


@rule(r"\b(?P<h>\d{1,2}|" + CARDINAL + r")(?:\s+o['’]clock)?\s+in\s+the\s+(?P<part>morning|afternoon|evening)\b"
      r"|\b(?P<h2>\d{1,2}|" + CARDINAL + r")\s+o['’]clock\b")  # fmt: skip
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
_SPLIT = {"Y": (12, "M"), "H": (60, "M"), "MIN": (60, "S"), "D": (24, "H"), "DE": (10, "Y"), "CE": (100, "Y")}


def duration_value(amount: float | None, code: str) -> str:
    """TIMEX3 duration: P3W, P13M, P70Y, P7DE, PT2H, PT1H30M; PXY when the amount is vague."""
    if code == "2W":
        code, amount = "W", None if amount is None else amount * 2
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
        if code in ("DE", "CE"):
            return f"P{round(amount * per)}Y"
        head = f"{prefix}{whole}{letter}" if whole else prefix
        if code == "D":
            return f"{head}T{rest}H"
        return f"{head}{rest}{sub}"
    return f"{prefix}{amount:g}{letter}"


_POSITION = r"first|last|past|next|coming|previous|following|final|latest|remaining|initial|entire|whole|full|same|ensuing"


@rule(r"(?:\b(?P<the>the)\s+(?:(?P<pos>" + _POSITION + r")\s+)?)?\b(?P<amt>" + AMOUNT + r")"
      r"(?:\s+(?:to|or)\s+(?P<amt2>" + AMOUNT + r"))?(?P<half1>\s+and\s+a\s+half)?[\s-]+"
      r"(?:(?:more|additional|full|straight|consecutive)\s+)?(?P<unit>" + UNIT + r")(?P<half2>\s+and\s+a\s+half)?"
      r"(?P<tail>[\s-]old\b|-long\b)?(?![\w-])")  # fmt: skip
def duration(m: re.Match[str]) -> Iterator[Candidate]:
    amount = parse_amount(m["amt"])
    unit = m["unit"].lower()
    if m["tail"] and "old" in m["tail"].lower():
        return  # an age ("a 6-year-old boy") describes a person, not the time of anything
    if m["amt"].lower() in ("an", "a") and (unit.endswith("s") or unit == "second"):
        return  # "a years" is not English; "a second" is an ordinal
    if unit.startswith("quarter") and re.match(r"\s+of\b", m.string[m.end():]):
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


@rule(r"(?:\b(?P<the>the)\s+(?:(?P<pos>past|last|next|coming|previous|following|first|ensuing)\s+)?)?"
      r"\b(?:(?P<vague>several|a\s+few|few|many|recent|coming|numerous)\s+)?"
      r"(?P<unit>years|months|weeks|decades|centuries|hours|minutes)(?P<long>-long)?\b(?!-)")  # fmt: skip
def vague_duration(m: re.Match[str]) -> Iterator[Candidate]:
    if not (m["the"] or m["vague"] or m["long"]) and word_before(m.string, m.start()) in _NOT_BARE_UNIT:
        return
    yield make(m, "fixed", "DURATION", Parsed(value=duration_value(None, UNITS[m["unit"].lower()])),
               "vague_duration")  # fmt: skip


_NOT_BARE_UNIT = frozenset("the these those of many some all his her their its our your my".split())


@rule(r"\b(?:(?P<a>a|an)\s+)?half[\s-](?:an?\s+)?(?P<unit>hour|minute|day|week|month|year|decade|century)\b")
def half_unit(m: re.Match[str]) -> Iterator[Candidate]:
    yield make(m, "fixed", "DURATION", Parsed(value=duration_value(0.5, UNITS[m["unit"].lower()])), "duration")


# ---------------------------------------------------------------------------------------------
# Sets

_SET_UNIT = r"seconds?|minutes?|hours?|days?|nights?|weeks?|weekends?|months?|quarters?|years?|decades?"
_SET_PART = r"mornings?|afternoons?|evenings?"


@rule(r"\b(?:every|each|per)\s+(?:(?P<amt>" + AMOUNT + r"|other)\s+)?(?P<unit>" + _SET_UNIT + "|" + _SET_PART
      + r"|(?P<wd>" + WEEKDAY + r")|(?P<mon>" + MONTH_FULL + r")|(?P<season>" + SEASON + r"))\b")  # fmt: skip
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


_ADVERB_SETS = {"daily": "P1D", "nightly": "P1D", "weekly": "P1W", "biweekly": "P2W", "fortnightly": "P2W",
                "monthly": "P1M", "yearly": "P1Y", "annually": "P1Y", "hourly": "PT1H", "semiannually": "P6M",
                "biannually": "P6M"}  # fmt: skip


@rule(r"\b(?P<w>daily|nightly|weekly|biweekly|fortnightly|monthly|yearly|annually|hourly|semiannually|biannually)\b")
def adverb_set(m: re.Match[str]) -> Iterator[Candidate]:
    if m["w"][0].isupper() and m.start() > 0 and not re.search(r"[.!?\"“]\s*$", m.string[max(0, m.start() - 4):m.start()]):
        return  # "China Daily", "Publishers Weekly": a title, not a frequency
    yield make(m, "fixed", "SET", Parsed(value=_ADVERB_SETS[m["w"].lower()]), "adverb_set")


_RATE_BEFORE = re.compile(
    r"(?:\d|%|percent|million|billion|trillion|thousand|hundred|dollars?|cents?|yen|euros?|won|pounds?|rubles?|"
    r"yuan|barrels?|tons?|tonnes?|miles?|hours|minutes|days|times|shares)\W*$",
    re.IGNORECASE,
)


@rule(r"\b(?:(?P<f>once|twice|thrice|(?:" + AMOUNT + r")\s+times)\s+)?(?:a|an|per)\s+(?P<unit>second|minute|hour|day|night"
      r"|week|month|quarter|year)\b(?![\s-](?:ago|earlier|later|before|after|old))")  # fmt: skip
def rate(m: re.Match[str]) -> Iterator[Candidate]:
    if not m["f"] and not _RATE_BEFORE.search(m.string, max(0, m.start() - 20), m.start()):
        return
    value = duration_value(1.0, UNITS[m["unit"].lower()])
    yield make(m, "fixed", "SET", Parsed(value=value), "rate", priority=1)


# ---------------------------------------------------------------------------------------------
# Vague references to the present, past and future


@rule(r"\b(?:right\s+now|just\s+now|now|currently|presently|nowadays|at\s+present|these\s+days|the\s+present"
      r"|(?<=at\s)the\s+moment|(?P<cur>current)(?![\s-](?:account|affairs|events|assets|liabilities|dollars|"
      r"prices|issue|issues|ly)))\b(?![-'’])")  # fmt: skip
def present_ref(m: re.Match[str]) -> Iterator[Candidate]:
    yield make(m, "fixed", "DATE", Parsed(value="PRESENT_REF"), "present_ref")


@rule(r"\b(?:recently|lately|the\s+past|in\s+recent\s+times)\b(?![-'’])")
def past_ref(m: re.Match[str]) -> Iterator[Candidate]:
    c = make(m, "fixed", "DATE", Parsed(value="PAST_REF"), "past_ref")
    if m.group(0).lower().startswith("in "):
        c.start += 3
    yield c


@rule(r"\b(?:the\s+(?:near\s+|foreseeable\s+|distant\s+|immediate\s+)?future|the\s+(?:near|short|long|medium)\s+term"
      r"|the\s+(?:short|long)\s+run|as\s+soon\s+as\s+possible|(?<=in\s)future(?!s))\b")  # fmt: skip
def future_ref(m: re.Match[str]) -> Iterator[Candidate]:
    yield make(m, "fixed", "DATE", Parsed(value="FUTURE_REF"), "future_ref")


# ---------------------------------------------------------------------------------------------
# Offsets: "two years ago", "a year earlier", "the year-earlier quarter"


@rule(r"\b(?:(?P<amt>" + AMOUNT + r")[\s-]+)?(?P<unit>" + UNIT + r")\s+(?P<dir>ago|earlier|later|from\s+now|hence"
      r"|back|before(?=\s*[,.;:!?)]|\s*$)|after(?=\s*[,.;:!?)]|\s*$))")  # fmt: skip
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
    p = Parsed(unit=_OFFSET_GRAIN[unit], amount=amount * sign * (10 if unit == "DE" else 100 if unit == "CE" else 1),
               anaphoric=anaphoric)  # fmt: skip
    yield make(m, "offset", "DATE", p, "offset_anaphoric" if anaphoric else "offset_ago")


_OFFSET_GRAIN = {"D": "day", "W": "week", "WE": "week", "M": "month", "Q": "quarter", "Y": "year", "DE": "year",
                 "CE": "year"}  # fmt: skip


@rule(r"(?:\b(?P<the>the)\s+)?\b(?P<unit>year|month|quarter|week)[- ](?:earlier|ago|before)\b"
      r"(?:\s+(?P<noun>quarter|period|month|year|nine\s+months|six\s+months|three\s+months))?")  # fmt: skip
def year_earlier(m: re.Match[str]) -> Iterator[Candidate]:
    """"the year-earlier quarter": the quarter the text talks about, a year back; "year-ago": last year."""
    noun = (m["noun"] or "").lower()
    if noun in ("quarter", "period") and m["unit"].lower() == "year":
        c = make(m, "quarter_ref", "DATE", Parsed(grain="quarter", year_back=1), "year_earlier")
    else:
        c = make(m, "offset", "DATE", Parsed(unit=m["unit"].lower(), amount=-1), "year_earlier")
    if m["the"] and not m["noun"]:
        c.start = m.start("unit")
    yield c


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


@rule(r"(?:\bthe\s+)?\b(?P<n>" + ORDINAL + r")(?P<ann>[- ]anniversary)\b(?:\s+of\s+" + _SUBJECT_TEXT + ")?")
def anniversary(m: re.Match[str]) -> Iterator[Candidate]:
    n = parse_ordinal(m["n"])
    if not n or n > 1000:
        return
    found = _subject(m)
    p = Parsed(amount=float(n), subject=found[0] if found else None)
    c = make(m, "anniversary", "DATE", p, "anniversary", priority=2)
    c.end = found[2] if found else m.end("ann")
    yield c


@rule(r"\b(?:mark(?:s|ed|ing)?|celebrat(?:e|es|ed|ing)|commemorat(?:e|es|ed|ing)|observ(?:e|es|ed|ing))\s+"
      r"(?:the\s+)?(?P<n>\d{1,3}|" + CARDINAL + r")\s+years\s+(?:of|since)\s+" + _SUBJECT_TEXT)  # fmt: skip
def years_of(m: re.Match[str]) -> Iterator[Candidate]:
    n = parse_amount(m["n"])
    found = _subject(m)
    if not n or not found:
        return
    c = make(m, "anniversary", "DATE", Parsed(amount=n, subject=found[0]), "years_of_anniversary", priority=2)
    c.start, c.end = m.start("n"), found[2]
    yield c
