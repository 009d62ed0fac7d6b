"""Page metadata read from the lines of a plain-text page: dates, byline, dateline, sources, outlet.

Each function looks at one kind of line and returns what it found, or None; `textpage.py` decides
where on the page each is allowed to stand (a byline near the top, a cited-sources list after the
article) and records the decision with its evidence.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from datetime import date

from storyline.model import Dateline

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}
_MONTH = (
    r"(?P<month>january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?"
)
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|urday|sday)?\.?,?\s+)?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_TIME = r"(?:\s*(?:,|at|-|\|)?\s*\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[a-z]{2,4})?)?"
_DATE_FORMS = (
    re.compile(rf"{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+{_YEAR}{_TIME}", re.IGNORECASE),
    re.compile(rf"{_WEEKDAY}{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}{_TIME}", re.IGNORECASE),
    re.compile(r"(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})-(?P<day>\d{2})(?:[T ][\d:.+Z-]+)?"),
)
_PUBLISHED_PREFIX = re.compile(
    r"^(?:published|posted|first published|date published|publication date)(?: on| at)?\s*[:：]?\s*",
    re.IGNORECASE,
)
_UPDATED_PREFIX = re.compile(r"^(?:updated|last updated|modified)(?: on| at)?\s*[:：]?\s*", re.IGNORECASE)


def parse_date_line(line: str) -> str | None:
    """The ISO date when the whole line is one calendar date (with optional weekday and time)."""
    text = line.strip(" \t\u00a0|•·-–—")
    for form in _DATE_FORMS:
        m = form.fullmatch(text)
        if m:
            return _iso(m.group("year"), m.group("month"), m.group("day"))
    return None


def parse_published_line(line: str) -> str | None:
    """The ISO date of a "Published: May 3, 2025" line, or None."""
    m = _PUBLISHED_PREFIX.match(line.strip())
    if not m:
        return None
    return parse_date_line(line.strip()[m.end() :])


def is_updated_line(line: str) -> bool:
    stripped = line.strip()
    m = _UPDATED_PREFIX.match(stripped)
    return m is not None and parse_date_line(stripped[m.end() :]) is not None


def _iso(year: str, month: str, day: str) -> str | None:
    month_number = int(month) if month.isdigit() else _MONTHS.get(month.lower().rstrip("."))
    if month_number is None:
        return None
    try:
        return date(int(year), month_number, int(day)).isoformat()
    except ValueError:
        return None


_NAME_WORD = r"[A-Z][a-zA-Z'’.-]+"
_PERSON = rf"{_NAME_WORD}(?:\s+(?:van|von|de|da|del|der|bin|al|le|la)?\s*{_NAME_WORD}){{1,3}}"
_BYLINE_FORMS = (
    re.compile(
        rf"^(?:by|written by|words by|reported by|story by|posted by)\s+"
        rf"(?P<name>{_PERSON}(?:\s*(?:,|and|&)\s*{_PERSON})*)\b",
        re.IGNORECASE,
    ),
    re.compile(rf"^[•·*\-–]\s*(?P<name>{_PERSON})$"),
    re.compile(
        rf"^(?P<name>{_PERSON})\s*[|,]\s*(?:staff (?:writer|reporter)|correspondent|reporter|editor)\b.*$",
        re.IGNORECASE,
    ),
)
_LONE_NAME = re.compile(rf"^(?P<name>{_PERSON})$")


def parse_byline(line: str, *, near_title: bool) -> str | None:
    """The author named by a byline line; a bare two-to-four-word name only next to the title."""
    text = line.strip(" \t\u00a0")
    for form in _BYLINE_FORMS:
        m = form.match(text)
        if m:
            return _clean_name(m.group("name"))
    if near_title:
        m = _LONE_NAME.match(text)
        if m and not _looks_like_headline_words(text):
            return _clean_name(m.group("name"))
    return None


def _clean_name(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip(" ,")


_FUNCTION_WORDS = {"the", "a", "an", "of", "in", "on", "to", "and", "for", "with", "is", "are", "at"}


def _looks_like_headline_words(text: str) -> bool:
    return any(w.lower() in _FUNCTION_WORDS for w in text.split())


_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’ -]{1,40}(?:,\s*[A-Z][\w.'’ -]{1,40}?)?)\s*"
    r"(?:\((?P<agency>[^()]{2,60})\))?\s*(?:[-—–:]+|\s—)\s*",
)


def parse_dateline(paragraph: str) -> Dateline | None:
    """The dateline a paragraph opens with: "SEOUL, South Korea (Associated Press) —"."""
    m = _DATELINE.match(paragraph)
    if not m:
        return None
    place = m.group("place").strip(" ,")
    city = place.split(",")[0]
    # A dateline's city is written in capitals; this keeps ordinary sentences out.
    if not city.isupper() or len(city.replace(" ", "")) < 3:
        return None
    agency = m.group("agency")
    text = paragraph[: m.end()].strip()
    return Dateline(text=text, place=place, agency=agency.strip() if agency else None)


_SOURCE_ITEM = re.compile(r"^[A-Z][\w.&'’-]*(?:\s+(?:(?:of|the|de|du|for)\s+)?[A-Z][\w.&'’-]*){0,4}$")
_SOURCES_PREFIX = re.compile(r"^(?:sources?|with (?:reporting|files) from|agencies)\s*[:：]\s*", re.IGNORECASE)


def parse_cited_sources_line(line: str) -> list[str] | None:
    """The outlets a bare source list names ("CNN,, PAP, Politico"; "Sources: Reuters, AFP")."""
    if len(line) > 160:
        return None
    text = line.strip().rstrip(".")
    prefixed = _SOURCES_PREFIX.match(text)
    if prefixed:
        text = text[prefixed.end() :]
    items = [i.strip() for i in re.split(r"[,;/]|\band\b|&", text)]
    items = [i for i in items if i]
    if not items or (len(items) < 2 and not prefixed):
        return None
    if len(text.split()) > 14 or not all(_SOURCE_ITEM.match(i) for i in items):
        return None
    return items


_MEDIA_WORDS = (
    r"News|Press|Agency|Times|Post|Journal|Telegraph|Guardian|Reuters|Politico|Bloomberg|Xinhua|"
    r"TASS|Yonhap|Kyodo|Herald|Tribune|Media|Television|TV|Radio|Broadcasting|Gazette|Courier|"
    r"Daily|Wire|Observer|Chronicle|Associated Press|Al Jazeera|Interfax|Ria Novosti"
)
_ORG_NAME = (
    rf"(?:the\s+)?(?P<name>(?:[A-Z][\w.'’&-]+\s+){{0,5}}(?:{_MEDIA_WORDS})\b(?:\s+[A-Z][\w'’-]+){{0,2}}|[A-Z]{{2,6}})"
)
_ATTRIBUTION = (
    re.compile(
        r"\baccording to\s+(?P<src>(?:[\w’']+\s+){0,3}(?:state|official|local|government|"
        r"state-run|news) (?:media|television|news agency|broadcaster)(?: reports?)?)",
        re.IGNORECASE,
    ),
    re.compile(rf"\b[Aa]ccording to\s+{_ORG_NAME}"),
)
_ACCORDING = re.compile(r"according to", re.IGNORECASE)
# "<outlet> reports": found from the verb backwards, in a short window, because a pattern that
# starts with a name would be tried at every position of the article.
_REPORTING_VERB = re.compile(
    r"\s+(?:reports?|reported|notes?|noted|states?|stated|adds?|added|said|says|confirmed|writes|wrote|"
    r"cited|quoted)\b"
)
_ORG_BEFORE_VERB = re.compile(rf"{_ORG_NAME}$")
_MEDIA_WORD = re.compile(rf"(?:{_MEDIA_WORDS})\b")
_CAPITALS_END = re.compile(r"[A-Z]{2}$")
_NOT_SOURCES = {"US", "UN", "EU", "UK", "USA", "COVID", "NATO"}


def find_attributions(text: str) -> list[str]:
    """Outlets and media the article attributes information to, in order of first mention."""
    found: list[str] = []

    def add(name: str) -> None:
        name = name.strip()
        if name.upper() not in _NOT_SOURCES and name not in found:
            found.append(name)

    # Both attribution patterns start with "according to": they are tried only where it stands
    # (one scan of the text, not one per pattern, which cost half of this function).
    for hit in _ACCORDING.finditer(text):
        for pattern in _ATTRIBUTION:
            m = pattern.match(text, hit.start())
            if m:
                add(m.groupdict().get("src") or m.group("name"))
    # A name before the verb holds a media word or ends in capitals ("AFP said"); the window
    # search, tried at every position, runs only where the text has one of those near the verb.
    media = [m.span() for m in _MEDIA_WORD.finditer(text)]
    starts = [start for start, _ in media]
    for verb in _REPORTING_VERB.finditer(text):
        begin, end = max(0, verb.start() - 90), verb.start()
        at = bisect_left(starts, end) - 1
        near_media = at >= 0 and media[at][1] > begin
        if not near_media and not _CAPITALS_END.search(text, begin, end):
            continue
        before = _ORG_BEFORE_VERB.search(text[begin:end])
        if before:
            add(before.group("name"))
    return found


_DISCLAIMER_OUTLET = re.compile(
    r"(?P<name>[A-Z][\w&.'’ -]{1,40}?)\s+is an? (?:automatic|automated)?\s*(?:news )?aggregator",
)
_COPYRIGHT_OUTLET = re.compile(
    r"^(?:©|\(c\)|copyright)\s*(?:\d{4}(?:[-–]\d{4})?)?\s*(?P<name>[A-Z][\w&.'’ -]{1,50}?)\s*(?:\.|,|all rights|$)",
    re.IGNORECASE,
)
_DOMAIN = re.compile(
    r"\b(?:https?://)?(?:www\.)?(?P<domain>[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|news|info|co\.uk|co|io|tv|ru|cn|kr|example))\b",
    re.IGNORECASE,
)


_SYNDICATION_OUTLET = re.compile(r"(?:appeared|published) (?:first )?(?:on|in|by) (?P<name>[A-Z][\w&.'’ -]{1,60}?)\.?$")
_TAGLINE_OUTLET = re.compile(
    rf"^(?P<name>(?:The )?(?:[A-Z][\w&'’.-]+\s+){{0,4}}(?:{_MEDIA_WORDS}|Today|Digest|Radar|Pulse|Flash))"
    r"\s*[—–|:-]\s+\S"
)
_STAFF_BYLINE = re.compile(r"^(?P<name>.{2,60}?)\s+(?:staff|newsroom|news desk|desk|team)$", re.IGNORECASE)


def outlet_from_byline(byline: str) -> str | None:
    """The outlet a staff byline names: "Trend Wire Now Staff" is no person."""
    m = _STAFF_BYLINE.match(byline.strip())
    if not m or m.group("name").lower() in ("staff", "news", "editorial", "the", "our"):
        return None
    return m.group("name")


def find_outlet(line: str) -> tuple[str, str] | None:
    """The outlet a boilerplate line names (disclaimer, copyright, tagline, address) and how."""
    m = _DISCLAIMER_OUTLET.search(line)
    if m:
        return m.group("name").strip(), "named in the aggregator disclaimer"
    m = _SYNDICATION_OUTLET.search(line.strip())
    if m:
        return m.group("name").strip(), "named in the syndication line"
    m = _TAGLINE_OUTLET.match(line.strip())
    if m:
        return m.group("name").strip(), "named in the site's tagline"
    m = _COPYRIGHT_OUTLET.match(line.strip())
    if m:
        return m.group("name").strip(), "named in the copyright line"
    m = _DOMAIN.search(line)
    if m:
        return m.group("domain").lower(), "web address in the page's boilerplate"
    return None
