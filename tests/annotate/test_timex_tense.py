"""The tagger's reading of tense and context: which year a yearless date falls in, which weekday a
bare weekday is, and the words that look temporal but are not."""

from __future__ import annotations

import datetime as dt

from storyline.annotate.timex import find_time_expressions
from storyline.annotate.timex_tense import SentenceTense


def values(text: str, anchor: dt.date) -> list[tuple[str, str]]:
    return [(m.text, m.value) for m in find_time_expressions(text, anchor)]


def tense_at(text: str, word: str) -> str:
    start = text.index(word)
    return SentenceTense(text).at(start, start + len(word))


# --- cues ----------------------------------------------------------------------------------------


def test_a_passive_participle_is_not_a_past_cue() -> None:
    text = "She will be named commander of the shuttle for a mission in December."
    assert tense_at(text, "December") == "future"


def test_a_participle_after_an_article_is_an_adjective_not_a_past_cue() -> None:
    text = "The split would be paid on a still unspecified date in January."
    assert tense_at(text, "January") == "future"


def test_a_past_verb_in_ed_is_still_a_past_cue() -> None:
    assert tense_at("The company changed its auditors in December.", "December") == "past"


def test_effective_marks_a_date_still_to_come() -> None:
    assert tense_at("The trust also created an office of the chairman, effective Feb. 1.", "Feb. 1") == "future"


def test_a_date_after_by_is_a_deadline_still_to_come() -> None:
    text = "The sale is part of a program to pay down the bridge loan by February."
    assert tense_at(text, "February") == "future"
    assert values(text, dt.date(1989, 10, 30)) == [("February", "1990-02")]


def test_a_deadline_in_a_firmly_past_clause_is_past() -> None:
    assert tense_at("Most members had filed their reports by Wednesday.", "Wednesday") == "past"


def test_planned_to_is_no_future_cue() -> None:
    # "plans to" looks ahead from now, "planned to" from a moment already past.
    assert tense_at("On Friday, the government planned to pay the first claims.", "Friday") == "unknown"
    assert tense_at("On Friday, the government plans to pay the first claims.", "Friday") == "future"


# --- yearless dates --------------------------------------------------------------------------------


def test_a_yearless_month_nine_months_back_follows_a_past_tense() -> None:
    anchor = dt.date(1998, 10, 25)
    text = "In January, a clinic bombing in Birmingham killed a security guard."
    assert values(text, anchor) == [("January", "1998-01")]


def test_a_yearless_month_nine_months_ahead_follows_a_future_tense() -> None:
    anchor = dt.date(1998, 3, 4)
    text = "She will be named commander of the shuttle for a mission in December."
    assert values(text, anchor) == [("December", "1998-12")]


def test_without_a_tense_a_yearless_month_is_the_nearest_one() -> None:
    assert values("The talks center on December.", dt.date(1998, 3, 4)) == [("December", "1997-12")]


# --- words that look temporal ------------------------------------------------------------------------


def test_now_with_a_comma_at_a_sentence_start_is_a_discourse_marker() -> None:
    anchor = dt.date(1991, 2, 25)
    assert values('Iraq was ready to withdraw." Now, he says, it looks different.', anchor) == []
    assert values("Now the alliance has a new mission.", anchor) == [("Now", "PRESENT_REF")]
    assert values("The fund, now, holds cash.", anchor) == [("now", "PRESENT_REF")]


def test_a_capitalised_march_before_a_noun_is_the_month() -> None:
    anchor = dt.date(1999, 2, 10)
    assert values("The March accession will enable the three countries to join.", anchor) == [("March", "1999-03")]
    assert values("Protesters gathered at the annual March for Life.", anchor) == []
    assert values("Before the May elections, the party split.", anchor) == [("May", "1999-05")]
