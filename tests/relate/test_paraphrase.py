"""The sentence-paraphrase decision: same statement, or a different number, name or negation."""

from __future__ import annotations

import json

import numpy as np

from storyline.config import RelateConfig
from storyline.relate.embeddings import encode, encode_static
from storyline.relate.paraphrase import FEATURES, decide_pairs, is_paraphrase, shipped_model
from storyline.relate.sentence_contrast import contrast

BUS = "Eleven people were injured when a bus overturned near Pyongyang on Tuesday, police said."


def test_a_rewrite_of_a_sentence_is_a_paraphrase() -> None:
    decision = is_paraphrase(BUS, "Police said 11 people were hurt on Tuesday when a bus overturned near Pyongyang.")

    assert decision.paraphrase
    assert decision.score > 0.8
    assert decision.conflicts == ()


def test_a_passive_rewrite_is_a_paraphrase() -> None:
    decision = is_paraphrase(
        "Kim Jong Un hosted Sergei Shoigu at a banquet.", "Shoigu was hosted by Kim Jong Un at a banquet."
    )

    assert decision.paraphrase


def test_a_different_number_is_not_a_paraphrase() -> None:
    decision = is_paraphrase("11 injured in bus crash near Pyongyang", "14 injured in bus crash near Pyongyang")

    assert not decision.paraphrase
    assert decision.conflicts == ("number: 11 / 14",)


def test_a_different_number_written_in_words_is_not_a_paraphrase() -> None:
    decision = is_paraphrase(BUS, BUS.replace("Eleven", "Fourteen"))

    assert not decision.paraphrase
    assert decision.contrast.numbers_only == (("11",), ("14",))


def test_a_flipped_negation_is_not_a_paraphrase() -> None:
    decision = is_paraphrase(
        "The delegation attended the military parade in Pyongyang.",
        "The delegation did not attend the military parade in Pyongyang.",
    )

    assert not decision.paraphrase
    assert decision.contrast.negated == (False, True)
    assert "negation" in decision.conflicts[0]


def test_a_different_person_is_not_a_paraphrase() -> None:
    decision = is_paraphrase(
        "Russian Defence Minister Sergei Shoigu met Kim Jong Un in Pyongyang on Wednesday.",
        "Chinese Vice Premier Li Hongzhong met Kim Jong Un in Pyongyang on Wednesday.",
    )

    assert not decision.paraphrase
    assert any(conflict.startswith("name:") and "shoigu" in conflict for conflict in decision.conflicts)


def test_an_unrelated_sentence_is_not_a_paraphrase() -> None:
    decision = is_paraphrase(
        "The central bank raised interest rates by half a point.",
        "Heavy rain flooded several villages in the south of the country.",
    )

    assert not decision.paraphrase
    assert decision.score < 0.2


def test_a_same_topic_sentence_saying_something_else_is_not_a_paraphrase() -> None:
    decision = is_paraphrase(
        "Shoigu arrived in Pyongyang on Tuesday for the armistice anniversary.",
        "Kim Jong Un showed Shoigu new drones and missiles at an arms exhibition.",
    )

    assert not decision.paraphrase


def test_the_conflict_rule_can_be_switched_off() -> None:
    decision = is_paraphrase(
        "11 injured in bus crash near Pyongyang",
        "14 injured in bus crash near Pyongyang",
        RelateConfig(paraphrase_veto_kinds=()),
    )

    assert decision.paraphrase
    assert decision.conflicts == ()


def test_batched_decisions_equal_single_ones() -> None:
    pairs = [(BUS, BUS.replace("Eleven", "Fourteen")), (BUS, "Police said 11 people were hurt in a bus crash.")]

    batched = decide_pairs(pairs)

    assert [d.paraphrase for d in batched] == [is_paraphrase(a, b).paraphrase for a, b in pairs]
    assert [round(d.score, 4) for d in batched] == [round(is_paraphrase(a, b).score, 4) for a, b in pairs]


def test_the_evidence_is_plain_json() -> None:
    evidence = is_paraphrase("11 injured in bus crash", "14 injured in bus crash").evidence()

    assert json.loads(json.dumps(evidence))["conflicts"] == ["number: 11 / 14"]
    assert evidence["numbers_only"] == [["11"], ["14"]]


def test_the_shipped_weights_use_the_computed_features() -> None:
    assert shipped_model().features == FEATURES


def test_numbers_written_differently_are_the_same_number() -> None:
    found = contrast("Sixty-one people died and 1,000 fled.", "61 people died and 1000 fled.")

    assert found.numbers_only == ((), ())


def test_a_rounded_number_is_the_same_number() -> None:
    found = contrast("Revenue was $6.32 billion, up 3.8 percent.", "Revenue was $6.3 billion, up 4 percent.")

    assert found.numbers_only == ((), ())
    assert found.substitutions == ()


def test_spellings_and_acronyms_of_a_name_are_the_same_name() -> None:
    found = contrast(
        "Allen Eichhorn said the U.N. would act.", "Her publicist Allen Eichorn said the United Nations would act."
    )

    assert found.names_only == ((), ())
    assert found.substitutions == ()


def test_a_negative_verb_answers_a_negation() -> None:
    found = contrast(
        "Sanctions follow if the subsidies are not repealed.", "Sanctions follow unless the subsidies are repealed."
    )

    assert not found.negation_differs


def test_transformer_vectors_are_normalised_float32() -> None:
    vectors = encode(["Shoigu met Kim.", "Heavy rain flooded villages."])

    assert vectors.shape == (2, 384)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_static_vectors_separate_a_paraphrase_from_an_unrelated_sentence() -> None:
    vectors = encode_static([BUS, "Police said 11 people were hurt in a bus crash.", "The stock market fell."])

    assert vectors.dtype == np.float32
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2
