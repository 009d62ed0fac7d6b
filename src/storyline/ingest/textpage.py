"""Clean a plain-text page: a verdict for every line, and the page metadata the lines reveal.

A scraped page is a headline, perhaps a byline or a page-date header, the article's paragraphs,
and around them the site's furniture. Each non-empty line becomes a `Segment` whose kind says what
it is (title, byline, body, boilerplate, page date, cited-sources list) and whose reason says why.
Position matters as much as wording: a bare name is a byline only beside the headline, a list of
outlet names is a source list only after the article has started.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from storyline.config import IngestConfig
from storyline.ingest import pagemeta
from storyline.ingest.boilerplate import boilerplate_reason
from storyline.model import Dateline, Decision, Segment, SegmentKind

_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"[.!?][\"”’']?(?:\s|$)")
#: Hard-wrapped text: the longest line of a block is within these widths, and a line at least
#: this share of the width "fills" it (continues on the next line).
_WRAP_WIDTH = (40, 100)
_WRAP_FULL = 0.7


@lru_cache(maxsize=4096)  # a batch asks for each line's print several times; bounded, so memory stays flat
def line_fingerprint(line: str) -> str:
    """A hash of a line that ignores case, spacing and numbers (counters, years, ids differ)."""
    norm = _SPACE.sub(" ", _DIGITS.sub("0", line.lower())).strip(" .,:;|-–—•·*")
    return hashlib.blake2b(norm.encode("utf-8"), digest_size=8).hexdigest()


@dataclass(slots=True)
class PageAnalysis:
    """What cleaning found on one page."""

    segments: list[Segment] = field(default_factory=list)
    title: str | None = None
    byline: str | None = None
    dateline: Dateline | None = None
    page_date: str | None = None
    published: str | None = None
    published_evidence: str | None = None
    cited_sources: list[str] = field(default_factory=list)
    outlet: str | None = None
    outlet_evidence: str | None = None
    decisions: list[Decision] = field(default_factory=list)

    def decide(self, kind: str, value: str, **evidence: object) -> None:
        self.decisions.append(Decision("clean", kind, "", value, dict(evidence)))


def split_lines(text: str) -> list[tuple[int, int, str]]:
    """Non-empty lines of the text with their character offsets (start, end, stripped text)."""
    out: list[tuple[int, int, str]] = []
    pos = 0
    for raw_line in text.splitlines(keepends=True):
        stripped = raw_line.strip()
        if stripped:
            start = pos + raw_line.index(stripped[0])
            out.append((start, start + len(stripped), stripped))
        pos += len(raw_line)
    return out


def join_wrapped(text: str, lines: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Lines of hard-wrapped text joined back into their paragraphs.

    Text wrapped at a fixed width (wire copy, e-mail, archives: every line 60-80 characters, breaks
    in mid-sentence) would otherwise make every line a paragraph, and no sentence may cross a
    paragraph. Runs of lines without a blank line between them are looked at together: the page
    counts as wrapped when most lines that have a successor fill the width and many of them break
    in mid-sentence; then a line that fills the width continues on the next. The joined segment is
    the page's own text, line breaks and all.
    """
    runs: list[list[tuple[int, int, str]]] = []
    for line in lines:
        if runs and "\n" not in text[runs[-1][-1][1] : line[0]].replace("\r", "").replace("\n", "", 1):
            runs[-1].append(line)
        else:
            runs.append([line])  # the first line, or a blank line before it: a new run
    width = _wrap_width(runs)
    if width is None:
        return lines
    return [joined for run in runs for joined in _join_run(text, run, width)]


def _wrap_width(runs: list[list[tuple[int, int, str]]]) -> int | None:
    """The width the page is wrapped at, or None when it is not hard-wrapped."""
    inner = [line for run in runs for _, _, line in run[:-1]]
    if len(inner) < 3:
        return None
    width = max(len(line) for run in runs if len(run) > 1 for _, _, line in run)
    if not _WRAP_WIDTH[0] <= width <= _WRAP_WIDTH[1]:
        return None
    full = sum(len(line) >= _WRAP_FULL * width for line in inner)
    open_ended = sum(not _ends_sentence(line) for line in inner)
    return width if full >= 0.7 * len(inner) and open_ended >= 0.3 * len(inner) else None


def _join_run(text: str, run: list[tuple[int, int, str]], width: int) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    start, end = run[0][0], run[0][1]
    for (_, _, prev), (next_start, next_end, _) in itertools.pairwise(run):
        if len(prev) >= _WRAP_FULL * width:
            end = next_end
        else:
            out.append((start, end, text[start:end]))
            start, end = next_start, next_end
    out.append((start, end, text[start:end]))
    return out


