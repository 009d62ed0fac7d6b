"""Every reader turns its format into documents, each once, with the metadata the format carries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.config import Config, IngestConfig
from storyline.ingest import ingest
from storyline.ingest.sources import count_inputs
from storyline.model import Document
from storyline.store.db import Store
from tests.conftest import FIXTURES
from tests.ingest.helpers import ARTICLE, ATOM, RSS, html_page, write_warc


def _docs(store: Store) -> list[Document]:
    return list(store.iter_documents())


def test_plain_text_page(store: Store, config: Config) -> None:
    report = ingest([str(FIXTURES / "wire_page.txt")], store, config)
    assert len(report.added) == 1 and not report.errors
    (doc,) = _docs(store)
    assert doc.format == "text"
    assert (doc.title or "").startswith("Harbour cranes fall silent")
    assert "Leave a Reply" not in doc.clean_text
    assert doc.raw == (FIXTURES / "wire_page.txt").read_bytes()


def test_html_page_uses_trafilatura_and_htmldate(tmp_path: Path, store: Store, config: Config) -> None:
    (tmp_path / "ferry.html").write_text(html_page())
    ingest([str(tmp_path / "ferry.html")], store, config)
    (doc,) = _docs(store)
    assert doc.format == "html"
    assert doc.title == "Ferry service resumes on the river"
    assert doc.published == "2025-06-12"
    assert doc.byline == "Lena Hartwig"
    assert doc.outlet == "Kessel Gazette"
    assert "Captain Jonas Reil" in doc.clean_text
    assert "Most read" not in doc.clean_text
    assert any("Council approves new market hall" in s.text for s in doc.removed)


def test_jsonl_records_each_become_a_document(tmp_path: Path, store: Store, config: Config) -> None:
    rows = [
        {
            "title": "Ferry resumes",
            "text": "The ferry runs again.\n\nForty people crossed.",
            "url": "https://a.example/1",
            "date": "2025-06-12T08:00:00Z",
            "source": "Kessel Gazette",
            "author": "Lena Hartwig",
        },
        {
            "title": "Market approved",
            "text": "The market hall was approved on Friday.",
            "date": "2025-06-13",
            "source": "River News",
        },
    ]
    path = tmp_path / "export.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    ingest([str(path)], store, config)
    docs = _docs(store)
    assert [d.path for d in docs] == [f"{path}#0", f"{path}#1"]
    assert docs[0].published == "2025-06-12" and docs[0].outlet == "Kessel Gazette" and docs[0].byline == "Lena Hartwig"
    assert docs[0].clean_text == "The ferry runs again.\n\nForty people crossed."
    assert docs[1].title == "Market approved"


def test_json_array_file(tmp_path: Path, store: Store, config: Config) -> None:
    path = tmp_path / "dump.json"
    path.write_text(
        json.dumps(
            [{"headline": "One", "body": "First story text here."}, {"headline": "Two", "body": "Second story text."}]
        )
    )
    ingest([str(path)], store, config)
    assert [d.title for d in _docs(store)] == ["One", "Two"]


def test_field_mapping_for_unusual_names(tmp_path: Path, store: Store) -> None:
    path = tmp_path / "odd.jsonl"
    path.write_text(
        json.dumps({"story_body": "Text of the story goes here.", "hed": "Odd names", "pub": "2025-01-02"}) + "\n"
    )
    config = Config(ingest=IngestConfig(field_map=(("text", "story_body"), ("title", "hed"), ("date", "pub"))))
    report = ingest([str(path)], store, config)
    assert not report.errors
    (doc,) = _docs(store)
    assert (doc.title, doc.published) == ("Odd names", "2025-01-02")


def test_warc_reads_html_responses_only(tmp_path: Path, store: Store, config: Config) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(
        path,
        [
            ("https://gazette.example/ferry", html_page()),
            (
                "https://gazette.example/market",
                html_page("Market hall plans approved", ARTICLE.replace("ferry", "tram")),
            ),
        ],
    )
    report = ingest([str(path)], store, config)
    assert not report.errors
    docs = _docs(store)
    assert len(docs) == 2
    assert docs[0].url == "https://gazette.example/ferry"
    assert any(d.kind == "crawl_date" for d in docs[0].decisions)


@pytest.mark.parametrize(
    ("name", "feed", "count"), [("news.rss", RSS, 2), ("river.atom", ATOM, 1), ("feed.xml", RSS, 2)]
)
def test_feeds_use_full_content(tmp_path: Path, store: Store, config: Config, name: str, feed: str, count: int) -> None:
    (tmp_path / name).write_text(feed)
    report = ingest([str(tmp_path / name)], store, config)
    assert not report.errors
    docs = _docs(store)
    assert len(docs) == count
    assert docs[0].format == "feed"
    assert docs[0].published == "2025-06-12"
    assert "Short teaser" not in docs[0].clean_text
    assert "\n\n" in docs[0].clean_text  # paragraphs kept apart


def test_folders_are_walked_recursively_and_globs_expanded(tmp_path: Path, store: Store, config: Config) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "one.txt").write_text("Headline one\n\nBody of the first page is here.\n")
    (tmp_path / "a" / "b" / "two.txt").write_text("Headline two\n\nBody of the second page is here.\n")
    (tmp_path / "a" / "b" / "logo.png").write_bytes(b"\x89PNG")
    ingest([str(tmp_path / "a")], store, config)
    assert store.count_documents() == 2
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "three.txt").write_text("Headline three\n\nBody of the third page is here.\n")
    ingest([str(tmp_path / "c" / "*.txt")], store, config)
    assert store.count_documents() == 3


def test_overlapping_specs_read_each_file_once_and_counts_stand_without_ids(
    tmp_path: Path, store: Store, config: Config
) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "one.txt").write_text("Headline one\n\nBody of the first page is here.\n")
    (tmp_path / "a" / "b" / "two.txt").write_text("Headline two\n\nBody of the second page is here.\n")
    specs = [str(tmp_path / "a"), str(tmp_path / "a" / "b"), str(tmp_path / "a" / "**" / "*.txt")]
    assert count_inputs(specs) == 2
    seen: list[tuple[int, int]] = []
    report = ingest(specs, store, config, lambda done, total, added: seen.append((done, total)), keep_ids=False)
    assert report.files == 2 and report.added_count == 2 and report.duplicate_count == 0
    assert report.added == [] and report.duplicates == []  # counted, not listed
    assert seen == [(1, 2), (2, 2)]
    again = ingest([str(tmp_path / "a")], store, config)
    assert again.added_count == 0 and again.duplicate_count == 2 and len(again.duplicates) == 2


def test_stdin(monkeypatch: pytest.MonkeyPatch, store: Store, config: Config) -> None:
    import io
    import sys

    class FakeStdin:
        buffer = io.BytesIO(html_page().encode())

    monkeypatch.setattr(sys, "stdin", FakeStdin())
    ingest(["-"], store, config)
    (doc,) = _docs(store)
    assert doc.path == "<stdin>" and doc.format == "html"


def test_legacy_encoding_is_detected(tmp_path: Path, store: Store, config: Config) -> None:
    text = (
        "Café owners protest\n\n"
        "The owners of the café on the square say the new rules are “unfair” and costly for them.\n"
    )
    (tmp_path / "cafe.txt").write_bytes(text.encode("cp1252"))
    report = ingest([str(tmp_path / "cafe.txt")], store, config)
    (doc,) = _docs(store)
    assert "café on the square" in doc.clean_text and "“unfair”" in doc.clean_text
    assert doc.encoding.lower().replace("_", "") in ("cp1252", "windows1252", "latin1", "iso88591")
    assert not report.warnings
