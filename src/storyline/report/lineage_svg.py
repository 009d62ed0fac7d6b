"""The copy lineage as an SVG picture, drawn here (no graph library): one row per source.

The forest of `lineage_view` is drawn like an outline: each source is a labelled box on its own
row, indented under the origin it was copied from, joined to it by an elbow line labelled with
the kind of copy. An origin that is not in the corpus is a dashed box. Rows keep the dossier's
citation order, so the picture reads top to bottom as the sources table does, and it stays narrow
enough for a phone (the SVG scales to the page width through its viewBox). Every label is
escaped: page text never becomes markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from storyline.report.citations import numbers, source_name
from storyline.report.lineage_view import LineageNode, forest
from storyline.report.records import Dossier, SourceRow

ROW = 30
INDENT = 28
BOX_H = 22
CHAR_W = 7.0
MARGIN = 8
MAX_LABEL = 48


@dataclass(slots=True)
class _Placed:
    node: LineageNode
    row: int
    depth: int
    parent_row: int | None


def _place(roots: list[LineageNode]) -> list[_Placed]:
    placed: list[_Placed] = []

    def visit(node: LineageNode, depth: int, parent_row: int | None) -> None:
        me = len(placed)
        placed.append(_Placed(node, me, depth, parent_row))
        for child in node.children:
            visit(child, depth + 1, me)

    for root in roots:
        visit(root, 0, None)
    return placed


def _label(sources: dict[str, SourceRow], node: LineageNode, nums: dict[str, int]) -> str:
    if node.document is None:
        return "origin not in the corpus"
    src = sources.get(node.document)
    name = source_name(src) if src else node.document[:10]
    text = f"[{nums.get(node.document, '?')}] {name}"
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


def lineage_svg(d: Dossier) -> str:
    """The lineage picture as an inline <svg> element (empty string when there are no sources)."""
    placed = _place(forest(d))
    if not placed:
        return ""
    nums = numbers(d)
    sources = {s.document: s for s in d.sources}
    labels = [_label(sources, p.node, nums) for p in placed]
    width = max(
        MARGIN * 2 + p.depth * INDENT + (len(label) + len(_kind(p))) * CHAR_W + 24
        for p, label in zip(placed, labels, strict=True)
    )
    width = max(width, 240.0)
    height = MARGIN * 2 + len(placed) * ROW
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="lineage" viewBox="0 0 {width:.0f} {height}" '
        f'width="100%" style="max-width:{width:.0f}px" role="img" aria-label="copy lineage of the sources">'
    ]
    for p in placed:
        if p.parent_row is not None:
            parts.append(_edge(p))
    for p, label in zip(placed, labels, strict=True):
        parts.append(_box(p, label))
    parts.append("</svg>")
    return "\n".join(parts)


def _kind(p: _Placed) -> str:
    return (p.node.kind or "").replace("_", " ") if p.depth else ""


def _y(row: int) -> float:
    return MARGIN + row * ROW + BOX_H / 2


def _edge(p: _Placed) -> str:
    assert p.parent_row is not None
    x0 = MARGIN + (p.depth - 1) * INDENT + 10
    x1 = MARGIN + p.depth * INDENT
    y0, y1 = _y(p.parent_row) + BOX_H / 2, _y(p.row)
    return f'<path d="M{x0} {y0} V{y1} H{x1}" fill="none" stroke="#888" stroke-width="1.2"/>'


def _box(p: _Placed, label: str) -> str:
    x = MARGIN + p.depth * INDENT
    y = _y(p.row) - BOX_H / 2
    w = len(label) * CHAR_W + 12
    dashed = ' stroke-dasharray="4 3"' if p.node.document is None else ""
    fill = "#fff" if p.node.document is None else "#eef3fb" if p.depth == 0 else "#f6f6f6"
    kind = _kind(p)
    anchor = f"#src-{label[1 : label.index(']')]}" if p.node.document is not None else None
    text = f'<text x="{x + 6}" y="{_y(p.row) + 4}" font-size="12" font-family="sans-serif">{escape(label)}</text>'
    if anchor:
        text = f'<a href="{escape(anchor)}">{text}</a>'
    return (
        f'<g><rect x="{x}" y="{y}" width="{w:.0f}" height="{BOX_H}" rx="4" fill="{fill}" stroke="#557"{dashed}/>'
        f"<title>{escape(label)}</title>{text}"
        + (
            f'<text x="{x + w + 6:.0f}" y="{_y(p.row) + 4}" font-size="11" font-family="sans-serif" '
            f'fill="#666">{escape(kind)}</text>'
            if kind
            else ""
        )
        + "</g>"
    )
