"""Words of time for the temporal tagger: names, numbers, units, and the regex fragments built on them.

Everything here is data plus the small parsers that turn a matched word into a number; the rules
that combine the fragments live in `timex_rules`. Month and weekday names are matched
case-sensitively (capitalised or all capitals) inside otherwise case-insensitive patterns, so that
the modal "may", "march" the verb and "sun" never read as calendar names.
"""

from __future__ import annotations

import re

MONTHS: dict[str, int] = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}

WEEKDAYS: dict[str, int] = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tue": 1,
    "tues": 1,
    "wednesday": 2,
    "wed": 2,
    "thursday": 3,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
}

_UNITS_WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_ORD_UNITS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
_ORD_TEENS = [
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
]
_ORD_TENS = ["twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth", "seventieth", "eightieth", "ninetieth"]


def _number_words() -> tuple[dict[str, int], dict[str, int]]:
    cardinals: dict[str, int] = {}
    ordinals: dict[str, int] = {}
    for i, w in enumerate(_UNITS_WORDS, 1):
        cardinals[w] = i
        ordinals[_ORD_UNITS[i - 1]] = i
    for i, w in enumerate(_TEENS, 10):
        cardinals[w] = i
        ordinals[_ORD_TEENS[i - 10]] = i
    for i, (w, o) in enumerate(zip(_TENS, _ORD_TENS, strict=True)):
        tens = 20 + 10 * i
        cardinals[w] = tens
        ordinals[o] = tens
        for j, (u, uo) in enumerate(zip(_UNITS_WORDS, _ORD_UNITS, strict=True), 1):
            for sep in ("-", " "):
                cardinals[f"{w}{sep}{u}"] = tens + j
                ordinals[f"{w}{sep}{uo}"] = tens + j
    cardinals["hundred"] = 100
    ordinals["hundredth"] = 100
    return cardinals, ordinals


CARDINALS, ORDINALS = _number_words()

#: Unit words, normalised to the TIMEX3 duration letters.
UNITS: dict[str, str] = {
    "second": "S",
    "seconds": "S",
    "minute": "MIN",
    "minutes": "MIN",
    "hour": "H",
    "hours": "H",
    "day": "D",
    "days": "D",
    "night": "D",
    "nights": "D",
    "week": "W",
    "weeks": "W",
    "weekend": "WE",
    "weekends": "WE",
    "month": "M",
    "months": "M",
    "quarter": "Q",
    "quarters": "Q",
    "year": "Y",
    "years": "Y",
    "decade": "DE",
    "decades": "DE",
    "century": "CE",
    "centuries": "CE",
    "millennium": "ML",
    "millennia": "ML",
    "fortnight": "2W",
    "fortnights": "2W",
}

#: The calendar grain each unit letter shifts and names.
UNIT_GRAIN: dict[str, str] = {
    "D": "day",
    "W": "week",
    "WE": "weekend",
    "M": "month",
    "Q": "quarter",
    "Y": "year",
    "DE": "decade",
    "CE": "century",
}

SEASONS: dict[str, str] = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
PARTS_OF_DAY: dict[str, str] = {
    "morning": "MO",
    "afternoon": "AF",
    "evening": "EV",
    "night": "NI",
    "overnight": "NI",
    "tonight": "NI",
}
VAGUE_AMOUNTS = frozenset({"several", "few", "a few", "many", "some", "numerous", "a number of", "the few"})


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _cased(words: list[str]) -> str:
    """Capitalised and all-capital forms of `words`, matched case-sensitively."""
    forms = {w.capitalize() for w in words} | {w.upper() for w in words}
    return f"(?-i:{_alternation(sorted(forms))})"


