"""The compare stage: claims read from every sentence, aligned within each event, with status.

Extraction is incremental: a document's sentences are parsed (spaCy's dependency parser, which
the annotate stage does not run) once per version and its claim mentions stored. Alignment is
redone whenever a document was new or the events changed, since a new source can corroborate or
contradict what was single-source before; claim ids are digests of event, slot and value, so
they stay stable across runs that do not change those.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from functools import lru_cache

import spacy
from spacy.language import Language

from storyline.annotate.nlp import pipeline_name
from storyline.compare.align import AlignedClaim, align
from storyline.compare.frames import ClaimMention, EntityRef, SentenceContext, TimeRef, extract
from storyline.config import Config
from storyline.store.db import Store

STAGE = "compare"
VERSION = "compare-2"


@lru_cache(maxsize=2)
def parser(preferred: str | None = None) -> Language:
    """The spaCy pipeline with the dependency parser and lemmatizer; entities come from the store."""
    return spacy.load(pipeline_name(preferred), exclude=["ner", "senter"])


def run_compare(store: Store, config: Config) -> int:
    """Extract claims from new documents, then re-align every event if anything changed."""
    pending = store.pending(STAGE, VERSION)
    for i in range(0, len(pending), config.compare.batch_size):
        _extract_batch(store, config, pending[i : i + config.compare.batch_size])
    fingerprint = _fingerprint(store)
    row = store.conn.execute("SELECT fingerprint FROM claim_runs").fetchone()
    if not pending and row is not None and row[0] == fingerprint:
        return 0
    _realign(store, fingerprint)
    return len(pending)


def _extract_batch(store: Store, config: Config, ids: list[str]) -> None:
    nlp = parser(config.annotate.spacy_pipeline)
    work: list[tuple[SentenceContext, str]] = []
    for doc_id in ids:
        work.extend(_contexts(store, doc_id))
    parsed = nlp.pipe((text for _, text in work), batch_size=config.compare.spacy_batch_size)
    found: dict[str, list[ClaimMention]] = {doc_id: [] for doc_id in ids}
    for (ctx, _), doc in zip(work, parsed, strict=True):
        found[ctx.document].extend(extract(doc[:], ctx))
    with store.transaction():
        for doc_id, mentions in found.items():
            store.conn.execute("DELETE FROM claim_mentions WHERE document = ?", (doc_id,))
            store.conn.executemany(
                "INSERT INTO claim_mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [_mention_row(k, m) for k, m in enumerate(mentions)],
            )
        store.mark_done(STAGE, ids, VERSION)


def _contexts(store: Store, doc_id: str) -> Iterator[tuple[SentenceContext, str]]:
    conn = store.conn
    entities = [
        EntityRef(int(r[0]), int(r[1]), str(r[2]), str(r[3]), str(r[4]), r[5])
        for r in conn.execute(
            "SELECT m.start, m.end, m.entity, e.name, e.type, m.role FROM mentions m "
            "JOIN entities e ON e.id = m.entity WHERE m.document = ? ORDER BY m.start",
            (doc_id,),
        )
    ]
    times = [
        TimeRef(int(r[0]), int(r[1]), str(r[2]), str(r[3] or ""))
        for r in conn.execute(
            "SELECT start, end, value, granularity FROM time_expressions WHERE document = ? AND type = 'DATE'",
            (doc_id,),
        )
    ]
    for idx, start, end, text in conn.execute(
        "SELECT idx, start, end, text FROM sentences WHERE document = ? ORDER BY idx", (doc_id,)
    ):
        inside = [e for e in entities if start <= e.start < end]
        when = [t for t in times if start <= t.start < end]
        yield SentenceContext(doc_id, int(idx), int(start), inside, when), str(text)


def _mention_row(k: int, m: ClaimMention) -> tuple[object, ...]:
    return (
        m.document,
        k,
        m.sentence,
        m.start,
        m.end,
        m.kind,
        m.subject,
        m.subject_name,
        m.predicate,
        m.object,
        m.object_text,
        m.value,
        m.modality,
        int(m.negated),
        m.attribution,
        m.date,
        m.text,
    )


def _fingerprint(store: Store) -> str:
    """A digest of which documents are in which event and in which independence group."""
    digest = hashlib.sha1()
    for row in store.conn.execute(
        "SELECT ed.event, ed.document, COALESCE(d.independence_group, '') FROM event_documents ed "
        "JOIN documents d ON d.id = ed.document ORDER BY ed.event, ed.document"
    ):
        digest.update("\x1f".join(map(str, row)).encode())
    return digest.hexdigest()


def _realign(store: Store, fingerprint: str) -> None:
    """Align every event's claim mentions and write the claims, one event at a time, in one
    transaction: memory holds one event's claims, not the corpus's."""
    conn = store.conn
    groups = {str(r[0]): str(r[1] or r[0]) for r in conn.execute("SELECT id, independence_group FROM documents")}
    members: dict[str, list[str]] = {}
    for event, doc in conn.execute("SELECT event, document FROM event_documents ORDER BY event, document"):
        members.setdefault(str(event), []).append(str(doc))
    with store.transaction():
        for table in ("claim_conflicts", "claim_support", "claims", "claim_runs"):
            conn.execute(f"DELETE FROM {table}")
        for event, docs in sorted(members.items()):
            mentions, keys = _load_mentions(store, docs)
            _write_claims(store, [(c, [keys[id(m)] for m in c.mentions]) for c in align(event, mentions, groups)])
        conn.execute("INSERT INTO claim_runs VALUES (?)", (fingerprint,))


def _write_claims(store: Store, claims: list[tuple[AlignedClaim, list[int]]]) -> None:
    """One event's claims, their supporting mentions and their conflicts (all within the event)."""
    conn = store.conn
    written: set[str] = set()
    for claim, mention_ids in claims:
        if claim.id in written:
            continue
        written.add(claim.id)
        conn.execute(
            "INSERT OR IGNORE INTO claims VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                claim.id,
                claim.event,
                claim.kind,
                claim.slot,
                claim.value,
                claim.text,
                claim.status,
                claim.independent_sources,
                claim.modality,
                json.dumps(_evidence(claim), ensure_ascii=False),
            ),
        )
        conn.executemany(
            "INSERT OR IGNORE INTO claim_support VALUES (?, ?, ?)",
            [(claim.id, m.document, k) for m, k in zip(claim.mentions, mention_ids, strict=True)],
        )
    for claim, _ in claims:
        conn.executemany(
            "INSERT OR IGNORE INTO claim_conflicts VALUES (?, ?, ?)",
            [(claim.id, other, claim.conflict_reason or "") for other in claim.conflicts_with if other in written],
        )


