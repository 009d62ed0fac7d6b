"""The dossier of an event or a storyline, assembled from the store into one `Dossier` record.

What happened (a summary of verbatim source sentences, `report.summary`), when (a timeline on
event dates, `report.chronology`), according to whom (actors with their roles, `report.actors`;
the sources table and copy lineage, `report.sources`), and what stays open: statements only one
independent source makes, and dates no source fixes to a day. Nothing here writes text that
could be mistaken for a source's: storyline's own words are only in `OpenQuestion.question`.
Every list of sources is in lineage order, the origin before its copies.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence

from storyline.config import DEFAULT_CONFIG, Config
from storyline.errors import NotFoundError
from storyline.report.actors import actors
from storyline.report.chronology import timeline
from storyline.report.records import (
    CLAIM_GROUPS,
    Dossier,
    DossierClaim,
    EventRef,
    OpenQuestion,
    SourceRow,
    SummaryEntry,
    TimelineEntry,
)
from storyline.report.sources import SourceTree, build_tree, source_rows
from storyline.report.summary import summarize
from storyline.store.db import Store


def resolve(store: Store, ident: str) -> tuple[str, str]:
    """("event" | "storyline", full id) of the one event or storyline whose id starts with `ident`."""
    found = [
        (kind, str(r[0]))
        for kind, table in (("event", "events"), ("storyline", "storylines"))
        for r in store.conn.execute(
            f"SELECT id FROM {table} WHERE id >= ? AND id < ? LIMIT 2", (ident, ident + "\uffff")
        )
    ]
    exact = [f for f in found if f[1] == ident]
    if exact:
        return exact[0]
    if not found:
        raise NotFoundError(
            f"no event or storyline with id {ident!r}; `storyline events` and `storyline storylines` list them"
        )
    if len(found) > 1:
        raise NotFoundError(f"id {ident!r} is ambiguous ({', '.join(f[1] for f in found)}); give more characters")
    return found[0]


def storyline_ids(store: Store) -> list[str]:
    return [str(r[0]) for r in store.conn.execute("SELECT id FROM storylines ORDER BY id")]


def event_ids(store: Store) -> list[str]:
    return [str(r[0]) for r in store.conn.execute("SELECT id FROM events ORDER BY date, id")]


def dossier(store: Store, ident: str, config: Config = DEFAULT_CONFIG) -> Dossier:
    """The dossier of the event or storyline `ident` (a full id or a unique prefix)."""
    kind, full = resolve(store, ident)
    if kind == "event":
        row = store.conn.execute("SELECT * FROM events WHERE id = ?", (full,)).fetchone()
        events = [_event_ref(store, row)]
        title, date, granularity, storyline = row["title"], row["date"], row["granularity"], row["storyline"]
    else:
        row = store.conn.execute("SELECT * FROM storylines WHERE id = ?", (full,)).fetchone()
        rows = store.conn.execute("SELECT * FROM events WHERE storyline = ? ORDER BY position, date", (full,))
        events = [_event_ref(store, r) for r in rows]
        title, storyline = row["title"], None
        date, granularity = (events[0].date, events[0].granularity) if events else (None, None)
    documents = list(dict.fromkeys(d for e in events for d in e.documents))
    tree = build_tree(store, documents, config.dossier)
    length = config.dossier.summary_event_sentences if kind == "event" else config.dossier.summary_storyline_sentences
    summary = [
        SummaryEntry(s.text, tree.origin_first(s.sources)) for s in summarize(store, tree.order, length, config.summary)
    ]
    entries = timeline(store, tree, config.dossier)
    sources = source_rows(store, tree)
    result = Dossier(
        kind=kind,
        id=full,
        title=title,
        date=date,
        granularity=granularity,
        storyline=storyline,
        events=events,
        summary=summary,
        timeline=entries,
        actors=actors(store, tree, config.dossier),
        sources=sources,
        lineage=tree.links,
        open_questions=open_questions(tree, summary, entries, sources, events),
        claims=claims(store, [e.id for e in events], tree),
    )
    return result


def _event_ref(store: Store, row: sqlite3.Row) -> EventRef:
    documents = [
        str(r[0])
        for r in store.conn.execute(
            "SELECT ed.document FROM event_documents ed JOIN documents d ON d.id = ed.document "
            "WHERE ed.event = ? ORDER BY d.seq",
            (row["id"],),
        )
    ]
    return EventRef(row["id"], row["title"], row["date"], row["granularity"], documents)


def open_questions(
    tree: SourceTree,
    summary: Sequence[SummaryEntry],
    entries: Sequence[TimelineEntry],
    sources: Sequence[SourceRow],
    events: Sequence[EventRef],
) -> list[OpenQuestion]:
    """Single-source statements, dates not fixed to a day, and pages whose date is unknown."""
    return _single_source(tree, summary, entries) + _vague_dates(entries, sources, events)


def _single_source(
    tree: SourceTree, summary: Sequence[SummaryEntry], entries: Sequence[TimelineEntry]
) -> list[OpenQuestion]:
    questions: list[OpenQuestion] = []
    if len(tree.groups(tree.order)) > 1:
        seen: set[str] = set()
        for text, cited in [(s.text, s.sources) for s in summary] + [(t.text, t.sources) for t in entries]:
            if len(tree.groups(cited)) == 1 and text not in seen:
                seen.add(text)
                questions.append(
                    OpenQuestion(
                        "single_source",
                        "Stated by one independent source only (no other source has a matching sentence).",
                        text,
                        cited,
                    )
                )
    elif tree.order:
        questions.append(
            OpenQuestion(
                "single_source",
                "Every statement here rests on one independent source.",
                None,
                tree.origin_first(tree.order),
            )
        )
    return questions


def _vague_dates(
    entries: Sequence[TimelineEntry], sources: Sequence[SourceRow], events: Sequence[EventRef]
) -> list[OpenQuestion]:
    questions: list[OpenQuestion] = []
    for e in events:
        if e.granularity not in (None, "day"):
            questions.append(
                OpenQuestion("imprecise_date", f"The event is dated only to the {e.granularity} {e.date}.", None, [])
            )
    for t in entries:
        if t.granularity != "day":
            questions.append(
                OpenQuestion(
                    "imprecise_date", f"No source fixes this to a day ({t.granularity} {t.date}).", t.text, t.sources
                )
            )
    for s in sources:
        if s.published is None:
            questions.append(
                OpenQuestion("unknown_publication_date", "When was this page published?", None, [s.document])
            )
        elif s.published_granularity not in (None, "day"):
            questions.append(
                OpenQuestion(
                    "imprecise_publication_date",
                    f"Publication date known only to the {s.published_granularity} {s.published}.",
                    None,
                    [s.document],
                )
            )
    return questions


def claims(store: Store, event_ids: Sequence[str], tree: SourceTree) -> list[DossierClaim]:
    """The compare stage's claims of these events: conflicts first, then corroborated, then
    single-source, the best supported first in each (empty before the compare stage has run)."""
    if store.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'claims'").fetchone() is None:
        return []
    order = {status: k for k, (status, _) in enumerate(CLAIM_GROUPS)}
    found = _stored_claims(store, event_ids)
    found.sort(key=lambda c: (order.get(c.status, len(order)), -c.independent_sources, c.id))
    for c in found:
        c.sources = tree.origin_first(c.sources)
    return found


def _chunks(ids: Sequence[str], size: int = 500) -> Iterator[Sequence[str]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def _stored_claims(store: Store, event_ids: Sequence[str]) -> list[DossierClaim]:
    """The claims of these events with their documents, who asserts them and what they conflict with.

    Reads only these events' claims and their support and conflict rows (by index), so a dossier
    costs the same however many claims the corpus holds. Who asserts a claim follows
    `store.claims.ClaimRecord.asserted_by`: the outside sources the pages attribute it to, then
    the outlets stating it in their own voice, once each, in document order.
    """
    found: dict[str, DossierClaim] = {}
    for chunk in _chunks(list(event_ids)):
        marks = ",".join("?" * len(chunk))
        for r in store.conn.execute(
            f"SELECT id, text, status, independent_sources FROM claims WHERE event IN ({marks})", list(chunk)
        ):
            found[str(r[0])] = DossierClaim(str(r[0]), str(r[1]), str(r[2]), int(r[3]), [])
    # Per claim: who the pages attribute it to (index 0), then outlets in their own voice (1).
    speakers: dict[str, tuple[list[str], list[str]]] = {c: ([], []) for c in found}
    for chunk in _chunks(list(found)):
        marks = ",".join("?" * len(chunk))
        for claim, document, outlet, attribution in store.conn.execute(
            "SELECT s.claim, m.document, d.outlet, m.attribution FROM claim_support s "
            "JOIN claim_mentions m ON m.document = s.document AND m.idx = s.mention "
            f"JOIN documents d ON d.id = s.document WHERE s.claim IN ({marks}) ORDER BY s.claim, m.document, m.start",
            list(chunk),
        ):
            found[claim].sources.append(str(document))
            who = attribution or outlet
            if who:
                speakers[claim][attribution is None].append(str(who))
        for claim, other, reason in store.conn.execute(
            f"SELECT claim, other, reason FROM claim_conflicts WHERE claim IN ({marks}) ORDER BY claim, other",
            list(chunk),
        ):
            found[claim].conflicts_with.append(str(other))
            found[claim].conflict_reason = str(reason)
    for claim, (attributed, own_voice) in speakers.items():
        found[claim].asserted_by = list(dict.fromkeys(attributed + own_voice))
    return list(found.values())
