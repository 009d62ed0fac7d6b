"""Query timelines: how a query is read, which days are chosen, which sentences describe them."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import main
from storyline.config import Config, TimelineConfig
from storyline.errors import NotFoundError
from storyline.pipeline import build
from storyline.report.tls import TimelineRequest, build_timeline, timeline_json
from storyline.report.tls_dates import DatedSentence, score_days
from storyline.report.tls_query import interpret, matches_all
from storyline.report.tls_sentences import Vectoriser, pick_sentences, without_dateline
from storyline.store.db import Store

DAM = Path(__file__).resolve().parents[1] / "fixtures" / "timeline" / "dam.jsonl"
MARCH = TimelineRequest("dam", 2, 1, date(2024, 3, 1), date(2024, 3, 31))
VOCABULARY = Counter({"libya": 40, "war": 30, "bp": 25, "oil": 50, "financial": 12, "finance": 7, "spill": 20})


@pytest.fixture(scope="module")
def dam_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Seven short reports (JSON Lines): a dam bursts on Monday 4 March 2024, reported from the 5th."""
    path = tmp_path_factory.mktemp("timeline") / "dam.db"
    with Store(path) as store:
        build([str(DAM)], store, Config(), until="annotate")
    yield path


def _sentence(doc: str, text: str, published: date, *days: date) -> DatedSentence:
    return DatedSentence(doc, 0, text, published, days, tuple("that day" for _ in days))


def test_a_joined_up_label_is_read_as_its_parts() -> None:
    (term,) = interpret("LibyaWar", VOCABULARY)
    assert (term.reading, term.words) == ("parts", ("libya", "war"))


def test_words_written_without_spaces_are_split_into_corpus_words() -> None:
    (term,) = interpret("bpoil", VOCABULARY)
    assert (term.reading, term.words) == ("run", ("bp", "oil"))


def test_an_unknown_word_start_is_read_as_a_prefix_of_corpus_words() -> None:
    (term,) = interpret("Finan", VOCABULARY)
    assert term.reading == "prefix" and term.words == ("financial", "finance")
    assert matches_all([term], {"finance", "minister"})


def test_a_term_the_corpus_never_uses_matches_no_document() -> None:
    terms = interpret("oil zeppelin", VOCABULARY)
    assert [t.reading for t in terms] == ["word", "unknown"]
    assert not matches_all(terms, {"oil", "spill"})


def test_a_day_the_reports_name_outranks_the_day_they_were_printed() -> None:
    monday, tuesday = date(2024, 3, 4), date(2024, 3, 5)
    reports = [_sentence(f"d{i}", "The dam burst on Monday.", tuesday, monday) for i in range(3)]
    best, second = score_days(reports, monday, tuesday, publication_weight=0.5)
    assert (best.day, best.naming_documents, best.score) == (monday, 3, 3.0)
    assert (second.day, second.published_documents, second.score) == (tuesday, 3, 1.5)


def test_a_sentence_repeating_a_picked_one_is_skipped_as_redundant() -> None:
    day = date(2024, 3, 4)
    texts = [
        "The Kessel dam burst on Monday and flooded the town of Oldbank.",
        "The Kessel dam burst on Monday, flooding the town of Oldbank.",
        "Rescue teams evacuated three hundred residents of Oldbank overnight.",
    ]
    candidates = [(_sentence(f"d{i}", t, day, day), "names the day") for i, t in enumerate(texts)]
    picked = pick_sentences(candidates, 2, Vectoriser(texts), {}, TimelineConfig(), set())
    assert len(picked) == 2 and picked[1].sentence.text == texts[2]


def test_the_timeline_is_on_the_day_the_reports_say_the_dam_burst(dam_db: Path) -> None:
    with Store(dam_db) as store:
        timeline = build_timeline(store, MARCH)
    days = [e.day.day for e in timeline.entries]
    assert days == [date(2024, 3, 4), date(2024, 3, 6)]
    # Nobody published on the 4th: the day comes from "on Monday" in reports of the 5th and 8th.
    assert timeline.entries[0].day.published_documents == 0 and timeline.entries[0].day.naming_documents == 3


def test_every_sentence_names_its_day_or_leads_a_report_of_it(dam_db: Path) -> None:
    with Store(dam_db) as store:
        timeline = build_timeline(store, TimelineRequest("dam", 5, 2, date(2024, 3, 1), date(2024, 3, 31)))
    for entry in timeline.entries:
        for p in entry.sentences:
            names = entry.day.day in p.sentence.days
            leads = p.sentence.index < TimelineConfig().lead_sentences and (
                p.sentence.published.toordinal() - entry.day.day.toordinal() in (0, 1)
            )
            assert names or leads, (entry.day.day, p.sentence.text)


def test_one_sentence_never_describes_two_days(dam_db: Path) -> None:
    with Store(dam_db) as store:
        timeline = build_timeline(store, TimelineRequest("dam", 6, 3))
    texts = [p.sentence.text for e in timeline.entries for p in e.sentences]
    assert len(texts) == len(set(texts))


def test_documents_published_outside_the_window_are_not_read(dam_db: Path) -> None:
    with Store(dam_db) as store:
        inside = build_timeline(store, MARCH)
        everything = build_timeline(store, TimelineRequest("dam", 10, 1))
    assert (inside.window_documents, inside.matching_documents) == (6, 5)
    assert everything.matching_documents == 6
    assert all(e.day.day >= date(2024, 3, 1) for e in inside.entries)


