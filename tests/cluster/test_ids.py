"""Stable event ids across builds, and merges recorded as decisions."""

from __future__ import annotations

import shutil
from pathlib import Path

from storyline.cluster.ids import inherit, merge_decisions
from storyline.config import Config
from storyline.pipeline import build
from storyline.store.db import Store
from storyline.store.export import export
from tests.conftest import ROOT

CORPUS = ROOT / "examples" / "corpus"


def test_an_event_that_grows_keeps_its_id() -> None:
    ids, absorbed = inherit([["d1", "d2", "d0"]], {"d1": "EV-a", "d2": "EV-a"}, ["EV-d0"])
    assert ids == ["EV-a"]
    assert absorbed == []


def test_a_new_event_is_named_for_its_first_document() -> None:
    ids, _ = inherit([["d1"], ["d9"]], {"d1": "EV-a"}, ["EV-d1", "EV-d9"])
    assert ids == ["EV-a", "EV-d9"]


def test_a_fresh_name_never_takes_an_id_an_older_event_keeps() -> None:
    ids, _ = inherit([["x", "y"], ["z"]], {"x": "EV-z", "y": "EV-z"}, ["EV-x", "EV-z"])
    assert ids[0] == "EV-z"
    assert ids[1] != "EV-z"


def test_two_previous_events_in_one_new_event_are_recorded_as_a_merge() -> None:
    previous = {"a1": "EV-a", "a2": "EV-a", "b1": "EV-b"}
    groups = [["a1", "a2", "b1"]]
    ids, absorbed = inherit(groups, previous, ["EV-a1"])
    (decision,) = merge_decisions(absorbed, ids, groups, previous, {"b1": [{"linkage": 0.2}]})
    assert ids == ["EV-a"]
    assert (decision.kind, decision.subject, decision.value) == ("event_merge", "EV-a", "EV-b")
    assert decision.evidence["documents"] == ["b1"]
    assert decision.evidence["scores"] == [{"linkage": 0.2}]


def test_a_document_moving_between_surviving_events_is_not_a_merge() -> None:
    previous = {"a1": "EV-a", "a2": "EV-a", "b1": "EV-b", "b2": "EV-b"}
    groups = [["a1"], ["a2", "b1", "b2"]]
    ids, absorbed = inherit(groups, previous, ["EV-a1", "EV-b1"])
    assert ids == ["EV-a", "EV-b"]
    assert merge_decisions(absorbed, ids, groups, previous, {}) == []


def test_adding_documents_keeps_the_ids_of_existing_events(tmp_path: Path) -> None:
    files = sorted(p for p in CORPUS.rglob("*") if p.is_file())
    folder = tmp_path / "corpus"
    with Store(tmp_path / "db.sqlite") as store:
        for file in files[::2]:
            target = folder / file.relative_to(CORPUS)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(file, target)
        build([str(folder)], store, Config())
        before = {doc: e["id"] for e in export(store)["events"] for doc in e["documents"]}
        for file in files[1::2]:
            target = folder / file.relative_to(CORPUS)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(file, target)
        build([str(folder)], store, Config())
        after = {doc: e["id"] for e in export(store)["events"] for doc in e["documents"]}
        merged = {d.value for e in set(after.values()) for d in store.decisions(e) if d.kind == "event_merge"}
    assert set(before) < set(after)
    for old in set(before.values()):
        # Every earlier event lives on under its id, or its merge into another is on record.
        assert old in set(after.values()) or old in merged
    kept = [doc for doc in before if before[doc] == after[doc]]
    assert len(kept) >= 0.9 * len(before)
