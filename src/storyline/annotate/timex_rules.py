"""The spotting rules of the temporal tagger: where a temporal expression is, and what it says.

Each rule is a compiled pattern and a function that reads one match into `Candidate`s: a span,
a rule name, a TIMEX3 type, a `kind` naming how it is resolved (`timex_resolve`) and the parsed
fields (`Parsed`). Rules only read the text; they never look at the anchor date. Guards that keep
out the classic false friends (modal "may", "a protest march", "2,000 troops", "the 70th") live
with the rule they protect. Rules for clock times, durations, sets and references are in
`timex_rules_more`, which registers into the same list.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from storyline.annotate.timex_lexicon import (
    DAY,
    DAY_NUMBER,
    MONTH,
    MONTH_FULL,
    ORDINAL,
    ORDINAL_WORD,
    PARTS_OF_DAY,
    SEASON,
    SEASONS,
    SPELLED_YEAR,
    WEEKDAY,
    WEEKDAY_ABBR,
    YEAR,
    month_number,
    parse_ordinal,
    parse_spelled_year,
    weekday_number,
)


@dataclass(slots=True)
class Parsed:
    """What a matched expression says, before any anchor is applied."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    grain: str | None = None  # an explicit grain: quarter, half, season, decade, century, week
    index: int | None = None  # the quarter or half number
    season: str | None = None
    rel: int | None = None  # -1 last, 0 this, +1 next
    year_shift: int | None = None  # the year relative to the anchor's ("January this year": 0)
    year_back: int = 0  # years back from the year otherwise found ("the year-ago third quarter": 1)
    unit: str | None = None  # a grain for deictic and offset expressions
    amount: float | None = None
    anaphoric: bool = False  # counted from the previous expression rather than from the anchor
    part: str | None = None  # part of day: MO, AF, EV, NI
    clock: str | None = None  # "T10:30"
    value: str | None = None  # a value the rule fixes itself (references, durations, sets)
    holiday: str | None = None
    inner: Parsed | None = None  # the day a clock time is on
    inner_kind: str | None = None
    subject: str | None = None  # an anniversary's subject


@dataclass(slots=True)
class Candidate:
    start: int
    end: int
    kind: str
    type: str
    rule: str
    parsed: Parsed = field(default_factory=Parsed)
    priority: int = 0


Spotter = Callable[[re.Match[str]], Iterator[Candidate]]
RULES: list[tuple[str, re.Pattern[str], Spotter]] = []


def rule(pattern: str) -> Callable[[Spotter], Spotter]:
    """Register a spotting function for `pattern` (compiled once, case-insensitive)."""

    def register(fn: Spotter) -> Spotter:
        RULES.append((fn.__name__, re.compile(pattern, re.IGNORECASE), fn))
        return fn

    return register


def make(m: re.Match[str], kind: str, type_: str, parsed: Parsed, rule_name: str, group: int | str = 0,
         priority: int = 0) -> Candidate:  # fmt: skip
    start, end = m.span(group)
    return Candidate(start, end, kind, type_, rule_name, parsed, priority)


def word_before(text: str, start: int) -> str:
    """The word right before `start`, lower-cased ("" at the start of a sentence or text)."""
    m = _WORD_BEFORE.search(text, max(0, start - 30), start)
    return m.group(1).lower() if m else ""


def word_after(text: str, end: int) -> str:
    """The word right after `end`, as written ("" before punctuation)."""
    m = _WORD_AFTER.match(text, end)
    return m.group(1) if m else ""


_WORD_BEFORE = re.compile(r"([A-Za-z][\w'’.-]*)\s+$")
_WORD_AFTER = re.compile(r"[ \t]+([A-Za-z][\w'’-]*)")

#: Words after which a bare month, season or year is a date ("in March", "since 1953").
TEMPORAL_PREPOSITIONS = frozenset(
    "in since until till by from through to before after during of early late mid end beginning start "
    "middle between around throughout and or last next this every each for until circa".split()
)


# ---------------------------------------------------------------------------------------------
# Calendar dates


def _year2(two: str) -> int:
    y = int(two)
    return 1900 + y if y >= 30 else 2000 + y


@rule(r"\b(?P<y>" + YEAR + r")-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])"
      r"(?:[T ](?P<hh>[01]\d|2[0-3]):(?P<mi>[0-5]\d)(?::[0-5]\d)?)?\b")  # fmt: skip
