"""The small decisions of a dossier: date order, role wording, citation folding."""

from __future__ import annotations

from storyline.report.actors import role_key
from storyline.report.citations import Citation, cite
from storyline.report.datekeys import date_key, precise_first_key
from storyline.report.records import Dossier, SourceRow


def test_timeline_dates_sort_by_their_first_day_coarse_before_fine() -> None:
    values = ["2023-07-27", "1953-07-27", "2023-W30", "2023-07", "2023", "2022", "2023-Q3", "2023-07-25"]
    assert sorted(values, key=date_key) == [
        "1953-07-27", "2022", "2023", "2023-Q3", "2023-07", "2023-W30", "2023-07-25", "2023-07-27",
    ]  # fmt: skip


def test_a_page_dated_only_to_a_month_is_not_taken_as_earlier_than_a_day_in_it() -> None:
    assert precise_first_key("2023-07-25") < precise_first_key("2023-07")
    assert precise_first_key("2023-07") < precise_first_key("2023-08-01")
    assert precise_first_key(None) > precise_first_key("2999")


def test_roles_in_other_words_or_spelling_are_one_role() -> None:
    assert role_key("Minister of Defence") == role_key("Defense Minister")
    assert role_key("vice chairman of the Standing Committee") != role_key("deputy chairperson of the Politburo")


def _source(doc: str, group: str) -> SourceRow:
    return SourceRow(doc, None, None, None, None, f"{doc}.txt", None, None, False, None, "x", None, None, group)


def test_copies_are_folded_under_the_first_source_of_their_independence_group() -> None:
    d = Dossier("event", "EV-1", "t", None, None, None, [], [], [], [], [], [], [])
    d.sources = [_source("a", "G1"), _source("b", "G1"), _source("c", "G2"), _source("d", "G1")]
    assert cite(d, ["a", "b", "d", "c"]) == "[1 + 2 copies: 2, 4] [3]"
    assert Citation(3, ()).label() == "[3]"