def analyse_text_page(
    text: str,
    config: IngestConfig,
    repeated: Iterable[str] = (),
    *,
    repeated_label: str = "this outlet",
    known_title: str | None = None,
) -> PageAnalysis:
    """Classify every line of a plain-text page and extract its metadata."""
    page = PageAnalysis()
    repeated_set = frozenset(repeated)
    lines = join_wrapped(text, split_lines(text))
    kinds: list[SegmentKind | None] = [None] * len(lines)
    reasons = [""] * len(lines)
    for i, (_, _, line) in enumerate(lines):
        kinds[i], reasons[i] = _known_line(line, repeated_set, repeated_label, page)
    _mark_title_and_byline(lines, kinds, reasons, page, config, known_title)
    _date_under_headline(lines, kinds, reasons, page)
    seen_body = False
    for i, (_, _, line) in enumerate(lines):
        if kinds[i] is not None:
            continue
        sources = pagemeta.parse_cited_sources_line(line) if seen_body else None
        if sources:
            kinds[i], reasons[i] = SegmentKind.CITED_SOURCES, "list of cited sources"
            _add_sources(page, sources)
            page.decide("cited_sources", ", ".join(sources), line=i, rule="source list after the article")
            continue
        kinds[i], reasons[i] = SegmentKind.BODY, ""
        seen_body = True
    page.segments = [
        Segment(i, start, end, line, kinds[i] or SegmentKind.BODY, reasons[i])
        for i, (start, end, line) in enumerate(lines)
    ]
    _body_metadata(page)
    return page


def _known_line(
    line: str, repeated: frozenset[str], repeated_label: str, page: PageAnalysis
) -> tuple[SegmentKind | None, str]:
    published = pagemeta.parse_published_line(line)
    if published:
        if page.published is None:
            page.published, page.published_evidence = published, f"publication line '{line}'"
            page.decide("published", published, rule="publication-date line", line_text=line)
        return SegmentKind.PAGE_DATE, "publication-date line"
    day = pagemeta.parse_date_line(line)
    if day:
        if page.page_date is None:
            page.page_date = day
            page.decide("page_date", day, rule="a line that is only a date (page header)", line_text=line)
        return SegmentKind.PAGE_DATE, "page-date header"
    if pagemeta.is_updated_line(line):
        return SegmentKind.BOILERPLATE, "last-updated line"
    reason = boilerplate_reason(line)
    if reason:
        _note_outlet(page, line)
        return SegmentKind.BOILERPLATE, reason
    if repeated and line_fingerprint(line) in repeated:
        _note_outlet(page, line)
        return SegmentKind.BOILERPLATE, f"repeated on several pages of {repeated_label}"
    return None, ""


#: How much each way of naming the outlet is trusted; the most trusted one found wins.
_OUTLET_TRUST = (
    "named in the aggregator disclaimer",
    "named in the syndication line",
    "named in the site's tagline",
    "named in the copyright line",
    "masthead line above the headline",
    "staff byline",
    "web address in the page's boilerplate",
)


def _note_outlet(page: PageAnalysis, line: str, found: tuple[str, str] | None = None) -> None:
    found = found or pagemeta.find_outlet(line)
    if not found:
        return
    rank = _OUTLET_TRUST.index(found[1]) if found[1] in _OUTLET_TRUST else len(_OUTLET_TRUST)
    current = _OUTLET_TRUST.index(page.outlet_evidence) if page.outlet_evidence in _OUTLET_TRUST else 99
    if page.outlet is None or rank < current:
        page.outlet, page.outlet_evidence = found
        page.decide("outlet", found[0], rule=found[1], line_text=line[:200])