def iso_date(m: re.Match[str]) -> Iterator[Candidate]:
    clock = f"T{m['hh']}:{m['mi']}" if m["hh"] else None
    p = Parsed(year=int(m["y"]), month=int(m["m"]), day=int(m["d"]), clock=clock)
    yield make(m, "date", "TIME" if clock else "DATE", p, "iso_date")


@rule(r"(?<![\w/.,-])(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})(?![\w/]|[.,]\d)")
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


@rule(r"(?P<weekof>\bthe\s+week\s+of\s+)?(?:\b(?P<wd>" + WEEKDAY + "|" + WEEKDAY_ABBR + r")\s*,?\s+)?"
      r"(?:\bthe\s+)?\b(?P<mon>" + MONTH + r")\s*(?P<day>" + DAY + r")\b" + _NOT_A_DAY_NUMBER +
      r"(?:\s*,?\s*(?P<y>" + YEAR + r")\b(?![-/]\d))?"
      r"(?P<list>\s+(?:and|or|to|through)\s+(?P<day2>" + DAY_NUMBER + r")\b" + _NOT_A_DAY_NUMBER + ")?")  # fmt: skip
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
    c = make(m, "date", "DATE", p, "month_day")
    if m["list"]:  # "April 24 and 25": two dates
        c.end = m.end("y") if m["y"] else m.end("day")
        day2 = int(re.sub(r"\D", "", m["day2"]))
        if day < day2 <= 31:
            yield make(m, "date", "DATE", Parsed(year=year, month=p.month, day=day2), "month_day_list", "day2")
    yield c


@rule(r"(?:\b(?P<wd>" + WEEKDAY + r")\s*,?\s+)?(?:\bthe\s+)?(?<![\d,.$])\b(?P<day>" + DAY_NUMBER + "|"
      + ORDINAL_WORD + r")(?:\s+of)?\s+(?P<mon>" + MONTH + r")(?![\w.]\w)(?:\s*,?\s*(?P<y>" + YEAR + r")\b(?![-/]\d))?")  # fmt: skip
def day_month(m: re.Match[str]) -> Iterator[Candidate]:
    day = parse_ordinal(m["day"]) if not m["day"][:1].isdigit() else int(re.sub(r"\D", "", m["day"]))
    if not day or day > 31:
        return
    if m["mon"].rstrip(".").lower() in ("may", "mar") and not m["day"][:1].isdigit() and not m["y"]:
        return
    p = Parsed(year=int(m["y"]) if m["y"] else None, month=month_number(m["mon"]), day=day)
    yield make(m, "date", "DATE", p, "day_month")


@rule(r"\b(?P<mon>" + MONTH + r")\s*,?\s+(?:of\s+)?(?:(?P<y>" + YEAR + r"|['’]\d\d)|(?P<sy>" + SPELLED_YEAR + r"))\b"
      r"(?![-/]\d|\s*(?:%|percent))")  # fmt: skip
def month_year(m: re.Match[str]) -> Iterator[Candidate]:
    y = m["y"]
    year = parse_spelled_year(m["sy"]) if m["sy"] else (_year2(y[1:]) if y[0] in "'’" else int(y))
    yield make(m, "date", "DATE", Parsed(year=year, month=month_number(m["mon"])), "month_year")


@rule(r"\b(?P<mon>" + MONTH_FULL + r")\s+(?:of\s+)?(?P<rel>this|last|next)\s+year\b")
def month_of_year(m: re.Match[str]) -> Iterator[Candidate]:
    shift = {"this": 0, "last": -1, "next": 1}[m["rel"].lower()]
    yield make(m, "date", "DATE", Parsed(month=month_number(m["mon"]), year_shift=shift), "month_of_year")


_NAME_AFTER_MONTH = re.compile(r"\s+(?-i:[A-Z][a-z]+)\b(?!\s*,?\s*\d)")


@rule(r"\b(?:(?P<rel>last|next|this|past|coming|previous|this\s+past)\s+)?(?P<mon>" + MONTH_FULL + r"|Sept\.)"
      r"(?P<poss>['’]s)?(?![\w-])")  # fmt: skip
