"""Sentences aligned on their words, and light edits related without the sentence transformer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.config import Config, RelateConfig
from storyline.pipeline import build
from storyline.relate import stage
from storyline.relate.lexical import align_words, decide_words, overlap, words
from storyline.store.db import Store

RC = RelateConfig()

ORIGINAL = [
    "Firefighters from three towns fought the blaze at the Vellmar paper mill for six hours on Monday.",
    "The fire started in a storage hall shortly after 4 a.m., the regional fire service said.",
    "Eleven workers were treated for smoke inhalation at the Vellmar district hospital.",
    "The mill, which employs 340 people, will stay closed until safety inspectors have visited.",
    "Police said there was no sign that the fire had been started deliberately.",
    "Residents were told to keep their windows shut because of the smoke.",
]


def _light_edit(sentences: list[str]) -> list[str]:
    edited = list(sentences)
    edited[2] = edited[2].replace("Eleven", "Fourteen")  # a changed detail
    edited[3] = edited[3].replace("stay closed", "remain closed")  # a synonym
    del edited[4]  # a dropped sentence
    edited.append("This story was updated with comments from the mill's owner.")
    return edited


def test_word_overlap_is_dice_over_word_counts() -> None:
    assert overlap(words("The mill will stay closed."), words("the MILL will stay closed")) == 1.0
    assert overlap(words("a b c d"), words("a b c e")) == pytest.approx(0.75)
    assert overlap(words(""), words("")) == 0.0


def test_identical_and_nearly_identical_sentences_align_in_order() -> None:
    pairs = align_words(ORIGINAL, _light_edit(ORIGINAL), RC.word_align_overlap)
    assert [(i, j) for i, j, _ in pairs] == [(0, 0), (1, 1), (2, 2), (3, 3), (5, 4)]
    scores = {(i, j): s for i, j, s in pairs}
    assert scores[(0, 0)] == 1.0
    assert RC.word_align_overlap <= scores[(3, 3)] < 1.0


def test_sentences_on_one_topic_in_other_words_are_left_to_the_model() -> None:
    a = ["The regional fire service said the blaze started in a storage hall shortly after 4 a.m."]
    b = ["According to firefighters, flames first broke out in a warehouse before dawn."]
    assert align_words(a, b, RC.word_align_overlap) == []


def test_a_substituted_number_is_a_conflict_not_a_paraphrase() -> None:
    edited = _light_edit(ORIGINAL)
    score = overlap(words(ORIGINAL[2]), words(edited[2]))
    decision = decide_words(ORIGINAL[2], edited[2], score, RC)
    assert not decision.paraphrase
    assert decision.conflicts and decision.conflicts[0].startswith("number")
    synonym = decide_words(ORIGINAL[3], edited[3], overlap(words(ORIGINAL[3]), words(edited[3])), RC)
    assert synonym.paraphrase and not synonym.conflicts
    assert decide_words(ORIGINAL[0], ORIGINAL[0], 1.0, RC).evidence()["decided_by"] == "words"


def test_the_transformer_is_only_asked_when_a_copy_is_possible() -> None:
    assert not stage._could_copy([], [(2, 5, 0.7), (3, 7, 0.7), (4, 8, 0.7)], 10, RC)  # same event at most
    assert stage._could_copy([], [(k, k, 0.7) for k in range(5)], 10, RC)  # half the shorter document
    assert stage._could_copy([], [(0, 0, 0.6), (1, 1, 0.6)], 10, RC)  # a rewritten lede
    assert stage._could_copy([(0, 3, 1.0)], [(1, 4, 0.6)], 4, RC)  # words and proposals together
    assert not stage._could_copy([(0, 0, 1.0), (1, 1, 1.0)], [], 4, RC)  # nothing left to confirm


def test_a_light_edit_is_related_without_the_transformer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(sentences: list[str], batch_size: int = 64) -> list[object]:
        if sentences:
            raise AssertionError(f"the transformer was asked to encode {len(sentences)} sentences")
        return []

    monkeypatch.setattr(stage, "encode_with_tokens", refuse)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "wire.txt").write_text("Fire at the Vellmar paper mill\n\n" + "\n\n".join(ORIGINAL) + "\n")
    (corpus / "reprint.txt").write_text(
        "Fire at the Vellmar paper mill\n\n" + "\n\n".join(_light_edit(ORIGINAL)) + "\n"
    )
    with Store(tmp_path / "s.db") as store:
        build([str(corpus)], store, Config(), until="relate")
        rows = store.conn.execute("SELECT kind, evidence FROM relations").fetchall()
    assert [r[0] for r in rows] == ["light_edit"]
    evidence = json.loads(rows[0][1])
    assert evidence["aligned_by"] == {"words": 5, "transformer": 0, "static_vectors": 0, "transformer_used": False}
    assert any("number" in c for conflict in evidence["conflicting_sentences"] for c in conflict["differs_in"])
