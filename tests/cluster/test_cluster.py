"""Events and storylines: the seeds and the example corpus, in any input order."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path
from typing import Any

import pytest

from storyline.config import Config
from storyline.pipeline import build
from storyline.store.db import Store
from storyline.store.export import export
from tests.conftest import ROOT

TRUTH: dict[str, Any] = json.loads((ROOT / "examples" / "truth.json").read_text())
CORPUS = ROOT / "examples" / "corpus"


def _build_in_order(folder: Path, db: Path, files: list[Path]) -> dict[str, Any]:
    """Build the corpus one file at a time in the given order, as a user adding files would."""
    with Store(db) as store:
        for file in files:
            target = folder / file.relative_to(CORPUS)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(file, target)
        build([str(folder)], store, Config())
        return export(store)


def _events_by_truth(data: dict[str, Any]) -> list[set[str]]:
    paths = {d["id"]: d["path"].split("/corpus/", 1)[1] for d in data["documents"]}
    return sorted(({paths[x] for x in e["documents"]} for e in data["events"]), key=sorted)


@pytest.fixture(scope="module")
def two_orders(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    files = sorted(p for p in CORPUS.rglob("*") if p.is_file())
    shuffled = list(files)
    random.Random(7).shuffle(shuffled)
    out = []
    for name, order in (("sorted", files), ("shuffled", shuffled)):
        base = tmp_path_factory.mktemp(name)
        out.append(_build_in_order(base / "corpus", base / "db.sqlite", order))
    return out


def test_the_same_events_and_storylines_in_any_input_order(two_orders: list[dict[str, Any]]) -> None:
    first, second = two_orders
    assert _events_by_truth(first) == _events_by_truth(second)
    assert [e["id"] for e in first["events"]] == [e["id"] for e in second["events"]]
    assert [s["events"] for s in first["storylines"]] == [s["events"] for s in second["storylines"]]


def test_every_dated_document_is_in_the_event_the_authors_wrote(two_orders: list[dict[str, Any]]) -> None:
    data = two_orders[0]
    paths = {d["id"]: d["path"].split("/corpus/", 1)[1] for d in data["documents"]}
    undated = {paths[d["id"]] for d in data["documents"] if not d["published"]}
    for event in data["events"]:
        written = {TRUTH["documents"][paths[x]]["event"] for x in event["documents"] if paths[x] not in undated}
        assert len(written) <= 1, (event["title"], written)
    assert len(data["events"]) >= len({d["event"] for d in TRUTH["documents"].values()}) - 1


def test_storylines_are_the_stories_the_authors_wrote(two_orders: list[dict[str, Any]]) -> None:
    data = two_orders[0]
    paths = {d["id"]: d["path"].split("/corpus/", 1)[1] for d in data["documents"]}
    by_event = {e["id"]: e for e in data["events"]}
    stories = []
    for line in data["storylines"]:
        stories.append(
            {TRUTH["documents"][paths[x]]["story"] for e in line["events"] for x in by_event[e]["documents"]}
        )
        dates = [by_event[e]["date"] for e in line["events"]]
        assert dates == sorted(dates)  # events in time order
    assert all(len(s) == 1 for s in stories)
    assert len(stories) == len({d["story"] for d in TRUTH["documents"].values()})
    recurring = [line for line in data["storylines"] if len(line["events"]) == 2]
    assert len(recurring) == 2  # the yearly summit and the rail dispute: two events each


def test_seeds_form_three_events_in_one_storyline(seeds: Path, tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        build([str(seeds)], store, Config())
        data = export(store)
    ids = {Path(d["path"]).name[:3]: d["id"] for d in data["documents"]}
    event_of = {doc: e for e in data["events"] for doc in e["documents"]}
    assert event_of[ids["000"]] is event_of[ids["001"]] is event_of[ids["002"]]
    assert len({event_of[ids[s]]["id"] for s in ("000", "003", "004")}) == 3
    assert event_of[ids["000"]]["date"].startswith("2023-07")
    assert event_of[ids["003"]]["date"].startswith("2021-07")
    (line,) = data["storylines"]
    assert line["events"] == [event_of[ids[s]]["id"] for s in ("003", "000", "004")]
