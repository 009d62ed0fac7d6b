"""Clean an HTML page: trafilatura finds the article, htmldate (through it) the publication date.

trafilatura does the extraction; this module only turns its result into our records. The page is
parsed once. The metadata we use (title, author, date, site name, address) is read from that tree
by the same steps as trafilatura's extract_metadata, less the fields we never use (categories,
tags, licence). The article text comes from the same tree in two steps: trafilatura's fast pass
favouring recall, and only where that found little of the page, its full cascade (comparison with
readability and jusText), which rescues those pages and would cost a third more on every page.
The headline is a field of its own, so a copy of it at the top of the extracted text is dropped
(the body of an article does not repeat its headline). The page's visible text lines that the
extraction left out are kept as removed segments ("outside the main content"), so a user can see
what was dropped, as for plain text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from contextlib import suppress
from copy import deepcopy
from urllib.parse import urlsplit

import trafilatura
from htmldate import find_date
from lxml import html as lxml_html
from lxml.etree import XPath
from trafilatura.json_metadata import normalize_authors
from trafilatura.metadata import (
    META_URL,
    examine_meta,
    extract_meta_json,
    extract_sitename,
    extract_title,
    extract_url,
)
from trafilatura.settings import Extractor
from trafilatura.utils import load_html

from storyline.config import IngestConfig
from storyline.ingest.textpage import PageAnalysis, analyse_text_page
from storyline.model import Segment, SegmentKind

_BLOCKS = "p|h1|h2|h3|h4|h5|h6|li|td|th|dt|dd|blockquote|figcaption|caption|pre|address|label|button|a"
_BLOCK_TAGS = tuple(_BLOCKS.split("|"))
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")

# Where a page names its author when no meta tag or JSON-LD does: trafilatura's own author
# expressions (metadata.AUTHOR_XPATHS), most specific first, written with contains() instead of
# EXSLT regular expressions, which lxml evaluates in Python for every element and which made the
# search cost a third of the whole extraction. `author_candidates` finds what they select in one
# pass (a test checks that both agree); these are the reference.
_AUTHOR_XPATHS = tuple(
    XPath(expr)
    for expr in (
        "//*[self::a or self::address or self::div or self::link or self::p or self::span or self::strong]"
        "[@rel='author' or @id='author' or @class='author' or @itemprop='author name' or @data-testid='AuthorCard'"
        " or @data-testid='AuthorURL' or contains(@class, 'author-name') or contains(@class, 'authorname')"
        " or contains(@class, 'AuthorName') or contains(@class, 'authorName')] | //author",
        "//*[self::a or self::div or self::h3 or self::h4 or self::p or self::span]"
        "[@class='byline' or @class='username' or @class='byl' or @class='BBL' or contains(@itemprop, 'author')"
        " or contains(@id, 'author') or contains(@id, 'zuozhe') or contains(@id, 'bianji')"
        " or contains(@id, 'xiaobian') or contains(@class, 'author') or contains(@class, 'channel-name')"
        " or contains(@class, 'zuozhe') or contains(@class, 'bianji') or contains(@class, 'xiaobian')"
        " or contains(@class, 'submitted-by') or contains(@class, 'posted-by') or contains(@class, 'journalist-name')]",
        "//*[contains(@data-component, 'Byline') or contains(@itemprop, 'author') or contains(@id, 'author')"
        " or contains(@id, 'Author') or contains(@class, 'author') or contains(@class, 'Author')"
        " or contains(@class, 'screenname') or contains(@class, 'writer') or contains(@class, 'byline')"
        " or contains(@class, 'Byline')]",
    )
)
# Containers whose names are not the article's author (comments, sidebars, dates, figures):
# trafilatura's AUTHOR_DISCARD_XPATHS, as a test on a candidate and on what it contains.
_NOT_AUTHOR = (
    "(self::a or self::div or self::section or self::span) and (@id='comments' or @class='comments'"
    " or @class='title' or @class='date' or starts-with(@id, 'comments') or contains(@id, 'commentlist')"
    " or contains(@id, 'comment-list') or contains(@id, 'ProductReviews') or starts-with(@class, 'comments')"
    " or starts-with(@class, 'Comments') or contains(@class, 'commentlist') or contains(@class, 'comments-list')"
    " or contains(@class, 'sidebar') or contains(@class, 'is-hidden') or contains(@class, 'quote')"
    " or contains(@class, 'embedly-instagram') or contains(@class, 'article-share')"
    " or contains(@class, 'article-support') or contains(@class, 'print') or contains(@class, 'category')"
    " or contains(@class, 'meta-date') or contains(@class, 'meta-reviewer') or contains(@data-component, 'Figure'))"
    " or self::time or self::figure"
)
_PARAGRAPH_TEXT = XPath("//body//p//text()")
_OUTSIDE = "outside the main content (trafilatura)"
_AUTHOR_OUTSIDE = XPath(f"ancestor-or-self::*[{_NOT_AUTHOR}]")
_AUTHOR_INSIDE = XPath(f".//*[{_NOT_AUTHOR}]")


def extract_article(html_text: str, url: str | None, config: IngestConfig) -> tuple[str, dict[str, str | None]]:
    """The main text of a page (paragraphs one per line) and its metadata, by trafilatura.

    This is the whole HTML reader as the extraction benchmark sees it.
    """
    tree = load_html(html_text)
    if tree is None:
        return "", {}
    return _extract_from_tree(tree, url, config)


def _extract_from_tree(
    tree: lxml_html.HtmlElement, url: str | None, config: IngestConfig
) -> tuple[str, dict[str, str | None]]:
    """extract_article on a parsed page; the tree is left as it was (trafilatura works on copies)."""
    meta = _page_metadata(tree, url)
    text = ""
    if config.html_fast_first:
        text = _main_text(tree, url, config, fast=True, recall=config.html_fast_favor_recall)
    if not config.html_fast_first or _thin(text, tree, config):
        text = _main_text(tree, url, config, fast=False, recall=config.html_favor_recall) or text
    if text and config.html_drop_headline:
        text = _drop_headline(text, tree, meta.get("title"), config.html_headline_lines)
    return text, meta


#: trafilatura's extraction settings, built once per combination: reading its configuration
#: again for every page cost about 3% of an extraction.
_OPTIONS: dict[tuple[bool, bool, bool, bool], Extractor] = {}


def _options(config: IngestConfig, *, fast: bool, recall: bool) -> Extractor:
    precision = config.html_favor_precision and not recall
    key = (fast, recall, precision, config.html_include_tables)
    if key not in _OPTIONS:
        _OPTIONS[key] = Extractor(
            output_format="python",
            fast=fast,
            precision=precision,
            recall=recall,
            comments=False,
            tables=config.html_include_tables,
        )
    return _OPTIONS[key]


def _main_text(tree: lxml_html.HtmlElement, url: str | None, config: IngestConfig, *, fast: bool, recall: bool) -> str:
    """trafilatura's article text; fast skips its comparison with readability and jusText."""
    if url is None:
        doc = trafilatura.bare_extraction(tree, options=_options(config, fast=fast, recall=recall))
    else:  # the settings carry the page's address, so they are built for this page
        doc = trafilatura.bare_extraction(
            tree,
            url=url,
            fast=fast,
            include_comments=False,
            include_tables=config.html_include_tables,
            favor_recall=recall,
            favor_precision=config.html_favor_precision and not recall,
        )
    return (getattr(doc, "text", None) or "") if doc is not None else ""


