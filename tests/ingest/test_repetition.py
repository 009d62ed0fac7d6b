"""Corpus statistics: a line on several pages of one outlet is boilerplate though no pattern knows it."""

from __future__ import annotations

import shutil
from pathlib import Path

from storyline.config import Config
from storyline.ingest import ingest
from storyline.store.db import Store
from tests.conftest import FIXTURES

SLOGAN = "The Lantern Post — independent news for the valley since 1994"


def _removed(store: Store, title_start: str) -> dict[str, str]:
    for doc in store.iter_documents():
        if (doc.title or "").startswith(title_start):
            return {s.text: s.reason for s in doc.removed}
    raise AssertionError(title_start)


def test_a_slogan_on_three_pages_of_one_site_is_removed_from_all(store: Store, config: Config) -> None:
    report = ingest([str(FIXTURES / "site_a")], store, config)
    assert len(report.added) == 3
    for doc in store.iter_documents():
        assert SLOGAN not in doc.clean_text
        assert "repeated" in {s.text: s.reason for s in doc.removed}[SLOGAN]
    assert store.conn.execute("SELECT example FROM repeated_lines").fetchone()[0] == SLOGAN


def test_pages_seen_before_are_cleaned_again_when_a_later_build_reveals_the_repetition(
    tmp_path: Path, store: Store, config: Config
) -> None:
    site = tmp_path / "site_a"
    site.mkdir()
    for name in ("page1.txt", "page2.txt"):
        shutil.copy(FIXTURES / "site_a" / name, site / name)
    ingest([str(site)], store, config)
    assert all(SLOGAN in d.clean_text for d in store.iter_documents())
    with store.transaction():
        store.mark_done("annotate", store.document_ids(), "v1")
    shutil.copy(FIXTURES / "site_a" / "page3.txt", site / "page3.txt")
    report = ingest([str(site)], store, config)
    assert len(report.recleaned) == 2  # the two stored pages; the new one is cleaned once, already without it
    assert all(SLOGAN not in d.clean_text for d in store.iter_documents())
    assert len(store.pending("annotate", "v1")) == 3  # later stages will redo the re-cleaned pages


def test_the_same_line_on_pages_of_different_sites_is_kept(tmp_path: Path, store: Store, config: Config) -> None:
    for i, name in enumerate(("page1.txt", "page2.txt", "page3.txt")):
        site = tmp_path / f"site{i}"
        site.mkdir()
        shutil.copy(FIXTURES / "site_a" / name, site / name)
    ingest([str(tmp_path)], store, config)
    assert all(SLOGAN in d.clean_text for d in store.iter_documents())


def test_copies_of_one_article_on_one_site_are_not_gutted(tmp_path: Path, store: Store, config: Config) -> None:
    site = tmp_path / "site"
    site.mkdir()
    article = (FIXTURES / "wire_page.txt").read_text()
    for i in range(3):
        (site / f"copy{i}.txt").write_text(article + f"\n{i + 3} views0 comments\n")
    ingest([str(site)], store, config)
    for doc in store.iter_documents():
        assert "Ilse Brandt" in doc.clean_text
        assert any(d.kind == "repetition_not_applied" for d in doc.decisions)