def month_alone(m: re.Match[str]) -> Iterator[Candidate]:
    text = m.string
    name = m["mon"].lower()
    before = word_before(text, m.start())
    if not m["rel"]:
        ambiguous = name in ("may", "march")
        if ambiguous and before not in TEMPORAL_PREPOSITIONS - {"and", "or", "to", "for"}:
            return  # modal "may", "a march"; only "in May", "since March"... read as months
        if _NAME_AFTER_MONTH.match(text, m.end()) and before not in TEMPORAL_PREPOSITIONS:
            return  # "April Ryan", "June Carter"
        if name == "may" and re.match(r"\s+(?:be|have|not|also|well|soon|still|never)\b", text[m.end():]):
            return
    rel = {"last": -1, "past": -1, "this past": -1, "previous": -1, "next": 1, "coming": 1, "this": 0}
    p = Parsed(month=month_number(m["mon"]), rel=rel[m["rel"].lower()] if m["rel"] else None)
    yield make(m, "date", "DATE", p, "month")


_YEAR_BLOCKERS_BEFORE = frozenset(
    "no no. nos number room flight route page pages article highway interstate section chapter code id "
    "rule resolution bill paragraph ft feet item model suite box apt apartment unit lot pier gate exit".split()
)
_YEAR_FOLLOWERS = frozenset(
    "and or to through when the a an as after before but until in on at for with by from of that which while "
    "where is was were are will had has have would could may might saw brought marked became".split()
)
#: Words after which a four-digit number is a year even before a noun ("in 1990 sales rose").
_YEAR_PREPOSITIONS = TEMPORAL_PREPOSITIONS - {"and", "or", "last", "next", "this", "every", "each", "for"} | {
    "fiscal", "year", "calendar", "circa"}
_DETERMINERS = frozenset("the a an its his her their our your my that this these those whose".split())


def plausible_year(text: str, start: int, end: int, year: int) -> bool:
    """Whether a bare four-digit number reads as a year: "in 1953", "the 1953 armistice", not "1950 troops".

    News style writes counts from 1,000 up with a comma, so a comma-less number between 1900 and
    2039 is a year unless it stands alone before a plural noun ("sent 1950 troops"); outside that
    range it needs a temporal preposition ("in 1815").
    """
    before = word_before(text, start)
    if before in _YEAR_BLOCKERS_BEFORE or text[max(0, start - 1):start] in ("$", "#", "£", "€"):
        return False
    if re.match(r"\s*(?:(?-i:[ECMP][SD]T|GMT|UTC)|hours|hrs|GMT|local)\b", text[end:end + 12]):
        return False  # military clock times: "at 1530 GMT"
    if not 1900 <= year <= 2039:
        return before in _YEAR_PREPOSITIONS
    after = word_after(text, end)
    if not after or not after[0].islower() or after.lower() in _YEAR_FOLLOWERS:
        return True
    if before in _YEAR_PREPOSITIONS or before in _DETERMINERS or before.endswith(("'s", "’s")):
        return True  # "the 1992 protests", "its 1990 invasion of Kuwait"
    return not (after.endswith("s") and not after.endswith("ss"))  # "unsuccessful 1996 campaign", not "1950 troops"


@rule(r"(?:(?P<mid>\b(?:mid|pre|post)-)|(?<![\w$€£#.,/:'’-]))(?P<pre>(?:fiscal|calendar|FY|the\s+year)\s*)?"
      r"(?P<y>" + YEAR + r")(?![\w%]|[.,]\d|\s*(?:%|percent)|[-–/]\d|:\d)")  # fmt: skip
def year(m: re.Match[str]) -> Iterator[Candidate]:
    y = int(m["y"])
    if not plausible_year(m.string, m.start("y"), m.end("y"), y):
        return
    yield make(m, "date", "DATE", Parsed(year=y), "year")


@rule(r"(?:\bthe\s+year\s+)?\b(?P<y>" + SPELLED_YEAR + r")\b(?![- ](?:dollars?|people|years?|times|percent))")
def spelled_year(m: re.Match[str]) -> Iterator[Candidate]:
    y = parse_spelled_year(m["y"])
    if y and (m.group(0).lower().startswith("the year") or word_before(m.string, m.start()) in _YEAR_PREPOSITIONS
              or m["y"].lower().startswith("nineteen")):  # fmt: skip
        yield make(m, "date", "DATE", Parsed(year=y), "spelled_year")


