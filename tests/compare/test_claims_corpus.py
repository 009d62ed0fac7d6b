"""The claims stage on whole corpora: the conflicts the example corpus's authors wrote in are found
and nothing else is called a conflict; the seed pages' corroborations and conflict come out."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from storyline.cli import main
from storyline.compare.stage import run_compare
from storyline.config import DEFAULT_CONFIG
from storyline.store.claims import ClaimRecord, claims
from storyline.store.db import Store
from tests.conftest import ROOT

TRUTH: dict[str, Any] = json.loads((ROOT / "examples" / "truth.json").read_text())


def _paths(store: Store) -> dict[str, str]:
    """document id -> truth key ('dir/file' or 'dir/file#N')."""
    out = {}
    for doc_id, path in store.conn.execute("SELECT id, path FROM documents"):
        out[str(doc_id)] = str(path).split("examples/corpus/", 1)[1]
    return out


def test_the_example_corpus_conflicts_are_exactly_the_ones_written_in(example_db: Path) -> None:
    group_of = {doc: group for group, docs in TRUTH["independence_groups"].items() for doc in docs}
    with Store(example_db) as store:
        paths = _paths(store)
        found = claims(store, conflicts_only=True)
    sides = [frozenset(paths[d] for d in c.documents) for c in found]
    wanted = [frozenset(side["documents"]) for conflict in TRUTH["conflicts"] for side in conflict["sides"]]
    # Every side the authors wrote is a conflicting claim stated by every independent source on
    # that side (spun copies may word it past recognition), and no conflicting claim lies outside
    # those sides.
    for side in wanted:
        groups = {group_of[d] for d in side}
        assert any(got <= side and {group_of[d] for d in got} == groups for got in sides), (
            f"conflict side not found: {sorted(side)}"
        )
    for got in sides:
        assert any(got <= side for side in wanted), f"unexpected conflict: {sorted(got)}"


def test_conflicting_claims_point_at_claims_that_exist_and_back(example_db: Path) -> None:
    with Store(example_db) as store:
        every = {c.id: c for c in claims(store)}
    conflicting = [c for c in every.values() if c.status == "conflict"]
    assert conflicting
    for c in conflicting:
        for other in c.conflicts_with:
            assert c.id in every[other].conflicts_with


def test_a_fact_only_copies_repeat_is_single_source(example_db: Path) -> None:
    """'68 metres long' is in the wire story and its six copies: one independent source."""
    with Store(example_db) as store:
        found = [c for c in claims(store) if any("68" in s.text for s in c.support)]
    assert found and all(c.independent_sources == 1 and c.status != "corroborated" for c in found)


def test_every_claim_span_is_text_of_its_document(example_db: Path) -> None:
    with Store(example_db) as store:
        texts = {str(r[0]): str(r[1]) for r in store.conn.execute("SELECT id, clean_text FROM documents")}
        for c in claims(store):
            for s in c.support:
                assert texts[s.document][s.start : s.end] == s.text


def test_a_second_run_changes_nothing(example_db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    with Store(example_db) as store:
        store.conn.execute("VACUUM INTO ?", (str(copy),))
    with Store(copy) as store:
        before = [(c.id, c.status, c.documents) for c in claims(store)]
        assert run_compare(store, DEFAULT_CONFIG) == 0
        assert [(c.id, c.status, c.documents) for c in claims(store)] == before


def test_the_cli_lists_each_conflict_with_both_sides(example_db: Path) -> None:
    result = CliRunner().invoke(main, ["claims", "--conflicts", "--db", str(example_db)])
    assert result.exit_code == 0, result.output
    assert "11 people were injured" in result.output and "14 people were injured" in result.output
    assert re.search(r"deputy chief conciliator", result.output)


def _seed_claims(seeds_db: Path) -> tuple[list[ClaimRecord], dict[str, str]]:
    with Store(seeds_db) as store:
        seed_of = {str(r[0]): Path(str(r[1])).name[:3] for r in store.conn.execute("SELECT id, path FROM documents")}
        return claims(store), seed_of


def test_seeds_both_delegation_leaders_are_corroborated_by_two_independent_groups(seeds_db: Path) -> None:
    found, seed_of = _seed_claims(seeds_db)
    for name in ("shoigu", "li hongzhong"):
        assert any(
            name in c.text.lower()
            and c.kind == "action"
            and "lead" in c.text
            and c.status == "corroborated"
            and {"001"} <= {seed_of[d] for d in c.documents}
            and {seed_of[d] for d in c.documents} & {"000", "002"}
            for c in found
        ), name


def test_seeds_li_hongzhongs_standing_is_a_conflict_with_every_side_shown(seeds_db: Path) -> None:
    found, seed_of = _seed_claims(seeds_db)
    sides = [
        {seed_of[d] for d in c.documents} for c in found if "li hongzhong" in c.text.lower() and c.status == "conflict"
    ]
    assert any("000" in s for s in sides) and any("001" in s and "000" not in s for s in sides)
    assert any("002" in s for s in sides)


def test_seeds_the_armistice_date_is_corroborated_by_001_and_002(seeds_db: Path) -> None:
    found, seed_of = _seed_claims(seeds_db)
    assert any(
        c.value == "1953-07-27" and c.status == "corroborated" and {"001", "002"} <= {seed_of[d] for d in c.documents}
        for c in found
    )
