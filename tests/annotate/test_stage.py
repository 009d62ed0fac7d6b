"""The annotate stage over a store: what it stores, incrementally, and for which languages."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

from storyline.config import Config
from storyline.pipeline import build
from storyline.store import annotated
from storyline.store.db import Store
from storyline.store.export import export

GERMAN = (
    "Regierung beschließt neues Gesetz\n\n"
    "Die Bundesregierung hat am Dienstag ein neues Gesetz zur Förderung erneuerbarer Energien beschlossen. "
    "Der Minister sagte, die Maßnahmen würden im kommenden Jahr in Kraft treten und viele Haushalte entlasten.\n"
)
ENGLISH = (
    "Ferry resumes service on the river\n\n"
    "Published: 12 June 2025\n\n"
    "The river ferry between Oldbank and Kessel resumed service on Thursday after a three-week halt, "
    "operator Jonas Reil said. Mayor Anna Voss of Kessel welcomed the news.\n\n"
    "Reil said the timetable would return to normal by the weekend.\n"
)


def _build(tmp_path: Path, files: dict[str, str], store: Store) -> None:
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text)
    build([str(folder)], store, Config())


def test_a_non_english_page_is_stored_and_marked_not_annotated(tmp_path: Path, store: Store) -> None:
    _build(tmp_path, {"de.txt": GERMAN, "en.txt": ENGLISH}, store)
    docs = {d["path"].rsplit("/", 1)[-1]: d for d in export(store)["documents"]}
    assert docs["de.txt"]["language"] == "de"
    assert docs["de.txt"]["sentences"] == [] and docs["de.txt"]["mentions"] == []
    assert any(d["kind"] == "language" for d in docs["de.txt"]["decisions"])
    assert docs["en.txt"]["language"] == "en" and docs["en.txt"]["sentences"]


def test_sentences_mentions_and_times_point_into_the_clean_text(tmp_path: Path, store: Store) -> None:
    _build(tmp_path, {"en.txt": ENGLISH}, store)
    (doc,) = export(store)["documents"]
    text = doc["clean_text"]
    for item in doc["sentences"] + doc["mentions"] + doc["time_expressions"]:
        assert text[item["start"] : item["end"]] == item["text"]
    thursday = next(t for t in doc["time_expressions"] if t["text"] == "Thursday")
    assert thursday["value"] == "2025-06-12" and thursday["anchor"] == "2025-06-12"
    reil = next(e for e in export(store)["entities"] if e["name"] == "Jonas Reil")
    assert "Reil" in reil["aliases"]
    voss = next(e for e in export(store)["entities"] if e["name"] == "Anna Voss")
    assert voss["roles"] == ["Mayor"]


def test_a_second_build_annotates_only_new_documents(tmp_path: Path, store: Store) -> None:
    _build(tmp_path, {"en.txt": ENGLISH}, store)
    first = store.conn.execute("SELECT COUNT(*) FROM decisions WHERE stage = 'annotate'").fetchone()[0]
    report = build([str(tmp_path / "in")], store, Config())
    assert report.stages["annotate"] == 0
    assert store.conn.execute("SELECT COUNT(*) FROM decisions WHERE stage = 'annotate'").fetchone()[0] == first


def test_entity_ids_do_not_depend_on_input_order(tmp_path: Path) -> None:
    seen = []
    for order in (("a.txt", "b.txt"), ("b.txt", "a.txt")):
        run = tmp_path / "-".join(order)
        run.mkdir()
        texts = {
            "a.txt": "Talks in Kessel\n\nDefense Minister Sergei Shoigu met Kim Jong Un in Kessel on Monday.\n",
            "b.txt": "Minister visits\n\nSergey Shoigu and Kim Jong-un toured the Kessel shipyard together.\n",
        }
        with Store(run / "db.sqlite") as store:
            for name in order:
                (run / name).write_text(texts[name])
                build([str(run / name)], store, Config())
            people = {e.name: (e.id, len(e.documents)) for e in annotated.entities(store, "person")}
            seen.append({name: people[name] for name in people if name.startswith(("Sergei", "Sergey", "Kim"))})
    assert seen[0] == seen[1]
    assert sorted(n for _, n in seen[0].values()) == [2, 2]


def test_export_is_json_serialisable_with_annotations(tmp_path: Path, store: Store) -> None:
    _build(tmp_path, {"en.txt": ENGLISH, "de.txt": GERMAN}, store)
    json.dumps(export(store))


def test_a_date_learned_from_one_page_dates_another(tmp_path: Path, store: Store, seeds: Path) -> None:
    folder = tmp_path / "pair"
    folder.mkdir()
    for name in ("001_7952fb61298096b9.txt", "003_71a5a6896fe3de43.txt"):
        shutil.copy(seeds / name, folder / name)
    build([str(folder)], store, Config())
    docs = {Path(d["path"]).name[:3]: d for d in export(store)["documents"]}
    assert docs["003"]["published"] == "2021-07-29"
    assert "end of the Korean War" in docs["003"]["published_evidence"]


def test_entity_names_and_entities_follow_the_mentions_when_a_page_is_annotated_again(
    tmp_path: Path, store: Store
) -> None:
    from storyline.annotate import stage

    second = "Kessel council meets\n\nMayor Anna Voss of Kessel met Jonas Reil on Friday. Voss said Reil agreed.\n"
    _build(tmp_path, {"en.txt": ENGLISH, "two.txt": second}, store)
    assert "Jonas Reil" in {str(r[0]) for r in store.conn.execute("SELECT name FROM entities")}
    # Both pages change and are annotated again: nobody names Jonas Reil any more.
    for old, new in (("operator Jonas Reil said", "officials said"), (" met Jonas Reil", "")):
        store.conn.execute("UPDATE segments SET text = replace(text, ?, ?)", (old, new))
    store.conn.execute("DELETE FROM stage_runs WHERE stage = ?", (stage.STAGE,))
    store.conn.commit()
    one_by_one = Config(annotate=replace(Config().annotate, batch_size=1))  # names kept across batches
    stage.annotate(store, one_by_one)

    counts: dict[str, dict[str, int]] = {}
    for entity, text, n in store.conn.execute(
        "SELECT entity, text, COUNT(*) FROM mentions WHERE entity IS NOT NULL GROUP BY entity, text"
    ):
        counts.setdefault(str(entity), {})[str(text)] = int(n)
    expected = {
        e: max(c.items(), key=lambda item: (len(item[0].split()) > 1, item[1], item[0]))[0] for e, c in counts.items()
    }
    stored = {str(r[0]): str(r[1]) for r in store.conn.execute("SELECT id, name FROM entities")}
    assert stored == expected  # every entity still mentioned, named by its mentions; no other entity left
    assert "Jonas Reil" not in stored.values()
