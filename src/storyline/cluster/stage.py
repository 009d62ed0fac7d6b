"""The cluster stage: documents into events, events into storylines, every assignment explained.

When any document is new (or was re-annotated), the whole corpus is clustered again in its fixed
order, so the result is the same for the same documents in any input order. Event and storyline
ids are named for their first document, so they stay stable as documents are added.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from datetime import date, timedelta
from itertools import pairwise

import numpy as np

from storyline.cluster.contrast import protagonists
from storyline.cluster.events import DocFeatures, EventDraft, Vector, cluster
from storyline.cluster.ids import inherit, merge_decisions
from storyline.cluster.storylines import link_score, storylines
from storyline.config import ClusterConfig, Config
from storyline.store.db import Store

STAGE = "cluster"
VERSION = "cluster-4"
_ACTOR_TYPES = ("person", "organisation", "place", "group")
_WORD = re.compile(r"[^\W_]{2,}")


def run_cluster(store: Store, config: Config) -> int:
    """Re-cluster the corpus when anything changed; returns how many documents were new."""
    pending = store.pending(STAGE, VERSION)
    if not pending:
        return 0
    docs, idf, term_df = _features(store, config.cluster)
    events, evidence = cluster(docs, idf, term_df, config.cluster)
    people = {str(r[0]) for r in store.conn.execute("SELECT id FROM entities WHERE type IN ('person', 'organisation')")}
    lines = storylines(events, idf, config.cluster, people)
    previous_event = {str(r[0]): str(r[1]) for r in store.conn.execute("SELECT document, event FROM event_documents")}
    previous_line = {str(r[0]): str(r[1]) for r in store.conn.execute("SELECT id, storyline FROM events")}
    groups = [[d.id for d in e.members] for e in events]
    event_ids, absorbed = inherit(groups, previous_event, ["EV-" + _lead(e)[:10] for e in events])
    line_ids, _ = inherit(
        [[event_ids[k] for k in line] for line in lines],
        previous_line,
        ["SL-" + _lead(events[line[0]])[:10] for line in lines],
    )
    merges = merge_decisions(
        absorbed, event_ids, groups, previous_event, {d: list(ev.get("merges", [])) for d, ev in evidence.items()}
    )
    with store.transaction():
        for table in ("event_documents", "events", "storylines"):
            store.conn.execute(f"DELETE FROM {table}")
        for line, line_id in zip(lines, line_ids, strict=True):
            store.conn.execute(
                "INSERT INTO storylines VALUES (?, ?, ?)",
                (
                    line_id,
                    _storyline_title(events, line),
                    json.dumps(_line_evidence(events, line, event_ids, idf, config, people)),
                ),
            )
            for position, k in enumerate(line):
                _write_event(store, events[k], event_ids[k], line_id, position, evidence)
        store.add_decisions(merges)
        store.mark_done(STAGE, store.document_ids(), VERSION)
    return len(pending)


def _lead(event: EventDraft) -> str:
    return min(event.members, key=lambda d: (d.day or date.max, d.id)).id


def _write_event(
    store: Store, event: EventDraft, event_id: str, line_id: str, position: int, evidence: dict[str, dict[str, object]]
) -> None:
    day = event.day
    grains = Counter(d.granularity for d in event.members if d.granularity)
    granularity = grains.most_common(1)[0][0] if grains else None
    value = _date_value(day, granularity)
    store.conn.execute(
        "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?)",
        (event_id, _event_title(event), value, granularity, line_id, position),
    )
    store.conn.executemany(
        "INSERT INTO event_documents VALUES (?, ?, ?)",
        [(event_id, d.id, json.dumps(evidence.get(d.id, {}), ensure_ascii=False)) for d in event.members],
    )


def _date_value(day: date | None, granularity: str | None) -> str | None:
    if day is None:
        return None
    if granularity == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if granularity == "month":
        return day.strftime("%Y-%m")
    if granularity == "year":
        return str(day.year)
    return day.isoformat()


def _event_title(event: EventDraft) -> str:
    """The member headline nearest the event's centroid: taken from a document, never written."""
    titled = [d for d in event.members if d.title]
    pool = titled or event.members
    best = max(pool, key=lambda d: (float(d.vector @ event.centroid), -ord(d.id[0])))
    return best.title


def _storyline_title(events: list[EventDraft], line: list[int]) -> str:
    members = [d for k in line for d in events[k].members if d.title]
    if not members:
        return _event_title(events[line[0]])
    total = np.sum([d.vector for d in members], axis=0)
    norm = float(np.linalg.norm(total)) or 1.0
    return max(members, key=lambda d: float(d.vector @ (total / norm))).title


def _line_evidence(
    events: list[EventDraft],
    line: list[int],
    event_ids: list[str],
    idf: dict[str, float],
    config: Config,
    people: set[str],
) -> list[dict[str, object]]:
    """Why consecutive events of a storyline belong together."""
    return [
        {
            "from": event_ids[a],
            "to": event_ids[b],
            **link_score(events[a], events[b], idf, config.cluster, people),
        }
        for a, b in pairwise(line)
    ]