@rule(r"(?<![\w$€£#.,/:'’-])(?P<y1>" + YEAR + r")\s*(?:-|–|—|/|\s+to\s+)\s*(?P<y2>\d{2}|" + YEAR + r")(?![\w%/]|[.,]\d|-\d)")
def year_range(m: re.Match[str]) -> Iterator[Candidate]:
    """"the 1950-53 Korean War": two matches, one per year (each end is a TIMEX3 point of its own)."""
    y1 = int(m["y1"])
    y2 = int(m["y2"]) if len(m["y2"]) == 4 else y1 // 100 * 100 + int(m["y2"])
    if len(m["y2"]) == 2 and y2 <= y1:
        y2 += 100
    if not (y1 < y2 <= y1 + 50) or not plausible_year(m.string, m.start(), m.end(), y1):
        return
    yield make(m, "date", "DATE", Parsed(year=y1), "year_range_start", "y1")
    yield make(m, "date", "DATE", Parsed(year=y2), "year_range_end", "y2")


_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
                 "eighties": 8, "nineties": 9}  # fmt: skip


@rule(r"(?:\bthe\s+)?(?:\b(?P<c>1[0-9]|20)(?P<d>[0-9])0|['’](?P<dd>[0-9])0)['’]?s\b"
      r"|\bthe\s+(?:nineteen[- ])?(?P<w>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b")  # fmt: skip
def decade(m: re.Match[str]) -> Iterator[Candidate]:
    if m["c"]:
        start = int(m["c"]) * 100 + int(m["d"]) * 10
    elif m["dd"]:
        d = int(m["dd"])
        start = (1900 if d >= 3 else 2000) + d * 10
    else:
        start = 1900 + 10 * _DECADE_WORDS[m["w"].lower()]
    yield make(m, "date", "DATE", Parsed(year=start, grain="decade"), "decade")


@rule(r"(?:\bthe\s+)?\b(?P<n>\d{1,2}(?:st|nd|rd|th)|" + ORDINAL_WORD + r")[- ]century\b")
def century(m: re.Match[str]) -> Iterator[Candidate]:
    n = parse_ordinal(m["n"])
    if n and 1 <= n <= 21:
        yield make(m, "date", "DATE", Parsed(year=(n - 1) * 100, grain="century"), "century")


# ---------------------------------------------------------------------------------------------
# Quarters, halves, seasons, holidays


_QUARTER_ORD = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
                "final": 4}  # fmt: skip
_YEAR_OF = r"(?:\s+of\s+(?:(?P<y>" + YEAR + r")|fiscal\s+(?P<fy>" + YEAR + r")|(?P<rel>this|last|next)\s+year))?"


@rule(r"(?:\b(?P<y0>" + YEAR + r")(?:['’]s)?\s+)?(?P<the>\bthe\s+)?(?:(?P<ago>year[- ](?:ago|earlier))\s+)?"
      r"(?:\b(?:fiscal|calendar)[- ])?"
      r"\b(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|final)(?P<sep>[- ])(?:fiscal[- ])?quarter\b" + _YEAR_OF)  # fmt: skip
def quarter(m: re.Match[str]) -> Iterator[Candidate]:
    year = m["y"] or m["fy"] or m["y0"]
    rel = {"this": 0, "last": -1, "next": 1}.get((m["rel"] or "").lower())
    p = Parsed(grain="quarter", index=_QUARTER_ORD[m["ord"].lower()], year=int(year) if year else None, rel=rel,
               year_back=1 if m["ago"] else 0)  # fmt: skip
    c = make(m, "date", "DATE", p, "quarter")
    if m["the"] and m["sep"] == "-" and not (m["y"] or m["fy"] or m["rel"] or m["ago"]):
        c.start = m.start("ord")  # "the third-quarter results": the adjective alone
    yield c


@rule(r"(?:\b(?P<y0>" + YEAR + r")\s+)?\b(?-i:Q)(?P<q>[1-4])\b(?:\s+(?P<y>" + YEAR + r")\b)?")
def quarter_code(m: re.Match[str]) -> Iterator[Candidate]:
    year = m["y"] or m["y0"]
    p = Parsed(grain="quarter", index=int(m["q"]), year=int(year) if year else None)
    yield make(m, "date", "DATE", p, "quarter")


@rule(r"\bthe\s+(?:(?P<latest>latest|most\s+recent|recent|just[- ](?:ended|completed))\s+(?:quarter|period)"
      r"|(?:same\s+)?quarter)\b(?![-'’])")  # fmt: skip
