"""The records a dossier is made of, and their JSON form (schema "storyline-dossier/1").

A dossier answers what happened, when, according to whom. Every piece of text in it that comes
from the pages (summary sentences, timeline entries) is a sentence, or a span of one, of a
document it cites; everything else (questions, labels) is written by storyline and says so by
its field name. Sources are cited by document id, in lineage order: an origin before its copies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SCHEMA = "storyline-dossier/1"


@dataclass(slots=True)
class EventRef:
    """An event as a dossier lists it: a storyline's events in time order, or the event itself."""

    id: str
    title: str
    date: str | None
    granularity: str | None
    documents: list[str] = field(default_factory=list)


@dataclass(slots=True)
class SummaryEntry:
    """A summary sentence, verbatim from a source, with every document that states it."""

    text: str
    sources: list[str]


@dataclass(slots=True)
class TimelineEntry:
    """What a source sentence says happened on an event date, at the precision it gives."""

    date: str
    granularity: str
    text: str
    sources: list[str]


@dataclass(slots=True)
class ActorRole:
    """A role or title as the sources give it ("Defense Minister"), with the sources giving it."""

    role: str
    sources: list[str]


@dataclass(slots=True)
class Actor:
    """A canonical person, organisation or group; `roles_differ` when sources disagree on its role."""

    entity: str
    name: str
    type: str
    roles: list[ActorRole]
    sources: list[str]
    roles_differ: bool = False


@dataclass(slots=True)
class RemovedLine:
    """A boilerplate line cleaning removed from a source, with the reason."""

    text: str
    reason: str


@dataclass(slots=True)
class SourceRow:
    """One document of the dossier: who published it, when, and what it is a copy of."""

    document: str
    title: str | None
    outlet: str | None
    byline: str | None
    url: str | None
    path: str
    published: str | None
    published_granularity: str | None
    published_inferred: bool
    published_evidence: str | None
    #: "original", "independent", "copy of X", "rewrite of X", "translation of X", ...
    relation: str
    #: The relation kind and the document it relates to (None for originals and independents).
    relation_kind: str | None
    relation_to: str | None
    independence_group: str
    removed: list[RemovedLine] = field(default_factory=list)


@dataclass(slots=True)
class LineageLink:
    """A copy edge: `copy` derives from `origin` (None: an origin absent from the corpus)."""

    origin: str | None
    copy: str
    kind: str
    score: float
    evidence: dict[str, Any]


@dataclass(slots=True)
class OpenQuestion:
    """What the dossier cannot settle: a single-source statement, a date not fixed to a day.

    `question` is storyline's wording; `text` is the source sentence it is about (if any).
    """

    kind: str
    question: str
    text: str | None
    sources: list[str]


@dataclass(slots=True)
class DossierClaim:
    """A claim from the compare stage (filled only when the store has a `claims` table)."""

    id: str
    text: str
    status: str
    independent_sources: int
    sources: list[str]
    conflicts_with: list[str] = field(default_factory=list)
    #: Why it conflicts ("different numbers: 11 and 14"), and who asserts it: the outside source a
    #: page attributes it to ("state media"), else the outlet.
    conflict_reason: str | None = None
    asserted_by: list[str] = field(default_factory=list)


#: The order claims are shown in, and each group's heading.
CLAIM_GROUPS = (("conflict", "In conflict"), ("corroborated", "Corroborated"), ("single_source", "Single source"))


@dataclass(slots=True)
class Dossier:
    """Everything the reader of one event or storyline needs, every statement cited."""

    kind: str  # "event" | "storyline"
    id: str
    title: str
    date: str | None
    granularity: str | None
    storyline: str | None
    events: list[EventRef]
    summary: list[SummaryEntry]
    timeline: list[TimelineEntry]
    actors: list[Actor]
    sources: list[SourceRow]
    lineage: list[LineageLink]
    open_questions: list[OpenQuestion]
    claims: list[DossierClaim] = field(default_factory=list)

    def source(self, doc_id: str) -> SourceRow | None:
        return next((s for s in self.sources if s.document == doc_id), None)


def to_json(d: Dossier) -> dict[str, Any]:
    """The dossier as the JSON object of schema "storyline-dossier/1" (docs: report section)."""
    return {
        "schema": SCHEMA,
        "kind": d.kind,
        "id": d.id,
        "title": d.title,
        "date": d.date,
        "date_granularity": d.granularity,
        "storyline": d.storyline,
        "events": [
            {"id": e.id, "title": e.title, "date": e.date, "date_granularity": e.granularity, "documents": e.documents}
            for e in d.events
        ],
        "summary": [{"text": s.text, "sources": s.sources} for s in d.summary],
        "timeline": [
            {"date": t.date, "granularity": t.granularity, "text": t.text, "sources": t.sources} for t in d.timeline
        ],
        "actors": [
            {
                "entity": a.entity,
                "name": a.name,
                "type": a.type,
                "roles": [{"role": r.role, "sources": r.sources} for r in a.roles],
                "roles_differ": a.roles_differ,
                "sources": a.sources,
            }
            for a in d.actors
        ],
        "sources": [_source_json(s) for s in d.sources],
        "lineage": [
            {"origin": k.origin, "copy": k.copy, "kind": k.kind, "score": k.score, "evidence": k.evidence}
            for k in d.lineage
        ],
        "open_questions": [
            {"kind": q.kind, "question": q.question, "text": q.text, "sources": q.sources} for q in d.open_questions
        ],
        "claims": [
            {
                "id": c.id,
                "text": c.text,
                "status": c.status,
                "independent_sources": c.independent_sources,
                "sources": c.sources,
                "asserted_by": c.asserted_by,
                "conflicts_with": c.conflicts_with,
                "conflict_reason": c.conflict_reason,
            }
            for c in d.claims
        ],
    }


def _source_json(s: SourceRow) -> dict[str, Any]:
    return {
        "document": s.document,
        "title": s.title,
        "outlet": s.outlet,
        "byline": s.byline,
        "url": s.url,
        "path": s.path,
        "published": s.published,
        "published_granularity": s.published_granularity,
        "published_inferred": s.published_inferred,
        "published_evidence": s.published_evidence,
        "relation": s.relation,
        "relation_kind": s.relation_kind,
        "relation_to": s.relation_to,
        "independence_group": s.independence_group,
        "removed": [{"text": r.text, "reason": r.reason} for r in s.removed],
    }