def _thin(text: str, tree: lxml_html.HtmlElement, config: IngestConfig) -> bool:
    """Whether a first extraction found too little of the page to be trusted."""
    if len(text) < config.html_thin_chars:
        return True
    return len(text) < config.html_thin_share * _paragraph_chars(tree)


def _paragraph_chars(tree: lxml_html.HtmlElement) -> int:
    """How much text the page holds in paragraphs: what a good extraction recovers much of."""
    return sum(len(piece) for piece in _PARAGRAPH_TEXT(tree))


def _page_metadata(tree: lxml_html.HtmlElement, url: str | None) -> dict[str, str | None]:
    """Title, author, date, site name and address, as trafilatura's extract_metadata finds them.

    The same steps in the same order, less the fields we do not use (categories, tags, licence).
    """
    found = examine_meta(tree)
    if found.author and " " not in found.author:
        found.author = None
    # trafilatura's JSON-LD reader has its bugs (it guards the call the same way); the tags suffice.
    with suppress(Exception):
        found = extract_meta_json(tree, found)
    if not found.title:
        found.title = extract_title(tree)
    if not found.author:
        found.author = _author_in_page(tree)
    if not found.url:
        found.url = extract_url(tree, url)
    found.date = find_date(tree, url=found.url, original_date=True, extensive_search=False)
    if not found.sitename:
        found.sitename = extract_sitename(tree)
    if found.sitename:
        found.sitename = found.sitename.lstrip("@")
        if found.sitename and "." not in found.sitename and not found.sitename[0].isupper():
            found.sitename = found.sitename.title()
    elif found.url and (match := META_URL.match(found.url)):
        found.sitename = match[1]
    found.clean_and_trim()
    return {
        "title": found.title or None,
        "author": found.author or None,
        "date": found.date or None,
        "sitename": found.sitename or None,
        "url": found.url or None,
        "hostname": _host(found.url),
    }


