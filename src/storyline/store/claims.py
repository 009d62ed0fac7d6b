"""Reads of the compare stage's records: claims, the sentences that state them, and conflicts."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from storyline.store.db import Store


@dataclass(slots=True)
class ClaimSupport:
    """One document's statement of a claim: the verbatim span and who it says it comes from."""

    document: str
    outlet: str | None
    independence_group: str | None
    text: str
    start: int
    end: int
    modality: str
    negated: bool
    attribution: str | None


@dataclass(slots=True)
class ClaimRecord:
    """A claim of one event as stored, with its support and the claims it conflicts with."""

    id: str
    event: str
    kind: str
    slot: str
    value: str | None
    text: str
    status: str
    independent_sources: int
    modality: str
    evidence: dict[str, Any]
    support: list[ClaimSupport] = field(default_factory=list)
    conflicts_with: list[str] = field(default_factory=list)
    conflict_reason: str | None = None

    @property
    def documents(self) -> list[str]:
        return sorted({s.document for s in self.support})

    @property
    def asserted_by(self) -> list[str]:
        """Who asserts it: the outside sources pages attribute it to, and the outlets that assert it
        in their own voice, once each (pages with no known outlet are left out here)."""
        seen: dict[str, None] = {}
        for s in sorted(self.support, key=lambda s: s.attribution is None):
            who = s.attribution or s.outlet
            if who:
                seen[who] = None
        return list(seen)


def claims(store: Store, event: str | None = None, conflicts_only: bool = False) -> list[ClaimRecord]:
    """Claims of one event (or all), conflicts first, then by how many sources stand behind them."""
    if not _exists(store):
        return []
    where, args = ("WHERE event = ?", (event,)) if event else ("", ())
    if conflicts_only:
        where += (" AND " if where else "WHERE ") + "status = 'conflict'"
    records = {
        str(r["id"]): ClaimRecord(
            str(r["id"]),
            str(r["event"]),
            str(r["kind"]),
            str(r["slot"]),
            r["value"],
            str(r["text"]),
            str(r["status"]),
            int(r["independent_sources"]),
            str(r["modality"]),
            json.loads(r["evidence"]),
        )
        for r in store.conn.execute(f"SELECT * FROM claims {where}", args)
    }
    # One event's claims: read only their support and conflicts, not the whole corpus's.
    only = ("WHERE s.claim IN (SELECT id FROM claims WHERE event = ?) ", (event,)) if event else ("", ())
    for r in store.conn.execute(
        "SELECT s.claim, m.document, d.outlet, d.independence_group, d.clean_text, m.start, m.end, m.modality, "
        "m.negated, m.attribution FROM claim_support s "
        "JOIN claim_mentions m ON m.document = s.document AND m.idx = s.mention "
        f"JOIN documents d ON d.id = s.document {only[0]}ORDER BY s.claim, m.document, m.start",
        only[1],
    ):
        record = records.get(str(r[0]))
        if record is not None:
            text = str(r[4])[int(r[5]) : int(r[6])]
            record.support.append(
                ClaimSupport(str(r[1]), r[2], r[3], text, int(r[5]), int(r[6]), str(r[7]), bool(r[8]), r[9])
            )
    mine = ("WHERE claim IN (SELECT id FROM claims WHERE event = ?) ", (event,)) if event else ("", ())
    for claim, other, reason in store.conn.execute(
        f"SELECT claim, other, reason FROM claim_conflicts {mine[0]}ORDER BY claim, other", mine[1]
    ):
        record = records.get(str(claim))
        if record is not None:
            record.conflicts_with.append(str(other))
            record.conflict_reason = str(reason)
    order = {"conflict": 0, "corroborated": 1, "single_source": 2}
    return sorted(records.values(), key=lambda c: (c.event, order.get(c.status, 3), -c.independent_sources, c.id))


def claim_json(c: ClaimRecord) -> dict[str, Any]:
    """A claim in the export's shape (SPEC.md), with its support and evidence."""
    return {
        "id": c.id,
        "event": c.event,
        "kind": c.kind,
        "text": c.text,
        "value": c.value,
        "documents": c.documents,
        "independent_sources": c.independent_sources,
        "status": c.status,
        "conflicts_with": c.conflicts_with,
        "conflict_reason": c.conflict_reason,
        "modality": c.modality,
        "asserted_by": c.asserted_by,
        "support": [
            {
                "document": s.document,
                "text": s.text,
                "start": s.start,
                "end": s.end,
                "modality": s.modality,
                "negated": s.negated,
                "attributed_to": s.attribution,
            }
            for s in c.support
        ],
        "evidence": c.evidence,
    }


def _exists(store: Store) -> bool:
    return store.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'claims'").fetchone() is not None
