"""Turn one raw record into a cleaned `Document`: decode, extract, classify lines, read metadata.

This is the only place that knows how each format becomes article text, and it works from the
record's raw bytes and container fields alone, so re-cleaning a stored document (after a new
version of the rules, or when corpus statistics find a repeated line) gives the same result as
cleaning it at ingest.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from pathlib import PurePath
from urllib.parse import urlsplit

from storyline.config import IngestConfig
from storyline.errors import EmptyInputError
from storyline.ingest.encoding import decode
from storyline.ingest.readers import RawRecord
from storyline.ingest.textpage import PageAnalysis, analyse_text_page
from storyline.model import Decision, Document, SegmentKind

CLEAN_VERSION = "clean-2"
#: The stage name cleaning records its decisions and bookkeeping under.
STAGE = "clean"
_FRAGMENT_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "div", "figcaption", "td"}


def document_id(raw: bytes) -> str:
    """The content address of a page: the first 16 hex digits of the SHA-256 of its bytes."""
    return hashlib.sha256(raw).hexdigest()[:16]


def repetition_group(path: str, outlet: str | None, url: str | None) -> str:
    """Which pages count as "one outlet" for repeated-line statistics.

    The outlet when the page names it, else its web host, else the folder it was found in (a
    scrape is usually saved one folder per site) or the container file it came from.
    """
    if outlet:
        return f"outlet:{outlet.lower()}"
    host = urlsplit(url).hostname if url else None
    if host:
        return f"host:{host.removeprefix('www.')}"
    container = path.split("#", 1)[0]
    parent = container if "#" in path else _parent_folder(container)
    return f"folder:{parent}"


def _parent_folder(path: str) -> str:
    """str(PurePath(path).parent), without building a PurePath for a plain path such as the
    readers name files with: PurePath interns every part of every name, for good, so memory grew
    with the corpus (in every worker process)."""
    parts = path.split("/")
    if "." in parts or "" in parts[1:]:  # "./a", "a//b", "a/": PurePath normalises those
        return str(PurePath(path).parent)
    return path.rpartition("/")[0] or ("/" if path.startswith("/") else ".")


def clean_record(
    record: RawRecord,
    config: IngestConfig,
    repeated: Iterable[str] = (),
    repeated_label: str = "this outlet",
) -> Document:
    """Clean one record into a Document; raises InputError when it holds no article text."""
    doc = Document(id=document_id(record.raw), path=record.label, format=record.format, raw=record.raw)
    fields = record.fields
    doc.url = fields.get("url")
    if record.format in ("text", "html"):
        decoded = decode(record.raw, record.label, config.binary_control_ratio)
        doc.text, doc.encoding, doc.encoding_warning = decoded.text, decoded.encoding, decoded.warning
    else:
        doc.text = fields.get("text") or _fragment_text(fields.get("html") or "")
    if record.format == "html":
        # Imported on the first HTML page: trafilatura and its dependencies are most of the start-up
        # time and memory of a build, which a build of plain text does not need.
        from storyline.ingest.htmlpage import analyse_html_page

        page, doc.text = analyse_html_page(doc.text, config, repeated, repeated_label=repeated_label, url=doc.url)
    else:
        page = analyse_text_page(
            doc.text, config, repeated, repeated_label=repeated_label, known_title=fields.get("title")
        )
    _apply_fields(page, fields, record)
    _fill(doc, page)
    if not doc.clean_text.strip():
        raise EmptyInputError(record.label, "no article text found (every line was boilerplate or empty)")
    return doc


def _fragment_text(fragment: str) -> str:
    """The text of an HTML fragment (a feed entry's content), one block element a line."""
    if not fragment.strip():
        return ""
    if "<" not in fragment:
        return fragment
    from lxml import html as lxml_html  # on the first fragment: a build of plain text needs no lxml

    root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag in _FRAGMENT_BLOCKS:
            element.tail = "\n\n" + (element.tail or "")
        elif element.tag == "br":
            element.tail = "\n" + (element.tail or "")
    return re.sub(r"\n{3,}", "\n\n", root.text_content()).strip()


def _apply_fields(page: PageAnalysis, fields: dict[str, str | None], record: RawRecord) -> None:
    """Container metadata (JSON fields, feed entries, WARC headers) over what the text suggested."""
    where = {"json": "JSON field", "feed": "feed entry", "html": "WARC header"}.get(record.format, "field")
    if fields.get("title"):
        page.title = fields["title"]
        page.decide("title", page.title or "", rule=f"{where} 'title'")
    if fields.get("author"):
        page.byline = fields["author"]
        page.decide("byline", page.byline or "", rule=f"{where} 'author'")
    published = normalise_date(fields.get("date"))
    if published:
        page.published, page.published_evidence = published, f"{where} 'date' ({fields.get('date')})"
        page.decide("published", published, rule=page.published_evidence)
    if fields.get("source"):
        page.outlet, page.outlet_evidence = fields["source"], f"{where} 'source'"
        page.decide("outlet", page.outlet or "", rule=page.outlet_evidence)
    crawl = normalise_date(fields.get("crawl_date"))
    if crawl:
        page.decide("crawl_date", crawl, rule="WARC-Date: when the page was captured, not published")
        if page.page_date is None:
            page.page_date = crawl
            page.decide("page_date", crawl, rule="WARC capture date (kept apart from the publication date)")


def normalise_date(value: str | None) -> str | None:
    """An ISO calendar date from the date formats exports and feeds use, or None."""
    if not value:
        return None
    value = value.strip()
    from dateutil import parser as date_parser  # only pages with a date field need it

    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        parsed = date_parser.isoparse(value) if value[:4].isdigit() else date_parser.parse(value)
    except (ValueError, OverflowError):
        return None
    return parsed.date().isoformat() if isinstance(parsed, datetime) else date.isoformat(parsed)


def _fill(doc: Document, page: PageAnalysis) -> None:
    doc.segments = page.segments
    doc.title, doc.byline, doc.dateline = page.title, page.byline, page.dateline
    doc.page_date, doc.published, doc.published_evidence = page.page_date, page.published, page.published_evidence
    doc.cited_sources, doc.outlet = page.cited_sources, page.outlet
    doc.decisions = [Decision(d.stage, d.kind, doc.id, d.value, d.evidence) for d in page.decisions]
    if doc.encoding_warning:
        doc.decisions.append(Decision("clean", "encoding", doc.id, doc.encoding, {"warning": doc.encoding_warning}))


def title_segment_text(doc: Document) -> str | None:
    return next((s.text for s in doc.segments if s.kind == SegmentKind.TITLE), None)