def _features(store: Store, config: ClusterConfig) -> tuple[list[DocFeatures], dict[str, float], dict[str, int]]:
    conn = store.conn
    rows = conn.execute(
        "SELECT id, title, clean_text, independence_group, COALESCE(published, inferred_published) AS pub, "
        "CASE WHEN published IS NOT NULL THEN 'day' ELSE inferred_granularity END AS pub_granularity "
        "FROM documents ORDER BY seq"
    ).fetchall()
    marks = ",".join("?" * len(_ACTOR_TYPES))
    entities: dict[str, dict[str, str]] = {str(r["id"]): {} for r in rows}
    named: dict[str, Counter[str]] = {str(r["id"]): Counter() for r in rows}  # person -> mentions
    for doc, entity, name, kind in conn.execute(
        "SELECT m.document, m.entity, e.name, e.type FROM mentions m JOIN entities e ON e.id = m.entity "
        f"WHERE e.type IN ({marks})",
        _ACTOR_TYPES,
    ):
        entities[str(doc)][str(entity)] = str(name)
        if kind == "person":
            named[str(doc)][str(entity)] += 1
    n = max(1, len(rows))
    df = Counter(e for found in entities.values() for e in found)
    idf = {e: math.log(n / c) for e, c in df.items()}
    # The headline and the page's date lines are not in the clean text, yet they name the event
    # and its day more plainly than any other line: they join the words.
    heads: dict[str, list[str]] = {}
    for doc, text in conn.execute(
        "SELECT document, text FROM segments WHERE kind IN ('title', 'page_date') ORDER BY document, idx"
    ):
        heads.setdefault(str(doc), []).append(str(text))
    texts = {str(r["id"]): "\n".join([*heads.get(str(r["id"]), []), str(r["clean_text"] or "")]) for r in rows}
    terms, term_df = _tfidf(texts, config.max_terms)
    docs = []
    for r in rows:
        doc_id = str(r["id"])
        day, granularity, why = _event_date(store, doc_id, r["pub"], r["pub_granularity"])
        first = conn.execute("SELECT text FROM sentences WHERE document = ? ORDER BY idx LIMIT 1", (doc_id,)).fetchone()
        title = r["title"] or (str(first[0])[:160] if first else doc_id)
        docs.append(
            DocFeatures(
                doc_id,
                str(r["independence_group"] or doc_id),
                title,
                entities[doc_id],
                _mean_vector(store, doc_id),
                day,
                granularity,
                why,
                terms[doc_id],
                r["pub"] is not None,
                protagonists(named[doc_id], config),
            )
        )
    return docs, idf, term_df


def _tfidf(texts: dict[str, str], max_terms: int) -> tuple[dict[str, dict[str, float]], dict[str, int]]:
    """TF-IDF vectors of the documents' clean texts, and each term's document frequency.

    Terms are words and numbers of two characters or more (lower-cased, English stop words out)
    and pairs of neighbouring such words; a term in one document only is left out (it cannot tie
    two documents together). Weights: sublinear term frequency times ln(N / df) + 1, scaled to unit
    length; each document keeps its `max_terms` strongest terms.
    """
    from spacy.lang.en.stop_words import STOP_WORDS

    counts: dict[str, Counter[str]] = {}
    for doc, text in texts.items():
        words = [w for w in (m.group().lower() for m in _WORD.finditer(text)) if w not in STOP_WORDS]
        found = Counter(words)
        found.update(f"{a} {b}" for a, b in pairwise(words))
        counts[doc] = found
    df = Counter(w for c in counts.values() for w in c)
    n = max(1, len(texts))
    out: dict[str, dict[str, float]] = {}
    for doc, c in counts.items():
        weights = {w: (1.0 + math.log(k)) * (math.log(n / df[w]) + 1.0) for w, k in c.items() if df[w] > 1}
        norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
        strongest = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:max_terms]
        out[doc] = {w: v / norm for w, v in strongest}
    return out, {w: k for w, k in df.items() if k > 1}


def _mean_vector(store: Store, doc_id: str) -> Vector:
    rows = store.conn.execute("SELECT vector FROM sentence_vectors WHERE document = ?", (doc_id,)).fetchall()
    if not rows:
        return np.zeros(256, np.float32)
    stacked = np.vstack([np.frombuffer(bytes(r[0]), np.float16) for r in rows]).astype(np.float32)
    mean: Vector = stacked.mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return (mean / norm).astype(np.float32) if norm else mean


def _parse(value: str | None) -> date | None:
    if not value:
        return None
    try:
        if "-W" in value:
            year, week = value.split("-W")
            return date.fromisocalendar(int(year), int(week[:2]), 1)
        if len(value) == 7:
            return date(int(value[:4]), int(value[5:7]), 15)
        if len(value) == 4:
            return date(int(value), 7, 1)
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _event_date(
    store: Store, doc_id: str, pub: str | None, pub_granularity: str | None
) -> tuple[date | None, str | None, str]:
    """When the document's event happened: the most cited precise date near publication."""
    published = _parse(pub)
    low = published - timedelta(days=45) if published else date.min
    high = published + timedelta(days=20 if pub_granularity == "month" else 3) if published else date.max
    found: Counter[tuple[date, str]] = Counter()
    for value, granularity in store.conn.execute(
        "SELECT event_date, event_granularity FROM sentences "
        "WHERE document = ? AND event_granularity IN ('day', 'week')",
        (doc_id,),
    ):
        day = _parse(str(value))
        if day and low <= day <= high:
            found[(day, str(granularity))] += 1
    if found:
        (day, granularity), count = max(found.items(), key=lambda kv: (kv[1], kv[0][1] == "day", kv[0][0]))
        return day, granularity, f"{count} sentence(s) date the event {day.isoformat()} ({granularity})"
    if published:
        return published, pub_granularity, f"no event date in the text: the publication date {pub}"
    return None, None, "no date at all"
