"""Entities: repaired mentions, links within a document and across the corpus, with reasons."""

from __future__ import annotations

import pytest

from storyline.annotate import nlp
from storyline.annotate.entities import link_in_document, same_name
from storyline.annotate.mentions import extract_mentions, name_tokens


def _mentions(text: str) -> list:
    return extract_mentions(next(nlp.pipe([text])))


def test_a_title_is_a_role_not_part_of_the_name() -> None:
    (m,) = [
        m for m in _mentions("Defense Minister Sergei Shoigu arrived in the capital on Tuesday.") if m.type == "person"
    ]
    assert (m.text, m.role) == ("Sergei Shoigu", "Defense Minister")


def test_an_apposition_gives_the_role() -> None:
    text = "A delegation led by Li Hongzhong, vice chairman of the Standing Committee, will travel this week."
    (m,) = [m for m in _mentions(text) if m.type == "person"]
    assert m.role == "vice chairman of the Standing Committee"


def test_a_three_part_name_cut_short_is_extended() -> None:
    text = "They were welcomed by officials, including Defense Minister Kang Sun Nam. Kang spoke first."
    people = [m.text for m in _mentions(text) if m.type == "person"]
    assert "Kang Sun Nam" in people


def test_a_lone_title_word_is_not_an_organisation() -> None:
    assert all(
        m.text != "Defense" for m in _mentions("Defense Minister Sergei Shoigu met Defense Minister Kang Sun Nam.")
    )


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Kim Jong Un", "Kim Jong-un", True),
        ("Sergei Shoigu", "Sergey Shoigu", True),
        ("Kim Jong Un", "Kim Jong Il", False),
        ("Kim Il Sung", "Kim Jong Il", False),
        ("Li Hongzhong", "Li Hongzhong", True),
        ("Zhao Leji", "Zhao Lijian", False),
    ],
)
def test_same_name(a: str, b: str, same: bool) -> None:
    assert (same_name(name_tokens(a), name_tokens(b)) is not None) is same


def test_a_surname_refers_back_to_the_nearest_full_name_carrying_it() -> None:
    text = (
        "Statues of Kim Il Sung and Kim Jong Il stood in the square. North Korean leader Kim Jong Un "
        "visited the cemetery. Kim expressed gratitude to the soldiers."
    )
    mentions = _mentions(text)
    groups = link_in_document(mentions)
    kim = next(g for g in groups if g.tokens == ["kim", "jong", "un"])
    assert "Kim" in kim.surfaces
    assert any("nearest preceding full name" in r for r in kim.reasons)
    assert len([g for g in groups if g.type == "person"]) == 3
