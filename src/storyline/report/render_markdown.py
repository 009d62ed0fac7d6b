"""A dossier as Markdown: readable as plain text, rendered by any CommonMark viewer.

Page text is untrusted: every string that comes from a page is escaped (backslash before every
character Markdown or HTML would read as markup), so a page cannot inject links, emphasis, tables
or raw HTML into the report. Citations are source numbers: "[1 + 2 copies: 2, 3]" is one
independent source (document 1) with two copies of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from storyline.report.citations import cite, independence_groups, numbers, published_label, relation_label, source_name
from storyline.report.lineage_view import LineageNode, forest
from storyline.report.records import CLAIM_GROUPS, Actor, Dossier, OpenQuestion, SourceRow

#: Characters that open inline markup (emphasis, code, links, images, autolinks, raw HTML, entities,
#: table cells, strikethrough). Block markup cannot start: page text never begins a line here.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")


def md(text: str | None) -> str:
    """Page text made inert in Markdown: markup characters escaped, line breaks made spaces."""
    return _SPECIAL.sub(r"\\\1", " ".join((text or "").split()))


@dataclass(slots=True)
class _Citing:
    """What citing needs about a dossier's sources, made once per dossier (not per statement)."""

    d: Dossier
    nums: dict[str, int] = field(init=False)
    groups: dict[str, str] = field(init=False)
    sources: dict[str, SourceRow] = field(init=False)

    def __post_init__(self) -> None:
        self.nums = numbers(self.d)
        self.groups = independence_groups(self.d)
        self.sources = {s.document: s for s in self.d.sources}

    def cite(self, documents: list[str]) -> str:
        return cite(self.d, documents, self.nums, self.groups)


def render_markdown(d: Dossier) -> str:
    c = _Citing(d)
    nums = c.nums
    parts = [_head(d)]
    parts.append(_section("Summary", [f"{i}. {md(s.text)} {c.cite(s.sources)}" for i, s in enumerate(d.summary, 1)]))
    if d.kind == "storyline":
        parts.append(
            _section(
                "Events",
                [
                    f"- **{md(e.date or 'undated')}** ({md(e.granularity or '?')}) {md(e.title)} · {md(e.id)}"
                    for e in d.events
                ],
            )
        )
    parts.append(
        _section(
            "Timeline (event dates)",
            [f"- **{md(t.date)}** ({md(t.granularity)}) {md(t.text)} {c.cite(t.sources)}" for t in d.timeline],
        )
    )
    parts.append(
        _section(
            "Publication dates",
            [f"- {md(published_label(s))} [{nums[s.document]}] {md(source_name(s))}" for s in d.sources],
        )
    )
    parts.append(_section("Actors", [line for a in d.actors for line in _actor(c, a)]))
    if d.claims:
        parts.append(_claims(c))
    parts.append(_sources(d, nums))
    parts.append(_section("Copy lineage", [line for n in forest(d) for line in _lineage(c, n, 0)]))
    parts.append(_section("Open questions", [_question(c, q) for q in d.open_questions]))
    return "\n\n".join(p for p in parts if p) + "\n"


def _claims(citing: _Citing) -> str:
    """Claims grouped by status; a conflict names the claims on the other side and why."""
    d = citing.d
    texts = {c.id: c.text for c in d.claims}
    lines = ["## Claims"]
    for status, heading in CLAIM_GROUPS:
        group = [c for c in d.claims if c.status == status]
        if not group:
            continue
        lines += ["", f"### {heading}", ""]
        for c in group:
            who = f" — asserted by {md(', '.join(c.asserted_by))}" if c.asserted_by else ""
            line = f"- {md(c.text)} ({c.independent_sources} independent){who} {citing.cite(c.sources)}"
            others = [texts[o] for o in c.conflicts_with if o in texts]
            if others:
                line += f"\n  - conflicts with: {md('; '.join(others))}"
                line += f" ({md(c.conflict_reason)})" if c.conflict_reason else ""
            lines.append(line)
    return "\n".join(lines)


def _question(c: _Citing, q: OpenQuestion) -> str:
    quoted = f" “{md(q.text)}”" if q.text else ""
    cited = f" {c.cite(q.sources)}" if q.sources else ""
    return f"- {md(q.question)}{quoted}{cited}"


def _head(d: Dossier) -> str:
    when = f"{md(d.date)} ({md(d.granularity)})" if d.date else "undated"
    if d.kind == "storyline" and d.events:
        when = f"{len(d.events)} events, {md(d.events[0].date or '?')} → {md(d.events[-1].date or '?')}"
    groups = len({s.independence_group for s in d.sources})
    return (
        f"# {md(d.title)}\n\n"
        f"*{d.kind.capitalize()} dossier {md(d.id)} · {when} · {len(d.sources)} sources, "
        f"{groups} independent*"
    )


def _section(title: str, lines: list[str]) -> str:
    return f"## {title}\n\n" + ("\n".join(lines) if lines else "*(none)*")


def _actor(c: _Citing, a: Actor) -> list[str]:
    head = f"- **{md(a.name)}** ({md(a.type)}) {c.cite(a.sources)}"
    if a.roles_differ:
        head += " — *sources describe this actor differently:*"
    return [head] + [f"  - “{md(r.role)}” {c.cite(r.sources)}" for r in a.roles]


def _sources(d: Dossier, nums: dict[str, int]) -> str:
    lines = [
        "| # | outlet | byline | published | evidence | relation | independent source | boilerplate removed |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for s in d.sources:
        removed = "; ".join(f"{md(r.text[:60])} ({md(r.reason)})" for r in s.removed[:5])
        if len(s.removed) > 5:
            removed += f"; … {len(s.removed) - 5} more"
        lines.append(
            f"| {nums[s.document]} | {md(source_name(s))} | {md(s.byline or '')} | {md(published_label(s))} "
            f"| {md(s.published_evidence or '')} | {md(relation_label(d, s, nums))} | {md(s.independence_group)} "
            f"| {len(s.removed)} line(s): {removed} |"
        )
    titles = [
        f"{nums[s.document]}. {md(s.title or '(no headline)')} · {md(s.document)} · {md(s.url or s.path)}"
        for s in d.sources
    ]
    return "## Sources\n\n" + "\n".join(lines) + "\n\n" + "\n".join(titles)


def _lineage(c: _Citing, node: LineageNode, depth: int) -> list[str]:
    pad = "  " * depth
    how = f"{md(node.kind.replace('_', ' '))}: " if node.kind and depth else ""
    if node.document is None:
        label = "*an origin not in the corpus*"
    else:
        src = c.sources.get(node.document)
        label = f"[{c.nums[node.document]}] {md(source_name(src) if src else node.document)}"
        if not node.children and depth == 0:
            label += " (independent)"
    lines = [f"{pad}- {how}{label}"]
    for child in node.children:
        lines += _lineage(c, child, depth + 1)
    return lines
