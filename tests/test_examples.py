"""The bundled example corpus builds cleanly and cleaning finds what its authors wrote into it."""

from __future__ import annotations

import json
from typing import Any

import pytest

from storyline.config import Config
from storyline.ingest import ingest
from storyline.store.db import Store
from storyline.store.export import export
from tests.conftest import ROOT

CORPUS = ROOT / "examples" / "corpus"
TRUTH: dict[str, Any] = json.loads((ROOT / "examples" / "truth.json").read_text())


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    with Store(tmp_path_factory.mktemp("examples") / "ex.db") as store:
        report = ingest([str(CORPUS)], store, Config())
        assert not report.errors, report.errors
        data = export(store)
    return {d["path"].split("examples/corpus/", 1)[1]: d for d in data["documents"]}


def test_every_article_is_ingested_in_every_format(exported: dict[str, dict[str, Any]]) -> None:
    assert set(exported) == set(TRUTH["documents"])
    assert len(exported) >= 25
    assert {d["format"] for d in exported.values()} == {"text", "html", "json", "feed"}
    assert any(p.endswith(".warc.gz#0") for p in exported) and any(".atom#" in p for p in exported)


@pytest.mark.parametrize("path", sorted(TRUTH["documents"]))
def test_cleaning_matches_what_the_authors_wrote(exported: dict[str, dict[str, Any]], path: str) -> None:
    want, got = TRUTH["documents"][path], exported[path]
    assert got["title"] == want["title"]
    if want.get("byline"):
        assert got["byline"] == want["byline"]
    removed = {r["text"] for r in got["removed"]}
    for line in want.get("boilerplate", []):
        assert line in removed or line not in got["clean_text"], line
    if want.get("published_stated"):
        assert got["published"] == want["published"]
    if want.get("page_date"):
        assert got["page_date"] == want["page_date"]
    raw_text = _raw_text(path)
    if want.get("outlet") and want["outlet"].lower() in raw_text.lower():
        ours = (got["outlet"] or "").lower()
        assert ours and (want["outlet"].lower() in ours or ours in want["outlet"].lower()), got["outlet"]


def test_the_windows_1252_page_is_decoded(exported: dict[str, dict[str, Any]]) -> None:
    legacy = [d for d in exported.values() if d["encoding"] == "cp1252"]
    assert legacy and all("\ufffd" not in d["clean_text"] for d in legacy)


def _raw_text(path: str) -> str:
    file = CORPUS / path.split("#", 1)[0]
    data = file.read_bytes()
    if file.name.endswith(".gz"):
        import gzip

        data = gzip.decompress(data)
    return data.decode("utf-8", errors="replace")
