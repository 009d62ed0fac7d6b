"""A dossier as one standalone HTML page: no external files, readable on a phone, printable.

Jinja2 renders `templates/dossier.html.j2` with autoescaping on, so every string from a page is
escaped; the only markup passed through unescaped is the lineage SVG, which `lineage_svg` builds
escaping every label itself. A Content-Security-Policy meta tag forbids scripts and remote loads,
so even a missed escape could not run code or call out. The CSS is inlined from
`templates/style.css`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from storyline import __version__
from storyline.report.citations import (
    Citation,
    citations,
    independence_groups,
    numbers,
    published_label,
    relation_label,
    source_name,
)
from storyline.report.lineage_svg import lineage_svg
from storyline.report.records import CLAIM_GROUPS, Dossier, SourceRow


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("storyline.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


def _head(d: Dossier) -> str:
    if d.kind == "storyline" and d.events:
        return f"{len(d.events)} events, {d.events[0].date or '?'} → {d.events[-1].date or '?'}"
    return f"{d.date} ({d.granularity})" if d.date else "undated"


def render_html(
    d: Dossier, index_href: str | None = None, event_href: Callable[[str], str | None] | None = None
) -> str:
    """The page; `index_href` links back to an index, `event_href` links a storyline's events."""
    nums = numbers(d)
    groups = independence_groups(d)

    def cite(documents: Sequence[str]) -> list[Citation]:
        return citations(d, documents, nums, groups)

    def relation(s: SourceRow) -> str:
        return relation_label(d, s, nums)

    def number(doc: str | None) -> str:
        return f"[{nums[doc]}]" if doc in nums else "?"

    template = _environment().get_template("dossier.html.j2")
    return template.render(
        d=d,
        head=_head(d),
        groups=len({s.independence_group for s in d.sources}),
        citations=cite,
        name=source_name,
        published=published_label,
        relation=relation,
        number=number,
        svg=Markup(lineage_svg(d)),
        index_href=index_href,
        event_href=event_href or (lambda _id: None),
        version=__version__,
        claim_groups=CLAIM_GROUPS,
        claim_text={c.id: c.text for c in d.claims},
    )


@dataclass(frozen=True, slots=True)
class IndexEvent:
    title: str
    date: str | None
    documents: int
    href: str | None


@dataclass(frozen=True, slots=True)
class IndexStoryline:
    title: str
    span: str
    href: str
    events: list[IndexEvent]


def render_index(storylines: Sequence[IndexStoryline]) -> str:
    """The index page of a folder of dossiers."""
    return (
        _environment()
        .get_template("index.html.j2")
        .render(
            storylines=storylines,
            event_count=sum(len(s.events) for s in storylines),
            version=__version__,
        )
    )
