"""Who copied whom, and which documents count as one independent source.

**Direction.** For a copy relation each side collects evidence of being the origin, and the
side with clearly more (`origin_min_margin`) is the origin:

- it was published earlier (both dates precise to the day, and different);
- the other side carries copy markers ("Read original article here", "Source link", an
  aggregator's disclaimer) or cites this side's outlet;
- this side has details the other lacks (a larger share of its sentences unaligned) while the
  other is contained in it;
- this side's dateline names its own outlet as the agency (a wire original).

When the evidence cancels out, no side is named; if both sides are rewrites (not verbatim), they
are recorded as sharing an *absent origin*: a text neither of them is, that both derive from.

**Independence groups.** Documents linked by copy relations (exact copy, near-duplicate, light
edit, rewrite, translation) form one group, by union-find; "same event" relations do not join
groups. Later stages count groups, not documents, as independent sources.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from storyline.config import RelateConfig

COPY_KINDS = ("exact_copy", "near_duplicate", "light_edit", "rewrite", "translation")
_COPY_MARKERS = ("source link", "aggregator disclaimer")


@dataclass(slots=True)
class SourceFacts:
    """What a document shows about being an original or a copy."""

    id: str
    outlet: str | None
    published: str | None
    published_granularity: str | None
    copy_markers: list[str] = field(default_factory=list)
    cited_sources: list[str] = field(default_factory=list)
    dateline_agency: str | None = None
    ingest_order: int = 0


@dataclass(slots=True)
class Direction:
    origin: str | None
    absent_origin: bool
    evidence: list[dict[str, Any]]


def direction(
    a: SourceFacts,
    b: SourceFacts,
    kind: str,
    share_a: float,
    share_b: float,
    config: RelateConfig,
    lede_only: bool = False,
) -> Direction:
    """Which of two related documents is the origin, with the evidence for each side."""
    evidence: list[dict[str, Any]] = []

    def point(side: SourceFacts, weight: float, why: str) -> None:
        evidence.append({"favours": side.id, "weight": weight, "why": why})

    both_dated = a.published_granularity == "day" and b.published_granularity == "day"
    if both_dated and a.published and b.published and a.published[:10] != b.published[:10]:
        earlier, later = (a, b) if a.published[:10] < b.published[:10] else (b, a)
        point(earlier, 1.0, f"published earlier ({str(earlier.published)[:10]} before {str(later.published)[:10]})")
    for side, other in ((a, b), (b, a)):
        if other.copy_markers:
            point(side, 1.0, f"the other page carries copy markers: {', '.join(sorted(set(other.copy_markers)))}")
        if side.outlet and any(side.outlet.lower() == s.lower() for s in other.cited_sources):
            point(side, 1.0, f"the other page cites {side.outlet}")
        if side.dateline_agency and side.outlet and side.dateline_agency.lower() in side.outlet.lower():
            point(side, 1.0, f"a wire original: its dateline names its own agency ({side.dateline_agency})")
    if abs(share_a - share_b) >= 0.2:
        fuller = a if share_a < share_b else b
        point(fuller, 1.0, "has details the other lacks (more of its sentences have no counterpart)")
    score = {a.id: 0.0, b.id: 0.0}
    for e in evidence:
        score[e["favours"]] += e["weight"]
    margin = score[a.id] - score[b.id]
    # Two pages that share only a rewritten lede both rewrote a third text; one of them is its
    # origin only on strong evidence.
    needed = config.origin_min_margin * (2 if lede_only else 1)
    if abs(margin) >= needed:
        return Direction(a.id if margin > 0 else b.id, False, evidence)
    absent = kind in ("rewrite", "translation")
    return Direction(None, absent, evidence)


def independence_groups(members: list[str], links: list[tuple[str, str]], order: dict[str, int]) -> dict[str, str]:
    """Group id per document: documents joined by copy links share one (named for the earliest)."""
    parent = {m: m for m in members}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in links:
        if a in parent and b in parent:
            ra, rb = find(a), find(b)
            if ra != rb:
                keep, drop = (ra, rb) if order.get(ra, 0) <= order.get(rb, 0) else (rb, ra)
                parent[drop] = keep
    return {m: "G" + find(m)[:11] for m in members}


def copy_markers(removed_reasons: list[str]) -> list[str]:
    return [r for r in removed_reasons if r in _COPY_MARKERS]
