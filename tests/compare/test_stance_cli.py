"""`storyline stance` over a built corpus: each document's stance with the sentence it rests on."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from storyline.cli import main
from storyline.store.db import Store


def test_the_wire_story_and_its_copies_agree_with_their_own_lede(example_db: Path) -> None:
    with Store(example_db) as store:
        event = store.conn.execute(
            "SELECT e.event FROM event_documents e JOIN documents d ON d.id = e.document "
            "WHERE d.path LIKE '%meridianpress%'"
        ).fetchone()[0]
    claim = "Eleven people were injured when a ferry with 233 aboard ran aground on a reef off Northland"
    result = CliRunner().invoke(main, ["stance", claim, "--event", event, "--json", "--db", str(example_db)])
    assert result.exit_code == 0, result.output
    records = json.loads(result.output)
    assert records and all(r["label"] != "unrelated" for r in records)
    assert any(r["label"] == "agree" for r in records)
    assert all(r["sentences"] and r["sentences"][0]["text"] for r in records)
