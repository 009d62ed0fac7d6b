"""Cleaning plain-text pages: line verdicts with reasons, and the page metadata they reveal."""

from __future__ import annotations

import pytest

from storyline.config import IngestConfig
from storyline.ingest.boilerplate import boilerplate_reason
from storyline.ingest.pagemeta import find_attributions, parse_cited_sources_line, parse_date_line
from storyline.ingest.textpage import analyse_text_page
from storyline.model import SegmentKind
from tests.conftest import FIXTURES


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Leave a Reply", "comment form"),
        ("Your email address will not be published. Required fields are marked *", "comment form"),
        ("Source link", "source link"),
        ("Read original article here", "source link"),
        ("top of page", "page navigation"),
        ("7 views0 comments", "view or comment counter"),
        ("FOLLOW US ON GOOGLE NEWS", "share or follow line"),
        ("Share this:", "share or follow line"),
        ("Facebook Twitter WhatsApp Email", "share or follow line"),
        ("See also: Flooding closes the coast road", "related link"),
        ("Main image source: Agency photo via Newswire", "image credit"),
        (
            "Denial of responsibility! Example Daily is an automatic aggregator of the world's media.",
            "aggregator disclaimer",
        ),
        ("© 2025 The Valley Courier. All rights reserved.", "copyright or legal line"),
    ],
)
def test_known_boilerplate_lines_get_their_reason(line: str, reason: str) -> None:
    assert boilerplate_reason(line) == reason


def test_an_earlier_rules_phrase_wins_over_a_later_rules_whole_line_pattern() -> None:
    # The copyright rule's pattern matches the whole line, but the disclaimer rule comes first.
    line = "© 2025 Example Daily. All trademarks belong to their rightful owners."
    assert boilerplate_reason(line) == "aggregator disclaimer"


@pytest.mark.parametrize(
    "line",
    [
        "The union said comments from the port authority were unhelpful.",
        "Source documents seen by reporters show the contract was signed in March.",
        "Share prices fell by four percent after the announcement on Monday morning.",
        "Photo agencies were barred from the courtroom for the whole of the hearing.",
    ],
)
def test_article_sentences_that_mention_boilerplate_words_are_kept(line: str) -> None:
    assert boilerplate_reason(line) is None


def test_wire_page_metadata_and_verdicts() -> None:
    page = analyse_text_page((FIXTURES / "wire_page.txt").read_text(), IngestConfig())
    assert page.title == "Harbour cranes fall silent as dockworkers walk out in Port Aldane"
    assert page.byline == "Mara Voss"
    assert page.dateline is not None
    assert page.dateline.place == "PORT ALDANE, Northland"
    assert page.dateline.agency == "Meridian Press Agency"
    for source in ("Reuters", "AFP", "Meridian", "Meridian Press Agency", "Northland Courier"):
        assert source in page.cited_sources
    body = [s.text for s in page.segments if s.kind == SegmentKind.BODY]
    assert len(body) == 3
    removed = {s.text: s.reason for s in page.segments if s.removed}
    assert removed["Leave a Reply"] == "comment form"
    assert removed["Reuters, AFP, Meridian"] == "list of cited sources"
    assert removed["Photo: Terminal gate at dawn / Meridian Press Agency"] == "image credit"


def test_segments_point_at_their_text_in_the_page() -> None:
    text = (FIXTURES / "wire_page.txt").read_text()
    page = analyse_text_page(text, IngestConfig())
    for s in page.segments:
        assert text[s.start : s.end] == s.text


def test_a_date_alone_on_a_line_is_a_page_date_not_a_publication_date() -> None:
    page = analyse_text_page(
        "Wed. March 5th, 2025\n\nA paragraph of article text that runs on for a while.\n", IngestConfig()
    )
    assert page.page_date == "2025-03-05"
    assert page.published is None
    assert page.segments[0].kind == SegmentKind.PAGE_DATE


