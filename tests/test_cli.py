"""The command line over a temporary database, as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from storyline.cli import main
from tests.conftest import FIXTURES


def _built(tmp_path: Path) -> tuple[CliRunner, str]:
    runner = CliRunner()
    db = str(tmp_path / "cli.db")
    # The page fixtures written for ingest (other stages' fixtures live in subfolders of their own).
    result = runner.invoke(main, ["build", str(FIXTURES / "wire_page.txt"), str(FIXTURES / "site_a"), "--db", db])
    assert result.exit_code == 0, result.output
    assert "4 new document(s)" in result.output
    return runner, db


def test_docs_lists_every_document(tmp_path: Path) -> None:
    runner, db = _built(tmp_path)
    result = runner.invoke(main, ["docs", "--db", db])
    assert result.exit_code == 0
    assert "Harbour cranes" in result.output
    assert result.output.count("Valley council") + result.output.count("Library opening") >= 2


def test_doc_shows_metadata_text_and_struck_boilerplate_with_reasons(tmp_path: Path) -> None:
    runner, db = _built(tmp_path)
    export = json.loads(runner.invoke(main, ["export", "--format", "json", "--db", db]).output)
    wire = next(d for d in export["documents"] if d["path"].endswith("wire_page.txt"))
    result = runner.invoke(main, ["doc", wire["id"][:8], "--db", db])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Mara Voss" in out and "PORT ALDANE, Northland" in out and "Meridian Press Agency" in out
    assert "✂ Leave a Reply  [removed: comment form]" in out
    assert "Ilse Brandt" in out


def test_export_follows_the_contract(tmp_path: Path) -> None:
    runner, db = _built(tmp_path)
    data = json.loads(runner.invoke(main, ["export", "--format", "json", "--db", db]).output)
    assert data["schema"] == "storyline/1"
    for claim in data["claims"]:
        assert {"id", "text", "documents", "independent_sources", "status", "conflicts_with"} <= set(claim)
        assert claim["status"] in ("corroborated", "single_source", "conflict")
    assert data["events"] and data["storylines"]
    for event in data["events"]:
        assert {"id", "title", "date", "date_granularity", "documents"} <= set(event)
    for line in data["storylines"]:
        assert {"id", "title", "events"} <= set(line)
    for relation in data["relations"]:
        assert {"a", "b", "kind", "score", "origin", "evidence"} <= set(relation)
    assert data["entities"]
    for entity in data["entities"]:
        assert {"id", "name", "type", "aliases", "roles", "documents"} <= set(entity)
    for doc in data["documents"]:
        for key in (
            "id",
            "path",
            "title",
            "byline",
            "dateline",
            "outlet",
            "page_date",
            "cited_sources",
            "published",
            "published_evidence",
            "clean_text",
            "removed",
            "time_expressions",
        ):
            assert key in doc
        assert all({"text", "reason"} <= set(r) for r in doc["removed"])


def test_unknown_document_is_a_one_line_error(tmp_path: Path) -> None:
    runner, db = _built(tmp_path)
    result = runner.invoke(main, ["doc", "ffffffff", "--db", db])
    assert result.exit_code == 1
    assert "no document with id 'ffffffff'" in result.output


def test_search(tmp_path: Path) -> None:
    runner, db = _built(tmp_path)
    result = runner.invoke(main, ["search", "library", "--db", db])
    assert result.exit_code == 0 and "Library opening hours" in result.output


def test_workers_option_gives_the_same_documents(tmp_path: Path) -> None:
    runner = CliRunner()
    texts = []
    for workers in ("1", "2"):
        db = str(tmp_path / f"w{workers}.db")
        args = ["build", str(FIXTURES), "--db", db, "-q", "--until", "ingest", "--workers", workers]
        result = runner.invoke(main, args)
        assert result.exit_code in (0, 3), result.output
        exported = runner.invoke(main, ["export", "--format", "json", "--db", db])
        texts.append(sorted((d["id"], d["clean_text"]) for d in json.loads(exported.output)["documents"]))
    assert texts[0] and texts[0] == texts[1]
    bad = runner.invoke(main, ["build", str(FIXTURES), "--db", str(tmp_path / "x.db"), "--workers", "-1"])
    assert bad.exit_code == 2 and "workers" in bad.output
