"""Reads of the annotate stage's records: sentences, mentions, time expressions, entities, dates."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from storyline.model import Entity, Granularity, Mention, Sentence, TimeExpression
from storyline.store.db import Store


@dataclass(frozen=True, slots=True)
class PublicationFacts:
    """The publication date to use for a document: given by the page, or inferred from the text."""

    value: str | None
    granularity: str | None
    evidence: str | None
    inferred: bool
    confidence: float | None


def publication(store: Store, doc_id: str) -> PublicationFacts:
    row = store.conn.execute(
        "SELECT published, published_evidence, inferred_published, inferred_granularity, inferred_evidence, "
        "inferred_confidence FROM documents WHERE id = ?",
        (doc_id,),
    ).fetchone()
    if row is None or (row["published"] is None and row["inferred_published"] is None):
        return PublicationFacts(None, None, None, False, None)
    if row["published"]:
        return PublicationFacts(row["published"], "day", row["published_evidence"], False, 1.0)
    return PublicationFacts(
        row["inferred_published"],
        row["inferred_granularity"],
        row["inferred_evidence"],
        True,
        row["inferred_confidence"],
    )


def sentences(store: Store, doc_id: str) -> list[Sentence]:
    return [
        Sentence(
            doc_id,
            r["idx"],
            r["start"],
            r["end"],
            r["text"],
            r["event_date"],
            Granularity(r["event_granularity"]) if r["event_granularity"] else None,
        )
        for r in store.conn.execute("SELECT * FROM sentences WHERE document = ? ORDER BY idx", (doc_id,))
    ]


def mentions(store: Store, doc_id: str) -> list[Mention]:
    return [
        Mention(doc_id, r["start"], r["end"], r["text"], r["type"], r["entity"], r["role"])
        for r in store.conn.execute("SELECT * FROM mentions WHERE document = ? ORDER BY idx", (doc_id,))
    ]


def time_expressions(store: Store, doc_id: str) -> list[tuple[TimeExpression, str]]:
    """Each expression with the rule that normalised it."""
    return [
        (
            TimeExpression(
                doc_id,
                r["start"],
                r["end"],
                r["text"],
                r["value"],
                Granularity(r["granularity"]) if r["granularity"] else None,  # type: ignore[arg-type]
                r["anchor"],
                r["type"],
            ),
            r["rule"],
        )
        for r in store.conn.execute("SELECT * FROM time_expressions WHERE document = ? ORDER BY idx", (doc_id,))
    ]


def entities(store: Store, entity_type: str | None = None) -> list[Entity]:
    """Every canonical entity with its names, roles and documents, most mentioned first."""
    rows = store.conn.execute(
        "SELECT e.id, e.name, e.type, COUNT(*) AS n FROM entities e JOIN mentions m ON m.entity = e.id "
        "WHERE (? IS NULL OR e.type = ?) GROUP BY e.id ORDER BY n DESC, e.name",
        (entity_type, entity_type),
    ).fetchall()
    return [_entity(store.conn, r) for r in rows]


def _entity(conn: sqlite3.Connection, row: sqlite3.Row) -> Entity:
    aliases, roles, docs = [], [], []
    for text, role, doc in conn.execute(
        "SELECT text, role, document FROM mentions WHERE entity = ? ORDER BY document, idx", (row["id"],)
    ):
        if text not in aliases:
            aliases.append(text)
        if role and role not in roles:
            roles.append(role)
        if doc not in docs:
            docs.append(doc)
    return Entity(row["id"], row["name"], row["type"], aliases, roles, docs)
