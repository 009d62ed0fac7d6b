"""The extractive event summary: verbatim, cited, independent sources first, never repeating itself."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from storyline.config import SummaryConfig
from storyline.report.summary import summarize
from storyline.report.summary_text import inside_quote_after, rejection
from storyline.store.db import Store

LEAD = "The Alder Queen ferry ran aground on Skerrow Reef near Harbourton on Tuesday evening with 233 people aboard."
RESCUE = "Lifeboats and a coast guard helicopter took all the passengers and crew off the stranded ferry overnight."
INQUIRY = "The marine accident board has opened an investigation into why the ferry left the marked channel."
WEATHER = "Forecasters said the weather on the reef had been calm, with light winds and good visibility."


def add_document(
    store: Store,
    doc_id: str,
    sentences: Sequence[str],
    group: str | None = None,
    published: str | None = None,
    event_dates: Sequence[str | None] | None = None,
) -> None:
    """A document as the annotate and relate stages leave it: sentences, vectors, independence group."""
    clean = "\n\n".join(sentences)
    store.conn.execute(
        "INSERT INTO documents (id, path, format, raw, clean_text, published, independence_group) "
        "VALUES (?, ?, 'txt', ?, ?, ?, ?)",
        (doc_id, f"{doc_id}.txt", clean.encode(), clean, published, group),
    )
    start = 0
    for idx, text in enumerate(sentences):
        date = event_dates[idx] if event_dates else None
        store.conn.execute(
            "INSERT INTO sentences (document, idx, start, end, text, event_date) VALUES (?, ?, ?, ?, ?, ?)",
            (doc_id, idx, start, start + len(text), text, date),
        )
        store.conn.execute("INSERT INTO sentence_vectors VALUES (?, ?, ?)", (doc_id, idx, _vector(text).tobytes()))
        start += len(text) + 2


def _vector(text: str) -> np.ndarray:
    """A deterministic bag-of-words vector: identical sentences get identical vectors."""
    v = np.zeros(64, dtype=np.float32)
    for word in text.lower().split():
        v[sum(map(ord, word)) % 64] += 1.0
    return (v / np.linalg.norm(v)).astype(np.float16)


def texts(store: Store, ids: Sequence[str], length: int = 5, **kwargs: object) -> list[str]:
    return [s.text for s in summarize(store, ids, length, **kwargs)]  # type: ignore[arg-type]


def test_every_summary_sentence_is_a_stored_sentence_with_its_offsets(store: Store) -> None:
    add_document(store, "a", [LEAD, RESCUE, INQUIRY])
    add_document(store, "b", [LEAD, WEATHER])
    for s in summarize(store, ["a", "b"], 3):
        row = store.conn.execute(
            "SELECT text, start, end FROM sentences WHERE document = ? AND idx = ?", (s.document, s.sentence_index)
        ).fetchone()
        assert (row[0], row[1], row[2]) == (s.text, s.start, s.end)


def test_a_sentence_cites_every_document_stating_it_its_own_first(store: Store) -> None:
    add_document(store, "a", [RESCUE, INQUIRY])
    add_document(store, "b", [WEATHER, LEAD])
    add_document(store, "c", [LEAD.replace("Tuesday evening", "Tuesday night"), RESCUE])
    lead = next(s for s in summarize(store, ["a", "b", "c"], 4) if "Skerrow" in s.text)
    assert lead.sources[0] == lead.document
    assert sorted(lead.sources) == ["b", "c"]


def test_copies_of_one_origin_count_as_one_independent_source(store: Store) -> None:
    add_document(store, "orig", [LEAD, RESCUE], group="g1")
    add_document(store, "copy", [LEAD, RESCUE], group="g1")
    add_document(store, "other", [INQUIRY, WEATHER], group="g2")
    lead = next(s for s in summarize(store, ["orig", "copy", "other"], 4) if s.text == LEAD)
    assert set(lead.sources) == {"orig", "copy"}
    assert lead.independent_sources == 1


def test_a_statement_of_several_independent_sources_is_picked_first(store: Store) -> None:
    add_document(store, "a", [LEAD, WEATHER], group="a")
    add_document(store, "b", [LEAD, RESCUE], group="b")
    add_document(store, "c", [INQUIRY, WEATHER], group="c")
    add_document(store, "d", [INQUIRY, RESCUE], group="d")
    add_document(store, "e", [INQUIRY, WEATHER], group="e")
    assert texts(store, ["a", "b", "c", "d", "e"], length=1) == [INQUIRY]


def test_the_summary_never_states_one_thing_twice(store: Store) -> None:
    add_document(store, "a", [LEAD, RESCUE])
    add_document(store, "b", [LEAD.replace("Tuesday evening", "Tuesday"), INQUIRY])
    picked = texts(store, ["a", "b"], length=5)
    assert sum("Skerrow" in t for t in picked) == 1


def test_fragments_and_furniture_are_never_picked(store: Store) -> None:
    fragments = [
        "Ferry aground.",
        "“We were lucky,” one passenger said, “and the crew",
        "and then the ferry was towed off the reef by two tugs from the harbour.",
        "Share this story on social media and subscribe to our newsletter for more news like it.",
    ]
    add_document(store, "a", [*fragments, LEAD])
    assert texts(store, ["a"], length=5) == [LEAD]


def test_a_sentence_inside_an_open_quotation_is_not_picked(store: Store) -> None:
    add_document(store, "a", ["“The sea was calm and the night was clear.", INQUIRY.replace(".", ",”"), LEAD])
    assert texts(store, ["a"], length=5) == [LEAD]


def test_the_sentence_count_and_the_character_budget_are_kept(store: Store) -> None:
    add_document(store, "a", [LEAD, RESCUE, INQUIRY, WEATHER])
    assert len(texts(store, ["a"], length=2)) == 2
    budget = len(LEAD) + 1 + len(RESCUE)
    assert len(" ".join(texts(store, ["a"], length=5, max_chars=budget))) <= budget


def test_the_budget_can_come_from_the_configuration(store: Store) -> None:
    add_document(store, "a", [LEAD, RESCUE, INQUIRY, WEATHER])
    config = replace(SummaryConfig(), max_chars=len(LEAD) + 10)
    assert len(summarize(store, ["a"], 5, config)) == 1


def test_dated_sentences_are_told_in_chronological_order(store: Store) -> None:
    add_document(store, "a", [INQUIRY, LEAD], event_dates=["2025-03-05", "2025-03-04"])
    add_document(store, "b", [RESCUE], published="2025-03-04")
    picked = texts(store, ["a", "b"], length=3)
    assert picked.index(LEAD) < picked.index(INQUIRY)


def test_no_documents_give_no_summary(store: Store) -> None:
    assert summarize(store, [], 5) == []


def test_a_quotation_left_open_continues_into_the_next_sentence() -> None:
    assert inside_quote_after("He said: “The ferry left the channel.", False)
    assert not inside_quote_after("It is a rock.” said the captain.", True)


def test_a_sentence_starting_in_lower_case_is_a_fragment() -> None:
    assert rejection("and the ferry was towed off the reef by two tugs.", 8, 60) == "starts mid-sentence"
