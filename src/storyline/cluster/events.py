"""Events: documents that report one real-world happening, found by online clustering.

Each document is described by what it is about and when:

- its **actors and places**: canonical entities, each weighted by its rarity in the corpus
  (inverse document frequency), so that "North Korea" in every page counts for little and
  "Li Hongzhong" for much;
- its **content**: the mean of its sentences' static vectors;
- its **event date**: the most precise date its sentences give near its publication date (the
  date things happened, not when the page appeared), else the publication date itself.

Documents are taken in a fixed order (event date, then id), so the result does not depend on
input order. Each joins the event it is most similar to when the similarity reaches
`join_threshold` and the dates allow it (an event and a document more than `max_gap_days` apart
are never one event: a yearly recurrence is a new event), or opens a new one. Copies (one
independence group) join as a unit. Every assignment keeps its features and scores.
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


@dataclass(slots=True)
class EventDraft:
    members: list[DocFeatures] = field(default_factory=list)
    entity_weight: Counter[str] = field(default_factory=Counter)
    vector_sum: Vector | None = None
    days: list[date] = field(default_factory=list)

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
        self.vector_sum = doc.vector.copy() if self.vector_sum is None else self.vector_sum + doc.vector
        if doc.day is not None:
            self.days.append(doc.day)


def content_similarity(a: Vector, b: Vector, config: ClusterConfig) -> float:
    """Cosine of mean static vectors, rescaled so that 0 is "both are news" and 1 is "the same".

    Any two news articles score a raw cosine near `content_baseline`; only what is above it says
    that two texts are about the same thing.
    """
    raw = float(a @ b)
    return max(0.0, min(1.0, (raw - config.content_baseline) / (1.0 - config.content_baseline)))


def similarity(doc: DocFeatures, event: EventDraft, idf: dict[str, float], config: ClusterConfig) -> dict[str, Any]:
    """How alike a document and an event are, feature by feature, and whether dates allow it."""
    mine = {e: idf.get(e, 0.0) for e in doc.entities}
    theirs = {e: idf.get(e, 0.0) for e in event.entity_weight}
    shared = sum(min(mine[e], theirs[e]) for e in mine.keys() & theirs.keys())
    smaller = min(sum(mine.values()), sum(theirs.values()))
    entities = shared / smaller if smaller else 0.0
    content = content_similarity(doc.vector, event.centroid, config) if event.vector_sum is not None else 0.0
    gap = abs((doc.day - event.day).days) if doc.day and event.day else None
    closeness = math.exp(-gap / config.date_scale_days) if gap is not None else 0.5
    score = config.weight_entities * entities + config.weight_content * content + config.weight_date * closeness
    top_shared = sorted(
        (e for e in mine.keys() & theirs.keys() if idf.get(e, 0.0) > 0), key=lambda e: -idf.get(e, 0.0)
    )[:6]
    return {
        "score": round(score, 4),
        "entities": round(entities, 4),
        "shared_entities": [doc.entities[e] for e in top_shared],
        "content": round(content, 4),
        "date_gap_days": gap,
        "date_closeness": round(closeness, 4),
        "dates_allow": gap is None or gap <= config.max_gap_days,
        # One real happening has actors in common, or says the same things.
        "common_ground": bool(top_shared) or content >= config.content_alone,
    }


def cluster(
    docs: list[DocFeatures], idf: dict[str, float], config: ClusterConfig
) -> tuple[list[EventDraft], dict[str, dict[str, Any]]]:
    """Online assignment in a fixed order; returns the events and each document's evidence."""
    groups: dict[str, list[DocFeatures]] = {}
    for d in docs:
        groups.setdefault(d.group, []).append(d)
    units = sorted(groups.values(), key=lambda unit: min((d.day or date.max, d.id) for d in unit))
    events: list[EventDraft] = []
    evidence: dict[str, dict[str, Any]] = {}
    for unit in units:
        lead = min(unit, key=lambda d: (d.day or date.max, d.id))
        scored = [(similarity(lead, e, idf, config), e) for e in events]
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
    return events, evidence
