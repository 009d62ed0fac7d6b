"""A dossier as Markdown: readable as plain text, rendered by any CommonMark viewer.

Page text is untrusted: every string that comes from a page is escaped (backslash before every
character Markdown or HTML would read as markup), so a page cannot inject links, emphasis, tables
or raw HTML into the report. Citations are source numbers: "[1 + 2 copies: 2, 3]" is one
independent source (document 1) with two copies of it.
"""

from __future__ import annotations

import re

from storyline.report.citations import cite, numbers, published_label, relation_label, source_name
from storyline.report.lineage_view import LineageNode, forest
from storyline.report.records import CLAIM_GROUPS, Actor, Dossier, OpenQuestion

#: Characters that open inline markup (emphasis, code, links, images, autolinks, raw HTML, entities,
#: table cells, strikethrough). Block markup cannot start: page text never begins a line here.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")


def md(text: str | None) -> str:
    """Page text made inert in Markdown: markup characters escaped, line breaks made spaces."""
    return _SPECIAL.sub(r"\\\1", " ".join((text or "").split()))


def render_markdown(d: Dossier) -> str:
    nums = numbers(d)
    parts = [_head(d)]
    parts.append(
        _section("Summary", [f"{i}. {md(s.text)} {cite(d, s.sources, nums)}" for i, s in enumerate(d.summary, 1)])
    )
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
            [f"- **{md(t.date)}** ({md(t.granularity)}) {md(t.text)} {cite(d, t.sources, nums)}" for t in d.timeline],
        )
    )
    parts.append(
        _section(
            "Publication dates",
            [f"- {md(published_label(s))} [{nums[s.document]}] {md(source_name(s))}" for s in d.sources],
        )
    )
    parts.append(_section("Actors", [line for a in d.actors for line in _actor(d, a, nums)]))
    if d.claims:
        parts.append(_claims(d, nums))
    parts.append(_sources(d, nums))
    parts.append(_section("Copy lineage", [line for n in forest(d) for line in _lineage(d, n, nums, 0)]))
    parts.append(_section("Open questions", [_question(d, q, nums) for q in d.open_questions]))
    return "\n\n".join(p for p in parts if p) + "\n"


def _claims(d: Dossier, nums: dict[str, int]) -> str:
    """Claims grouped by status; a conflict names the claims on the other side and why."""
    texts = {c.id: c.text for c in d.claims}
    lines = ["## Claims"]
    for status, heading in CLAIM_GROUPS:
        group = [c for c in d.claims if c.status == status]
        if not group:
            continue
        lines += ["", f"### {heading}", ""]
        for c in group:
            who = f" — asserted by {md(', '.join(c.asserted_by))}" if c.asserted_by else ""
            line = f"- {md(c.text)} ({c.independent_sources} independent){who} {cite(d, c.sources, nums)}"
            others = [texts[o] for o in c.conflicts_with if o in texts]
            if others:
                line += f"\n  - conflicts with: {md('; '.join(others))}"
                line += f" ({md(c.conflict_reason)})" if c.conflict_reason else ""
            lines.append(line)
    return "\n".join(lines)


def _question(d: Dossier, q: OpenQuestion, nums: dict[str, int]) -> str:
    quoted = f" “{md(q.text)}”" if q.text else ""
    cited = f" {cite(d, q.sources, nums)}" if q.sources else ""
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


def _actor(d: Dossier, a: Actor, nums: dict[str, int]) -> list[str]:
    head = f"- **{md(a.name)}** ({md(a.type)}) {cite(d, a.sources, nums)}"
    if a.roles_differ:
        head += " — *sources describe this actor differently:*"
    return [head] + [f"  - “{md(r.role)}” {cite(d, r.sources, nums)}" for r in a.roles]


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


def _lineage(d: Dossier, node: LineageNode, nums: dict[str, int], depth: int) -> list[str]:
    pad = "  " * depth
    how = f"{md(node.kind.replace('_', ' '))}: " if node.kind and depth else ""
    if node.document is None:
        label = "*an origin not in the corpus*"
    else:
        src = d.source(node.document)
        label = f"[{nums[node.document]}] {md(source_name(src) if src else node.document)}"
        if not node.children and depth == 0:
            label += " (independent)"
    lines = [f"{pad}- {how}{label}"]
    for child in node.children:
        lines += _lineage(d, child, nums, depth + 1)
    return lines
