"""Shingles, alignment features, direction and independence groups on small inputs."""

from __future__ import annotations

import numpy as np

from storyline.config import RelateConfig
from storyline.relate.align import Alignment, align, relation_kind
from storyline.relate.duplicates import DuplicateIndex, jaccard, shingles, signature
from storyline.relate.lineage import SourceFacts, direction, independence_groups

ARTICLE = (
    "The river ferry between Oldbank and Kessel resumed service on Thursday after a three-week halt. "
    "Captain Jonas Reil said the first crossing carried forty passengers and two delivery vans. "
    "Farmers on the eastern bank had complained that the closure doubled their journey to market."
)


def test_short_furniture_lines_make_no_shingles() -> None:
    assert shingles("Share this article\nSubscribe now\nThe Lantern Post — since 1994") == set()
    assert shingles(ARTICLE)


def test_lsh_finds_a_reprint_and_not_an_unrelated_page() -> None:
    config = RelateConfig()
    index = DuplicateIndex(config.lsh_threshold, config.minhash_permutations)
    other = "A council vote on the new market hall was postponed again because two members were ill on Monday."
    index.add("original", signature(shingles(ARTICLE), config.minhash_permutations))
    index.add("other", signature(shingles(other), config.minhash_permutations))
    reprint = ARTICLE + " Photo: river ferry at dawn, taken from the Oldbank slipway by our photographer."
    assert index.candidates(signature(shingles(reprint), config.minhash_permutations)) == ["original"]
    assert jaccard(shingles(ARTICLE), shingles(reprint)) > 0.7


def test_alignment_features_and_kind() -> None:
    vectors = np.eye(4, dtype=np.float32)
    a = ["one two three four five", "six seven eight nine ten", "eleven twelve thirteen", "fourteen fifteen"]
    al = align(a, list(a), vectors, vectors, 0.9)
    assert (al.share, al.order, round(al.lexical, 2)) == (1.0, 1.0, 1.0)
    assert relation_kind(al, RelateConfig()) == "light_edit"
    swapped = align(a, list(reversed(a)), vectors, vectors[::-1], 0.9)
    assert swapped.order < 0.5


def test_a_rewritten_lede_alone_is_a_rewrite_and_a_few_shared_facts_are_same_event() -> None:
    config = RelateConfig()
    lede = Alignment(pairs=[(0, 0, 0.8), (1, 1, 0.8)], share=0.2)
    assert relation_kind(lede, config) == "rewrite"
    facts = Alignment(pairs=[(2, 5, 0.8), (4, 7, 0.8), (6, 9, 0.9)], share=0.3)
    assert relation_kind(facts, config) == "same_event"


def test_the_earlier_clean_page_is_the_origin_of_a_marked_copy() -> None:
    wire = SourceFacts("wire", "Meridian Press Agency", "2025-03-12", "day", dateline_agency="Meridian Press Agency")
    copy = SourceFacts("copy", "Swift Digest", "2025-03-13", "day", copy_markers=["source link"])
    way = direction(wire, copy, "near_duplicate", 1.0, 1.0, RelateConfig())
    assert way.origin == "wire"
    assert {e["favours"] for e in way.evidence} == {"wire"}


def test_rewrites_with_cancelling_evidence_share_an_absent_origin() -> None:
    a = SourceFacts("a", None, None, None, copy_markers=["aggregator disclaimer"])
    b = SourceFacts("b", None, None, None)
    way = direction(a, b, "rewrite", 0.2, 0.5, RelateConfig())
    assert way.origin is None and way.absent_origin


def test_copies_join_one_group_and_independents_stay_apart() -> None:
    order = {"w": 0, "c1": 1, "c2": 2, "ind": 3}
    groups = independence_groups(list(order), [("w", "c1"), ("c2", "c1")], order)
    assert groups["w"] == groups["c1"] == groups["c2"] != groups["ind"]
    assert groups["w"] == "Gw"