def quarter_anaphor(m: re.Match[str]) -> Iterator[Candidate]:
    """"the quarter": the one the text talks about; "the latest quarter": the last one that is over."""
    yield make(m, "quarter_ref", "DATE", Parsed(grain="quarter", rel=-1 if m["latest"] else None), "quarter_anaphor")


@rule(r"\b(?:the\s+)?(?P<h>first|second|1st|2nd|latter|last)[- ]half\s+of\s+(?:(?P<y>" + YEAR + r")|(?P<rel>this|last|next)"
      r"\s+year|the\s+year)\b")  # fmt: skip
def half(m: re.Match[str]) -> Iterator[Candidate]:
    index = 1 if m["h"].lower() in ("first", "1st") else 2
    rel = {"this": 0, "last": -1, "next": 1}.get((m["rel"] or "").lower(), 0)
    p = Parsed(grain="half", index=index, year=int(m["y"]) if m["y"] else None, rel=None if m["y"] else rel)
    yield make(m, "date", "DATE", p, "half")


@rule(r"\b(?:(?P<rel>last|next|this|past|coming|this\s+past)\s+)?(?P<s>" + SEASON + r")(?!-)"
      r"(?:\s+(?:of\s+)?(?P<y>" + YEAR + r"))?\b")  # fmt: skip
def season(m: re.Match[str]) -> Iterator[Candidate]:
    text = m.string
    if not m["rel"] and not m["y"]:
        before = word_before(text, m.start())
        if before == "the":
            before = word_before(text, m.start() - 4) if text[m.start() - 4:m.start()].lower() == "the " else ""
            if before not in ("in", "during", "by", "until", "through", "over", "since", "for", "into", "throughout", "of"):
                return
        elif before not in ("in", "during", "by", "until", "through", "since", "early", "late", "mid", "this"):
            return
        if re.match(r"\s+of\b", text[m.end():]):
            return  # "the fall of the Berlin Wall"
        if m["s"].lower() in ("fall", "spring") and before not in ("in", "the", "early", "late", "during", "by"):
            return
    rel = {"last": -1, "past": -1, "this past": -1, "next": 1, "coming": 1, "this": 0}
    p = Parsed(grain="season", season=SEASONS[m["s"].lower()], year=int(m["y"]) if m["y"] else None,
               rel=rel[m["rel"].lower()] if m["rel"] else None)  # fmt: skip
    yield make(m, "date", "DATE", p, "season")


_HOLIDAYS = (
    r"Christmas(?:\s+(?:Day|Eve))?|New\s+Year['’]?s(?:\s+(?:Day|Eve))|Thanksgiving(?:\s+Day)?|Easter(?:\s+Sunday"
    r"|\s+Monday)?|Good\s+Friday|Independence\s+Day|Fourth\s+of\s+July|Labor\s+Day|Memorial\s+Day|Veterans\s+Day"
    r"|Halloween|Valentine['’]?s\s+Day|Election\s+Day|Martin\s+Luther\s+King(?:\s+Jr\.?)?\s+Day|Presidents['’]?\s+Day"
    r"|Columbus\s+Day|Mother['’]?s\s+Day|Father['’]?s\s+Day|Boxing\s+Day|Armistice\s+Day|St\.\s+Patrick['’]?s\s+Day"
)


@rule(r"\b(?:(?P<rel>last|next|this)\s+)?(?P<h>(?-i:" + _HOLIDAYS + r"))(?:\s*,?\s*(?P<y>" + YEAR + r"))?\b")
def holiday(m: re.Match[str]) -> Iterator[Candidate]:
    name = re.sub(r"\s+", " ", m["h"]).replace("’", "'")
    name = re.sub(r"Martin Luther King(?: Jr\.?)? Day", "Martin Luther King Day", name)
    if name.lower() == "new year's":
        return
    rel = {"last": -1, "next": 1, "this": 0}.get((m["rel"] or "").lower())
    yield make(m, "date", "DATE", Parsed(holiday=name, year=int(m["y"]) if m["y"] else None, rel=rel), "holiday")


# ---------------------------------------------------------------------------------------------
# Weekdays and the days around the anchor

_NOT_A_DAY_AFTER = re.compile(
    r"\s+(?-i:Times|Telegraph|Express|Mirror|Herald|Post|Mail|Star|Independent|Tribune|Review|Magazine|Edition"
    r"|Show|School|Service|Club|Sport|People|Observer|Journal|Morning\s+Post)\b"
)


