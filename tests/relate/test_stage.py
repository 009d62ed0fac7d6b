"""The relate stage on the example corpus and the seeds: copies found, groups as written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from storyline.config import Config
from storyline.pipeline import build
from storyline.relate.align import localised_numbers
from storyline.store.db import Store
from storyline.store.export import export
from tests.conftest import ROOT

TRUTH: dict[str, Any] = json.loads((ROOT / "examples" / "truth.json").read_text())


@pytest.fixture(scope="module")
def corpus(example_db: Path) -> dict[str, Any]:
    with Store(example_db) as store:
        return export(store)


def _paths(data: dict[str, Any]) -> dict[str, str]:
    return {d["id"]: d["path"].split("examples/corpus/", 1)[1] for d in data["documents"]}


def test_independence_groups_are_the_ones_the_authors_wrote(corpus: dict[str, Any]) -> None:
    paths = _paths(corpus)
    ours: dict[str, set[str]] = {}
    for d in corpus["documents"]:
        ours.setdefault(d["independence_group"], set()).add(paths[d["id"]])
    written: dict[str, set[str]] = {}
    for path, doc in TRUTH["documents"].items():
        written.setdefault(doc["independence_group"], set()).add(path)
    assert sorted(map(sorted, ours.values())) == sorted(map(sorted, written.values()))


def test_verbatim_reprints_are_copies_of_the_wire_original(corpus: dict[str, Any]) -> None:
    paths = _paths(corpus)
    original = next(p for p, d in TRUTH["documents"].items() if d["role"] == "original")
    for rel in corpus["relations"]:
        pair = {paths[rel["a"]], paths[rel["b"]]}
        if original in pair:
            other = (pair - {original}).pop()
            role = TRUTH["documents"][other]["role"]
            kind = {"verbatim": "exact_copy", "translation": "translation"}.get(role, "rewrite")
            assert rel["kind"] == kind, (other, rel["kind"])
            assert paths[rel["origin"]] == original, other


def test_independent_reports_are_not_copies(corpus: dict[str, Any]) -> None:
    paths = _paths(corpus)
    for rel in corpus["relations"]:
        roles = {TRUTH["documents"][paths[rel["a"]]]["role"], TRUTH["documents"][paths[rel["b"]]]["role"]}
        if "independent" in roles:
            assert rel["kind"] == "same_event"


def test_seed_rewrites_share_an_absent_origin(seeds: Path, tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        build([str(seeds)], store, Config())
        data = export(store)
    by_seed = {Path(d["path"]).name[:3]: d for d in data["documents"]}
    assert by_seed["000"]["independence_group"] == by_seed["002"]["independence_group"]
    assert len({by_seed[s]["independence_group"] for s in ("000", "001", "003", "004")}) == 4
    (rel,) = [r for r in data["relations"] if {r["a"], r["b"]} == {by_seed["000"]["id"], by_seed["002"]["id"]}]
    assert rel["kind"] == "rewrite" and rel["origin"] is None and rel["evidence"]["shared_absent_origin"]


def test_a_translation_is_told_from_a_spun_copy_by_localised_numbers() -> None:
    assert localised_numbers(
        "Around 1,900 people live there; it struck at 7:40 p.m.", "Approximately 1.900 persons live there, at 19:40"
    ) == [("1,900", "1.900"), ("7:40 p.m", "19:40")]
    assert localised_numbers("Around 1,900 people live there at 7:40 p.m.", "Some 1,900 residents, at 7:40 p.m.") == []
    assert localised_numbers("It rose 3.5 per cent in 2024", "It climbed 3.5 per cent in 2024") == []
