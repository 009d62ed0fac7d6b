"""A dossier costs what its own events hold, not what the corpus holds, and the shortcuts that make
it so decide exactly as the plain rules do."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from storyline.report.chronology import _Dated, _OneDate, _same
from storyline.report.dossier import claims
from storyline.report.sources import SourceTree
from storyline.store.db import Store


def _pairwise(sentences: list[_Dated], cosine: float) -> list[list[tuple[str, int]]]:
    """The rule as written: each sentence joins the first statement whose first sentence `_same` accepts."""
    statements: list[list[_Dated]] = []
    for s in sentences:
        match = next((st for st in statements if _same(st[0], s, cosine)), None)
        if match is None:
            statements.append([s])
        else:
            match.append(s)
    return [[(m.document, m.index) for m in st] for st in statements]


def test_a_sentence_joins_the_first_statement_of_its_date_that_says_the_same() -> None:
    rng = np.random.default_rng(7)
    centres = rng.normal(size=(12, 16)).astype(np.float32)
    texts = ["Talks resumed on Monday.", "Talks  resumed on monday!", "The bridge reopened.", "Rain fell."]
    sentences = []
    for i in range(400):
        raw = centres[rng.integers(len(centres))] + rng.normal(scale=0.45, size=16).astype(np.float32)
        vector = None if i % 9 == 0 else raw / float(np.linalg.norm(raw))
        text = texts[i % 4] if i % 5 == 0 else f"Sentence number {i}."
        sentences.append(_Dated(f"doc{i % 37}", i, text, "2024-05-06", "day", vector))
    one_date = _OneDate()
    for s in sentences:
        one_date.add(s, 0.8)
    found = [[(m.document, m.index) for m in st.members] for st in one_date.statements]
    expected = _pairwise(sentences, 0.8)
    assert found == expected
    assert 12 < len(expected) < 300  # both ways of joining happened


def _document(store: Store, doc_id: str, outlet: str) -> None:
    store.conn.execute(
        "INSERT INTO documents (id, path, format, raw, outlet) VALUES (?, ?, 'text', x'00', ?)",
        (doc_id, f"{doc_id}.txt", outlet),
    )


def _claim(
    store: Store, claim: str, event: str, status: str, sources: int, support: list[tuple[str, str | None]]
) -> None:
    store.conn.execute(
        "INSERT INTO claims (id, event, kind, slot, text, status, independent_sources, modality) "
        "VALUES (?, ?, 'action', 's', ?, ?, ?, 'asserted')",
        (claim, event, f"text of {claim}", status, sources),
    )
    for k, (doc, attribution) in enumerate(support):
        idx = int(claim.removeprefix("C")) * 10 + k
        store.conn.execute(
            "INSERT INTO claim_mentions (document, idx, sentence, start, end, kind, subject, subject_name, predicate, "
            "object, object_text, modality, negated, attribution, text) "
            "VALUES (?, ?, 0, ?, 1, 'action', 'x', 'x', 'p', 'o', 'o', 'asserted', 0, ?, 't')",
            (doc, idx, k, attribution),
        )
        store.conn.execute("INSERT INTO claim_support (claim, document, mention) VALUES (?, ?, ?)", (claim, doc, idx))


def test_a_dossier_shows_the_claims_of_its_own_events_with_their_speakers_and_conflicts(tmp_path: Path) -> None:
    with Store(tmp_path / "claims.db") as store:
        for doc, outlet in (("d1", "Harbour Times"), ("d2", "Lowmarch Herald"), ("d3", "Courier")):
            _document(store, doc, outlet)
        _claim(store, "C1", "EV-a", "single_source", 1, [("d2", None)])
        _claim(store, "C2", "EV-a", "conflict", 2, [("d2", None), ("d1", "the port authority")])
        _claim(store, "C3", "EV-b", "conflict", 3, [("d1", None), ("d3", None)])
        _claim(store, "C4", "EV-other", "corroborated", 5, [("d3", None)])
        store.conn.executemany(
            "INSERT INTO claim_conflicts (claim, other, reason) VALUES (?, ?, ?)",
            [("C2", "C3", "different numbers: 11 and 14"), ("C3", "C2", "different numbers: 14 and 11")],
        )
        tree = SourceTree(["d2", "d1", "d3"], {"d1": "d1", "d2": "d2", "d3": "d3"})
        found = claims(store, ["EV-a", "EV-b"], tree)
    assert [c.id for c in found] == ["C3", "C2", "C1"]  # conflicts first, the best supported first
    c2 = found[1]
    assert c2.sources == ["d2", "d1"]  # citation order, not id order
    assert c2.asserted_by == ["the port authority", "Lowmarch Herald"]  # attributed before own voice
    assert (c2.conflicts_with, c2.conflict_reason) == (["C3"], "different numbers: 11 and 14")
    assert found[2].conflicts_with == [] and found[2].conflict_reason is None
