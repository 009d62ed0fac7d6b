"""Events: documents that report one real-world happening, found by online clustering.

Each document is described by what it is about and when:

- its **words**: a TF-IDF vector of its clean text (words and numbers, pairs of neighbouring
  words, sublinear term frequency, corpus IDF, stop words and one-document terms out, its
  strongest `max_terms` kept). Two reports of one happening share its specific names, numbers and
  phrases; two look-alike happenings (two earthquakes, two coaches fired) share only the kind;
- its **actors and places**: canonical entities weighted by their rarity (inverse document
  frequency), shown as the shared actors of a decision and used by storylines;
- its **content**: the mean of its sentences' static vectors (titles, storylines);
- its **event date**: the most precise date its sentences give near its publication date (the
  date things happened, not when the page appeared), else the publication date itself.

The similarity of a document (or an event) to an event is **average linkage**: the mean cosine
of their members' TF-IDF vectors, computed exactly from each event's summed vector. Documents are
taken in a fixed order (event date, then id), so the result does not depend on input order. Each
joins the event it is most similar to when that reaches `join_threshold` and the dates allow it
(an event and a document more than `max_gap_days` apart are never one event: a yearly recurrence
is a new event), or opens a new one; copies (one independence group) join as a unit. A second
pass merges events, most similar pair first, while their average linkage reaches
`merge_threshold` and their dates allow it: an online pass in date order opens a second event
for a report that came before the evidence tying it to the first. A refinement pass moves single
documents to an event they fit better, and a last pass (`contrast.py`) splits an event holding
two look-alike happenings about two different protagonists. Only events that share one of
a document's strongest rare terms are compared (an inverted index), so the work grows with the
corpus, not with its square. Every assignment and every merge keeps its scores.
"""

from __future__ import annotations

import bisect
import heapq
import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from storyline.cluster.contrast import split_events
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
    terms: dict[str, float] = field(default_factory=dict)  # TF-IDF weights (unit length before pruning)
    #: The event date is tied to a publication date (given or inferred); a date read from a page
    #: with no publication date may be any date it mentions, so it does not keep events apart.
    anchored: bool = True
    #: The people it is about: those it names most often (see `contrast.protagonists`).
    protagonists: frozenset[str] = frozenset()


