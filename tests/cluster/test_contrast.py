"""Look-alike happenings in one event split apart by whom they are about (cluster/contrast.py)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import numpy as np

from storyline.cluster.contrast import pole_pairs, protagonists, split_events
from storyline.cluster.events import DocFeatures, EventDraft, cluster
from storyline.config import ClusterConfig

RULE = ClusterConfig(split_min_mentions=2, split_pole_min=3, split_max_link=0.2)
NAMES = {
    "p-williams": "Jamal Williams",
    "p-jackson": "Vincent Jackson",
    "p-bush": "Bush",
    "p-reggie": "Reggie Bush",
    "o-team": "Chargers",
}
#: Words of the kind of event, written "~word": common, so weighted low (as a low IDF would).
KIND = "~chargers ~dui ~arrested ~highway ~patrol ~suspicion"


def _doc(doc_id: str, words: str, mentions: dict[str, int]) -> DocFeatures:
    terms = {w.lstrip("~"): 0.3 if w.startswith("~") else 1.0 for w in words.split()}
    norm = float(np.sqrt(sum(w * w for w in terms.values())))
    people = Counter({p: n for p, n in mentions.items() if p.startswith("p-")})
    return DocFeatures(
        id=doc_id,
        group=doc_id,
        title=doc_id,
        entities={e: NAMES[e] for e in mentions},
        vector=np.full(4, 0.5, np.float32),
        day=date(2009, 2, 1),
        granularity="day",
        date_evidence="test",
        terms={t: w / norm for t, w in terms.items()},
        anchored=False,
        protagonists=protagonists(people, RULE),
    )


def _event(*docs: DocFeatures) -> EventDraft:
    event = EventDraft()
    for d in docs:
        event.add(d)
    return event


def _williams(k: int) -> DocFeatures:
    # Every report of the Williams arrest also names Jackson, in passing.
    return _doc(f"w{k}", f"{KIND} lineman williams jamal w{k}x", {"p-williams": 3, "p-jackson": 1, "o-team": 1})


def _jackson(k: int) -> DocFeatures:
    return _doc(f"j{k}", f"{KIND} receiver jackson vincent j{k}x", {"p-jackson": 4, "o-team": 2})


def _groups(events: list[EventDraft]) -> list[list[str]]:
    return sorted(sorted(d.id for d in e.members) for e in events)


def test_a_documents_protagonists_are_the_people_it_names_most() -> None:
    assert protagonists(Counter({"a": 4, "b": 1, "c": 4}), RULE) == {"a", "c"}
    assert protagonists(Counter({"a": 1, "b": 1}), RULE) == frozenset()  # named in passing only


def test_two_protagonists_never_of_one_report_are_poles() -> None:
    event = _event(*[_williams(k) for k in range(3)], *[_jackson(k) for k in range(3)])
    assert pole_pairs(event, RULE) == [("p-jackson", "p-williams")]


def test_one_person_named_two_ways_is_no_pair() -> None:
    bush = [_doc(f"b{k}", f"{KIND} saints bush", {"p-bush": 3}) for k in range(3)]
    reggie = [_doc(f"r{k}", f"{KIND} saints reggie bush", {"p-reggie": 3}) for k in range(3)]
    assert pole_pairs(_event(*bush, *reggie), RULE) == []


def test_an_event_of_two_arrests_splits_and_every_report_records_why() -> None:
    nobody = _doc("n1", f"{KIND} receiver jackson vincent", {"o-team": 1})  # about neither: goes by its words
    event = _event(*[_williams(k) for k in range(3)], *[_jackson(k) for k in range(3)], nobody)
    evidence: dict[str, dict[str, Any]] = {}
    split = split_events([event], evidence, RULE)
    assert _groups(split) == [["j0", "j1", "j2", "n1"], ["w0", "w1", "w2"]]
    record = evidence["n1"]["splits"][0]
    assert record["kept_with"] == "Vincent Jackson"
    assert set(record["split_between"]) == {"Jamal Williams", "Vincent Jackson"}
    assert record["camp_linkage"] < RULE.split_max_link


def test_camps_whose_words_agree_stay_one_event() -> None:
    # The same happening told about its victim by some reports and its driver by others.
    words = "crash queens hit run mother driver charged"
    victim = [_doc(f"v{k}", words, {"p-williams": 3}) for k in range(3)]
    driver = [_doc(f"d{k}", words, {"p-jackson": 3}) for k in range(3)]
    assert len(split_events([_event(*victim, *driver)], {}, RULE)) == 1


def test_too_few_reports_about_each_never_split() -> None:
    event = _event(*[_williams(k) for k in range(2)], *[_jackson(k) for k in range(3)])
    assert len(split_events([event], {}, RULE)) == 1


def test_clustering_keeps_two_arrests_of_one_team_apart() -> None:
    docs = [*[_williams(k) for k in range(3)], *[_jackson(k) for k in range(3)]]
    df = Counter(t for d in docs for t in d.terms)
    # Thresholds low enough that the words alone would make one event of all six.
    config = ClusterConfig(join_threshold=0.05, merge_threshold=0.05, lexical_alone=0.0, index_max_df=10)
    events, evidence = cluster(docs, {}, dict(df), config)
    assert _groups(events) == [["j0", "j1", "j2"], ["w0", "w1", "w2"]]
    assert all("splits" in evidence[d.id] for d in docs)
