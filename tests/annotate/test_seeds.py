"""The seed pages after annotate: event dates, inferred publication dates, canonical entities."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from storyline.config import Config
from storyline.pipeline import build
from storyline.store.db import Store
from storyline.store.export import export


@pytest.fixture(scope="module")
def analysis(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    seeds = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("../shared/seeds is not present beside the repository (the seed pages live outside it)")
    with Store(tmp_path_factory.mktemp("seeds") / "s.db") as store:
        build([str(seeds)], store, Config())
        return export(store)


def _doc(analysis: dict[str, Any], seed: str) -> dict[str, Any]:
    return next(d for d in analysis["documents"] if Path(d["path"]).name.startswith(seed))


def _time(doc: dict[str, Any], word: str) -> str:
    return next(t["value"] for t in doc["time_expressions"] if word in t["text"])


def test_publication_dates_are_inferred_from_the_text(analysis: dict[str, Any]) -> None:
    assert _doc(analysis, "003")["published"] == "2021-07-29"
    assert "2023-07-24" <= _doc(analysis, "000")["published"] <= "2023-07-28"
    assert _doc(analysis, "001")["published"] in ("2023-W30", "2023-07")
    assert _doc(analysis, "002")["published"].startswith("2023-07")
    four = _doc(analysis, "004")
    assert four["page_date"] == "2024-05-18" and four["published"] <= "2024-05-18"
    assert all(_doc(analysis, s)["published_inferred"] for s in ("000", "001", "002", "003", "004"))


def test_weekdays_resolve_against_the_inferred_anchor(analysis: dict[str, Any]) -> None:
    assert _time(_doc(analysis, "000"), "Tuesday").startswith("2023-07-25")
    assert _time(_doc(analysis, "003"), "Wednesday") == "2021-07-28"


def test_sentences_carry_event_dates(analysis: dict[str, Any]) -> None:
    three = _doc(analysis, "003")
    anniversary = next(s for s in three["sentences"] if "68th anniversary" in s["text"])
    assert anniversary["event_date"] == "2021-07-28"


def _entity(analysis: dict[str, Any], name: str) -> list[dict[str, Any]]:
    return [e for e in analysis["entities"] if name in [e["name"], *e["aliases"]]]


def test_spelling_variants_are_one_entity(analysis: dict[str, Any]) -> None:
    (kim,) = _entity(analysis, "Kim Jong Un")
    assert "Kim Jong-un" in kim["aliases"]
    (shoigu,) = _entity(analysis, "Sergei Shoigu")
    assert "Sergey Shoigu" in shoigu["aliases"]
    assert any("defense minister" in r.lower() or "minister of defence" in r.lower() for r in shoigu["roles"])
    assert shoigu["merges"]  # the link is recorded with its reason


def test_people_who_share_a_surname_stay_apart(analysis: dict[str, Any]) -> None:
    ids = {_entity(analysis, n)[0]["id"] for n in ("Kim Il Sung", "Kim Jong Il", "Kim Jong Un")}
    assert len(ids) == 3


@pytest.mark.parametrize("name", ["Li Hongzhong", "Zhao Leji", "Choe Ryong Hae", "Kang Sun Nam", "Xi Jinping"])
def test_people_are_found(analysis: dict[str, Any], name: str) -> None:
    assert _entity(analysis, name)