@dataclass(slots=True)
class EventDraft:
    members: list[DocFeatures] = field(default_factory=list)
    entity_weight: Counter[str] = field(default_factory=Counter)
    protagonist_weight: Counter[str] = field(default_factory=Counter)
    names: dict[str, str] = field(default_factory=dict)
    vector_sum: Vector | None = None
    days: list[date] = field(default_factory=list)
    anchored_days: list[date] = field(default_factory=list)
    term_sum: dict[str, float] = field(default_factory=dict)
    key: int = -1  # position in creation order: the index's handle and the tie-breaker
    version: int = 0  # bumped on every change, so stale merge candidates are recognised

    @property
    def centroid(self) -> Vector:
        assert self.vector_sum is not None
        norm = float(np.linalg.norm(self.vector_sum))
        return self.vector_sum / norm if norm else self.vector_sum

    @property
    def day(self) -> date | None:
        """The median of the members' event dates."""
        return self.days[len(self.days) // 2] if self.days else None

    @property
    def anchored_day(self) -> date | None:
        """The median of the members' event dates tied to a publication date."""
        days = self.anchored_days
        return days[len(days) // 2] if days else None

    def add(self, doc: DocFeatures) -> None:
        self.members.append(doc)
        self.entity_weight.update(doc.entities.keys())
        self.protagonist_weight.update(doc.protagonists)
        self.names.update(doc.entities)
        self.vector_sum = doc.vector.copy() if self.vector_sum is None else self.vector_sum + doc.vector
        if doc.day is not None:  # both lists kept sorted: their medians are the event's dates
            bisect.insort(self.days, doc.day)
            if doc.anchored:
                bisect.insort(self.anchored_days, doc.day)
        for term, weight in doc.terms.items():
            self.term_sum[term] = self.term_sum.get(term, 0.0) + weight
        self.version += 1

    def remove(self, doc: DocFeatures) -> None:
        """Take one member out again (a refinement move)."""
        self.members.remove(doc)
        for e in doc.entities:
            self.entity_weight[e] -= 1
            if self.entity_weight[e] <= 0:
                del self.entity_weight[e]
        for p in doc.protagonists:
            self.protagonist_weight[p] -= 1
            if self.protagonist_weight[p] <= 0:
                del self.protagonist_weight[p]
        if self.vector_sum is not None:
            self.vector_sum = self.vector_sum - doc.vector
        if doc.day is not None:
            self.days.remove(doc.day)
            if doc.anchored:
                self.anchored_days.remove(doc.day)
        for term, weight in doc.terms.items():
            left = self.term_sum.get(term, 0.0) - weight
            if abs(left) < 1e-9:
                self.term_sum.pop(term, None)
            else:
                self.term_sum[term] = left
        self.version += 1

    def absorb(self, other: EventDraft) -> None:
        """Take in every member of another event."""
        for doc in other.members:
            self.add(doc)


def single(doc: DocFeatures) -> EventDraft:
    """A document as an event of one, to be compared with events."""
    draft = EventDraft()
    draft.add(doc)
    return draft


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return sum(w * large.get(t, 0.0) for t, w in small.items())


def linkage(a: EventDraft, b: EventDraft) -> float:
    """Average linkage: the mean TF-IDF cosine over all pairs of members of a and b."""
    return _dot(a.term_sum, b.term_sum) / (len(a.members) * len(b.members))


def content_similarity(a: Vector, b: Vector, config: ClusterConfig) -> float:
    """Cosine of mean static vectors, rescaled so that 0 is "both are news" and 1 is "the same".

    Any two news articles score a raw cosine near `content_baseline`; only what is above it says
    that two texts are about the same thing.
    """
    raw = float(a @ b)
    return max(0.0, min(1.0, (raw - config.content_baseline) / (1.0 - config.content_baseline)))


def date_gap(a: EventDraft, b: EventDraft) -> int | None:
    """Days between two events' anchored dates (None when either has none)."""
    x, y = a.anchored_day, b.anchored_day
    return abs((x - y).days) if x and y else None


def dates_allow(a: EventDraft, b: EventDraft, config: ClusterConfig) -> bool:
    gap = date_gap(a, b)
    return gap is None or gap <= config.max_gap_days


def common_ground(a: EventDraft, b: EventDraft, link: float, idf: dict[str, float], config: ClusterConfig) -> bool:
    """Reports of one happening name someone or somewhere in common, unless their words are
    nearly the same: two look-alike fires in two towns share words, not actors."""
    if link >= config.lexical_alone:
        return True
    small, large = (a, b) if len(a.entity_weight) <= len(b.entity_weight) else (b, a)
    return any(e in large.entity_weight and idf.get(e, 0.0) >= config.actor_min_idf for e in small.entity_weight)


def similarity(a: EventDraft, b: EventDraft, idf: dict[str, float], config: ClusterConfig) -> dict[str, Any]:
    """How alike two events (or a document and an event) are, signal by signal, for the record."""
    mine = {e: idf.get(e, 0.0) for e in a.entity_weight}
    theirs = {e: idf.get(e, 0.0) for e in b.entity_weight}
    common = mine.keys() & theirs.keys()
    smaller = min(sum(mine.values()), sum(theirs.values()))
    entities = sum(min(mine[e], theirs[e]) for e in common) / smaller if smaller else 0.0
    both = a.vector_sum is not None and b.vector_sum is not None
    gap = date_gap(a, b)
    top_shared = sorted((e for e in common if idf.get(e, 0.0) > 0), key=lambda e: (-idf.get(e, 0.0), e))[:6]
    shared_terms = sorted(
        (t for t in a.term_sum.keys() & b.term_sum.keys()),
        key=lambda t: (-(a.term_sum[t] / len(a.members)) * (b.term_sum[t] / len(b.members)), t),
    )[:8]
    return {
        "score": round(linkage(a, b), 4),
        "measure": "average TF-IDF cosine between members (average linkage)",
        "shared_terms": shared_terms,
        "entities": round(entities, 4),
        "shared_entities": [a.names.get(e, e) for e in top_shared],
        "content": round(content_similarity(a.centroid, b.centroid, config), 4) if both else 0.0,
        "date_gap_days": gap,
        "date_closeness": round(math.exp(-gap / config.date_scale_days), 4) if gap is not None else None,
        "dates_allow": gap is None or gap <= config.max_gap_days,
    }


class TermIndex:
    """Inverted index from a rare, strong term to the events holding a member that has it."""

    def __init__(self, df: dict[str, int], config: ClusterConfig) -> None:
        self.df = df
        self.config = config
        self.postings: dict[str, set[int]] = {}
        self._keys: dict[str, list[str]] = {}

    def keys_of(self, doc: DocFeatures) -> list[str]:
        """A document's strongest terms that are rare enough to be worth looking up."""
        found = self._keys.get(doc.id)
        if found is None:
            terms, limit = doc.terms, self.config.index_max_df
            found = sorted((t for t in terms if self.df.get(t, 0) <= limit), key=lambda t: (-terms[t], t))
            found = self._keys[doc.id] = found[: self.config.index_terms]
        return found

    def add(self, event: EventDraft, doc: DocFeatures) -> None:
        for t in self.keys_of(doc):
            self.postings.setdefault(t, set()).add(event.key)

    def move(self, gone: EventDraft, into: EventDraft) -> None:
        for doc in gone.members:
            for t in self.keys_of(doc):
                found = self.postings.get(t)
                if found is not None:
                    found.discard(gone.key)
                    found.add(into.key)

    def candidates(self, docs: list[DocFeatures], exclude: int = -1) -> list[int]:
        """Events sharing the most index terms with these documents, at most `max_candidates`."""
        hits: Counter[int] = Counter()
        for doc in docs:
            for t in self.keys_of(doc):
                hits.update(self.postings.get(t, ()))
        return self._ranked(hits, exclude)

    def event_candidates(self, event: EventDraft) -> list[int]:
        """Events sharing the most index terms with an event's strongest summed terms: the same
        work for an event of 2 or 200 members, so that merging into a large event stays cheap."""
        limit = self.config.index_max_df
        usable = [t for t in event.term_sum if self.df.get(t, 0) <= limit]
        usable.sort(key=lambda t: (-event.term_sum[t], t))
        hits: Counter[int] = Counter()
        for t in usable[: 2 * self.config.index_terms]:
            hits.update(self.postings.get(t, ()))
        return self._ranked(hits, event.key)

    def _ranked(self, hits: Counter[int], exclude: int) -> list[int]:
        hits.pop(exclude, None)
        ranked = sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))
        return [k for k, _ in ranked[: self.config.max_candidates]]


