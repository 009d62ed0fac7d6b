"""Claim extraction from single sentences, on sentences written for these tests."""

from __future__ import annotations

import re

from storyline.compare.frames import ClaimMention, EntityRef, SentenceContext, TimeRef, extract
from storyline.compare.stage import parser


def _claims(text: str, people: dict[str, str], times: dict[str, tuple[str, str]] | None = None) -> list[ClaimMention]:
    """Parse one sentence; `people` maps a name in it to its entity type; `times` a phrase to
    (value, granularity)."""
    entities = [
        EntityRef(m.start(), m.end(), "E-" + name, name, kind)
        for name, kind in people.items()
        for m in [re.search(re.escape(name), text)]
        if m
    ]
    refs = [
        TimeRef(m.start(), m.end(), value, grain)
        for phrase, (value, grain) in (times or {}).items()
        for m in [re.search(re.escape(phrase), text)]
        if m
    ]
    doc = parser()(text)
    return extract(doc[:], SentenceContext("d1", 0, 0, entities, refs))


def _kind(found: list[ClaimMention], kind: str) -> list[ClaimMention]:
    return [m for m in found if m.kind == kind]


def test_a_participle_led_by_makes_the_named_person_the_leader() -> None:
    found = _kind(
        _claims("A trade delegation led by Mara Quell arrived in Osterby.", {"Mara Quell": "person"}), "action"
    )
    assert any(m.subject_name == "Mara Quell" and m.predicate == "lead" and m.object == "delegation" for m in found)


def test_headed_by_and_will_lead_fill_the_same_slot_as_led_by() -> None:
    passive = _kind(_claims("The delegation will be headed by Mara Quell.", {"Mara Quell": "person"}), "action")
    relative = _kind(
        _claims(
            "Osterby will send Mara Quell, who will lead the delegation.", {"Mara Quell": "person", "Osterby": "place"}
        ),
        "action",
    )
    slots = {(m.subject, m.predicate, m.object) for m in passive} & {
        (m.subject, m.predicate, m.object) for m in relative
    }
    assert ("E-Mara Quell", "lead", "delegation") in slots


def test_an_apposition_before_or_after_the_name_is_a_description() -> None:
    after = _kind(
        _claims("Tolan Brisk, deputy mayor of Osterby, opened the bridge.", {"Tolan Brisk": "person"}), "attribute"
    )
    before = _kind(
        _claims("The council sent a junior clerk, Tolan Brisk, to the meeting.", {"Tolan Brisk": "person"}), "attribute"
    )
    assert [m.value for m in after] == ["deputy mayor of Osterby"]
    assert [m.value for m in before] == ["junior clerk"]


def test_a_count_in_words_or_digits_fills_a_quantity_slot() -> None:
    words = _kind(_claims("Eleven people were injured in the crash.", {}), "quantity")
    digits = _kind(_claims("14 persons were hurt in the crash.", {}), "quantity")
    assert [(m.predicate, m.object, m.value) for m in words] == [("injure", "people", "11")]
    assert [(m.predicate, m.object, m.value) for m in digits] == [("injure", "people", "14")]


def test_how_badly_people_were_hurt_is_another_slot_than_how_many() -> None:
    found = _kind(_claims("Two of the injured were seriously hurt.", {}), "quantity")
    assert found and all(m.predicate != "injure" for m in found)


def test_according_to_and_speech_verbs_name_the_source() -> None:
    according = _claims("According to state radio, a delegation led by Mara Quell arrived.", {"Mara Quell": "person"})
    said = _claims("Eleven people were injured, the coast guard said.", {})
    assert _kind(according, "action")[0].attribution == "state radio"
    assert _kind(said, "quantity")[0].attribution == "coast guard"


def test_hedges_and_negation_are_kept_not_dropped() -> None:
    hedged = _kind(_claims("Mara Quell may lead the delegation.", {"Mara Quell": "person"}), "action")
    negated = _kind(_claims("Mara Quell did not lead the delegation.", {"Mara Quell": "person"}), "action")
    assert hedged[0].modality == "hedged" and not hedged[0].negated
    assert negated[0].negated


def test_a_day_precise_date_is_a_claim_about_what_it_dates() -> None:
    text = "The treaty, signed on March 3, 1921, ended the dispute."
    found = _kind(_claims(text, {}, {"March 3, 1921": ("1921-03-03", "day")}), "date")
    assert [m.value for m in found] == ["1921-03-03"]
    assert "treaty" in found[0].text and "1921" in found[0].text


def test_every_claim_span_is_text_of_the_sentence() -> None:
    text = "According to state radio, a delegation led by Mara Quell arrived in Osterby on Tuesday."
    for m in _claims(text, {"Mara Quell": "person", "Osterby": "place"}):
        assert text[m.start : m.end] == m.text and m.text