def _load_mentions(store: Store, docs: list[str]) -> tuple[list[ClaimMention], dict[int, int]]:
    marks = ",".join("?" * len(docs))
    mentions: list[ClaimMention] = []
    keys: dict[int, int] = {}
    for r in store.conn.execute(
        f"SELECT * FROM claim_mentions WHERE document IN ({marks}) ORDER BY document, idx", docs
    ):
        m = ClaimMention(
            str(r["document"]),
            int(r["sentence"]),
            int(r["start"]),
            int(r["end"]),
            str(r["kind"]),
            str(r["subject"]),
            str(r["subject_name"]),
            str(r["predicate"]),
            str(r["object"]),
            str(r["object_text"]),
            r["value"],
            str(r["modality"]),
            bool(r["negated"]),
            r["attribution"],
            r["date"],
            str(r["text"]),
        )
        keys[id(m)] = int(r["idx"])
        mentions.append(m)
    return mentions, keys


def _evidence(claim: AlignedClaim) -> dict[str, object]:
    """Why the claim has its status: the sources counted, and the rule that set it."""
    rule = {
        "conflict": f"another claim fills the slot differently ({claim.conflict_reason})",
        "corroborated": f"{claim.independent_sources} independent sources assert it",
        "single_source": "one independent source asserts it (copies of one origin count once)",
    }[claim.status]
    return {
        "rule": rule,
        "sources": claim.sources,
        "groups": claim.groups,
        "attributions": sorted({m.attribution for m in claim.mentions if m.attribution}),
        "modalities": sorted({m.modality for m in claim.mentions}),
    }
