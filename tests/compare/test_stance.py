"""The stance comparison: does a body agree with a claim, disagree, discuss it, or not touch it?"""

from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from storyline.compare.stance import compare, compare_many
from storyline.compare.stance_features import FEATURES
from storyline.compare.stance_model import StanceModelError, fit, load_model, write_models
from storyline.compare.stance_text import read_sentence, split_sentences
from storyline.config import StanceConfig
from tests.conftest import ROOT, SHARED

CLAIM = "Russian man says Justin Bieber ringtone saved him from bear attack"

HOAX_BODY = """A story that a Justin Bieber ringtone saved a Russian fisherman from a bear attack is a hoax.

The tale, shared widely online this week, was made up by a satirical website, and the fisherman's family denied it.

Wildlife officials said no bear attack was reported in the region. Experts dismissed the claim as fake."""

REPORT_BODY = """A Russian fisherman says a Justin Bieber ringtone saved him from a bear attack.

Igor Vorozhbitsyn was fishing when a bear attacked him, and his phone rang with the song Baby.

The bear ran off when the ringtone played, the fisherman told reporters. Doctors treated his injuries."""

FOOTBALL_BODY = """Manchester United beat Arsenal 3-1 on Saturday in a league match at Old Trafford.

The home side scored twice in the first half, and the visitors replied late from a corner.

The manager praised his defence after the game and said the season was far from over."""


def test_abbreviations_do_not_end_a_sentence() -> None:
    assert split_sentences("Mr. Smith arrived on Monday. He left on Tuesday.") == [
        "Mr. Smith arrived on Monday.",
        "He left on Tuesday.",
    ]


def test_paragraph_breaks_end_a_sentence() -> None:
    assert split_sentences("A headline without a full stop\n\nThe body starts here.") == [
        "A headline without a full stop",
        "The body starts here.",
    ]


def test_refuting_cue_words_are_counted() -> None:
    assert read_sentence("Officials denied the report and called the photo a hoax.").falsehood == 1


def test_hedging_cue_words_are_counted() -> None:
    assert read_sentence("The singer was reportedly seen in Paris, according to witnesses.").hedging == 2


def test_a_body_about_something_else_is_unrelated() -> None:
    assert compare(CLAIM, FOOTBALL_BODY).label == "unrelated"


def test_an_empty_body_is_unrelated_with_no_evidence() -> None:
    stance = compare(CLAIM, "")
    assert (stance.label, stance.evidence) == ("unrelated", ())


def test_a_body_about_the_claim_is_related() -> None:
    assert compare(CLAIM, REPORT_BODY).label != "unrelated"


def test_a_debunking_body_leans_to_disagree_more_than_a_report() -> None:
    hoax, report = compare_many([(CLAIM, HOAX_BODY), (CLAIM, REPORT_BODY)])
    assert hoax.probabilities["disagree"] > report.probabilities["disagree"]


def test_evidence_names_the_best_matching_sentence_first() -> None:
    stance = compare(CLAIM, REPORT_BODY)
    assert stance.evidence[0].index == 0
    assert stance.evidence[0].text.startswith("A Russian fisherman says")


def test_evidence_lists_the_refuting_words_of_a_sentence() -> None:
    stance = compare(CLAIM, HOAX_BODY)
    assert "hoax" in stance.evidence[0].refuting


def test_without_the_transformer_the_static_model_decides() -> None:
    stance = compare(CLAIM, FOOTBALL_BODY, config=StanceConfig(transformer=False))
    assert stance.label == "unrelated"
    assert not any(name.startswith("transformer") for name in stance.features)


def test_sentences_given_by_the_caller_are_used() -> None:
    sentences = ["Justin Bieber ringtone saved a Russian man from a bear attack, he says.", "Nothing else."]
    stance = compare(CLAIM, " ".join(sentences), sentences=sentences)
    assert [e.text for e in stance.evidence] == sentences


def test_evidence_record_is_json_ready() -> None:
    record = compare(CLAIM, HOAX_BODY).as_evidence()
    assert set(record) >= {"label", "score", "related", "probabilities", "sentences", "relatedness_reasons"}


def test_a_written_model_reads_back_with_the_same_decisions(tmp_path: Path) -> None:
    rows = [[float((i * 7 + j) % 5) for j in range(len(FEATURES))] for i in range(40)]
    labels = ["agree", "disagree", "discuss", "unrelated"] * 10
    model = fit(FEATURES, rows, labels)
    write_models([model], tmp_path / "weights.json")
    again = load_model(FEATURES, tmp_path / "weights.json")
    for row in rows[:5]:
        assert again.lean.probabilities(row) == pytest.approx(model.lean.probabilities(row), abs=1e-5)
        assert again.relatedness.probability(row) == pytest.approx(model.relatedness.probability(row), abs=1e-5)


def test_weights_fitted_on_other_features_are_refused() -> None:
    with pytest.raises(StanceModelError, match="other features"):
        load_model(("some_other_feature",))


def _fnc1_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fnc1_evaluation", ROOT / "evaluation" / "fnc1.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    # Dataclasses look their module up by name while the module runs.
    sys.modules.setdefault(spec.name, module)
    spec.loader.exec_module(module)
    return module


def test_fnc_score_gives_a_quarter_for_relatedness_and_the_rest_for_the_stance() -> None:
    script = _fnc1_script()
    # Maximum: 1 (related) + 0.25 (unrelated); earned: 0.25 (related, wrong stance) + 0.25.
    assert script.fnc_score(["discuss", "unrelated"], ["agree", "unrelated"]) == pytest.approx(0.5 / 1.25)


def test_on_fnc1_pairs_the_decision_beats_calling_every_related_pair_discuss() -> None:
    folder = SHARED / "eval" / "fnc1"
    if not (folder / "stances.csv").is_file():
        pytest.skip("../shared/eval/fnc1 is not present beside the repository (outside data)")
    script = _fnc1_script()
    with (folder / "stances.csv").open(encoding="utf-8", newline="") as handle:
        wanted = {int(row["Body ID"]) for _, row in zip(range(400), csv.DictReader(handle), strict=False)}
    pairs = [pair for pair in script.read_fnc(folder) if pair.body_id in wanted][:600]
    # Static vectors only: the transformer over these bodies would take minutes on two cores.
    stances = compare_many([(pair.headline, pair.body) for pair in pairs], config=StanceConfig(transformer=False))
    gold = [pair.stance for pair in pairs]
    ours = script.fnc_score([s.label for s in stances], gold)
    baseline = script.fnc_score(["unrelated" if s.label == "unrelated" else "discuss" for s in stances], gold)
    assert ours > baseline
