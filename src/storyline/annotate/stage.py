"""The annotate stage: language, sentences, entities across the corpus, and time.

For every document not yet annotated at this version: identify the language (non-English pages
are stored and marked, not run through the English pipeline); run spaCy in batches; repair and
link entity mentions to canonical entities; find time expressions; infer the publication date
when the page gives none (with evidence); resolve every expression against the document's anchor;
and give each sentence the event date it talks about. Everything is written per batch in one
transaction.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span

from storyline.annotate import nlp
from storyline.annotate.entities import LocalEntity, link_in_document, local_decisions
from storyline.annotate.language import identify
from storyline.annotate.mentions import RawMention, extract_mentions
from storyline.annotate.pubdate import KnownDate, PublicationDate, infer, learned_dates, resolve_anniversaries
from storyline.annotate.registry import EntityRegistry
from storyline.annotate.timex import TimexMatch, TimexScan, resolve_scan, scan
from storyline.config import Config
from storyline.model import Decision
from storyline.store.db import Store

STAGE = "annotate"
VERSION = "annotate-2"
_GRANULARITY_RANK = {g: i for i, g in enumerate(["day", "week", "month", "quarter", "year", "decade"])}
_FUTURE_CUES = (
    "will",
    "would",
    "shall",
    "'ll",
    "to be",
    "set to",
    "expected",
    "scheduled",
    "plans to",
    "is to",
    "are to",
)
_PADDED_CUES = tuple(f" {cue} " for cue in _FUTURE_CUES)


@dataclass(slots=True)
class _Work:
    """One document on its way through the stage."""

    id: str
    text: str
    published: str | None
    page_date: str | None
    cited_sources: list[str] = field(default_factory=list)
    language: str = "en"
    language_score: float = 0.0
    spacy_doc: Doc | None = None
    tense: Callable[[int], str] | None = None  # the tense around an offset, read once per sentence
    mentions: list[RawMention] = field(default_factory=list)
    groups: list[LocalEntity] = field(default_factory=list)
    timex: TimexScan | None = None  # spotted once; resolved again when the publication date is inferred
    matches: list[TimexMatch] = field(default_factory=list)
    inferred: PublicationDate | None = None
    decisions: list[Decision] = field(default_factory=list)


def annotate(store: Store, config: Config) -> int:
    """Annotate every pending document; returns how many were annotated."""
    pending = store.pending(STAGE, VERSION)
    registry = EntityRegistry(store)  # one for the run: it keeps the entities' surface counts
    for i in range(0, len(pending), config.annotate.batch_size):
        _annotate_batch(store, config, pending[i : i + config.annotate.batch_size], registry)
    return len(pending)


def _annotate_batch(store: Store, config: Config, ids: list[str], registry: EntityRegistry) -> None:
    works = [_load(store, doc_id) for doc_id in ids]
    english = []
    for w in works:
        guess = identify(w.text, config.annotate.language_min_confidence)
        w.language, w.language_score = guess.code, guess.probability
        if guess.code != "en" and not guess.confident:
            w.decisions.append(
                Decision(
                    STAGE,
                    "language",
                    w.id,
                    "en",
                    {
                        "rule": f"py3langid said {guess.code} with probability {guess.probability:.2f}, below the "
                        f"{config.annotate.language_min_confidence} needed to set a page aside: treated as English"
                    },
                )
            )
            w.language = "en"
        if w.language == "en":
            english.append(w)
        else:
            w.decisions.append(
                Decision(
                    STAGE,
                    "language",
                    w.id,
                    guess.code,
                    {
                        "rule": f"py3langid, probability {guess.probability:.2f}",
                        "note": "not annotated by the English pipeline",
                    },
                )
            )
    docs = nlp.pipe([w.text for w in english], config.annotate.spacy_pipeline, config.annotate.spacy_batch_size)
    for w, doc in zip(english, docs, strict=True):
        w.spacy_doc = doc
        w.mentions = extract_mentions(doc)
        _sources_are_organisations(w)
        w.groups = link_in_document(w.mentions)
        anchor = date.fromisoformat(w.published[:10]) if w.published and len(w.published) >= 10 else None
        w.tense = _tense(doc, w.text)
        w.timex = scan(w.text)
        w.matches = resolve_scan(w.timex, anchor, tense_hint=w.tense)
    with store.transaction():
        known = _known_dates(store)
        for w in english:
            for k in learned_dates(w.matches, w.id):
                known.append(k)
                store.conn.execute(
                    "INSERT OR IGNORE INTO known_dates VALUES (?, ?, ?, ?, ?)",
                    (" ".join(sorted(k.key)), k.date, k.granularity, w.id, k.evidence),
                )
        for w in english:
            if not w.published:
                _infer_and_resolve(w, known)
            w.matches = resolve_anniversaries(w.text, w.matches, known)
        touched: set[str] = set()
        for w in works:
            touched |= _write(store, registry, w)
        registry.refresh_names(touched)
        store.mark_done(STAGE, ids, VERSION)


def _load(store: Store, doc_id: str) -> _Work:
    doc = store.document(doc_id)
    return _Work(doc.id, doc.clean_text, doc.published, doc.page_date, cited_sources=doc.cited_sources)


def _sources_are_organisations(w: _Work) -> None:
    """A name the page cites as its source ("Politico adds") is an outlet, whatever spaCy said."""
    cited = {s.lower() for s in w.cited_sources}
    for m in w.mentions:
        if m.type == "person" and m.text.lower() in cited:
            m.type, m.fix = "organisation", f"'{m.text}' is a source the page cites"


def _known_dates(store: Store) -> list[KnownDate]:
    return [
        KnownDate(frozenset(str(r[0]).split()), str(r[1]), str(r[2]), str(r[3]))
        for r in store.conn.execute("SELECT key, date, granularity, evidence FROM known_dates")
    ]


def _tense(doc: Doc, text: str) -> Callable[[int], str]:
    """Past or future for the sentence around a character offset, from cue words and verb tags.

    `text` is the doc's text (spaCy rebuilds `doc.text` from its tokens on every access).
    """
    sentences = list(doc.sents)
    starts = [s.start_char for s in sentences]
    known: dict[int, str] = {}  # by sentence: each is read once, however many expressions it has

    def tense(offset: int) -> str:
        i = bisect.bisect_right(starts, offset) - 1
        if i < 0 or offset >= sentences[i].end_char:
            return "unknown"
        if i not in known:
            known[i] = _sentence_tense(sentences[i], text)
        return known[i]

    return tense


def _sentence_tense(sent: Span, text: str) -> str:
    lowered = f" {text[sent.start_char : sent.end_char].lower()} "
    if any(cue in lowered for cue in _PADDED_CUES):
        return "future"
    if any(t.tag_ in ("VBD", "VBN") for t in sent):
        return "past"
    return "unknown"


def _infer_and_resolve(w: _Work, known: list[KnownDate]) -> None:
    assert w.tense is not None
    w.inferred = infer(w.text, w.matches, known, w.page_date, w.tense)
    if w.inferred is None:
        return
    w.decisions.append(
        Decision(
            STAGE,
            "published",
            w.id,
            w.inferred.value,
            {
                "rule": w.inferred.evidence,
                "granularity": str(w.inferred.granularity),
                "confidence": w.inferred.confidence,
                "steps": w.inferred.steps,
            },
        )
    )
    if w.inferred.anchor is not None and w.timex is not None:
        w.matches = resolve_scan(w.timex, w.inferred.anchor, tense_hint=w.tense)


def _write(store: Store, registry: EntityRegistry, w: _Work) -> set[str]:
    """Store a document's annotations; returns the entities it touched (before and now)."""
    conn = store.conn
    old = [
        (str(r[0]), str(r[1]))
        for r in conn.execute("SELECT entity, text FROM mentions WHERE document = ? AND entity IS NOT NULL", (w.id,))
    ]
    registry.forget_mentions(old)
    touched = {entity for entity, _ in old}
    for table in ("sentences", "mentions", "time_expressions"):
        conn.execute(f"DELETE FROM {table} WHERE document = ?", (w.id,))
    conn.execute("DELETE FROM decisions WHERE subject = ? AND stage = ?", (w.id, STAGE))
    inferred = w.inferred
    conn.execute(
        "UPDATE documents SET language = ?, language_score = ?, inferred_published = ?, inferred_granularity = ?, "
        "inferred_confidence = ?, inferred_evidence = ? WHERE id = ?",
        (
            w.language,
            w.language_score,
            inferred.value if inferred else None,
            str(inferred.granularity) if inferred else None,
            inferred.confidence if inferred else None,
            inferred.evidence if inferred else None,
            w.id,
        ),
    )
    decisions = list(w.decisions)  # stored together, in this order, at the end
    if w.spacy_doc is None:
        store.add_decisions(decisions)
        return touched
    sentences = list(w.spacy_doc.sents)
    sentence_of = _sentence_lookup(sentences)
    events = _event_dates(w.matches, sentence_of)
    rows = []
    for i, s in enumerate(sentences):
        text = w.text[s.start_char : s.end_char].rstrip()  # the clean text is the doc's text
        rows.append((w.id, i, s.start_char, s.start_char + len(text), text, *(events.get(i) or (None, None))))
    conn.executemany("INSERT INTO sentences VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    entity_of: dict[int, str] = {}
    for group in w.groups:
        entity, decision = registry.link(group, w.id)
        if decision is not None:
            decisions.append(decision)
        touched.add(entity)
        for index in group.mentions:
            entity_of[index] = entity
    decisions += local_decisions(w.id, w.groups)
    store.add_decisions(decisions)
    conn.executemany(
        "INSERT INTO mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (w.id, i, m.start, m.end, m.text, m.type, entity_of.get(i), m.role, m.sentence)
            for i, m in enumerate(w.mentions)
        ],
    )
    registry.note_mentions(
        (linked, m.text) for i, m in enumerate(w.mentions) if (linked := entity_of.get(i)) is not None
    )
    conn.executemany(
        "INSERT INTO time_expressions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                w.id,
                i,
                m.start,
                m.end,
                m.text,
                m.type,
                m.value,
                str(m.granularity) if m.granularity else None,
                m.anchor,
                m.rule,
                sentence_of(m.start),
            )
            for i, m in enumerate(w.matches)
        ],
    )
    return touched


def _sentence_lookup(sentences: list[Span]) -> Callable[[int], int]:
    starts = [s.start_char for s in sentences]

    def sentence_of(offset: int) -> int:
        return max(bisect.bisect_right(starts, offset) - 1, 0)

    return sentence_of


def _event_dates(matches: list[TimexMatch], sentence_of: Callable[[int], int]) -> dict[int, tuple[str, str]]:
    """For each sentence, the most precise calendar date it mentions: the event time it talks about."""
    best: dict[int, tuple[str, str]] = {}
    for m in matches:
        if m.type not in ("DATE", "TIME") or m.granularity is None or not m.value[:4].isdigit():
            continue
        s = sentence_of(m.start)
        granularity = str(m.granularity)
        value = m.value[:10] if granularity == "day" else m.value
        if s not in best or _GRANULARITY_RANK.get(granularity, 9) < _GRANULARITY_RANK.get(best[s][1], 9):
            best[s] = (value, granularity)
    return best
