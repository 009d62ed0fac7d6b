"""Events: documents that report one real-world happening, found by online clustering.

Each document is described by what it is about and when:

- its **actors and places**: canonical entities, each weighted by its rarity in the corpus
  (inverse document frequency), so that "North Korea" in every page counts for little and
  "Li Hongzhong" for much;
- its **content**: the mean of its sentences' static vectors;
- its **words**: a TF-IDF vector of its clean text (sublinear term frequency, corpus IDF, stop
  words out), whose cosine is a sharper lexical signal than the static vectors' (any two news
  texts have a raw static cosine near 0.75, but share few rare words unless they report one thing);
- its **event date**: the most precise date its sentences give near its publication date (the
  date things happened, not when the page appeared), else the publication date itself.

Documents are taken in a fixed order (event date, then id), so the result does not depend on
input order. Each joins the event it is most similar to when the similarity reaches
`join_threshold` and the dates allow it (an event and a document more than `max_gap_days` apart
are never one event: a yearly recurrence is a new event), or opens a new one. Copies (one
independence group) join as a unit. A second pass then merges events whose event-to-event
similarity (the same signals between centroids) reaches `merge_threshold`, most similar pair
first, when dates allow and they share an actor or enough content: an online pass in date order
opens a second event for a report that came before the evidence that ties it to the first. Every
assignment and every merge keeps its features and scores.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from storyline.config import ClusterConfig

Vector = npt.NDArray[np.float32]


@dataclass(slots=True)
class DocFeatures:
    id: str
    group: str
    title: str
    entities: dict[str, str]  # entity id -> name
    vector: Vector
    day: date | None
    granularity: str | None
    date_evidence: str
    terms: dict[str, float] = field(default_factory=dict)  # L2-normalised TF-IDF weights


@dataclass(slots=True)
class EventDraft:
    members: list[DocFeatures] = field(default_factory=list)
    entity_weight: Counter[str] = field(default_factory=Counter)
    names: dict[str, str] = field(default_factory=dict)
    vector_sum: Vector | None = None
    days: list[date] = field(default_factory=list)
    term_sum: dict[str, float] = field(default_factory=dict)
    _term_norm: float | None = None

    @property
    def term_norm(self) -> float:
        if self._term_norm is None:
            self._term_norm = math.sqrt(sum(v * v for v in self.term_sum.values()))
        return self._term_norm

    @property
    def centroid(self) -> Vector:
        assert self.vector_sum is not None
        norm = float(np.linalg.norm(self.vector_sum))
        return self.vector_sum / norm if norm else self.vector_sum

    @property
    def day(self) -> date | None:
        return sorted(self.days)[len(self.days) // 2] if self.days else None

    def add(self, doc: DocFeatures) -> None:
        self.members.append(doc)
        self.entity_weight.update(doc.entities.keys())
        self.names.update(doc.entities)
        self.vector_sum = doc.vector.copy() if self.vector_sum is None else self.vector_sum + doc.vector
        if doc.day is not None:
            self.days.append(doc.day)
        for term, weight in doc.terms.items():
            self.term_sum[term] = self.term_sum.get(term, 0.0) + weight
        self._term_norm = None

    def absorb(self, other: EventDraft) -> None:
        """Take in every member of another event."""
        for doc in other.members:
            self.add(doc)


def lexical_similarity(a: EventDraft, b: EventDraft) -> float:
    """Cosine of two summed TF-IDF vectors (a document is an event of one)."""
    norm = a.term_norm * b.term_norm
    if not norm:
        return 0.0
    small, large = (a.term_sum, b.term_sum) if len(a.term_sum) <= len(b.term_sum) else (b.term_sum, a.term_sum)
    return sum(w * large.get(t, 0.0) for t, w in small.items()) / norm


def content_similarity(a: Vector, b: Vector, config: ClusterConfig) -> float:
    """Cosine of mean static vectors, rescaled so that 0 is "both are news" and 1 is "the same".

    Any two news articles score a raw cosine near `content_baseline`; only what is above it says
    that two texts are about the same thing.
    """
    raw = float(a @ b)
    return max(0.0, min(1.0, (raw - config.content_baseline) / (1.0 - config.content_baseline)))


def single(doc: DocFeatures) -> EventDraft:
    """A document as an event of one, to be compared with events."""
    draft = EventDraft()
    draft.add(doc)
    return draft


def similarity(a: EventDraft, b: EventDraft, idf: dict[str, float], config: ClusterConfig) -> dict[str, Any]:
    """How alike two events (or a document and an event) are, signal by signal, and whether the
    dates allow them to be one."""
    mine = {e: idf.get(e, 0.0) for e in a.entity_weight}
    theirs = {e: idf.get(e, 0.0) for e in b.entity_weight}
    common = mine.keys() & theirs.keys()
    shared = sum(min(mine[e], theirs[e]) for e in common)
    smaller = min(sum(mine.values()), sum(theirs.values()))
    entities = shared / smaller if smaller else 0.0
    both = a.vector_sum is not None and b.vector_sum is not None
    content = content_similarity(a.centroid, b.centroid, config) if both else 0.0
    lexical = min(1.0, lexical_similarity(a, b) / config.lexical_scale)
    gap = abs((a.day - b.day).days) if a.day and b.day else None
    closeness = math.exp(-gap / config.date_scale_days) if gap is not None else 0.5
    score = (
        config.weight_entities * entities
        + config.weight_content * content
        + config.weight_lexical * lexical
        + config.weight_date * closeness
    )
    top_shared = sorted((e for e in common if idf.get(e, 0.0) > 0), key=lambda e: (-idf.get(e, 0.0), e))[:6]
    return {
        "score": round(score, 4),
        "entities": round(entities, 4),
        "shared_entities": [a.names.get(e, e) for e in top_shared],
        "content": round(content, 4),
        "lexical": round(lexical, 4),
        "date_gap_days": gap,
        "date_closeness": round(closeness, 4),
        "dates_allow": gap is None or gap <= config.max_gap_days,
        # One real happening has actors in common, or says the same things.
        "common_ground": bool(top_shared) or content >= config.content_alone or lexical >= config.lexical_alone,
    }


def _lead(event: EventDraft) -> tuple[date, str]:
    return min((d.day or date.max, d.id) for d in event.members)


def cluster(
    docs: list[DocFeatures], idf: dict[str, float], config: ClusterConfig
) -> tuple[list[EventDraft], dict[str, dict[str, Any]]]:
    """Online assignment in a fixed order, then merges; returns the events and each document's
    evidence."""
    groups: dict[str, list[DocFeatures]] = {}
    for d in docs:
        groups.setdefault(d.group, []).append(d)
    units = []
    for members in groups.values():
        # Copies move as a unit, but only when they read alike: a group chained together from
        # looser relations is clustered member by member.
        head = single(min(members, key=lambda d: (d.day or date.max, d.id)))
        if all(lexical_similarity(head, single(d)) >= config.unit_min_lexical for d in members):
            units.append(members)
        else:
            units.extend([d] for d in members)
    units = sorted(groups.values(), key=lambda unit: min((d.day or date.max, d.id) for d in unit))
    events: list[EventDraft] = []
    evidence: dict[str, dict[str, Any]] = {}
    for unit in units:
        lead = min(unit, key=lambda d: (d.day or date.max, d.id))
        me = single(lead)
        scored = [(similarity(me, e, idf, config), e) for e in events]
        allowed = [(s, e) for s, e in scored if s["dates_allow"] and s["common_ground"]]
        best = max(allowed, key=lambda item: item[0]["score"], default=None)
        runner_up = sorted((s["score"] for s, _ in allowed), reverse=True)[1:2]
        if best is not None and best[0]["score"] >= config.join_threshold:
            target, decision = best[1], "joined the most similar event"
        else:
            target, decision = EventDraft(), "opened a new event (no event similar enough)"
            events.append(target)
        for d in unit:
            target.add(d)
            evidence[d.id] = {
                "decision": decision if d is lead else "joined with its copies (one independence group)",
                "best": best[0] if best else None,
                "runner_up_score": runner_up[0] if runner_up else None,
                "threshold": config.join_threshold,
                "event_date_used": d.day.isoformat() if d.day else None,
                "event_date_evidence": d.date_evidence,
            }
    return merge(events, evidence, idf, config), evidence


def merge(
    events: list[EventDraft], evidence: dict[str, dict[str, Any]], idf: dict[str, float], config: ClusterConfig
) -> list[EventDraft]:
    """Average-linkage merges of the online pass's events: while the most similar pair of events
    (mean document-to-document similarity over their members) reaches `merge_threshold`, and their
    dates allow it, they become one. Each moved document's evidence records the merge and its
    scores. Pairs are taken best first, ties by the events' first documents: deterministic."""
    if config.merge_threshold > 1.0 or len(events) < 2:
        return events
    alive = sorted(events, key=_lead)
    docs = [d for e in alive for d in e.members]
    owner = np.array([k for k, e in enumerate(alive) for _ in e.members])
    singles = [single(d) for d in docs]
    n = len(docs)
    pair = np.zeros((n, n), np.float64)
    for x in range(n):
        for y in range(x + 1, n):
            if owner[x] != owner[y]:
                pair[x, y] = pair[y, x] = similarity(singles[x], singles[y], idf, config)["score"]
    member = np.zeros((len(alive), n), np.float64)
    member[owner, np.arange(n)] = 1.0
    sums = member @ pair @ member.T
    sizes = member.sum(axis=1)
    live = list(range(len(alive)))
    blocked: set[tuple[int, int]] = set()
    while True:
        best: tuple[float, int, int] | None = None
        for a_pos, i in enumerate(live):
            for j in live[a_pos + 1 :]:
                if (i, j) in blocked:
                    continue
                link = sums[i, j] / (sizes[i] * sizes[j])
                if link >= config.merge_threshold and (best is None or link > best[0]):
                    best = (link, i, j)
        if best is None:
            break
        link, i, j = best
        found = similarity(alive[i], alive[j], idf, config)
        if not found["dates_allow"]:
            blocked.add((i, j))
            continue
        keep, gone = alive[i], alive[j]
        record = {
            "merged_into": "event of " + _lead(keep)[1],
            "from": "event of " + _lead(gone)[1],
            "linkage": round(float(link), 4),
            "centroids": found,
            "threshold": config.merge_threshold,
        }
        for d in gone.members:
            evidence.setdefault(d.id, {}).setdefault("merges", []).append(record)
        keep.absorb(gone)
        sums[i, :] += sums[j, :]
        sums[:, i] += sums[:, j]
        sizes[i] += sizes[j]
        live.remove(j)
        blocked = {(x, y) for x, y in blocked if i not in (x, y)}
    return [alive[k] for k in live]