@rule(r"\b(?:(?P<rel>last|next|this|this\s+coming|coming|this\s+past|past|previous)\s+)?(?P<wd>" + WEEKDAY + r")"
      r"(?P<plural>s)?(?P<poss>['’]s)?(?:\s+(?P<part>morning|afternoon|evening|night|overnight)(?P<parts>s)?)?\b")  # fmt: skip
def weekday(m: re.Match[str]) -> Iterator[Candidate]:
    if _NOT_A_DAY_AFTER.match(m.string, m.end()):
        return
    wd = weekday_number(m["wd"])
    part = PARTS_OF_DAY[m["part"].lower()] if m["part"] else None
    if m["plural"] or m["parts"]:  # "on Mondays", "Tuesday nights": every one of them
        value = f"XXXX-WXX-{wd + 1}" + (f"T{part}" if part else "")
        yield make(m, "fixed", "SET", Parsed(value=value), "weekday_set")
        return
    rels = {"last": -1, "this past": -1, "past": -1, "previous": -1, "next": 1, "this coming": 1, "coming": 1,
            "this": 0}  # fmt: skip
    rel = rels[" ".join(m["rel"].lower().split())] if m["rel"] else None
    p = Parsed(weekday=wd, rel=rel, part=part)
    yield make(m, "weekday", "TIME" if part else "DATE", p, "weekday")


_DEICTIC_DAYS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2,
                 "the day after tomorrow": 2}  # fmt: skip


@rule(r"\b(?P<w>today|tonight|yesterday|tomorrow|the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow)"
      r"(?P<poss>['’]s)?(?:\s+(?P<part>morning|afternoon|evening|night))?\b")  # fmt: skip
def deictic_day(m: re.Match[str]) -> Iterator[Candidate]:
    word = " ".join(m["w"].lower().split())
    if word == "today" and m["poss"]:
        return  # "today's world", "today's youth": the present in general, not a day
    part = PARTS_OF_DAY[m["part"].lower()] if m["part"] else ("NI" if word == "tonight" else None)
    p = Parsed(unit="day", rel=_DEICTIC_DAYS[word], part=part)
    yield make(m, "deictic", "TIME" if part else "DATE", p, word.replace(" ", "_"))


@rule(r"\b(?P<rel>this|last|yesterday|tomorrow)\s+(?P<part>morning|afternoon|evening|night)\b")
def part_of_day(m: re.Match[str]) -> Iterator[Candidate]:
    rel = {"this": 0, "last": -1, "yesterday": -1, "tomorrow": 1}[m["rel"].lower()]
    if m["rel"].lower() == "last" and m["part"].lower() != "night":
        rel = -1
    p = Parsed(unit="day", rel=rel, part=PARTS_OF_DAY[m["part"].lower()])
    yield make(m, "deictic", "TIME", p, "part_of_day")


_DEICTIC_REL = {"this": 0, "current": 0, "present": 0, "last": -1, "past": -1, "next": 1, "coming": 1,
                "this coming": 1, "this past": -1}  # fmt: skip
_UNIT_WORD_GRAIN = {"week": "week", "weekend": "weekend", "month": "month", "year": "year", "quarter": "quarter",
                    "decade": "decade", "century": "century"}  # fmt: skip


@rule(r"(?:\bthe\s+)?\b(?P<rel>this\s+coming|this\s+past|this|last|next|past|coming|current|present)\s+"
      r"(?:fiscal\s+)?(?P<unit>week|weekend|month|year|quarter|decade|century|spring|summer|fall|autumn|winter)"
      r"(?P<poss>['’]s)?\b(?!-)")  # fmt: skip
def deictic_unit(m: re.Match[str]) -> Iterator[Candidate]:
    rel = _DEICTIC_REL[" ".join(m["rel"].lower().split())]
    unit = m["unit"].lower()
    if m["unit"][0].isupper() and m["rel"][0].isupper() and not m.group(0).isupper() and m.start() > 0:
        if not re.search(r"[.!?]\s*$", m.string[max(0, m.start() - 3):m.start()]):
            return  # "ABC's \"This Week\"": a title
    if unit in SEASONS:
        p = Parsed(grain="season", season=SEASONS[unit], rel=rel)
        yield make(m, "date", "DATE", p, "deictic_season")
        return
    start = m.start() if m.group(0).lower().startswith("the") and rel != 1 else m.start("rel")
    c = make(m, "deictic", "DATE", Parsed(unit=_UNIT_WORD_GRAIN[unit], rel=rel), f"deictic_{unit}")
    c.start = start
    yield c