def _mark_title_and_byline(
    lines: list[tuple[int, int, str]],
    kinds: list[SegmentKind | None],
    reasons: list[str],
    page: PageAnalysis,
    config: IngestConfig,
    known_title: str | None,
) -> None:
    open_lines = [i for i, k in enumerate(kinds) if k is None]
    head = open_lines[:4]
    title_at: int | None = None
    if known_title:
        wanted = _SPACE.sub(" ", known_title.strip().lower())
        title_at = next((i for i in head if _SPACE.sub(" ", lines[i][2].lower()) == wanted), None)
    else:
        title_at = _find_headline(lines, head, open_lines, kinds, reasons, page, config)
    if title_at is not None:
        kinds[title_at], reasons[title_at] = SegmentKind.TITLE, "headline"
        page.title = lines[title_at][2]
        page.decide("title", page.title, line=title_at, rule="first short line before the article")
    for i in head:
        if kinds[i] is not None:
            continue
        near = title_at is not None and abs(i - title_at) <= 2
        name = pagemeta.parse_byline(lines[i][2], near_title=near)
        if name:
            kinds[i], reasons[i] = SegmentKind.BYLINE, "byline"
            page.byline = page.byline or name
            page.decide("byline", name, line=i, line_text=lines[i][2])
            staff = pagemeta.outlet_from_byline(name)
            if staff:
                _note_outlet(page, lines[i][2], (staff, "staff byline"))
        elif title_at is None or i > title_at:
            break


def _find_headline(
    lines: list[tuple[int, int, str]],
    head: list[int],
    open_lines: list[int],
    kinds: list[SegmentKind | None],
    reasons: list[str],
    page: PageAnalysis,
    config: IngestConfig,
) -> int | None:
    """The headline among the first open lines; a site's name and slogan above it are masthead.

    A line of at most `masthead_max_words` words followed by a longer headline-like line is the
    masthead (the site's name, then perhaps its slogan), not the headline.
    """
    candidates = [i for i in head if not pagemeta.parse_byline(lines[i][2], near_title=False)]
    for n, i in enumerate(candidates):
        if not _is_headline(lines[i][2], config) or i == open_lines[-1]:
            return None
        later = [
            j
            for j in candidates[n + 1 :]
            if _is_headline(lines[j][2], config) and j != open_lines[-1] and not _ends_sentence(lines[j][2])
        ]
        words = len(lines[i][2].split())
        if words <= config.masthead_max_words and later and len(lines[later[0]][2].split()) > words:
            kinds[i], reasons[i] = SegmentKind.BOILERPLATE, "masthead above the headline"
            if n == 0:
                _note_outlet(page, lines[i][2], (lines[i][2], "masthead line above the headline"))
            continue
        return i
    return None


def _ends_sentence(line: str) -> bool:
    """Headlines rarely end with a full stop; first paragraphs do."""
    return line.rstrip("\"”’' ").endswith((".", "!", "?"))


def _date_under_headline(
    lines: list[tuple[int, int, str]], kinds: list[SegmentKind | None], reasons: list[str], page: PageAnalysis
) -> None:
    """A date line between the headline and the article is the article's date, not the page's.

    A date above the headline (or on a page without one) is the site's page header, often the
    day it was scraped; a date set under the headline and byline belongs to the article.
    """
    title_at = next((i for i, k in enumerate(kinds) if k == SegmentKind.TITLE), None)
    if title_at is None:
        return
    for i in range(title_at + 1, len(lines)):
        if kinds[i] is None:
            return
        if kinds[i] == SegmentKind.PAGE_DATE and reasons[i] == "page-date header":
            day = pagemeta.parse_date_line(lines[i][2])
            reasons[i] = "publication date under the headline"
            if page.published is None and day:
                page.published, page.published_evidence = day, f"date line under the headline '{lines[i][2]}'"
                page.decide("published", day, rule="date line under the headline", line_text=lines[i][2])
            if page.page_date == day:
                page.page_date = None
                page.decisions = [d for d in page.decisions if d.kind != "page_date"]
            return


def _is_headline(line: str, config: IngestConfig) -> bool:
    words = line.split()
    if len(words) > config.title_max_words or len(words) < 2:
        return False
    # A headline is at most a couple of sentences; a lede paragraph is longer.
    return len(_SENTENCE_END.findall(line)) <= 1 or len(words) <= 16


def _add_sources(page: PageAnalysis, sources: Iterable[str]) -> None:
    for s in sources:
        if s not in page.cited_sources:
            page.cited_sources.append(s)


def _body_metadata(page: PageAnalysis) -> None:
    body = [s for s in page.segments if s.kind == SegmentKind.BODY]
    if body:
        dateline = pagemeta.parse_dateline(body[0].text)
        if dateline:
            page.dateline = dateline
            page.decide("dateline", dateline.text, place=dateline.place, agency=dateline.agency)
            if dateline.agency:
                _add_sources(page, [dateline.agency])
    attributed = pagemeta.find_attributions("\n".join(s.text for s in body))
    if attributed:
        _add_sources(page, attributed)
        page.decide("cited_sources", ", ".join(attributed), rule="attribution phrases in the article")
