"""Reads of the relate stage's records: relations with evidence, and independence groups."""

from __future__ import annotations

import json

from storyline.model import Relation
from storyline.store.db import Store


def relations(store: Store, kind: str | None = None, document: str | None = None) -> list[Relation]:
    rows = store.conn.execute(
        "SELECT * FROM relations WHERE (? IS NULL OR kind = ?) AND (? IS NULL OR a = ? OR b = ?) "
        "ORDER BY kind, score DESC, a, b",
        (kind, kind, document, document, document),
    ).fetchall()
    return [Relation(r["a"], r["b"], r["kind"], r["score"], r["origin"], json.loads(r["evidence"])) for r in rows]


def group_of(store: Store, doc_id: str) -> str | None:
    row = store.conn.execute("SELECT independence_group FROM documents WHERE id = ?", (doc_id,)).fetchone()
    return str(row[0]) if row and row[0] else None


def group_members(store: Store, group: str) -> list[str]:
    return [
        str(r[0])
        for r in store.conn.execute("SELECT id FROM documents WHERE independence_group = ? ORDER BY seq", (group,))
    ]


def titles(store: Store) -> dict[str, str]:
    return {str(r[0]): str(r[1] or r[2]) for r in store.conn.execute("SELECT id, title, path FROM documents")}
