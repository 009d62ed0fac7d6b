"""Page text never becomes markup: script and markup fed through every field come out inert."""

from __future__ import annotations

import dataclasses
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt

from storyline.config import Config
from storyline.pipeline import build
from storyline.report.dossier import dossier, storyline_ids
from storyline.report.lineage_svg import lineage_svg
from storyline.report.records import (
    Actor,
    ActorRole,
    Dossier,
    DossierClaim,
    EventRef,
    LineageLink,
    OpenQuestion,
    RemovedLine,
    SourceRow,
    SummaryEntry,
    TimelineEntry,
)
from storyline.report.render_html import render_html
from storyline.report.render_markdown import render_markdown
from storyline.store.db import Store
from tests.conftest import FIXTURES

PAYLOAD = (
    "<script>alert(1)</script><img src=x onerror=alert(2)>\"><b>x</b>'><svg onload=alert(3)>"
    "[a](javascript:alert(4))&amp;"
)
DOC_A, DOC_B = "a" * 16, "b" * 16
#: The only tags our templates write; anything else in the output came from page text.
OUR_TAGS = {
    "html", "head", "meta", "title", "style", "body", "main", "nav", "header", "p", "code", "h1", "h2", "h3",
    "small", "section", "ol", "ul", "li", "q", "span", "a", "strong", "details", "summary", "div", "table",
    "thead", "tbody", "tr", "th", "td", "br", "del", "figure", "figcaption", "svg", "path", "g", "rect",
    "text", "footer",
}  # fmt: skip


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes += [f"{k}={v}" for k, v in attrs]


def _parse(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    return parser


def _hostile(value: Any) -> Any:
    """The record with every string field (except ids that link things) replaced by the payload."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for f in dataclasses.fields(value):
            current = getattr(value, f.name)
            if f.name in ("document", "copy", "origin", "sources", "independence_group", "kind", "relation_to"):
                continue
            changes[f.name] = PAYLOAD if isinstance(current, str) else _hostile(current)
        return dataclasses.replace(value, **changes)
    if isinstance(value, list):
        return [_hostile(v) for v in value]
    return value


def _dossier() -> Dossier:
    source = SourceRow(
        DOC_A, "t", "o", "b", "https://x.example/", "p.txt", "2025-01-01", "day", False, "e", "original",
        None, None, "G1", [RemovedLine("r", "why")],
    )  # fmt: skip
    copy = dataclasses.replace(source, document=DOC_B, relation=f"copy of {DOC_A}", relation_to=DOC_A)
    d = Dossier(
        kind="event", id="EV-1", title="t", date="2025-01-01", granularity="day", storyline=None,
        events=[EventRef("EV-1", "t", "2025-01-01", "day", [DOC_A, DOC_B])],
        summary=[SummaryEntry("s", [DOC_A, DOC_B])],
        timeline=[TimelineEntry("2025-01-01", "day", "t", [DOC_A])],
        actors=[Actor("E1", "n", "person", [ActorRole("r", [DOC_A]), ActorRole("q", [DOC_B])], [DOC_A], True)],
        sources=[source, copy],
        lineage=[LineageLink(DOC_A, DOC_B, "exact_copy", 1.0, {"direction": [{"why": "w", "favours": DOC_A}]})],
        open_questions=[OpenQuestion("single_source", "q", "t", [DOC_A])],
        claims=[DossierClaim("C1", "c", "conflict", 1, [DOC_A], ["C2"])],
    )  # fmt: skip
    hostile: Dossier = _hostile(d)
    hostile.lineage[0].evidence["direction"][0]["why"] = PAYLOAD
    return hostile


def test_no_markup_from_any_field_survives_in_html() -> None:
    page = render_html(_dossier())
    found = _parse(page)
    assert found.tags <= OUR_TAGS, found.tags - OUR_TAGS
    assert not any("alert" in a or "javascript" in a for a in found.attributes)
    assert "&lt;script&gt;" in page  # the text is still there, shown as text


def test_no_markup_from_any_field_survives_in_the_lineage_svg() -> None:
    svg = lineage_svg(_dossier())
    found = _parse(svg)
    assert found.tags <= {"svg", "path", "g", "rect", "title", "a", "text"}
    assert not any("alert" in a or "javascript" in a for a in found.attributes)


def test_no_markup_from_any_field_survives_in_markdown_rendered_to_html() -> None:
    rendered = MarkdownIt("commonmark").enable("table").render(render_markdown(_dossier()))
    found = _parse(rendered)
    assert not found.tags & {"script", "img", "svg", "b", "a", "iframe"}, found.tags
    assert not any("javascript" in a for a in found.attributes)


def test_a_hostile_page_built_for_real_comes_out_inert(tmp_path: Path) -> None:
    with Store(tmp_path / "db.sqlite") as store:
        build([str(FIXTURES / "report" / "hostile-page.txt")], store, Config())
        d = dossier(store, storyline_ids(store)[0])
    page = render_html(d)
    found = _parse(page)
    assert found.tags <= OUR_TAGS, found.tags - OUR_TAGS
    assert not any("alert" in a or "javascript" in a or "evil" in a for a in found.attributes)
    assert "&lt;script&gt;" in page