def _first(docs: list[DocFeatures]) -> DocFeatures:
    return min(docs, key=lambda d: (d.day or date.max, d.id))


def _units(docs: list[DocFeatures], config: ClusterConfig) -> list[list[DocFeatures]]:
    """Independence groups that read alike move as one unit; a group chained together from looser
    relations is clustered member by member. Units in (event date, id) order."""
    groups: dict[str, list[DocFeatures]] = {}
    for d in docs:
        groups.setdefault(d.group, []).append(d)
    units: list[list[DocFeatures]] = []
    for members in groups.values():
        head = _first(members).terms
        if all(_dot(head, d.terms) >= config.unit_min_lexical for d in members):
            units.append(members)
        else:
            units.extend([d] for d in members)
    return sorted(units, key=lambda unit: (_first(unit).day or date.max, _first(unit).id))


def cluster(
    docs: list[DocFeatures], idf: dict[str, float], df: dict[str, int], config: ClusterConfig
) -> tuple[list[EventDraft], dict[str, dict[str, Any]]]:
    """Online assignment in a fixed order, then merges; returns the events and each document's
    evidence."""
    index = TermIndex(df, config)
    events: list[EventDraft] = []
    evidence: dict[str, dict[str, Any]] = {}
    for unit in _units(docs, config):
        me = EventDraft()
        for d in unit:
            me.add(d)
        scored = []
        for k in index.candidates(unit):
            event = events[k]
            if dates_allow(me, event, config):
                link = linkage(me, event)
                if common_ground(me, event, link, idf, config):
                    scored.append((link, -k, event))
        scored.sort(key=lambda item: (item[0], item[1]), reverse=True)
        best = scored[0] if scored else None
        if best is not None and best[0] >= config.join_threshold:
            target, decision = best[2], "joined the most similar event"
        else:
            target, decision = EventDraft(key=len(events)), "opened a new event (no event similar enough)"
            events.append(target)
        lead = _first(unit)
        found = similarity(me, best[2], idf, config) if best is not None else None
        for d in unit:
            target.add(d)
            index.add(target, d)
            evidence[d.id] = {
                "decision": decision if d is lead else "joined with its copies (one independence group)",
                "best": found,
                "runner_up_score": round(scored[1][0], 4) if len(scored) > 1 else None,
                "candidates_compared": len(scored),
                "threshold": config.join_threshold,
                "event_date_used": d.day.isoformat() if d.day else None,
                "event_date_evidence": d.date_evidence,
            }
    merged = merge(events, index, evidence, idf, config)
    refined = refine(merged, index, evidence, idf, config)
    return split_events(refined, evidence, config), evidence