def _author_in_page(tree: lxml_html.HtmlElement) -> str | None:
    """The first author name the page's markup gives, outside comments, sidebars and figures."""
    for candidates in author_candidates(tree):
        for element in candidates:
            if _AUTHOR_OUTSIDE(element):
                continue
            inner = _AUTHOR_INSIDE(element)
            if inner:
                element = deepcopy(element)
                for node in _AUTHOR_INSIDE(element):
                    node.drop_tree()
            text = " ".join(" ".join(element.itertext()).split())
            if 2 < len(text) < 120:
                return normalize_authors(None, text) or None
    return None


#: The only elements the author expressions can select: those with one of the attributes they
#: test, and <author>. One cheap pass of libxml2 instead of three passes testing ~30 conditions on
#: every element; the conditions are then tested in Python on the few elements left.
_AUTHOR_ATTRIBUTES = XPath("//*[@class or @id or @rel or @itemprop or @data-testid or @data-component] | //author")
_FIRST_TAGS = frozenset(("a", "address", "div", "link", "p", "span", "strong"))
_SECOND_TAGS = frozenset(("a", "div", "h3", "h4", "p", "span"))
_SECOND_CLASS_EXACT = frozenset(("byline", "username", "byl", "BBL"))
# contains(@x, 'a') or contains(@x, 'b') ...: one search for any of the (case-sensitive) words.
_FIRST_CLASS = re.compile("author-name|authorname|AuthorName|authorName")
_SECOND_ID = re.compile("author|zuozhe|bianji|xiaobian")
_SECOND_CLASS = re.compile("author|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|journalist-name")
_THIRD_ID = re.compile("author|Author")
_THIRD_CLASS = re.compile("author|Author|screenname|writer|byline|Byline")


def author_candidates(tree: lxml_html.HtmlElement) -> tuple[list[lxml_html.HtmlElement], ...]:
    """What each of the three _AUTHOR_XPATHS selects, in document order, found in one pass."""
    first: list[lxml_html.HtmlElement] = []
    second: list[lxml_html.HtmlElement] = []
    third: list[lxml_html.HtmlElement] = []
    for element in _AUTHOR_ATTRIBUTES(tree):
        tag, get = element.tag, element.get
        cls, ident, itemprop = get("class") or "", get("id") or "", get("itemprop") or ""
        if tag == "author" or (
            tag in _FIRST_TAGS
            and (
                get("rel") == "author"
                or ident == "author"
                or cls == "author"
                or itemprop == "author name"
                or get("data-testid") in ("AuthorCard", "AuthorURL")
                or _FIRST_CLASS.search(cls)
            )
        ):
            first.append(element)
        if tag in _SECOND_TAGS and (
            cls in _SECOND_CLASS_EXACT or "author" in itemprop or _SECOND_ID.search(ident) or _SECOND_CLASS.search(cls)
        ):
            second.append(element)
        if (
            "Byline" in (get("data-component") or "")
            or "author" in itemprop
            or _THIRD_ID.search(ident)
            or _THIRD_CLASS.search(cls)
        ):
            third.append(element)
    return first, second, third


