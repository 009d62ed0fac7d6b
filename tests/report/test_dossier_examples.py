"""Dossiers of the example corpus: every quoted sentence is a cited source's, sources origin first."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from storyline.report.dossier import dossier, event_ids, storyline_ids
from storyline.report.records import SCHEMA, Actor, Dossier, SummaryEntry, TimelineEntry, to_json
from storyline.report.render_html import render_html
from storyline.report.render_markdown import render_markdown
from storyline.store.db import Store


@pytest.fixture(scope="module")
def dossiers(example_db: Path) -> list[Dossier]:
    with Store(example_db) as store:
        return [dossier(store, i) for i in storyline_ids(store) + event_ids(store)]


def _sentences(example_db: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    with Store(example_db) as store:
        for doc, text in store.conn.execute("SELECT document, text FROM sentences ORDER BY document, idx"):
            found.setdefault(doc, []).append(" ".join(text.split()))
    return found


def test_every_storyline_and_event_has_a_dossier(dossiers: list[Dossier]) -> None:
    kinds = [d.kind for d in dossiers]
    assert kinds.count("storyline") >= 5 and kinds.count("event") >= kinds.count("storyline")


def test_every_summary_and_timeline_sentence_is_a_span_of_a_cited_documents_sentence(
    dossiers: list[Dossier], example_db: Path
) -> None:
    sentences = _sentences(example_db)
    checked = 0
    for d in dossiers:
        items: list[SummaryEntry | TimelineEntry] = [*d.summary, *d.timeline]
        for item in items:
            text = " ".join(item.text.split())
            assert item.sources, (d.id, text)
            assert any(text in s for doc in item.sources for s in sentences.get(doc, [])), (d.id, text)
            checked += 1
    assert checked > 50


def test_every_source_cited_is_in_the_sources_table(dossiers: list[Dossier]) -> None:
    for d in dossiers:
        listed = {s.document for s in d.sources}
        items: list[SummaryEntry | TimelineEntry | Actor] = [*d.summary, *d.timeline, *d.actors]
        cited = {doc for item in items for doc in item.sources}
        assert cited <= listed, d.id


def test_an_origin_is_listed_and_cited_before_its_copies(dossiers: list[Dossier]) -> None:
    for d in dossiers:
        rank = {s.document: i for i, s in enumerate(d.sources)}
        for link in d.lineage:
            if link.origin is not None:
                assert rank[link.origin] < rank[link.copy], (d.id, link)


def test_the_wire_story_and_its_reprints_are_one_independent_source_under_the_original(
    dossiers: list[Dossier],
) -> None:
    ferry = next(d for d in dossiers if d.kind == "event" and "Ferry" in d.title)
    first = ferry.sources[0]
    assert first.relation == "original" and first.outlet == "Meridian Press Agency"
    copies = [s for s in ferry.sources if s.relation_to == first.document]
    assert len(copies) >= 5
    assert {s.independence_group for s in copies} == {first.independence_group}
    assert any(s.relation.startswith("copy of") for s in copies)


def test_the_timeline_is_in_date_order_and_dates_carry_their_precision(dossiers: list[Dossier]) -> None:
    from storyline.report.datekeys import date_key

    for d in dossiers:
        keys = [date_key(t.date) for t in d.timeline]
        assert keys == sorted(keys), d.id
        assert all(t.granularity in ("day", "week", "month", "quarter", "year", "decade") for t in d.timeline)


def test_dates_not_fixed_to_a_day_are_open_questions(dossiers: list[Dossier]) -> None:
    for d in dossiers:
        vague = {t.text for t in d.timeline if t.granularity != "day"}
        asked = {q.text for q in d.open_questions if q.kind == "imprecise_date"}
        assert vague <= asked, d.id


def test_the_json_has_the_documented_shape(dossiers: list[Dossier]) -> None:
    data = json.loads(json.dumps(to_json(dossiers[0])))
    assert data["schema"] == SCHEMA == "storyline-dossier/1"
    assert data["kind"] in ("event", "storyline")
    for key in ("id", "title", "summary", "timeline", "actors", "sources", "lineage", "open_questions", "claims"):
        assert key in data
    assert set(data["summary"][0]) == {"text", "sources"}
    assert {"date", "granularity", "text", "sources"} <= set(data["timeline"][0])
    assert {"name", "roles", "sources"} <= set(data["actors"][0])
    source_keys = {"document", "outlet", "published", "published_evidence", "relation", "independence_group"}
    assert source_keys <= set(data["sources"][0])


def test_the_html_page_is_self_contained(dossiers: list[Dossier]) -> None:
    page = render_html(dossiers[0])
    assert "<svg" in page and "<style>" in page
    assert not re.search(r"<(script|link|img|iframe)\b", page)
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)


def test_markdown_shows_the_lineage_as_a_nested_list(dossiers: list[Dossier]) -> None:
    ferry = next(d for d in dossiers if d.kind == "event" and "Ferry" in d.title)
    text = render_markdown(ferry)
    lineage = text.split("## Copy lineage", 1)[1].split("##", 1)[0]
    assert "- [1] Meridian Press Agency" in lineage
    assert re.search(r"\n  - (exact copy|rewrite|near duplicate|light edit): \[\d\]", lineage)
