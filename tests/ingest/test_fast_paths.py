"""The fast paths of ingest give exactly what the plain ones give: workers, batches, the author search."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from lxml import html as lxml_html

from storyline.config import Config
from storyline.ingest import ingest
from storyline.ingest.htmlpage import _AUTHOR_XPATHS, author_candidates
from storyline.store.db import Store
from tests.conftest import FIXTURES


def _cleaning(store: Store) -> dict[str, object]:
    """Every stored page's cleaning, by path: title, verdict and reason of each line, decisions."""
    out: dict[str, object] = {}
    for doc in store.iter_documents():
        out["/".join(Path(doc.path).parts[-2:])] = (
            doc.title,
            doc.outlet,
            doc.clean_text,
            [(s.text, s.kind, s.reason) for s in doc.segments],
            sorted((d.kind, d.value) for d in doc.decisions),
        )
    return out


def store_has_repeated_lines(store: Store) -> bool:
    return bool(store.conn.execute("SELECT COUNT(*) FROM repeated_lines").fetchone()[0])


def test_pages_cleaned_in_worker_processes_are_stored_as_if_cleaned_in_one(tmp_path: Path, config: Config) -> None:
    pages = tmp_path / "pages"
    kinds = ("stone", "iron", "wooden", "rail", "foot", "toll", "swing", "canal")
    places = ("Oldbank", "Kessel", "Marrow", "Tilby", "Essford")
    for site in ("north", "south"):
        (pages / site).mkdir(parents=True)
        for i in range(40):  # 80 pages: enough for the batch to go to the workers
            kind, place = kinds[i % 8], places[i // 8]
            (pages / site / f"{i:02d}.txt").write_text(
                f"The {site.title()} Beacon — news you can rely on\n\n{kind.title()} bridge near {place} closes\n\n"
                f"The {kind} bridge near {place} was closed to traffic after inspectors from the {site} roads office "
                f"found cracks in its {kind} supports.\n\nShare this article\n",
                encoding="utf-8",
            )
    one = replace(config, ingest=replace(config.ingest, workers=1))
    two = replace(config, ingest=replace(config.ingest, workers=2, parallel_min_records=2))
    with Store(tmp_path / "one.db") as a, Store(tmp_path / "two.db") as b:
        ingest([str(pages)], a, one)
        ingest([str(pages)], b, two)
        assert len(_cleaning(a)) == 80
        assert store_has_repeated_lines(a)  # the slogan was found, and removed on both sides
        assert _cleaning(a) == _cleaning(b)


def test_a_repetition_found_within_one_batch_cleans_as_one_found_across_builds(tmp_path: Path, config: Config) -> None:
    site = tmp_path / "site_a"
    shutil.copytree(FIXTURES / "site_a", site)
    with Store(tmp_path / "together.db") as together:
        ingest([str(site)], together, config)  # the three pages in one batch
        expected = _cleaning(together)
    shutil.rmtree(site)
    site.mkdir()
    with Store(tmp_path / "split.db") as split:
        for name in ("page1.txt", "page2.txt", "page3.txt"):  # one more page each build
            shutil.copy(FIXTURES / "site_a" / name, site / name)
            ingest([str(site)], split, config)
        assert _cleaning(split) == expected


PAGE = """<html><body>
<div class="comments"><span class="author">Commenter Name</span></div>
<p class="byline">By Lena Hartwig</p>
<a rel="author" href="/lena">Lena Hartwig</a>
<span id="post-author-1" itemprop="author">Lena Hartwig</span>
<div data-component="Byline" class="Writer-box">Desk</div>
<author>L. H.</author>
<h4 class="BBL">Staff</h4>
<p>Text without any author mark.</p>
</body></html>"""


def test_the_one_pass_author_search_selects_what_the_three_expressions_select() -> None:
    tree = lxml_html.fromstring(PAGE)
    expected = tuple(list(expression(tree)) for expression in _AUTHOR_XPATHS)
    assert all(expected)  # each expression selects something on this page
    assert author_candidates(tree) == expected
