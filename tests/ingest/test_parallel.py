"""Cleaning in worker processes gives what cleaning in one process gives, and start-up stays light."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path, PurePath

import pytest
from lxml import html as lxml_html

from storyline.config import Config
from storyline.ingest import ingest
from storyline.ingest.clean import repetition_group
from storyline.ingest.htmlpage import element_text
from storyline.ingest.readers import RawRecord
from storyline.ingest.repetition import RepeatedLines, clean_page, lines_digest
from storyline.ingest.textpage import line_fingerprint
from storyline.store.db import Store
from tests.ingest.test_fast_paths import _cleaning


def _site(folder: Path, pages: int) -> Path:
    """One outlet's pages: a long slogan above each headline (taken for the headline until it is
    known to repeat), a headline, an article, share furniture."""
    places = ("Oldbank", "Kessel", "Marrow", "Tilby", "Essford", "Brenmoor", "Caldry")
    folder.mkdir(parents=True)
    for i in range(pages):
        place = places[i % len(places)]
        (folder / f"{i:02d}.txt").write_text(
            f"The Kessel Courier — all the news of the river valley\n\nFerry number {i} back in service at {place}\n\n"
            f"The ferry numbered {i} returned to the crossing at {place} on Monday after repairs to its hull, the "
            f"operator said, and the timetable for the {place} landing is back to normal.\n\nShare this article\n",
            encoding="utf-8",
        )
    return folder


def test_batches_cleaned_by_workers_while_earlier_ones_find_repeated_lines_clean_as_one_process(
    tmp_path: Path, config: Config
) -> None:
    pages = _site(tmp_path / "courier", 14)
    # Batches of 4: the first finds the slogan repeated (and it was each page's headline), the next
    # ones are cleaned by the workers while it is being written.
    one = replace(config, ingest=replace(config.ingest, workers=1, batch_size=4))
    two = replace(config, ingest=replace(config.ingest, workers=2, batch_size=4, parallel_min_records=2))
    with Store(tmp_path / "one.db") as a, Store(tmp_path / "two.db") as b:
        ingest([str(pages)], a, one)
        ingest([str(pages)], b, two)
        expected = _cleaning(a)
        assert len(expected) == 14
        assert not any("Courier" in (doc.title or "") for doc in a.iter_documents())  # the slogan is no headline
        assert _cleaning(b) == expected


def test_workers_that_cannot_read_the_store_leave_the_cleaning_to_the_writer(tmp_path: Path, config: Config) -> None:
    pages = _site(tmp_path / "courier", 14)
    one = replace(config, ingest=replace(config.ingest, workers=1, batch_size=4))
    two = replace(config, ingest=replace(config.ingest, workers=2, batch_size=4, parallel_min_records=2))
    with Store(tmp_path / "one.db") as a, Store(":memory:") as b:  # nothing for a worker to read
        ingest([str(pages)], a, one)
        ingest([str(pages)], b, two)
        assert _cleaning(b) == _cleaning(a)


def test_a_page_names_the_repeated_lines_it_was_cleaned_with(tmp_path: Path, config: Config) -> None:
    page = _site(tmp_path / "courier", 1) / "00.txt"
    record = RawRecord(str(page), "text", page.read_bytes())
    slogan = "The Kessel Courier — all the news of the river valley"
    plain = clean_page(record, config.ingest, RepeatedLines(None).of)
    assert not isinstance(plain, Exception)
    assert plain.applied == "" and plain.doc.title == slogan
    lines = frozenset({line_fingerprint(slogan)})
    assert lines <= plain.prints
    cleaned = clean_page(record, config.ingest, lambda group: lines)
    assert not isinstance(cleaned, Exception)
    assert cleaned.applied == lines_digest(lines) != ""
    assert cleaned.doc.title == "Ferry number 0 back in service at Oldbank"


NESTED = """<html><body><div><p>Plain <b>bold<i> nested</i></b> tail&amp;more<!-- a comment --> end</p>
<ul><li>One <a href="/x">link</a> after</li><li><![CDATA[raw]]>x</li></ul>
<table><tr><td>cell <br/>broken</td><th>  spaced\n\tout  </th></tr></table>
<blockquote>Quoted <q>inner</q>.</blockquote><p></p></div></body></html>"""


def test_the_text_of_an_element_is_its_xpath_string_value() -> None:
    tree = lxml_html.fromstring(NESTED)
    elements = list(tree.iter("p", "li", "a", "td", "th", "blockquote", "div"))
    assert len(elements) == 9
    assert [element_text(e) for e in elements] == [e.xpath("string()") for e in elements]


@pytest.mark.parametrize(
    "label",
    [
        "site/page.txt",
        "/abs/site/page.txt",
        "page.txt",
        "<stdin>",
        "a//b.txt",
        "./a/b.txt",
        "a/./b.txt",
        "/p.txt",
        "a/../b.txt",
        "feed.xml#3",
        "dir/export.jsonl#12",
    ],
)
def test_the_folder_group_is_the_parent_folder_as_pathlib_names_it(label: str) -> None:
    container = label.split("#", 1)[0]
    expected = container if "#" in label else str(PurePath(container).parent)
    assert repetition_group(label, None, None) == f"folder:{expected}"


def test_starting_the_command_line_loads_no_html_feed_or_archive_library() -> None:
    code = (
        "import sys, storyline.cli\n"
        "print(sorted(m for m in ('trafilatura', 'htmldate', 'lxml', 'warcio', 'feedparser', 'charset_normalizer',"
        " 'dateutil') if m in sys.modules))"
    )
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == "[]"
