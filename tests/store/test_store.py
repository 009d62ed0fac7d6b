"""The store: content-addressed, idempotent, versioned, searchable, and safe to kill."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storyline.config import Config
from storyline.errors import NotFoundError, StoreError
from storyline.ingest import ingest
from storyline.ingest.clean import CLEAN_VERSION
from storyline.model import Document, Segment, SegmentKind
from storyline.store.db import Store
from storyline.store.schema import SCHEMA_VERSION
from tests.conftest import FIXTURES, ROOT


def _table_counts(store: Store) -> dict[str, int]:
    tables = [
        r[0]
        for r in store.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'documents_fts%'"
        )
    ]
    return {t: store.conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}


def test_ingesting_the_same_inputs_twice_adds_nothing(store: Store, config: Config) -> None:
    first = ingest([str(FIXTURES)], store, config)
    before = _table_counts(store)
    second = ingest([str(FIXTURES)], store, config)
    assert first.added and not second.added
    assert len(second.duplicates) == len(first.added)
    assert _table_counts(store) == before


def test_the_same_bytes_under_another_name_are_one_document(tmp_path: Path, store: Store, config: Config) -> None:
    data = (FIXTURES / "wire_page.txt").read_bytes()
    (tmp_path / "a.txt").write_bytes(data)
    (tmp_path / "copy-of-a.txt").write_bytes(data)
    report = ingest([str(tmp_path / "a.txt"), str(tmp_path / "copy-of-a.txt")], store, config)
    assert len(report.added) == 1 and len(report.duplicates) == 1
    assert store.count_documents() == 1
    paths = [r[0] for r in store.conn.execute("SELECT path FROM document_paths ORDER BY path")]
    assert paths == [str(tmp_path / "a.txt"), str(tmp_path / "copy-of-a.txt")]


def test_raw_bytes_are_kept_exactly(store: Store, config: Config) -> None:
    ingest([str(FIXTURES / "wire_page.txt")], store, config)
    (doc,) = store.iter_documents()
    assert doc.raw == (FIXTURES / "wire_page.txt").read_bytes()


def test_wal_foreign_keys_and_schema_version(store: Store) -> None:
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.meta()["schema_version"] == SCHEMA_VERSION


def test_a_database_from_a_newer_storyline_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        Store(path)


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database " * 100)
    with pytest.raises(StoreError, match="not a usable storyline database"):
        Store(path)


def test_full_text_search_over_titles_and_clean_text(store: Store, config: Config) -> None:
    ingest([str(FIXTURES / "wire_page.txt"), str(FIXTURES / "site_a")], store, config)
    hits = store.search("dockworkers")
    assert len(hits) == 1 and hits[0]["title"].startswith("Harbour cranes")
    assert store.search("Reply") == []  # boilerplate is not indexed


def _page(doc_id: str, title: str, body: str) -> Document:
    doc = Document(id=doc_id, path=f"{doc_id}.txt", format="text", raw=body.encode(), text=body, title=title)
    doc.segments = [Segment(0, 0, len(body), body, SegmentKind.BODY)]
    return doc


def test_documents_enter_the_search_index_with_their_transaction_and_only_then(store: Store) -> None:
    with store.transaction():
        store.add_document(_page("a1", "Ferry strike", "The ferry crews walked out."), {}, "g")
        store.add_document(_page("b2", "Bridge vote", "The council voted on the bridge."), {}, "g")
        assert store.search("ferry") == []  # not yet: the batch is indexed as it commits
    assert [h["title"] for h in store.search("ferry")] == ["Ferry strike"]
    assert [h["title"] for h in store.search("council")] == ["Bridge vote"]
    with pytest.raises(RuntimeError), store.transaction():
        store.add_document(_page("c3", "Harbour fire", "A fire broke out at the harbour."), {}, "g")
        raise RuntimeError("killed mid-batch")
    assert store.search("harbour") == [] and store.count_documents() == 2
    store.add_document(_page("d4", "Harbour reopens", "The harbour reopened."), {}, "g")  # no transaction
    assert [h["title"] for h in store.search("harbour")] == ["Harbour reopens"]
    integrity = store.conn.execute("INSERT INTO documents_fts(documents_fts, rank) VALUES ('integrity-check', 1)")
    assert integrity.fetchall() == []  # the external-content index matches the documents table


def test_the_insert_trigger_of_schema_6_is_gone_after_migration(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        names = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert "documents_ai" not in names and {"documents_ad", "documents_au"} <= names


def test_ids_resolve_from_a_unique_prefix(store: Store, config: Config) -> None:
    report = ingest([str(FIXTURES / "wire_page.txt")], store, config)
    assert store.resolve_id(report.added[0][:6]) == report.added[0]
    with pytest.raises(NotFoundError):
        store.resolve_id("zzzz")


def test_a_stage_only_sees_documents_it_has_not_done(store: Store, config: Config) -> None:
    report = ingest([str(FIXTURES)], store, config)
    assert store.pending("clean", CLEAN_VERSION) == []
    assert store.pending("annotate", "v1") == report.added
    with store.transaction():
        store.mark_done("annotate", report.added[:1], "v1")
    assert store.pending("annotate", "v1") == report.added[1:]
    assert store.pending("annotate", "v2") == report.added


def _make_corpus(folder: Path, n: int) -> None:
    folder.mkdir()
    for i in range(n):
        (folder / f"page{i:05d}.txt").write_text(
            f"Report number {i} from the valley\n\n"
            f"Paragraph about event {i}: the council of town {i % 97} met on day {i % 28 + 1} "
            f"and decided on matter {i * 7919 % 100003}.\n\nLeave a Reply\n"
        )


def test_kill_9_during_build_loses_nothing_and_duplicates_nothing(tmp_path: Path) -> None:
    corpus, db = tmp_path / "corpus", tmp_path / "kill.db"
    _make_corpus(corpus, 3000)
    # Ingest is the stage that stores documents; later stages are covered by the test below.
    cli = [sys.executable, "-m", "storyline.cli", "build", str(corpus), "--db", str(db), "-q", "--until", "ingest"]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen(cli, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        time.sleep(0.05)
        if db.exists() and _stored(db) >= 400:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = _stored(db)
    assert 0 < partial < 3000, "the build should have been killed half-way"
    rerun = subprocess.run(cli, env=env, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    with Store(db) as store:
        assert store.count_documents() == 3000
        assert len(set(store.document_ids())) == 3000
        assert store.pending("clean", CLEAN_VERSION) == []
        segs = store.conn.execute("SELECT COUNT(*) FROM segments").fetchone()[0]
        assert segs == 3000 * 3
        fts = store.conn.execute("SELECT COUNT(*) FROM documents_fts").fetchone()[0]
        assert fts == 3000


def _stored(db: Path) -> int:
    try:
        conn = sqlite3.connect(db, timeout=1)
        n = int(conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
        conn.close()
        return n
    except sqlite3.OperationalError:
        return 0


def test_kill_9_during_annotation_and_a_rerun_annotate_each_document_once(tmp_path: Path) -> None:
    corpus, db = tmp_path / "corpus", tmp_path / "annotate.db"
    _make_corpus(corpus, 400)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    base = [sys.executable, "-m", "storyline.cli", "build", str(corpus), "--db", str(db), "-q"]
    subprocess.run([*base, "--until", "ingest"], env=env, check=True, capture_output=True)
    proc = subprocess.Popen(
        [*base, "--until", "annotate"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
        if _count(db, "SELECT COUNT(*) FROM stage_runs WHERE stage = 'annotate'") >= 64:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert _count(db, "SELECT COUNT(*) FROM stage_runs WHERE stage = 'annotate'") < 400
    rerun = subprocess.run([*base, "--until", "annotate"], env=env, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert _count(db, "SELECT COUNT(*) FROM stage_runs WHERE stage = 'annotate'") == 400
    assert _count(db, "SELECT COUNT(*) FROM (SELECT DISTINCT document, idx FROM sentences)") == _count(
        db, "SELECT COUNT(*) FROM sentences"
    )
    assert _count(db, "SELECT COUNT(DISTINCT document) FROM sentences") == 400


def _count(db: Path, sql: str) -> int:
    try:
        conn = sqlite3.connect(db, timeout=5)
        n = int(conn.execute(sql).fetchone()[0])
        conn.close()
        return n
    except sqlite3.OperationalError:
        return 0
