"""`storyline dossier`: in the terminal, to a file in each format, and a whole folder with an index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import main
from storyline.report.dossier import event_ids, storyline_ids
from storyline.store.db import Store


@pytest.fixture(scope="module")
def ids(example_db: Path) -> tuple[list[str], list[str]]:
    with Store(example_db) as store:
        return storyline_ids(store), event_ids(store)


def test_a_dossier_prints_readably_in_the_terminal(example_db: Path, ids: tuple[list[str], list[str]]) -> None:
    result = CliRunner().invoke(main, ["dossier", ids[1][0], "--db", str(example_db)])
    assert result.exit_code == 0, result.output
    for heading in ("Summary", "Timeline", "Actors", "Sources", "Copy lineage", "Open questions"):
        assert heading in result.output


def test_a_unique_prefix_of_an_id_is_enough(example_db: Path, ids: tuple[list[str], list[str]]) -> None:
    result = CliRunner().invoke(main, ["dossier", ids[0][0][:9], "--format", "json", "--db", str(example_db)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["id"] == ids[0][0]


@pytest.mark.parametrize("fmt", ["text", "md", "html", "json"])
def test_each_format_writes_a_file(
    example_db: Path, ids: tuple[list[str], list[str]], tmp_path: Path, fmt: str
) -> None:
    target = tmp_path / f"dossier.{fmt}"
    result = CliRunner().invoke(
        main, ["dossier", ids[1][0], "--format", fmt, "-o", str(target), "--db", str(example_db)]
    )
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    if fmt == "json":
        assert json.loads(text)["schema"] == "storyline-dossier/1"
    elif fmt == "html":
        assert text.startswith("<!DOCTYPE html>")
    else:
        assert "Summary" in text


def test_all_writes_one_page_per_storyline_and_event_and_an_index(
    example_db: Path, ids: tuple[list[str], list[str]], tmp_path: Path
) -> None:
    folder = tmp_path / "site"
    result = CliRunner().invoke(
        main, ["dossier", "--all", "--format", "html", "-o", str(folder), "--db", str(example_db)]
    )
    assert result.exit_code == 0, result.output
    names = {p.name for p in folder.iterdir()}
    assert {f"{i}.html" for i in ids[0] + ids[1]} | {"index.html"} == names
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{i}.html"' in index for i in ids[0])


def test_all_without_a_folder_prints_every_storyline(example_db: Path, ids: tuple[list[str], list[str]]) -> None:
    result = CliRunner().invoke(main, ["dossier", "--all", "--format", "json", "--db", str(example_db)])
    assert result.exit_code == 0, result.output
    assert [d["id"] for d in json.loads(result.output)] == ids[0]


def test_an_unknown_id_is_a_clear_error(example_db: Path) -> None:
    result = CliRunner().invoke(main, ["dossier", "EV-nothing", "--db", str(example_db)])
    assert result.exit_code == 1
    assert "no event or storyline" in result.output


def test_an_id_or_all_is_required(example_db: Path) -> None:
    result = CliRunner().invoke(main, ["dossier", "--db", str(example_db)])
    assert result.exit_code == 2