def test_a_published_line_gives_the_publication_date() -> None:
    page = analyse_text_page(
        "Headline of the day\n\nPublished: 4 March 2025\n\nThe article text follows here.\n", IngestConfig()
    )
    assert page.published == "2025-03-04"


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("Sat. May 18th, 2024", "2024-05-18"),
        ("18 May 2024", "2024-05-18"),
        ("2024-05-18", "2024-05-18"),
        ("Tuesday, July 25, 2023 10:42 am", "2023-07-25"),
        ("May 18 was a Saturday", None),
        ("February 30, 2024", None),
    ],
)
def test_date_lines(line: str, iso: str | None) -> None:
    assert parse_date_line(line) == iso


def test_a_list_of_outlet_names_is_a_cited_sources_line() -> None:
    assert parse_cited_sources_line("CNN,, PAP, Politico") == ["CNN", "PAP", "Politico"]
    assert parse_cited_sources_line("The minister arrived, smiled, and left.") is None


def test_attribution_phrases_name_the_outlets() -> None:
    text = (
        "According to North Korea’s state media, the talks ended. CNN reports that the visit is rare. Kim said nothing."
    )
    found = find_attributions(text)
    assert "North Korea’s state media" in found
    assert "CNN" in found
    assert "Kim" not in found


def test_outlets_named_just_before_a_reporting_verb_are_found() -> None:
    # One by a media word ("Gazette"), one by capitals ("AFP"); the plain verbs around them name no one.
    text = "Officials said little. The Brackenford Evening Gazette reported a fire, and later AFP said so. Kim said no."
    assert find_attributions(text) == ["The Brackenford Evening Gazette", "AFP"]


def test_a_bare_name_is_a_byline_only_beside_the_headline() -> None:
    top = analyse_text_page(
        "Storm closes the coast road\n\nHelga Marsh\n\n"
        "The coast road was closed on Sunday after waves washed over it.\n",
        IngestConfig(),
    )
    assert top.byline == "Helga Marsh"
    late = analyse_text_page(
        "Storm closes the coast road\n\nThe coast road was closed on Sunday.\n\nMore text here.\n\nHelga Marsh\n",
        IngestConfig(),
    )
    assert late.byline is None


def test_a_lede_paragraph_is_not_taken_for_a_headline() -> None:
    lede = " ".join(["The delegation arrived in the capital on Tuesday evening and was met by officials."] * 4)
    page = analyse_text_page(lede + "\n\nA second paragraph.\n", IngestConfig())
    assert page.title is None


WRAPPED = (
    "Harbour board delays vote\n"
    "\n"
    "The harbour board of Port Aldane put off a vote on the new crane\n"
    "contract on Friday, saying it wanted to hear from the dock workers'\n"
    "union first. The board's chair, Lena Ostrova, said the delay would\n"
    "last no more than two weeks.\n"
    "\n"
    "The union has asked for a guarantee that no jobs will be lost when\n"
    "the cranes are replaced next year.\n"
)


def test_hard_wrapped_lines_are_joined_into_their_paragraphs() -> None:
    page = analyse_text_page(WRAPPED, IngestConfig())
    body = [s for s in page.segments if s.kind == SegmentKind.BODY]
    assert len(body) == 2
    assert body[0].text.startswith("The harbour board") and body[0].text.endswith("two weeks.")
    assert all(WRAPPED[s.start : s.end] == s.text for s in page.segments)
    assert page.title == "Harbour board delays vote"


def test_one_paragraph_per_line_is_not_joined() -> None:
    text = (
        "Harbour board delays vote\n"
        "The harbour board of Port Aldane put off a vote on the new crane contract on Friday.\n"
        "It wanted to hear from the dock workers' union first, the chair said after the meeting.\n"
        "The union has asked for a guarantee that no jobs will be lost when the cranes go.\n"
    )
    page = analyse_text_page(text, IngestConfig())
    assert len([s for s in page.segments if s.kind == SegmentKind.BODY]) == 3


def test_the_clean_text_of_a_wrapped_paragraph_is_one_line_of_the_same_length() -> None:
    from storyline.model import Document

    page = analyse_text_page(WRAPPED, IngestConfig())
    doc = Document(id="x", path="x.txt", format="text", raw=WRAPPED.encode(), text=WRAPPED, segments=page.segments)
    paragraphs = doc.clean_text.split("\n\n")
    assert len(paragraphs) == 2 and "\n" not in paragraphs[0]
    assert len(paragraphs[0]) == len(next(s for s in page.segments if s.kind == SegmentKind.BODY).text)