def test_the_query_keeps_reports_on_other_subjects_out(dam_db: Path) -> None:
    with Store(dam_db) as store:
        timeline = build_timeline(store, TimelineRequest("library budget", 3, 2))
    sentences = [p.sentence.text for e in timeline.entries for p in e.sentences]
    assert timeline.matching_documents == 1 and sentences
    assert all("dam" not in s for s in sentences)


def test_a_query_no_document_matches_is_an_error_that_shows_how_it_was_read(dam_db: Path) -> None:
    with Store(dam_db) as store, pytest.raises(NotFoundError, match="zeppelin → not used"):
        build_timeline(store, TimelineRequest("dam zeppelin", 3, 1))


def test_the_command_prints_the_timeline_as_json(dam_db: Path) -> None:
    args = ["timeline", "--query", "dam", "--dates", "2", "--sentences", "1", "--since", "2024-03-01"]
    result = CliRunner().invoke(main, [*args, "--until", "2024-03-31", "--db", str(dam_db), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["schema"] == "storyline-timeline/1"
    assert [d["date"] for d in data["dates"]] == ["2024-03-04", "2024-03-06"]
    assert data["dates"][0]["evidence"]["documents_naming_it"] == 3
    assert data["dates"][0]["sentences"][0]["why"].startswith("names the day")


def test_the_command_exits_1_with_a_message_when_nothing_matches(dam_db: Path) -> None:
    result = CliRunner().invoke(main, ["timeline", "--query", "zeppelin", "--db", str(dam_db)])
    assert result.exit_code == 1
    assert "matches the query" in result.output


def test_the_json_form_carries_the_days_left_out(dam_db: Path) -> None:
    with Store(dam_db) as store:
        data = timeline_json(build_timeline(store, MARCH))
    assert data["left_out"] and data["left_out"][0]["evidence"]["score"] <= data["dates"][0]["evidence"]["score"]


def test_a_date_stamped_with_a_clock_time_is_a_posting_stamp_and_names_no_day(dam_db: Path) -> None:
    # "March 8, 2024 at 2:27 pm | Reply ..." is when a comment was posted, not when anything happened.
    with Store(dam_db) as store:
        timeline = build_timeline(store, TimelineRequest("dam", 10, 1, date(2024, 3, 1), date(2024, 3, 31)))
    days = {e.day.day: e.day for e in timeline.entries} | {d.day: d for d in timeline.left_out}
    assert days[date(2024, 3, 8)].naming_documents == 0
    assert days[date(2024, 3, 8)].published_documents == 1


def test_a_wire_preamble_is_cut_from_the_sentence_shown() -> None:
    text = "GENEVA | Wed Apr 29, 2009 7:31 pm EDT GENEVA (Reuters) - The WHO raised its alert on Wednesday."
    assert without_dateline(text) == "The WHO raised its alert on Wednesday."
    assert without_dateline("The WHO (Geneva) said little.") == "The WHO (Geneva) said little."


def test_page_furniture_in_front_of_a_sentence_is_cut() -> None:
    assert without_dateline("(By Jay Mallin -- Bloomberg News) Markets fell again.") == "Markets fell again."
    assert without_dateline("Tuesday, September 16, 2008; 4:30 PM Lehman filed.") == "Lehman filed."
    assert without_dateline("Thursday, October 23, 2008; Page A01 Employers cut jobs.") == "Employers cut jobs."
    assert without_dateline("NEW YORK, Sept. 29 -- Stocks fell sharply.") == "Stocks fell sharply."
    assert without_dateline("BUCHAREST, Romania -- Prices rose.") == "Prices rose."
    assert without_dateline("LIBYA, 5:29 p.m. ET, 12:29 a.m. local: Rebels advanced.") == "Rebels advanced."
    assert without_dateline("(By Preston Keres -- The Washington Post)") == ""
    aside = "AIG's failure -- a surprise -- shook markets."
    assert without_dateline(aside) == aside


def test_headlines_are_lead_candidates_when_configured(dam_db: Path) -> None:
    config = TimelineConfig(headlines=True)
    with Store(dam_db) as store:
        timeline = build_timeline(store, TimelineRequest("inquiry", 1, 3), config)
    (entry,) = timeline.entries
    assert entry.day.day == date(2024, 3, 6)
    assert "Governor orders inquiry into dam collapse" in [p.text for p in entry.sentences]
    assert any(p.why.startswith("headline of a report") for p in entry.sentences)


def test_a_day_only_announced_ahead_counts_less_than_a_day_reported_after() -> None:
    friday, sunday, monday = date(2024, 3, 1), date(2024, 3, 3), date(2024, 3, 4)
    ahead = [_sentence(f"a{i}", "Voters will go to the polls on Sunday.", friday, sunday) for i in range(2)]
    after = [_sentence(f"b{i}", "The dam burst on Monday.", monday, monday) for i in range(2)]
    scores = {d.day: d.score for d in score_days(ahead + after, friday, monday, 0.0, ahead_weight=0.5)}
    assert scores[sunday] == 1.0 and scores[monday] == 2.0


def test_a_day_without_a_sentence_to_show_gives_its_place_to_the_next(dam_db: Path) -> None:
    # "Dam road closed on Sunday." names 10 March but is too short to show; so is its report.
    with Store(dam_db) as store:
        timeline = build_timeline(store, TimelineRequest("dam", 10, 1, date(2024, 3, 1), date(2024, 3, 31)))
    assert all(e.sentences for e in timeline.entries)
    assert date(2024, 3, 10) not in [e.day.day for e in timeline.entries]
    assert date(2024, 3, 10) in [d.day for d in timeline.left_out]