def _lead_id(event: EventDraft) -> str:
    return _first(event.members).id


def merge(
    events: list[EventDraft],
    index: TermIndex,
    evidence: dict[str, dict[str, Any]],
    idf: dict[str, float],
    config: ClusterConfig,
) -> list[EventDraft]:
    """Average-linkage merges of the online pass's events, best pair first (ties by creation
    order: deterministic), while the linkage reaches `merge_threshold` and the dates allow it.
    Each moved document's evidence records the merge and its scores."""
    if config.merge_threshold > 1.0 or len(events) < 2:
        return events
    alive = {e.key: e for e in events}
    heap: list[tuple[float, int, int, int, int]] = []

    def push_pairs(event: EventDraft) -> None:
        for k in index.event_candidates(event):
            other = alive.get(k)
            if other is None or not dates_allow(event, other, config):
                continue
            link = linkage(event, other)
            if link >= config.merge_threshold and common_ground(event, other, link, idf, config):
                a, b = sorted((event, other), key=lambda e: e.key)
                heapq.heappush(heap, (-link, a.key, b.key, a.version, b.version))

    for event in events:
        push_pairs(event)
    while heap:
        neg, ka, kb, va, vb = heapq.heappop(heap)
        keep, gone = alive.get(ka), alive.get(kb)
        if keep is None or gone is None or keep.version != va or gone.version != vb:
            continue  # one of the two has changed since: its pairs were pushed again
        record = {
            "merged_into": "event of " + _lead_id(keep),
            "from": "event of " + _lead_id(gone),
            "linkage": round(-neg, 4),
            "centroids": similarity(keep, gone, idf, config),
            "threshold": config.merge_threshold,
        }
        for d in gone.members:
            evidence.setdefault(d.id, {}).setdefault("merges", []).append(record)
        index.move(gone, keep)
        keep.absorb(gone)
        del alive[kb]
        push_pairs(keep)
    return [alive[k] for k in sorted(alive)]


def refine(
    events: list[EventDraft],
    index: TermIndex,
    evidence: dict[str, dict[str, Any]],
    idf: dict[str, float],
    config: ClusterConfig,
) -> list[EventDraft]:
    """Move single documents whose average linkage to another event beats the one to their own
    (without them) by `refine_margin`: the online pass placed them before their event was
    complete. Up to `refine_passes` passes in document order; each move is recorded."""
    alive = {e.key: e for e in events}
    for _ in range(config.refine_passes):
        moves = 0
        for event in [alive[k] for k in sorted(alive)]:
            for doc in sorted(event.members, key=lambda d: d.id):
                home = alive.get(event.key)
                if home is None or doc not in home.members or len(home.members) < 2:
                    continue
                me = single(doc)
                own = (_dot(doc.terms, home.term_sum) - _dot(doc.terms, doc.terms)) / (len(home.members) - 1)
                best: tuple[float, int] | None = None
                for k in index.candidates([doc], exclude=home.key):
                    other = alive.get(k)
                    if other is None or not dates_allow(me, other, config):
                        continue
                    link = linkage(me, other)
                    good = (
                        common_ground(me, other, link, idf, config)
                        and link >= config.join_threshold
                        and link > own + config.refine_margin
                    )
                    if good and (best is None or (link, -k) > (best[0], -best[1])):
                        best = (link, k)
                if best is None:
                    continue
                target = alive[best[1]]
                home.remove(doc)
                target.add(doc)
                index.add(target, doc)
                moves += 1
                evidence.setdefault(doc.id, {}).setdefault("moves", []).append(
                    {
                        "moved_to": "event of " + _lead_id(target),
                        "from": "event of " + _lead_id(home),
                        "linkage_to_new": round(best[0], 4),
                        "linkage_to_old": round(own, 4),
                        "margin": config.refine_margin,
                    }
                )
        if not moves:
            break
    return [alive[k] for k in sorted(alive) if alive[k].members]