@rule(r"\bthe\s+weekend\b(?!\s+(?:of|before|after)\b)")
def the_weekend(m: re.Match[str]) -> Iterator[Candidate]:
    """"over the weekend": the last weekend in a past-tense sentence, the coming one in a future-tense one."""
    yield make(m, "deictic", "DATE", Parsed(unit="weekend"), "the_weekend")


_PERIOD_END = re.compile(r"\s+(?:ended|ending|that\s+ended|that\s+ends|through|to\s+(?-i:[A-Z])\w*\.?\s+\d)")


@rule(r"\bthe\s+(?:(?P<adj>full|fiscal|whole|entire|full\s+fiscal)\s+)?(?P<unit>year|week|month)(?P<poss>['’]s)?\b(?![-'’])")
def the_unit(m: re.Match[str]) -> Iterator[Candidate]:
    """"for the year" (the year the text is about); "the year ended Sept. 30" (a year-long period)."""
    unit = m["unit"].lower()
    if _PERIOD_END.match(m.string, m.end()):
        yield make(m, "fixed", "DURATION", Parsed(value={"year": "P1Y", "week": "P1W", "month": "P1M"}[unit]),
                   "the_unit_period")  # fmt: skip
        return
    before = word_before(m.string, m.start())
    if m["poss"] or before in ("for", "of", "during", "throughout", "in", "over", "into"):
        yield make(m, "offset", "DATE", Parsed(unit=unit, rel=0, anaphoric=True), "the_unit")


@rule(r"\b(?:(?P<the>the\s+)?year['’]s\s+end|year[- ]end)\b(?!-)")
def year_end(m: re.Match[str]) -> Iterator[Candidate]:
    yield make(m, "offset", "DATE", Parsed(unit="year", rel=0, anaphoric=True), "year_end")


@rule(r"\b(?:(?P<mod>the\s+(?:end|beginning|start|middle|close|rest|remainder|turn)\s+of|(?:earlier|later)\s+in)"
      r"\s+)the\s+(?P<unit>year|month|week|decade|century)\b")  # fmt: skip
def within_the_unit(m: re.Match[str]) -> Iterator[Candidate]:
    """"later in the year", "the end of the month": the current one, or the one the text is talking about."""
    p = Parsed(unit=_UNIT_WORD_GRAIN[m["unit"].lower()], rel=0, anaphoric=True)
    yield make(m, "offset", "DATE", p, "within_the_unit")


_ANAPHOR_UNITS = {"day": "day", "morning": "day", "afternoon": "day", "evening": "day", "night": "day",
                  "week": "week", "weekend": "weekend", "month": "month", "year": "year", "quarter": "quarter"}  # fmt: skip
_ANAPHOR_PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}


@rule(r"\b(?:(?:the\s+)?(?P<rel>following|previous|preceding|same|prior)|the\s+(?P<next>next)|that(?:\s+same)?)\s+"
      r"(?P<unit>day|morning|afternoon|evening|night|week|weekend|month|year|quarter)\b")  # fmt: skip
def anaphor(m: re.Match[str]) -> Iterator[Candidate]:
    """"the next day", "the previous year", "that same day": counted from the date the text last gave."""
    word = (m["rel"] or m["next"] or "that").lower()
    rel = {"following": 1, "next": 1, "previous": -1, "preceding": -1, "prior": -1}.get(word, 0)
    unit = m["unit"].lower()
    part = _ANAPHOR_PARTS.get(unit)
    p = Parsed(unit=_ANAPHOR_UNITS[unit], rel=rel, anaphoric=True, part=part)
    yield make(m, "offset", "TIME" if part else "DATE", p, "anaphor")


@rule(r"\bthe\s+(?P<unit>day|night|week|month|year)\s+(?P<dir>before|after|earlier|later|prior)\b")
def day_around(m: re.Match[str]) -> Iterator[Candidate]:
    """"the day after": one unit from the expression that follows, else from the one the text last gave."""
    rel = 1 if m["dir"].lower() in ("after", "later") else -1
    unit = m["unit"].lower()
    p = Parsed(unit="day" if unit == "night" else unit, rel=rel, anaphoric=True)
    yield make(m, "around", "DATE", p, "day_around")
