"""Bad inputs: a one-line error naming the file and the reason, and the rest of the batch goes on."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import EXIT_SKIPPED, main
from storyline.config import Config
from storyline.errors import (
    BinaryInputError,
    EmptyInputError,
    MalformedRecordError,
    TooLargeInputError,
    UnreadableInputError,
)
from storyline.ingest import ingest
from storyline.store.db import Store
from tests.ingest.helpers import html_page, write_warc

GOOD = "A good headline\n\nA paragraph of article text that is perfectly fine to read.\n"


def _with_good_page(tmp_path: Path) -> Path:
    (tmp_path / "good.txt").write_text(GOOD)
    return tmp_path / "good.txt"


def _only_error(report: object, kind: type) -> str:
    errors = report.errors  # type: ignore[attr-defined]
    assert len(errors) == 1, errors
    assert isinstance(errors[0], kind), errors
    message = str(errors[0])
    assert "\n" not in message
    return message


def test_binary_file(tmp_path: Path, store: Store, config: Config) -> None:
    good = _with_good_page(tmp_path)
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (tmp_path / "blob.txt").write_bytes(bytes(range(256)) * 8)
    report = ingest([str(tmp_path / "photo.txt"), str(tmp_path / "blob.txt"), str(good)], store, config)
    assert len(report.errors) == 2 and all(isinstance(e, BinaryInputError) for e in report.errors)
    assert str(tmp_path / "photo.txt") in str(report.errors[0]) and "binary" in str(report.errors[0])
    assert store.count_documents() == 1


def test_empty_file(tmp_path: Path, store: Store, config: Config) -> None:
    good = _with_good_page(tmp_path)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.html").write_text("  \n\n ")
    report = ingest([str(tmp_path / "empty.txt"), str(tmp_path / "blank.html"), str(good)], store, config)
    assert len(report.errors) == 2 and all(isinstance(e, EmptyInputError) for e in report.errors)
    assert "empty.txt: empty file" in str(report.errors[0])
    assert store.count_documents() == 1


def test_page_of_boilerplate_only_is_reported_not_stored(tmp_path: Path, store: Store, config: Config) -> None:
    (tmp_path / "chrome.txt").write_text("Leave a Reply\n\nSource link\n\nShare this:\n")
    report = ingest([str(tmp_path / "chrome.txt")], store, config)
    assert "no article text" in _only_error(report, EmptyInputError)


def test_unreadable_path(tmp_path: Path, store: Store, config: Config) -> None:
    good = _with_good_page(tmp_path)
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    report = ingest([str(tmp_path / "missing.txt"), str(tmp_path / "nothing-*.txt"), str(good)], store, config)
    assert len(report.errors) == 2 and all(isinstance(e, UnreadableInputError) for e in report.errors)
    assert "missing.txt: no such file or folder" in str(report.errors[0])
    assert "matched no file" in str(report.errors[1])
    assert store.count_documents() == 1
    report = ingest([str(tmp_path / "dangling.txt")], store, config)
    _only_error(report, UnreadableInputError)


def test_invalid_encoding_is_decoded_with_detection(tmp_path: Path, store: Store, config: Config) -> None:
    # Bytes that are valid in no UTF flavour but are a legacy single-byte text.
    (tmp_path / "koi8.txt").write_bytes(
        "Новости дня\n\nСегодня в городе открылся новый мост через реку.\n".encode("koi8_r")
    )
    report = ingest([str(tmp_path / "koi8.txt")], store, config)
    assert not report.errors
    (doc,) = list(store.iter_documents())
    assert doc.encoding != "utf-8"


def test_mixed_encoding_warns_about_replaced_bytes(tmp_path: Path, store: Store, config: Config) -> None:
    raw = "Zürich talks end\n\nThe talks in Zürich ended on Friday with an agreement on “next steps”.\n".encode()
    raw += "Delegates from Montréal said little.\n".encode("latin-1")
    (tmp_path / "mixed.txt").write_bytes(raw)
    report = ingest([str(tmp_path / "mixed.txt")], store, config)
    assert not report.errors
    assert len(report.warnings) == 1 and "mixed.txt" in report.warnings[0] and "replaced" in report.warnings[0]
    (doc,) = list(store.iter_documents())
    assert "Zürich" in doc.clean_text and doc.encoding_warning


def test_malformed_json_line_skips_that_line_only(tmp_path: Path, store: Store, config: Config) -> None:
    lines = [
        json.dumps({"title": "One", "text": "First record text."}),
        '{"title": "Two", "text": ',
        "[1, 2]",
        json.dumps({"title": "Four", "text": "Fourth record text."}),
    ]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines) + "\n")
    report = ingest([str(tmp_path / "feed.jsonl")], store, config)
    assert len(report.errors) == 2 and all(isinstance(e, MalformedRecordError) for e in report.errors)
    assert f"{tmp_path / 'feed.jsonl'}:2: malformed JSON line" in str(report.errors[0])
    assert [d.title for d in store.iter_documents()] == ["One", "Four"]


def test_truncated_warc_keeps_the_pages_before_the_damage(tmp_path: Path, store: Store, config: Config) -> None:
    whole = tmp_path / "whole.warc.gz"
    pages = [
        (f"https://gazette.example/{i}", html_page(f"Story number {i} about the ferry", date="2025-06-1" + str(i)))
        for i in range(3)
    ]
    write_warc(whole, pages, with_image=False)
    data = whole.read_bytes()
    (tmp_path / "cut.warc.gz").write_bytes(data[: int(len(data) * 0.8)])
    report = ingest([str(tmp_path / "cut.warc.gz")], store, config)
    message = _only_error(report, MalformedRecordError)
    assert "cut.warc.gz" in message and "truncated" in message
    assert 1 <= store.count_documents() < 3


def test_a_200_mb_single_line_file_is_refused_without_stopping_the_batch(
    tmp_path: Path, store: Store, config: Config
) -> None:
    good = _with_good_page(tmp_path)
    big = tmp_path / "huge.txt"
    with open(big, "wb") as fh:
        chunk = b"word " * 200_000  # 1 MB, no newline
        for _ in range(200):
            fh.write(chunk)
    big_jsonl = tmp_path / "huge.jsonl"
    with open(big_jsonl, "wb") as fh:
        fh.write(b'{"text": "')
        for _ in range(30):
            fh.write(chunk)
        fh.write(b'"}\n' + json.dumps({"title": "After", "text": "A record after the huge one."}).encode() + b"\n")
    report = ingest([str(big), str(big_jsonl), str(good)], store, config)
    assert len(report.errors) == 2 and all(isinstance(e, TooLargeInputError) for e in report.errors)
    assert "huge.txt" in str(report.errors[0]) and "MB" in str(report.errors[0])
    assert sorted(d.title or "" for d in store.iter_documents()) == ["A good headline", "After"]


def test_cli_exit_code_says_whether_anything_was_skipped(tmp_path: Path) -> None:
    good = _with_good_page(tmp_path)
    runner = CliRunner()
    db = str(tmp_path / "cli.db")
    ok = runner.invoke(main, ["build", str(good), "--db", db])
    assert ok.exit_code == 0, ok.output
    (tmp_path / "bad.jsonl").write_text("not json\n")
    bad = runner.invoke(main, ["build", str(tmp_path / "bad.jsonl"), str(tmp_path / "nope"), "--db", db])
    assert bad.exit_code == EXIT_SKIPPED
    lines = [line for line in bad.output.splitlines() if line.startswith("skipped ")]
    assert len(lines) == 2
    assert any("bad.jsonl:1: malformed JSON line" in line for line in lines)
    assert any("nope: no such file or folder" in line for line in lines)


def test_gzip_named_as_text_is_binary(tmp_path: Path, store: Store, config: Config) -> None:
    (tmp_path / "page.txt").write_bytes(gzip.compress(GOOD.encode()))
    report = ingest([str(tmp_path / "page.txt")], store, config)
    assert "gzip" in _only_error(report, BinaryInputError)


@pytest.mark.parametrize("content", ["<rss><channel></channel></rss>", "plain words, not a feed"])
def test_unreadable_feed(tmp_path: Path, store: Store, config: Config, content: str) -> None:
    (tmp_path / "broken.rss").write_text(content)
    report = ingest([str(tmp_path / "broken.rss")], store, config)
    assert "broken.rss" in _only_error(report, MalformedRecordError)


def test_the_same_bad_bytes_twice_in_one_batch_are_refused_once_and_nothing_is_stored(
    tmp_path: Path, store: Store, config: Config
) -> None:
    (tmp_path / "a.txt").write_text("Leave a Reply\n\nSource link\n")
    (tmp_path / "b.txt").write_text("Leave a Reply\n\nSource link\n")
    report = ingest([str(tmp_path)], store, config)
    assert len(report.errors) == 1 and store.count_documents() == 0
