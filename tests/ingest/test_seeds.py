"""The five real seed pages (read from ../shared/seeds): what a careful reader removes and keeps."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.config import Config
from storyline.ingest import ingest
from storyline.model import Document
from storyline.store.db import Store


@pytest.fixture
def seed_docs(seeds: Path, store: Store, config: Config) -> dict[str, Document]:
    report = ingest([str(seeds)], store, config)
    assert not report.errors
    return {Path(d.path).name[:3]: d for d in store.iter_documents()}


GONE = {
    "000": ["FOLLOW US ON GOOGLE NEWS", "Read original article here", "Denial of responsibility", "Leave a Comment"],
    "001": ["Source link", "Leave a Reply", "will not be published", "See also:", "Main image source", "CNN,, PAP"],
    "002": ["top of page", "7 views0 comments", "bottom of page", "Abu Aliyu"],
    "003": ["Source link", "Leave a Reply", "will not be published"],
    "004": ["Sat. May 18th, 2024", "Leave a Reply", "will not be published"],
}


@pytest.mark.parametrize("seed", sorted(GONE))
def test_boilerplate_is_removed(seed_docs: dict[str, Document], seed: str) -> None:
    for line in GONE[seed]:
        assert line.lower() not in seed_docs[seed].clean_text.lower()


@pytest.mark.parametrize("seed", sorted(GONE))
def test_every_article_paragraph_stays(seeds: Path, seed_docs: dict[str, Document], seed: str) -> None:
    doc = seed_docs[seed]
    removed = {s.text for s in doc.removed}
    paragraphs = [p.strip() for p in (next(seeds.glob(f"{seed}_*.txt"))).read_text().split("\n") if len(p.split()) > 25]
    assert paragraphs
    for paragraph in paragraphs:
        if paragraph.startswith("Denial of responsibility"):
            assert paragraph in removed
        else:
            assert paragraph in doc.clean_text


def test_titles_are_the_headline_lines(seed_docs: dict[str, Document]) -> None:
    assert (
        seed_docs["000"].title
        == "National: Chinese and Russian Delegations to Visit North Korea for Korean War Armistice"
    )
    assert (seed_docs["001"].title or "").startswith("The Chinese and Russian delegations are going to North Korea.")
    assert seed_docs["002"].title == "China and Russia Commemorate Korean War Armistice in North Korea"
    assert seed_docs["003"].title == "North Korean leader pays tribute to the Chinese war dead at the memorial service"
    assert seed_docs["004"].title is None  # the page has no headline line


def test_page_metadata(seed_docs: dict[str, Document]) -> None:
    assert seed_docs["002"].byline == "Abu Aliyu"
    dateline = seed_docs["003"].dateline
    assert dateline is not None and dateline.place == "SEOUL, South Korea" and dateline.agency == "Associated Press"
    assert seed_docs["004"].page_date == "2024-05-18"
    assert seed_docs["004"].published is None  # a page header date is not a publication date
    assert {"CNN", "PAP", "Politico"} <= set(seed_docs["001"].cited_sources)
    assert "North Korea’s state media" in seed_docs["000"].cited_sources
    assert seed_docs["000"].outlet == "Swift Telecast"
