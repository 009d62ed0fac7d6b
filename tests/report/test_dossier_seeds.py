"""The seed pages' dossiers: the 2023 visit with its sources, dates and actors; the storyline in order."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.report.dossier import dossier
from storyline.report.records import Dossier
from storyline.store.db import Store


def _doc_of_seed(store: Store, prefix: str) -> str:
    row = store.conn.execute("SELECT id FROM documents WHERE path LIKE ?", (f"%/{prefix}_%",)).fetchone()
    assert row is not None, f"seed {prefix} was not ingested"
    return str(row[0])


def _dossier_of_seed(db: Path, seed: str) -> tuple[Dossier, dict[str, str]]:
    with Store(db) as store:
        docs = {p: _doc_of_seed(store, p) for p in ("000", "001", "002", "003", "004")}
        row = store.conn.execute("SELECT event FROM event_documents WHERE document = ?", (docs[seed],)).fetchone()
        return dossier(store, str(row[0])), docs


@pytest.fixture(scope="module")
def visit_2023(seeds_db: Path) -> tuple[Dossier, dict[str, str]]:
    return _dossier_of_seed(seeds_db, "000")


def test_the_2023_dossier_cites_the_three_pages_about_it(visit_2023: tuple[Dossier, dict[str, str]]) -> None:
    d, docs = visit_2023
    assert {s.document for s in d.sources} == {docs["000"], docs["001"], docs["002"]}


def test_the_two_rewrites_of_one_wire_story_are_one_independent_source(
    visit_2023: tuple[Dossier, dict[str, str]],
) -> None:
    d, docs = visit_2023
    group = {s.document: s.independence_group for s in d.sources}
    assert group[docs["000"]] == group[docs["002"]] != group[docs["001"]]


def test_the_timeline_has_shoigus_arrival_and_the_armistice(visit_2023: tuple[Dossier, dict[str, str]]) -> None:
    d, _ = visit_2023
    arrival = [t for t in d.timeline if t.date == "2023-07-25" and t.granularity == "day"]
    assert any("Shoigu" in t.text and "arrived" in t.text for t in arrival), [t.text for t in arrival]
    armistice = [t for t in d.timeline if t.date == "1953-07-27"]
    assert any("armistice" in t.text.lower() or "Korean War" in t.text for t in armistice)


def test_the_actors_are_the_delegation_leaders_and_their_hosts(visit_2023: tuple[Dossier, dict[str, str]]) -> None:
    d, _ = visit_2023
    names = {a.name for a in d.actors}
    assert {"Sergei Shoigu", "Li Hongzhong", "Kang Sun Nam", "Kim Jong Un"} <= names


def test_a_role_the_sources_word_differently_is_shown_in_both_versions(
    visit_2023: tuple[Dossier, dict[str, str]],
) -> None:
    d, _ = visit_2023
    li = next(a for a in d.actors if a.name == "Li Hongzhong")
    assert li.roles_differ and len(li.roles) >= 2
    assert all(r.sources for r in li.roles)


def test_the_storyline_dossier_runs_2021_2023_2024(seeds_db: Path) -> None:
    with Store(seeds_db) as store:
        storyline = store.conn.execute("SELECT storyline FROM events WHERE date LIKE '2023%'").fetchone()[0]
        d = dossier(store, storyline)
    assert d.kind == "storyline"
    assert [(e.date or "")[:4] for e in d.events] == ["2021", "2023", "2024"]
    assert len(d.summary) <= 8
