"""Storylines: events linked by the same actors and theme across time.

Two events belong to one storyline when their content is alike (rescaled centroid cosine) and
they share actors: a named person or organisation, or `storyline_min_shared` rare entities
(IDF-weighted), however far apart in time: the 2021, 2023 and 2024 visits are three events of
one storyline. Links are joined transitively; each storyline's events are kept in date order.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from storyline.cluster.events import EventDraft, content_similarity
from storyline.config import ClusterConfig


def link_score(
    a: EventDraft, b: EventDraft, idf: dict[str, float], config: ClusterConfig, people_of: set[str] | None = None
) -> dict[str, Any]:
    shared = set(a.entity_weight) & set(b.entity_weight)
    rare = [e for e in shared if idf.get(e, 0.0) >= config.storyline_min_idf]
    smaller = min(sum(idf.get(e, 0.0) for e in a.entity_weight), sum(idf.get(e, 0.0) for e in b.entity_weight))
    overlap = sum(idf.get(e, 0.0) for e in shared) / max(1e-9, smaller)
    both = a.vector_sum is not None and b.vector_sum is not None
    content = content_similarity(a.centroid, b.centroid, config) if both else 0.0
    people = [e for e in shared if people_of is not None and e in people_of and idf.get(e, 0.0) > 0]
    linked = (
        content >= config.storyline_min_content
        and (len(rare) >= config.storyline_min_shared or len(people) >= 1)
        and overlap >= config.storyline_min_overlap
    )
    return {
        "shared_rare_entities": len(rare),
        "shared_people": len(people),
        "overlap": round(overlap, 4),
        "content": round(content, 4),
        "linked": linked,
    }


def _candidates(events: list[EventDraft], config: ClusterConfig) -> list[list[int]]:
    """For each event, the later events sharing one of its entities that are in at most
    `storyline_max_df` events, at most `max_candidates` of them (most shared entities first)."""
    holders: dict[str, list[int]] = {}
    for k, event in enumerate(events):
        for e in event.entity_weight:
            holders.setdefault(e, []).append(k)
    out: list[list[int]] = []
    for k, event in enumerate(events):
        hits: Counter[int] = Counter()
        for e in event.entity_weight:
            found = holders[e]
            if len(found) <= config.storyline_max_df:
                hits.update(j for j in found if j > k)
        ranked = sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))[: config.max_candidates]
        out.append(sorted(j for j, _ in ranked))
    return out


def storylines(
    events: list[EventDraft], idf: dict[str, float], config: ClusterConfig, people_of: set[str] | None = None
) -> list[list[int]]:
    """Groups of event indexes, each in date order, by union of pairwise links between events
    that share an entity (an inverted index: no all-pairs comparison)."""
    parent = list(range(len(events)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, later in enumerate(_candidates(events, config)):
        for j in later:
            if link_score(events[i], events[j], idf, config, people_of)["linked"]:
                parent[find(j)] = find(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(events)):
        groups.setdefault(find(i), []).append(i)
    return [sorted(g, key=lambda k: (events[k].day is None, events[k].day, k)) for g in groups.values()]
