"""Clean an HTML page: trafilatura finds the article, htmldate (through it) the publication date.

trafilatura does the extraction; this module only turns its result into our records. The page's
visible text lines that trafilatura left out are kept as removed segments ("outside the main
content"), so a user can see what was dropped, as for plain text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

import trafilatura
from lxml import html as lxml_html

from storyline.config import IngestConfig
from storyline.ingest.textpage import PageAnalysis, analyse_text_page, split_lines
from storyline.model import Segment, SegmentKind

_BLOCKS = "p|h1|h2|h3|h4|h5|h6|li|td|th|dt|dd|blockquote|figcaption|caption|pre|address|label|button|a"
_BLOCK_XPATH = " | ".join(f"//body//{tag}" for tag in _BLOCKS.split("|"))
_SPACE = re.compile(r"\s+")


def extract_article(html_text: str, url: str | None, config: IngestConfig) -> tuple[str, dict[str, str | None]]:
    """The main text of a page (paragraphs one per line) and its metadata, by trafilatura.

    This is the whole HTML reader as the extraction benchmark sees it.
    """
    doc = trafilatura.bare_extraction(
        html_text,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        favor_recall=config.html_favor_recall,
        favor_precision=config.html_favor_precision,
        date_extraction_params={"original_date": True, "extensive_search": False},
    )
    if doc is None:
        return "", {}
    meta: dict[str, str | None] = {
        "title": getattr(doc, "title", None),
        "author": getattr(doc, "author", None),
        "date": getattr(doc, "date", None),
        "sitename": getattr(doc, "sitename", None),
        "url": getattr(doc, "url", None),
        "hostname": getattr(doc, "hostname", None),
    }
    return getattr(doc, "text", None) or "", meta


def analyse_html_page(
    html_text: str,
    config: IngestConfig,
    repeated: Iterable[str] = (),
    *,
    repeated_label: str = "this outlet",
    url: str | None = None,
) -> tuple[PageAnalysis, str]:
    """Extract and clean an HTML page; returns the analysis and the text its offsets refer to."""
    text, meta = extract_article(html_text, url, config)
    page = analyse_text_page(text, config, repeated, repeated_label=repeated_label, known_title=meta.get("title"))
    if meta.get("title"):
        page.title = meta["title"]
        page.decide("title", meta["title"] or "", rule="HTML metadata (trafilatura)")
    if meta.get("author") and not page.byline:
        page.byline = meta["author"]
        page.decide("byline", meta["author"] or "", rule="HTML metadata (trafilatura)")
    if meta.get("date"):
        page.published = meta["date"]
        page.published_evidence = "HTML metadata (htmldate, via trafilatura)"
        page.decide("published", meta["date"] or "", rule=page.published_evidence)
    outlet = meta.get("sitename") or meta.get("hostname") or _host(meta.get("url") or url)
    if outlet:
        page.outlet, page.outlet_evidence = outlet, "HTML metadata (site name or address)"
        page.decide("outlet", outlet, rule=page.outlet_evidence)
    _append_outside_lines(page, html_text, text)
    return page, text


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname
    return host[4:] if host and host.startswith("www.") else host


def _append_outside_lines(page: PageAnalysis, html_text: str, kept_text: str) -> None:
    """Record the page's visible lines that are not in the extracted text as removed segments.

    Their offsets are -1: they point into the HTML, not into the extracted text.
    """
    kept = {_SPACE.sub(" ", line).lower() for _, _, line in split_lines(kept_text)}
    try:
        tree = lxml_html.fromstring(html_text)
    except (ValueError, lxml_html.etree.ParserError):
        return
    seen: set[str] = set()
    index = len(page.segments)
    for element in tree.xpath(_BLOCK_XPATH):
        if element.xpath("ancestor::script|ancestor::style|ancestor::noscript"):
            continue
        line = _SPACE.sub(" ", element.text_content()).strip()
        key = line.lower()
        if not line or key in seen or any(key in k for k in kept if len(key) > 20) or key in kept:
            continue
        seen.add(key)
        page.segments.append(
            Segment(index, -1, -1, line[:500], SegmentKind.BOILERPLATE, "outside the main content (trafilatura)")
        )
        index += 1
