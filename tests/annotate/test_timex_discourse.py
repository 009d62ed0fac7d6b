"""The temporal tagger on phrases whose reading depends on grammar or on what the text said before:
holidays that name a week, a day inside a month the text named, parts of a day, "today's"."""

from __future__ import annotations

import datetime as dt

from storyline.annotate.timex import find_time_expressions

MONDAY_2000 = dt.date(2000, 4, 17)  # the Monday of Easter week 2000 (Easter Sunday: April 23)
SATURDAY_1999 = dt.date(1999, 2, 6)


def values(text: str, anchor: dt.date) -> list[tuple[str, str, str]]:
    return [(m.text, m.type, m.value) for m in find_time_expressions(text, anchor)]


def test_easter_week_is_the_iso_week_of_easter_sunday() -> None:
    found = values("Protesters prayed for divine help as Easter week began.", MONDAY_2000)
    assert found == [("Easter week", "DATE", "2000-W16")]


def test_holy_week_with_a_year_is_that_years_easter_week() -> None:
    assert values("Pilgrims crowded the city during Holy Week 1999.", MONDAY_2000) == [
        ("Holy Week 1999", "DATE", "1999-W13")
    ]


def test_easter_alone_is_still_a_day() -> None:
    assert values("The family will gather on Easter.", MONDAY_2000) == [("Easter", "DATE", "2000-04-23")]


def test_that_day_after_a_month_is_an_unknown_day_of_that_month() -> None:
    text = "Slepian was killed last October. His name on the site was crossed out that same day."
    assert values(text, SATURDAY_1999)[-1] == ("that same day", "DATE", "1998-10-XX")


def test_that_day_after_a_year_is_an_unknown_day_of_that_year() -> None:
    text = "The plant opened in 1985. Workers still remember that day."
    assert values(text, SATURDAY_1999)[-1] == ("that day", "DATE", "1985-XX-XX")


def test_the_next_day_after_a_month_stays_unresolved() -> None:
    text = "The talks began in March 1998. The next day, the envoys left."
    assert values(text, SATURDAY_1999)[-1][2] == ""


def test_the_early_hours_of_a_day_are_not_an_amount_of_hours() -> None:
    text = "Police arrested him at the airport in the early hours of Thursday morning."
    assert values(text, dt.date(1999, 10, 8)) == [("Thursday morning", "TIME", "1999-10-07TMO")]


def test_hours_spent_are_still_a_vague_duration() -> None:
    assert values("They waited for hours.", SATURDAY_1999) == [("hours", "DURATION", "PTXH")]


def test_in_the_long_run_is_not_a_time() -> None:
    assert values("The people who suffer in the long run are all of us.", SATURDAY_1999) == []


def test_the_near_term_is_still_the_future() -> None:
    assert values("We don't minimize the challenges of the near term.", SATURDAY_1999) == [
        ("the near term", "DATE", "FUTURE_REF")
    ]


def test_todays_editions_are_the_days_and_todays_world_is_the_present_in_general() -> None:
    anchor = dt.date(1989, 11, 2)
    assert values("The offer, advertised in today's editions of the Journal, expires.", anchor) == [
        ("today", "DATE", "1989-11-02")
    ]
    assert values("Mothers in today's world can prove paternity.", anchor) == []


def test_timex3_only_output_leaves_anniversaries_to_the_pipeline() -> None:
    text = "NATO will celebrate its 50th anniversary in Washington next month."
    anchor = dt.date(1999, 3, 12)
    assert [m.rule for m in find_time_expressions(text, anchor)] == ["anniversary", "deictic_month"]
    timex3 = find_time_expressions(text, anchor, anniversaries=False)
    assert [(m.text, m.value) for m in timex3] == [("next month", "1999-04")]
