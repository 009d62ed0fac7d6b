"""A summary under a character budget: dense sentences in the documents' wording, the room left filled
by a whole leading clause, every text still a verbatim span of a cited document."""

from __future__ import annotations

import pytest

from storyline.report.summary import raw_offset, summarize
from storyline.report.summary_coverage import WordCoverage
from storyline.report.summary_text import clause_ends, tokens
from storyline.report.verify import normalise
from storyline.store.db import Store
from tests.report.test_summary import INQUIRY, LEAD, RESCUE, WEATHER, add_document

#: A sentence whose leading clause (before the comma) is a statement of its own, of 11 words.
SEARCH = (
    "Divers searched the hull below the waterline for damage on Wednesday morning, "
    "the harbour master told reporters at the quay."
)


def test_a_word_counts_only_up_to_its_expected_count() -> None:
    # Two documents of four words each: "ferry" is a quarter of each, so a summary of 4 words
    # expects one "ferry"; a second one gains nothing.
    sentences = [tokens("ferry reef storm tide"), tokens("ferry rescue crew boat")]
    coverage = WordCoverage(sentences, ["a", "b"], [0, 1], summary_words=4.0, pair_weight=0.0)
    before = coverage.gains()
    coverage.pick(0)
    after = coverage.gains()
    assert before[1] == pytest.approx(1.0 + 3 * 0.5)  # "ferry" 1, each other word 4 x 1/8
    assert after[1] == pytest.approx(3 * 0.5)  # "ferry" is held already


def test_word_pairs_weigh_by_the_pair_weight() -> None:
    sentences = [tokens("ferry reef"), tokens("ferry reef")]
    singles = WordCoverage(sentences, ["a", "b"], [0], summary_words=2.0, pair_weight=0.0).gains()[0]
    with_pairs = WordCoverage(sentences, ["a", "b"], [0], summary_words=2.0, pair_weight=2.0).gains()[0]
    assert with_pairs == pytest.approx(singles + 2.0 * 1.0)


def test_a_clause_ends_before_a_comma_or_a_spaced_dash_with_enough_words() -> None:
    text = "Two sailors died and others were missing after the storm, police said — officials added."
    ends = clause_ends(text, min_words=8)
    assert [text[:e] for e in ends] == [
        "Two sailors died and others were missing after the storm",
        "Two sailors died and others were missing after the storm, police said",
    ]
    assert clause_ends(text, min_words=20) == []


def test_a_clause_never_leaves_a_quotation_or_a_parenthesis_open() -> None:
    text = "The board (which met on Monday, as planned) said “the ferry, at least, was sound” on Friday."
    assert [text[:e] for e in clause_ends(text, min_words=3)] == []


def test_an_offset_in_normalised_text_maps_to_the_raw_text() -> None:
    raw = "  The ferry\n ran   aground, they said."
    assert raw[: raw_offset(raw, len("The ferry ran aground"))] == "  The ferry\n ran   aground"


def test_the_room_a_budget_leaves_is_filled_by_a_leading_clause(store: Store) -> None:
    add_document(store, "a", [LEAD, SEARCH])
    budget = len(LEAD) + 1 + SEARCH.index(",") + 5
    picked = summarize(store, ["a"], 5, max_chars=budget)
    assert [s.text for s in picked] == [LEAD, SEARCH[: SEARCH.index(",")]]
    assert len(" ".join(s.text for s in picked)) <= budget


def test_a_closing_clause_is_a_verbatim_span_at_its_offsets(store: Store) -> None:
    add_document(store, "a", [LEAD, SEARCH])
    clean = str(store.conn.execute("SELECT clean_text FROM documents WHERE id = 'a'").fetchone()[0])
    picked = summarize(store, ["a"], 5, max_chars=len(LEAD) + 90)
    clause = picked[-1]
    assert clause.text != SEARCH and SEARCH.startswith(clause.text)
    assert normalise(clean[clause.start : clause.end]) == clause.text


def test_without_a_budget_every_sentence_is_whole(store: Store) -> None:
    add_document(store, "a", [LEAD, SEARCH, RESCUE])
    add_document(store, "b", [INQUIRY, WEATHER])
    whole = {LEAD, SEARCH, RESCUE, INQUIRY, WEATHER}
    assert all(s.text in whole for s in summarize(store, ["a", "b"], 3))
