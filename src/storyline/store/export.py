"""The whole analysis as one JSON object, schema "storyline/1" (the contract in SPEC.md).

Stages that have not run leave their arrays empty; nothing is filled in to look complete.
"""

from __future__ import annotations

import json
from typing import Any

from storyline.model import Document
from storyline.store import annotated
from storyline.store.claims import claim_json, claims
from storyline.store.db import Store

SCHEMA = "storyline/1"


def document_json(store: Store, doc: Document, paths: list[str]) -> dict[str, Any]:
    pub = annotated.publication(store, doc.id)
    row = store.conn.execute("SELECT independence_group FROM documents WHERE id = ?", (doc.id,)).fetchone()
    group = row[0] if row else None
    return {
        "id": doc.id,
        "path": doc.path,
        "paths": paths,
        "format": doc.format,
        "url": doc.url,
        "title": doc.title,
        "byline": doc.byline,
        "dateline": (
            {"text": doc.dateline.text, "place": doc.dateline.place, "agency": doc.dateline.agency}
            if doc.dateline
            else None
        ),
        "outlet": doc.outlet,
        "page_date": doc.page_date,
        "cited_sources": doc.cited_sources,
        "published": pub.value,
        "published_evidence": pub.evidence,
        "published_granularity": pub.granularity,
        "published_inferred": pub.inferred,
        "published_confidence": pub.confidence,
        "encoding": doc.encoding,
        "encoding_warning": doc.encoding_warning,
        "language": doc.language,
        "word_count": doc.word_count,
        "clean_text": doc.clean_text,
        "removed": [{"text": s.text, "reason": s.reason, "kind": str(s.kind), "line": s.index} for s in doc.removed],
        "independence_group": group,
        "sentences": [
            {
                "index": s.index,
                "start": s.start,
                "end": s.end,
                "text": s.text,
                "event_date": s.event_date,
                "event_granularity": s.event_granularity,
            }
            for s in annotated.sentences(store, doc.id)
        ],
        "mentions": [
            {"start": m.start, "end": m.end, "text": m.text, "type": m.label, "entity": m.entity, "role": m.role}
            for m in annotated.mentions(store, doc.id)
        ],
        "time_expressions": [
            {
                "start": t.start,
                "end": t.end,
                "text": t.text,
                "type": t.type,
                "value": t.value,
                "granularity": t.granularity,
                "anchor": t.anchor,
                "rule": rule,
            }
            for t, rule in annotated.time_expressions(store, doc.id)
        ],
        "decisions": [
            {"stage": d.stage, "kind": d.kind, "value": d.value, "evidence": d.evidence} for d in doc.decisions
        ],
    }


def export(store: Store) -> dict[str, Any]:
    """Every document with its cleaning, and the (so far empty) results of later stages."""
    paths: dict[str, list[str]] = {}
    for doc_id, path in store.conn.execute("SELECT document, path FROM document_paths ORDER BY document, path"):
        paths.setdefault(doc_id, []).append(path)
    documents = [document_json(store, d, paths.get(d.id, [d.path])) for d in store.iter_documents()]
    entities = [
        {
            "id": e.id,
            "name": e.name,
            "type": e.type,
            "aliases": e.aliases,
            "roles": e.roles,
            "documents": e.documents,
            "merges": [{"value": d.value, "evidence": d.evidence} for d in store.decisions(e.id)],
        }
        for e in annotated.entities(store)
    ]
    return {
        "schema": SCHEMA,
        "documents": documents,
        "relations": [
            {
                "a": r["a"],
                "b": r["b"],
                "kind": r["kind"],
                "score": r["score"],
                "origin": r["origin"],
                "evidence": json.loads(r["evidence"]),
            }
            for r in store.conn.execute("SELECT * FROM relations ORDER BY a, b")
        ],
        "events": [
            {
                "id": r["id"],
                "title": r["title"],
                "date": r["date"],
                "date_granularity": r["granularity"],
                "storyline": r["storyline"],
                "documents": [
                    str(d[0])
                    for d in store.conn.execute(
                        "SELECT document FROM event_documents WHERE event = ? ORDER BY document", (r["id"],)
                    )
                ],
            }
            for r in store.conn.execute("SELECT * FROM events ORDER BY date, id")
        ],
        "storylines": [
            {
                "id": r["id"],
                "title": r["title"],
                "events": [
                    str(e[0])
                    for e in store.conn.execute(
                        "SELECT id FROM events WHERE storyline = ? ORDER BY position", (r["id"],)
                    )
                ],
                "evidence": json.loads(r["evidence"]),
            }
            for r in store.conn.execute("SELECT * FROM storylines ORDER BY id")
        ],
        "entities": entities,
        "claims": [claim_json(c) for c in claims(store)],
    }