def _words(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def _drop_headline(text: str, tree: lxml_html.HtmlElement, title: str | None, within: int) -> str:
    """The text without a copy of the headline (the page title or a main heading) in its first lines."""
    headlines = {_words(title)} if title else set()
    for heading in tree.iterfind(".//h1"):
        headlines.add(_words(heading.text_content()))
    headlines.discard("")
    if not headlines:
        return text
    lines = text.split("\n")
    seen = 0
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        if _words(line) in headlines:
            del lines[i]
            return "\n".join(lines)
        seen += 1
        if seen >= within:
            break
    return text


def analyse_html_page(
    html_text: str,
    config: IngestConfig,
    repeated: Iterable[str] = (),
    *,
    repeated_label: str = "this outlet",
    url: str | None = None,
) -> tuple[PageAnalysis, str]:
    """Extract and clean an HTML page; returns the analysis and the text its offsets refer to."""
    tree = load_html(html_text)
    text, meta = _extract_from_tree(tree, url, config) if tree is not None else ("", {})
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
    outlet, how = meta.get("sitename"), "HTML metadata (site name)"
    if outlet and "." in outlet and " " not in outlet:
        outlet = None  # a web address standing in for a name; the title may carry the real one
    if not outlet:
        outlet, how = _site_in_title(html_text, meta.get("title")), "the page title's suffix after the headline"
    if not outlet:
        outlet, how = meta.get("hostname") or _host(meta.get("url") or url), "the page's web address"
    if outlet:
        page.outlet, page.outlet_evidence = outlet, how
        page.decide("outlet", outlet, rule=how)
    if tree is not None:  # else no text either, and the page is refused as empty
        _append_outside_lines(page, tree, text)
    return page, text


def element_text(element: lxml_html.HtmlElement) -> str:
    """An element's text with its descendants' (its XPath string value, as text_content() gives).

    Serialised as text by libxml2: three times faster than evaluating string() (a test checks
    that both agree).
    """
    return str(lxml_html.etree.tostring(element, method="text", encoding=str, with_tail=False))


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname
    return host[4:] if host and host.startswith("www.") else host


def _append_outside_lines(page: PageAnalysis, tree: lxml_html.HtmlElement, kept_text: str) -> None:
    """Record the page's visible lines that are not in the extracted text as removed segments.

    Their offsets are -1: they point into the HTML, not into the extracted text. A line counts as
    kept when it appears anywhere in the extracted text (one substring search in C, not a loop;
    a line of the extracted text whole is found in a set first). A link inside a block already
    looked at ("By <a>Joss Teller</a>", a caption's links) is part of that block's line, not a
    line of its own. The page's tree is the one the extraction read, and this is its last use:
    scripts and styles are cut from it in place.
    """
    # Each line of the extracted text with its spaces collapsed, lower-cased (lines only blank
    # add empty ones, which no element's text equals or spans).
    kept = "\n".join(" ".join(line.split()) for line in kept_text.lower().splitlines())
    kept_lines = set(kept.split("\n"))
    lxml_html.etree.strip_elements(tree, "script", "style", "noscript", "template", with_tail=False)
    body = tree.find(".//body")
    # The headline is the title field, not removed text.
    seen: set[str] = {_SPACE.sub(" ", page.title).strip().lower()} if page.title else set()
    index = len(page.segments)
    segments = page.segments
    block = ""  # the last block's line (lower-cased), which holds the links inside it
    for element in (body if body is not None else tree).iter(*_BLOCK_TAGS):
        line = " ".join(element_text(element).split())  # the same as _SPACE.sub(" ", ...).strip()
        if not line:
            continue
        key = line.lower()
        if element.tag == "a":
            if key in block:
                continue
        else:
            block = key
        if key in seen or key in kept_lines or key in kept:
            continue
        seen.add(key)
        segments.append(Segment(index, -1, -1, line[:500], SegmentKind.BOILERPLATE, _OUTSIDE))
        index += 1


_TITLE_TAG = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_TITLE_SEPARATOR = re.compile(r"\s+(?:\||-|–|—|::|·|•)\s+")


def _site_in_title(html_text: str, headline: str | None) -> str | None:
    """The site name a <title> adds to the headline: "Huge fire ... | Brackenford Evening Star"."""
    m = _TITLE_TAG.search(html_text[:20000])
    if not m or not headline:
        return None
    parts = _TITLE_SEPARATOR.split(lxml_html.fromstring(f"<p>{m.group(1)}</p>").text_content().strip())
    if len(parts) < 2:
        return None
    head = _SPACE.sub(" ", headline).strip().lower()
    first, last = parts[0].strip(), parts[-1].strip()
    if first.lower() == head and 1 <= len(last.split()) <= 6:
        return last
    if last.lower() == head and 1 <= len(first.split()) <= 6:
        return first
    return None
