"""The temporal tagger: what it finds in news sentences, and the TIMEX3 values it gives them."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from storyline.annotate.timex import TimexMatch, find_time_expressions
from storyline.model import Granularity

WEDNESDAY = dt.date(2023, 7, 26)  # the 2023 armistice anniversary week
THURSDAY_2021 = dt.date(2021, 7, 29)


def only(text: str, anchor: dt.date | None = WEDNESDAY) -> TimexMatch:
    found = find_time_expressions(text, anchor)
    assert len(found) == 1, found
    return found[0]


def values(text: str, anchor: dt.date | None = WEDNESDAY) -> list[tuple[str, str]]:
    return [(m.text, m.value) for m in find_time_expressions(text, anchor)]


# --- weekdays ----------------------------------------------------------------------------------


def test_tuesday_evening_in_a_past_sentence_is_the_day_before_a_wednesday_anchor() -> None:
    m = only("Li Hongzhong arrived in Pyongyang on Tuesday evening.")
    assert m.value.startswith("2023-07-25")
    assert m.value == "2023-07-25TEV"
    assert m.type == "TIME"
    assert m.relative and m.anchor == "2023-07-26"


def test_a_past_weekday_is_the_most_recent_one_before_the_anchor() -> None:
    m = only("Shoigu visited the tower on Wednesday.", THURSDAY_2021)
    assert m.value == "2021-07-28"
    assert m.granularity == Granularity.DAY


def test_a_weekday_in_a_future_sentence_is_the_next_one() -> None:
    assert only("The delegation will leave on Friday.").value == "2023-07-28"
    assert only("A parade is scheduled for Thursday.").value == "2023-07-27"


def test_a_weekday_takes_the_tense_of_its_own_clause() -> None:
    found = values("The envoy arrived on Tuesday and will leave on Friday.")
    assert found == [("Tuesday", "2023-07-25"), ("Friday", "2023-07-28")]


def test_last_and_next_weekday() -> None:
    assert only("They met last Friday.").value == "2023-07-21"
    assert only("They meet next Monday.").value == "2023-07-31"


def test_a_caller_may_give_the_tense() -> None:
    found = find_time_expressions("Talks on Monday.", WEDNESDAY, tense_hint=lambda offset: "future")
    assert found[0].value == "2023-07-31"


def test_the_weekday_after_the_anchor_is_the_next_day_even_in_a_past_sentence() -> None:
    # Wire stories are dated the day before they run: "headed Thursday" in a Wednesday story.
    assert only("The secretary of state headed Thursday to East Africa.").value == "2023-07-27"
    assert only("Protesters planned a large demonstration on Thursday.").value == "2023-07-27"
    assert only("The agency extended its deadline until 9 a.m. Thursday.").value == "2023-07-27T09:00"


def test_a_firmly_past_clause_keeps_the_weekday_after_the_anchor_in_the_past() -> None:
    assert only("Sununu was told Thursday that he had lost support.").value == "2023-07-20"
    assert only("The ministry said Thursday it had no comment.").value == "2023-07-20"


def test_the_weekday_after_the_anchor_follows_a_callers_tense() -> None:
    found = find_time_expressions("Talks on Thursday.", WEDNESDAY, tense_hint=lambda offset: "past")
    assert found[0].value == "2023-07-20"


def test_without_an_anchor_a_weekday_is_found_unresolved() -> None:
    m = only("The delegation arrived on Tuesday.", None)
    assert (m.text, m.value, m.relative, m.anchor) == ("Tuesday", "", True, None)


# --- the days, weeks, months and years around the anchor ---------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "granularity"),
    [
        ("It rained today.", "2023-07-26", Granularity.DAY),
        ("It rained yesterday.", "2023-07-25", Granularity.DAY),
        ("It will rain tomorrow.", "2023-07-27", Granularity.DAY),
        ("Leaders met this week.", "2023-W30", Granularity.WEEK),
        ("Leaders met last week.", "2023-W29", Granularity.WEEK),
        ("Leaders meet next month.", "2023-08", Granularity.MONTH),
        ("Exports rose this year.", "2023", Granularity.YEAR),
        ("Exports rose last year.", "2022", Granularity.YEAR),
        ("Prices fell earlier this month.", "2023-07", Granularity.MONTH),
        ("Output grew in the third quarter.", "2023-Q3", Granularity.QUARTER),
    ],
)
def test_deictic_expressions(text: str, value: str, granularity: Granularity) -> None:
    m = only(text)
    assert (m.value, m.granularity, m.type) == (value, granularity, "DATE")
    assert m.relative


def test_tonight_and_this_morning_are_times_of_the_anchor_day() -> None:
    assert values("He spoke this morning and leaves tonight.") == [
        ("this morning", "2023-07-26TMO"),
        ("tonight", "2023-07-26TNI"),
    ]


def test_since_last_year_keeps_the_preposition_out() -> None:
    assert only("Tensions have grown since last year.").text == "last year"


def test_a_bare_month_is_this_year_when_that_is_nearest() -> None:
    m = only("The talks began in March.")
    assert (m.value, m.granularity, m.relative) == ("2023-03", Granularity.MONTH, True)


def test_a_month_without_an_anchor_keeps_what_it_knows() -> None:
    m = only("The talks began in March.", None)
    assert (m.value, m.granularity, m.relative) == ("XXXX-03", Granularity.MONTH, True)


def test_last_march() -> None:
    assert only("The talks began last March.").value == "2023-03"
    assert only("The talks began last March.", dt.date(2023, 2, 1)).value == "2022-03"


# --- explicit dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The armistice was signed on July 27, 1953.", "1953-07-27"),
        ("The armistice was signed on 27 July 1953.", "1953-07-27"),
        ("The armistice was signed on 1953-07-27.", "1953-07-27"),
        ("The file is dated 08/15/90.", "1990-08-15"),
        ("The talks opened in March 2023.", "2023-03"),
        ("The war ended in 1953.", "1953"),
        ("It was built in the 1950s.", "195"),
    ],
)
def test_absolute_dates_do_not_depend_on_the_anchor(text: str, value: str) -> None:
    m = only(text)
    assert m.value == value
    assert not m.relative and m.anchor is None


def test_an_explicit_date_has_day_granularity() -> None:
    m = only("The armistice was signed on July 27, 1953.")
    assert (m.text, m.granularity) == ("July 27, 1953", Granularity.DAY)


def test_an_abbreviated_month_without_a_year_takes_the_nearest_year() -> None:
    assert only("The parade is on Jul. 27.").value == "2023-07-27"
    assert only("Talks resumed on Dec. 28.", dt.date(2024, 1, 3)).value == "2023-12-28"


def test_a_year_range_gives_both_years() -> None:
    found = values("Veterans of the 1950-53 Korean War attended.")
    assert found == [("1950", "1950"), ("53", "1953")]


# --- false friends -------------------------------------------------------------------------------


def test_modal_may_is_not_a_month() -> None:
    assert values("Kim Jong Un may showcase new missiles.") == []
    assert values("May I ask a question?") == []


def test_kim_il_sung_is_not_a_sunday() -> None:
    assert values("Kim Il Sung founded the country.") == []


def test_an_ordinal_is_not_a_year() -> None:
    assert [m.value for m in find_time_expressions("the 70th time", WEDNESDAY)] == []


def test_march_as_a_noun_or_verb_is_not_a_month() -> None:
    assert values("Thousands joined a protest march in the capital.") == []
    assert values("Workers will March on the capital.") == []


def test_counts_are_not_years() -> None:
    assert values("The country sent 2,000 troops.") == []
    assert values("The country sent 1950 troops.") == []


def test_an_age_is_not_a_duration() -> None:
    assert values("A 6-year-old boy survived.") == []


# --- durations, sets, references, times ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The visit lasted three weeks.", "P3W"),
        ("They signed a 13-month contract.", "P13M"),
        ("The border stayed closed for 70 years.", "P70Y"),
        ("The division lasted seven decades.", "P70Y"),
        ("The feud has gone on for decades.", "PXY"),
        ("The truce held for two and a half decades.", "P25Y"),
        ("The flight took two hours.", "PT2H"),
        ("The flight took an hour and a half.", "PT1H30M"),
        ("He waited for years.", "PXY"),
    ],
)
def test_durations(text: str, value: str) -> None:
    m = only(text)
    assert (m.type, m.value, m.granularity, m.relative) == ("DURATION", value, None, False)


def test_the_past_three_years_is_a_duration_with_its_article() -> None:
    m = only("Trade fell over the past three years.")
    assert (m.text, m.value) == ("the past three years", "P3Y")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The festival is held every year.", "P1Y"),
        ("The report is published annually.", "P1Y"),
        ("The committee meets weekly.", "P1W"),
        ("He visits on Mondays.", "XXXX-WXX-1"),
        ("The market opens every July.", "XXXX-07"),
    ],
)
def test_sets(text: str, value: str) -> None:
    m = only(text)
    assert (m.type, m.value) == ("SET", value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Relations have improved recently.", "PAST_REF"),
        ("He is now in Pyongyang.", "PRESENT_REF"),
        ("He is currently in Pyongyang.", "PRESENT_REF"),
        ("Ties may grow in the near future.", "FUTURE_REF"),
    ],
)
def test_vague_references(text: str, value: str) -> None:
    m = only(text)
    assert (m.value, m.granularity) == (value, None)


def test_a_clock_time_is_on_the_day_its_sentence_names() -> None:
    found = values("The parade began on Thursday at 10:30 a.m.", dt.date(2023, 7, 28))
    assert found == [("Thursday", "2023-07-27"), ("10:30 a.m.", "2023-07-27T10:30")]


def test_a_clock_time_is_on_the_day_the_sentence_before_names() -> None:
    found = values("The father will travel on Thursday. He will leave at 4 a.m. with his wife.")
    assert found == [("Thursday", "2023-07-27"), ("4 a.m.", "2023-07-27T04:00")]


def test_a_clock_time_two_sentences_after_a_day_is_on_the_anchor_day() -> None:
    found = values("He arrived on Monday. Talks followed. The parade began at 10 p.m.")
    assert found == [("Monday", "2023-07-24"), ("10 p.m.", "2023-07-26T22:00")]


def test_a_clock_time_alone_is_on_the_anchor_day() -> None:
    m = only("The parade began at 10 p.m.")
    assert (m.type, m.value) == ("TIME", "2023-07-26T22:00")


# --- anaphora ------------------------------------------------------------------------------------


def test_the_day_after_counts_from_the_date_just_given() -> None:
    found = values("The armistice was signed on July 27, 1953. The day after, the guns fell silent.")
    assert found[-1] == ("The day after", "1953-07-28")


def test_a_year_earlier_in_a_quarterly_report_is_the_same_quarter() -> None:
    found = values("Profit rose in the third quarter from $3 million a year earlier.", dt.date(1989, 10, 26))
    assert found == [("the third quarter", "1989-Q3"), ("a year earlier", "1988-Q3")]


# --- anniversaries -------------------------------------------------------------------------------


def test_an_anniversary_whose_base_date_the_text_gives_is_resolved() -> None:
    text = "Crowds marked the 70th anniversary of the armistice that was signed on July 27, 1953."
    m = find_time_expressions(text, WEDNESDAY)[0]
    assert m.anniversary == (70, "the armistice")
    assert (m.value, m.granularity, m.base_date) == ("2023-07-27", Granularity.DAY, "1953-07-27")
    assert not m.relative


def test_an_anniversary_of_a_dated_subject_has_the_subjects_precision() -> None:
    m = only("Crowds marked the 70th anniversary of the 1953 armistice.")
    assert (m.value, m.granularity, m.base_date) == ("2023", Granularity.YEAR, "1953")


def test_an_anniversary_finds_its_base_date_elsewhere_in_the_text() -> None:
    text = (
        "Shoigu attended the 70th anniversary of the armistice in Pyongyang. "
        "The armistice, signed on July 27, 1953, ended the fighting."
    )
    m = find_time_expressions(text, WEDNESDAY)[0]
    assert (m.value, m.base_date) == ("2023-07-27", "1953-07-27")


def test_an_anniversary_without_a_base_date_is_left_to_the_caller() -> None:
    found = find_time_expressions(
        "Delegates arrived the day after the 68th anniversary of the end of the war.", THURSDAY_2021
    )
    anniversary = found[-1]
    assert anniversary.anniversary == (68, "the end of the war")
    assert (anniversary.value, anniversary.base_date) == ("", None)
    assert found[0].text == "the day after" and found[0].value == ""


def test_a_base_date_that_does_not_fit_the_anchor_is_not_used() -> None:
    found = find_time_expressions(
        "They marked the 70th anniversary of the armistice signed on July 27, 1960.", WEDNESDAY
    )
    assert (found[0].rule, found[0].value) == ("anniversary", "")


def test_marks_n_years_of_is_an_anniversary() -> None:
    m = only("The visit marks 75 years of diplomatic ties.")
    assert m.anniversary == (75, "diplomatic ties")
    assert m.text == "75 years of diplomatic ties"


# --- the shape of the output ---------------------------------------------------------------------


def test_matches_are_in_order_and_never_overlap() -> None:
    text = "On Tuesday evening, three weeks after the July 27, 1953 anniversary, they met again last year."
    found = find_time_expressions(text, WEDNESDAY)
    assert [m.start for m in found] == sorted(m.start for m in found)
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))
    assert all(text[m.start : m.end] == m.text for m in found)


def test_every_match_names_its_rule() -> None:
    assert all(m.rule for m in find_time_expressions("Yesterday, every year, in 1953.", WEDNESDAY))


# --- yearless dates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "anchor", "value"),
    [
        ("In the fiscal year ended Jan. 31, the company reported sales of $59.5 million.", dt.date(1989, 10, 31),
         "1989-01-31"),
        ("In the second quarter ended Oct. 31, the company had a loss.", dt.date(1989, 10, 27), "1988-10-31"),
        ("For the quarter ended July 31, it earned $2 million.", dt.date(1989, 10, 30), "1989-07-31"),
        ("For the quarter ended Oct. 27, it earned $2 million.", dt.date(1989, 10, 27), "1989-10-27"),
    ],
)  # fmt: skip
def test_a_period_ended_on_a_yearless_date_is_over(text: str, anchor: dt.date, value: str) -> None:
    dated = [m for m in find_time_expressions(text, anchor) if m.rule == "month_day"]
    assert [m.value for m in dated] == [value]


def test_since_marks_the_past_for_a_yearless_date() -> None:
    text = "Investigators have been searching for Kopp since shortly after the Oct. 23 slaying."
    assert only(text, dt.date(1999, 5, 6)).value == "1998-10-23"


# --- speed without changing results ------------------------------------------------------------

SAMPLES = (
    "The talks lasted three years and a half, and two to three weeks more were needed six months ago.",
    "A year earlier, in the year-ago quarter, profit rose twice a year and once every month, per day.",
    "Sales in the second quarter of 2023 beat the 2022 period; the same quarter's figures came in the 1990s.",
    "In the 21st century, on the 3rd of May 1998 and the twenty-first of June, the summer of 2001 was hot.",
    "The vote comes later in the year, at the end of the month, a few days after several decades of war.",
    "Troops left 12 hours later, some weeks before the ceasefire; a couple of months back they had returned.",
    "Prices rose 4% a month for dozens of years, a fortnight from now, and the latest quarter slowed.",
)


def test_a_scan_resolved_again_against_another_anchor_equals_a_fresh_run() -> None:
    from storyline.annotate.timex import resolve_scan, scan

    text = " ".join(SAMPLES) + " Officials met on Tuesday and will meet again next Friday, a day after the vote."
    scanned = scan(text)
    for anchor in (None, WEDNESDAY, THURSDAY_2021):
        assert resolve_scan(scanned, anchor) == find_time_expressions(text, anchor)


def test_every_match_of_a_rule_holds_a_hit_of_what_the_rule_requires() -> None:
    from storyline.annotate.timex import _ASCII_LOWER
    from storyline.annotate.timex_rules import RULES

    with_requirement = {rule.name for rule in RULES if rule.requires is not None}
    exercised = set()
    for rule in RULES:
        if rule.requires is None:
            continue
        for text in SAMPLES:
            hits = [h.span() for h in rule.requires.finditer(text.translate(_ASCII_LOWER))]
            for m in rule.pattern.finditer(text):
                assert any(s < m.end() and e > m.start() for s, e in hits), (rule.name, m.group(0))
                exercised.add(rule.name)
    assert exercised == with_requirement  # the samples give every such rule a match to check


def test_letters_that_fold_to_ascii_do_not_break_the_tagger() -> None:
    """A long s ("ſeconds") or a Kelvin sign matches case-insensitive patterns as an ASCII letter;
    the tagger folds them before reading units, and reports the text as the page wrote it."""
    text = "It lasted three ſeconds, said the ſtate ſecretary on Monday."
    found = find_time_expressions(text, dt.date(2025, 3, 12))
    assert [(m.text, m.value) for m in found] == [("three ſeconds", "PT3S"), ("Monday", "2025-03-10")]
    assert all(text[m.start : m.end] == m.text for m in found)
