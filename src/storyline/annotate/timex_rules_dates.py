"""Spotting rules for explicit calendar dates: day-month-year in every common order, months, years,
year ranges, decades and centuries.

Month names are matched case-sensitively, and a bare "May" or "March" only after a temporal
preposition ("in May", "since March"), so that the modal verb and the protest march stay out; a
bare four-digit number is a year only where a year reads naturally (`plausible_year`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from storyline.annotate.timex_lexicon import (
    DAY,
    DAY_NUMBER,
    MONTH,
    MONTH_FULL,
    ORDINAL_WORD,
    SPELLED_YEAR,
    WEEKDAY,
    WEEKDAY_ABBR,
    YEAR,
    month_number,
    parse_ordinal,
    parse_spelled_year,
    weekday_number,
)
from storyline.annotate.timex_rules import (
    TEMPORAL_PREPOSITIONS,
    UNIT_TRIGGER,
    YEAR_TRIGGER,
    Candidate,
    Parsed,
    make,
    rule,
    word_after,
    word_before,
    words,
)


def _year2(two: str) -> int:
    y = int(two)
    return 1900 + y if y >= 30 else 2000 + y


@rule(
    r"\b(?P<y>" + YEAR + r")-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])"
    r"(?:[T ](?P<hh>[01]\d|2[0-3]):(?P<mi>[0-5]\d)(?::[0-5]\d)?)?\b",
    YEAR_TRIGGER,
    0,
    30,
)
def iso_date(m: re.Match[str]) -> Iterator[Candidate]:
    clock = f"T{m['hh']}:{m['mi']}" if m["hh"] else None
    p = Parsed(year=int(m["y"]), month=int(m["m"]), day=int(m["d"]), clock=clock)
    yield make(m, "date", "TIME" if clock else "DATE", p, "iso_date")


@rule(
    r"(?<![\w/.,-])(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})(?![\w/]|[.,]\d)",
    r"\d[/.]\d",
    6,
    12,
)
def numeric_date(m: re.Match[str]) -> Iterator[Candidate]:
    a, b = int(m["a"]), int(m["b"])
    month, day = (a, b) if m["sep"] == "/" else (b, a)  # 08/15/90 in the US, 15.08.1990 elsewhere
    if month > 12 >= day:
        month, day = day, month
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return
    year = int(m["y"]) if len(m["y"]) == 4 else _year2(m["y"])
    if not 1000 <= year <= 2099:
        return
    yield make(m, "date", "DATE", Parsed(year=year, month=month, day=day), "numeric_date")


_NOT_A_DAY_NUMBER = r"(?!\s*(?:%|percent|:\d|,\d{3}|\.\d|-\d))"


_MONTH_DAY = (
    rf"(?P<weekof>\bthe\s+week\s+of\s+)?(?:\b(?P<wd>{WEEKDAY}|{WEEKDAY_ABBR})\s*,?\s+)?"
    rf"\b(?P<mon>{MONTH})\s*(?P<day>{DAY})\b{_NOT_A_DAY_NUMBER}(?:\s*,?\s*(?P<y>{YEAR})\b(?![-/]\d))?"
    rf"(?P<list>\s+(?:and|or|to|through)\s+(?P<day2>{DAY_NUMBER})\b{_NOT_A_DAY_NUMBER})?"
)
_MONTH_TRIGGER = r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"


@rule(_MONTH_DAY, _MONTH_TRIGGER, 40, 50)
def month_day(m: re.Match[str]) -> Iterator[Candidate]:
    day = parse_ordinal(m["day"]) if not m["day"][:1].isdigit() else int(re.sub(r"\D", "", m["day"]))
    if not day or day > 31:
        return
    if m["mon"].startswith(("May", "MAY")) and not m["day"][:1].isdigit():
        return  # "May first" could be a date, "May second place" is not; ordinals after May are too rare
    year = int(m["y"]) if m["y"] else None
    p = Parsed(year=year, month=month_number(m["mon"]), day=day)
    if m["wd"]:
        p.weekday = weekday_number(m["wd"])
    if m["weekof"]:
        p.grain = "week"
    if year is None and word_before(m.string, m.start()) == "ended":
        p.rel = -1  # "the fiscal year ended Jan. 31": a period already over, however long ago
    c = make(m, "date", "DATE", p, "month_day")
    if m["list"]:  # "April 24 and 25": two dates
        c.end = m.end("y") if m["y"] else m.end("day")
        day2 = int(re.sub(r"\D", "", m["day2"]))
        if day < day2 <= 31:
            yield make(m, "date", "DATE", Parsed(year=year, month=p.month, day=day2), "month_day_list", "day2")
    yield c


@rule(
    r"(?:\b(?P<wd>"
    + WEEKDAY
    + r")\s*,?\s+)?(?:\bthe\s+)?(?<![\d,.$])\b(?P<day>"
    + DAY_NUMBER
    + "|"
    + ORDINAL_WORD
    + r")(?:\s+of)?\s+(?P<mon>"
    + MONTH
    + r")(?![\w.]\w)(?:\s*,?\s*(?P<y>"
    + YEAR
    + r")\b(?![-/]\d))?",
    _MONTH_TRIGGER,
    40,
    30,
    # the day (a number, or an ordinal word: all end in st, nd, rd or th) right before the month
    requires=r"(?:\d|st|nd|rd|th)(?:\s+of)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)",
)
def day_month(m: re.Match[str]) -> Iterator[Candidate]:
    day = parse_ordinal(m["day"]) if not m["day"][:1].isdigit() else int(re.sub(r"\D", "", m["day"]))
    if not day or day > 31:
        return
    if m["mon"].rstrip(".").lower() in ("may", "mar") and not m["day"][:1].isdigit() and not m["y"]:
        return
    p = Parsed(year=int(m["y"]) if m["y"] else None, month=month_number(m["mon"]), day=day)
    yield make(m, "date", "DATE", p, "day_month")


@rule(
    r"\b(?P<mon>" + MONTH + r")\s*,?\s+(?:of\s+)?(?:(?P<y>" + YEAR + r"|['’]\d\d)|(?P<sy>" + SPELLED_YEAR + r"))\b"
    r"(?![-/]\d|\s*(?:%|percent))",
    _MONTH_TRIGGER,
    0,
    40,
)
def month_year(m: re.Match[str]) -> Iterator[Candidate]:
    y = m["y"]
    year = parse_spelled_year(m["sy"]) if m["sy"] else (_year2(y[1:]) if y[0] in "'’" else int(y))
    yield make(m, "date", "DATE", Parsed(year=year, month=month_number(m["mon"])), "month_year")


@rule(
    r"\b(?P<mon>" + MONTH_FULL + r")\s+(?:of\s+)?(?P<rel>this|last|next)\s+year\b",
    _MONTH_TRIGGER,
    0,
    40,
)
def month_of_year(m: re.Match[str]) -> Iterator[Candidate]:
    shift = {"this": 0, "last": -1, "next": 1}[m["rel"].lower()]
    yield make(m, "date", "DATE", Parsed(month=month_number(m["mon"]), year_shift=shift), "month_of_year")


_NAME_AFTER_MONTH = re.compile(r"\s+(?-i:[A-Z][a-z]+)\b(?!\s*,?\s*\d)")


@rule(
    r"\b(?:(?P<rel>last|next|this|past|coming|previous|this\s+past)\s+)?(?P<mon>" + MONTH_FULL + r"|Sept\.)"
    r"(?P<poss>['’]s)?(?![\w-])",
    _MONTH_TRIGGER,
    25,
    15,
)
def month_alone(m: re.Match[str]) -> Iterator[Candidate]:
    text = m.string
    name = m["mon"].lower()
    before = word_before(text, m.start())
    if not m["rel"]:
        ambiguous = name in ("may", "march")
        if ambiguous and before not in TEMPORAL_PREPOSITIONS - {"and", "or", "to", "for"} and not _attributive(m):
            return  # modal "may", "a march"; only "in May", "since March"... read as months
        if _NAME_AFTER_MONTH.match(text, m.end()) and before not in TEMPORAL_PREPOSITIONS:
            return  # "April Ryan", "June Carter"
        if name == "may" and re.match(r"\s+(?:be|have|not|also|well|soon|still|never)\b", text[m.end() :]):
            return
    rel = {"last": -1, "past": -1, "this past": -1, "previous": -1, "next": 1, "coming": 1, "this": 0}
    p = Parsed(month=month_number(m["mon"]), rel=rel[m["rel"].lower()] if m["rel"] else None)
    yield make(m, "date", "DATE", p, "month")


def _attributive(m: re.Match[str]) -> bool:
    """ "the March accession", "the May elections": a capitalised month between "the" and a noun.

    The protest march and the modal verb are written in lower case there, and a march with a
    name is followed by a preposition ("the March for Life", "the March on Washington").
    """
    after = word_after(m.string, m.end())
    return (
        not m["poss"]
        and m["mon"][0].isupper()
        and word_before(m.string, m.start()) == "the"
        and after[:1].islower()
        and after not in _YEAR_FOLLOWERS | {"against", "toward", "towards"}
    )


_YEAR_BLOCKERS_BEFORE = words(
    "no no. nos number room flight route page pages article highway interstate section chapter code id "
    "rule resolution bill paragraph ft feet item model suite box apt apartment unit lot pier gate exit"
)
_YEAR_FOLLOWERS = words(
    "and or to through when the a an as after before but until in on at for with by from of that which "
    "while where is was were are will had has have would could may might saw brought marked became"
)
#: Words after which a four-digit number is a year even before a noun ("in 1990 sales rose").
_YEAR_PREPOSITIONS = TEMPORAL_PREPOSITIONS - {"and", "or", "last", "next", "this", "every", "each", "for"} | {
    "fiscal",
    "year",
    "calendar",
    "circa",
}
_DETERMINERS = words("the a an its his her their our your my that this these those whose")


def plausible_year(text: str, start: int, end: int, year: int) -> bool:
    """Whether a bare four-digit number reads as a year: "in 1953", "the 1953 armistice", not "1950 troops".

    News style writes counts from 1,000 up with a comma, so a comma-less number between 1900 and
    2039 is a year unless it stands alone before a plural noun ("sent 1950 troops"); outside that
    range it needs a temporal preposition ("in 1815").
    """
    before = word_before(text, start)
    if before in _YEAR_BLOCKERS_BEFORE or text[max(0, start - 1) : start] in ("$", "#", "£", "€"):
        return False
    if re.match(r"\s*(?:(?-i:[ECMP][SD]T|GMT|UTC)|hours|hrs|GMT|local)\b", text[end : end + 12]):
        return False  # military clock times: "at 1530 GMT"
    if not 1900 <= year <= 2039:
        return before in _YEAR_PREPOSITIONS
    after = word_after(text, end)
    if not after or not after[0].islower() or after.lower() in _YEAR_FOLLOWERS:
        return True
    if before in _YEAR_PREPOSITIONS or before in _DETERMINERS or before.endswith(("'s", "’s")):
        return True  # "the 1992 protests", "its 1990 invasion of Kuwait"
    return not (after.endswith("s") and not after.endswith("ss"))  # "unsuccessful 1996 campaign", not "1950 troops"


@rule(
    r"(?:(?P<mid>\b(?:mid|pre|post)-)|(?<![\w$€£#.,/:'’-]))(?P<pre>(?:fiscal|calendar|FY|the\s+year)\s*)?"
    r"(?P<y>" + YEAR + r")(?![\w%]|[.,]\d|\s*(?:%|percent)|[-–/]\d|:\d)",
    YEAR_TRIGGER,
    25,
    20,
)
def year(m: re.Match[str]) -> Iterator[Candidate]:
    y = int(m["y"])
    if not m["mid"] and not plausible_year(m.string, m.start("y"), m.end("y"), y):
        return
    yield make(m, "date", "DATE", Parsed(year=y), "year")


@rule(
    r"(?:\bthe\s+year\s+)?\b(?P<y>" + SPELLED_YEAR + r")\b(?![- ](?:dollars?|people|years?|times|percent))",
    r"nineteen|eighteen|two thousand",
    10,
    40,
)
def spelled_year(m: re.Match[str]) -> Iterator[Candidate]:
    y = parse_spelled_year(m["y"])
    if y and (
        m.group(0).lower().startswith("the year")
        or word_before(m.string, m.start()) in _YEAR_PREPOSITIONS
        or m["y"].lower().startswith("nineteen")
    ):
        yield make(m, "date", "DATE", Parsed(year=y), "spelled_year")


@rule(
    r"(?<![\w$€£#.,/:'’-])(?P<y1>"
    + YEAR
    + r")\s*(?:-|–|—|/|\s+to\s+)\s*(?P<y2>\d{2}|"
    + YEAR
    + r")(?![\w%/]|[.,]\d|-\d)",
    YEAR_TRIGGER,
    0,
    30,
)
def year_range(m: re.Match[str]) -> Iterator[Candidate]:
    """ "the 1950-53 Korean War": two matches, one per year (each end is a TIMEX3 point of its own)."""
    y1 = int(m["y1"])
    y2 = int(m["y2"]) if len(m["y2"]) == 4 else y1 // 100 * 100 + int(m["y2"])
    if len(m["y2"]) == 2 and y2 <= y1:
        y2 += 100
    if not (y1 < y2 <= y1 + 50) or not plausible_year(m.string, m.start(), m.end(), y1):
        return
    yield make(m, "date", "DATE", Parsed(year=y1), "year_range_start", "y1")
    yield make(m, "date", "DATE", Parsed(year=y2), "year_range_end", "y2")


_DECADE_WORDS = {
    "twenties": 2,
    "thirties": 3,
    "forties": 4,
    "fifties": 5,
    "sixties": 6,
    "seventies": 7,
    "eighties": 8,
    "nineties": 9,
}


@rule(
    r"(?:\bthe\s+)?(?:\b(?P<c>1[0-9]|20)(?P<d>[0-9])0|['’](?P<dd>[0-9])0)['’]?s\b"
    r"|\bthe\s+(?:nineteen[- ])?(?P<w>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b",
    r"0'?s\b|0’s\b|ties\b",
    25,
    5,
)
def decade(m: re.Match[str]) -> Iterator[Candidate]:
    if m["c"]:
        start = int(m["c"]) * 100 + int(m["d"]) * 10
    elif m["dd"]:
        d = int(m["dd"])
        start = (1900 if d >= 3 else 2000) + d * 10
    else:
        start = 1900 + 10 * _DECADE_WORDS[m["w"].lower()]
    yield make(m, "date", "DATE", Parsed(year=start, grain="decade"), "decade")


@rule(
    r"(?:\bthe\s+)?\b(?P<n>\d{1,2}(?:st|nd|rd|th)|" + ORDINAL_WORD + r")[- ]century\b",
    UNIT_TRIGGER,
    30,
    10,
    requires=r"century",
)
def century(m: re.Match[str]) -> Iterator[Candidate]:
    n = parse_ordinal(m["n"])
    if n and 1 <= n <= 21:
        yield make(m, "date", "DATE", Parsed(year=(n - 1) * 100, grain="century"), "century")
