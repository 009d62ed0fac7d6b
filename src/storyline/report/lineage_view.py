"""The copy lineage of a dossier as a forest: what the Markdown list and the SVG picture both draw.

Each source is a node; a copy hangs under the origin it was copied from (`Dossier.lineage`).
Pages that derive from one origin absent from the corpus hang under a shared placeholder node
(`document` None). Independent sources are roots without children. Roots and children keep the
dossier's citation order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from storyline.report.records import Dossier


@dataclass(slots=True)
class LineageNode:
    """A source (or the placeholder of an absent origin) with its copies and how each was made."""

    document: str | None
    kind: str | None  # how this node derives from its parent (None for roots)
    children: list[LineageNode] = field(default_factory=list)

    def size(self) -> int:
        return 1 + sum(c.size() for c in self.children)


def forest(d: Dossier) -> list[LineageNode]:
    """The lineage forest of the dossier's sources, in citation order."""
    rank = {s.document: i for i, s in enumerate(d.sources)}
    nodes = {s.document: LineageNode(s.document, None) for s in d.sources}
    placeholders: dict[str, LineageNode] = {}
    parented: set[str] = set()
    for link in d.lineage:
        if link.copy not in nodes:
            continue
        node = nodes[link.copy]
        node.kind = link.kind
        if link.origin is not None and link.origin in nodes:
            nodes[link.origin].children.append(node)
            parented.add(link.copy)
        elif link.origin is None:
            family = {link.copy, *link.evidence.get("shared_absent_origin_with", [])}
            key = min(family, key=lambda doc: rank.get(doc, len(rank)))
            placeholders.setdefault(key, LineageNode(None, None)).children.append(node)
            parented.add(link.copy)
    roots: list[tuple[int, LineageNode]] = [(rank[doc], n) for doc, n in nodes.items() if doc not in parented]
    roots += [(rank.get(key, len(rank)), n) for key, n in placeholders.items()]
    for n in nodes.values():
        n.children.sort(key=lambda c: rank.get(c.document or "", len(rank)))
    return [n for _, n in sorted(roots, key=lambda item: item[0])]