_FULL_MONTHS = [m for m in MONTHS if len(m) > 3 and m != "sept"] + ["may"]
#: A month name, full or abbreviated (abbreviations only with their dot or before a number).
_ABBREVIATED_MONTHS = ["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"]
MONTH = rf"(?:{_cased(_FULL_MONTHS)}|{_cased(_ABBREVIATED_MONTHS)}\.?)"
MONTH_FULL = _cased(_FULL_MONTHS)
WEEKDAY = _cased([w for w in WEEKDAYS if len(w) > 4])
WEEKDAY_ABBR = rf"(?:{_cased([w for w in WEEKDAYS if len(w) <= 5 and not w.endswith('day')])}\.?)"
# Number words as compact patterns (tens with an optional unit, then teens, then units): the same
# words as CARDINALS and ORDINALS, but a regex engine without tries scans them many times faster
# than an alternation of every form.
_TENS_RE = "(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
CARDINAL = (
    rf"(?:{_TENS_RE}(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|(?:thir|four|fif|six|seven|eigh|nine)teen|ten|eleven|twelve|one|two|three|four|five|six|seven|eight|nine"
    r"|hundred)"
)
ORDINAL_WORD = (
    rf"(?:{_TENS_RE}[- ](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)"
    r"|(?:twen|thir|for|fif|six|seven|eigh|nine)tieth|(?:thir|four|fif|six|seven|eigh|nine)teenth|tenth|eleventh"
    r"|twelfth|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|hundredth)"
)
ORDINAL = rf"(?:\d{{1,3}}(?:st|nd|rd|th)|{ORDINAL_WORD})"
#: An amount: digits (with thousands commas, decimals, a trailing fraction) or number words.
AMOUNT = (
    rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?(?:\s+1/2)?|(?:a|one|{CARDINAL})\s+hundred|{CARDINAL}"
    rf"|(?:a\s+)?couple\s+of|a\s+couple|a\s+dozen|dozens\s+of|a\s+few|several|few|many|numerous|an?)"
)
UNIT = rf"(?:{_alternation(list(UNITS))})"
YEAR = r"(?:1[0-9]{3}|20[0-9]{2})"
_UNITS_RE = "|".join(_UNITS_WORDS)
_TWO_DIGITS = rf"(?:(?:{'|'.join(_TENS)})(?:[- ](?:{_UNITS_RE}))?|{'|'.join(_TEENS)}|oh[- ](?:{_UNITS_RE}))"
#: A year said in words, as in broadcast transcripts: "nineteen ninety-six", "two thousand and one".
SPELLED_YEAR = (
    rf"(?:(?:eighteen|nineteen)[- ](?:hundred|{_TWO_DIGITS})"
    rf"|two\s+thousand(?:\s+(?:and\s+)?(?:{_TWO_DIGITS}|{_UNITS_RE}))?)"
)
DAY_NUMBER = r"(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?"
DAY = rf"(?:{DAY_NUMBER}|{ORDINAL_WORD})"
SEASON = rf"(?:{_alternation(list(SEASONS))})"
PART_OF_DAY = r"(?:morning|afternoon|evening|night|overnight)"
ABS_TZ = r"(?:\s+(?:(?-i:[ECMP][SD]T|GMT|UTC|BST|CET|KST|JST)|local\s+time|\(\d{4}\s+GMT\)))"

_DIGITS = re.compile(r"(\d+(?:\.\d+)?)(?:\s+1/2)?")


def parse_amount(text: str) -> float | None:
    """The number an amount phrase names; None for vague amounts ("several", "a few")."""
    t = " ".join(text.lower().replace(",", "").split())
    if t in VAGUE_AMOUNTS or t.startswith("dozens"):
        return None
    if t in ("a", "an"):
        return 1.0
    if t.startswith(("a couple", "couple")):
        return 2.0
    if t == "a dozen":
        return 12.0
    if t.endswith("hundred"):
        head = t.rsplit(" ", 1)[0] if " " in t else "one"
        return float(100 * (1 if head in ("a", "one") else CARDINALS.get(head, 1)))
    m = _DIGITS.fullmatch(t)
    if m:
        return float(m.group(1)) + (0.5 if t.endswith("1/2") else 0.0)
    if t in CARDINALS:
        return float(CARDINALS[t])
    return None


def parse_spelled_year(text: str) -> int | None:
    """1996 for "nineteen ninety-six", 2001 for "two thousand and one"."""
    words = text.lower().replace("-", " ").split()
    if words[:2] == ["two", "thousand"]:
        units = " ".join(w for w in words[2:] if w != "and")
        return 2000 + (CARDINALS.get(units, 0) if units else 0)
    century = {"eighteen": 1800, "nineteen": 1900}.get(words[0])
    if century is None:
        return None
    rest = words[1:]
    if rest == ["hundred"]:
        return century
    if rest[:1] == ["oh"]:
        rest = rest[1:]
    value = CARDINALS.get(" ".join(rest))
    return century + value if value is not None and value < 100 else None


def parse_ordinal(text: str) -> int | None:
    """21 for "21st" and for "twenty-first"."""
    t = text.lower().strip()
    if t[:1].isdigit():
        digits = re.match(r"\d+", t)
        return int(digits.group()) if digits else None
    return ORDINALS.get(t.replace(" ", "-")) or ORDINALS.get(t)


def month_number(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def weekday_number(name: str) -> int:
    return WEEKDAYS[name.lower().rstrip(".")]
