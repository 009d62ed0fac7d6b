"""Alignment and status of claims: corroboration counts independent sources, conflicts point at
each other, and copies never corroborate their origin."""

from __future__ import annotations

from storyline.compare.align import AlignedClaim, align, same_description
from storyline.compare.frames import ClaimMention


def _m(
    doc: str,
    kind: str,
    value: str | None,
    *,
    subject: str = "E-1",
    predicate: str = "is",
    obj: str = "description",
    attribution: str | None = None,
    negated: bool = False,
) -> ClaimMention:
    return ClaimMention(
        doc,
        0,
        0,
        5,
        kind,
        subject,
        "Mara Quell",
        predicate,
        obj,
        value or obj,
        value,
        attribution=attribution,
        negated=negated,
        text=value or "",
    )


def _by_value(claims: list[AlignedClaim]) -> dict[str | None, AlignedClaim]:
    return {c.value: c for c in claims}


def test_copies_of_one_origin_count_as_one_source() -> None:
    groups = {"a": "g1", "a-copy": "g1", "b": "g2"}
    copies_only = align("EV", [_m("a", "quantity", "11"), _m("a-copy", "quantity", "11")], groups)
    with_other = align(
        "EV", [_m("a", "quantity", "11"), _m("a-copy", "quantity", "11"), _m("b", "quantity", "11")], groups
    )
    assert copies_only[0].status == "single_source" and copies_only[0].independent_sources == 1
    assert with_other[0].status == "corroborated" and with_other[0].independent_sources == 2


def test_two_outlets_relaying_the_same_agency_are_one_source() -> None:
    groups = {"a": "g1", "b": "g2"}
    relayed = align(
        "EV",
        [_m("a", "quantity", "11", attribution="state media"), _m("b", "quantity", "11", attribution="State media")],
        groups,
    )
    own = align("EV", [_m("a", "quantity", "11", attribution="state media"), _m("b", "quantity", "11")], groups)
    assert relayed[0].independent_sources == 1
    assert own[0].independent_sources == 2


def test_different_numbers_for_one_slot_conflict_and_point_at_each_other() -> None:
    claims = _by_value(align("EV", [_m("a", "quantity", "11"), _m("b", "quantity", "14")], {"a": "g1", "b": "g2"}))
    assert claims["11"].status == claims["14"].status == "conflict"
    assert claims["11"].conflicts_with == [claims["14"].id] and claims["14"].conflicts_with == [claims["11"].id]


def test_a_document_giving_both_values_makes_them_compatible() -> None:
    mentions = [_m("a", "quantity", "11"), _m("a", "quantity", "14"), _m("b", "quantity", "14")]
    assert all(c.status != "conflict" for c in align("EV", mentions, {"a": "g1", "b": "g2"}))


def test_a_rank_word_separates_descriptions_and_wording_does_not() -> None:
    assert not same_description("chief conciliator", "deputy chief conciliator")
    assert same_description("chief conciliator", "the Conciliation Service's chief conciliator")
    assert same_description("vice chairman of the congress", "deputy chairperson of the congress")
    assert same_description("Defense Minister", "Minister of Defence")


def test_rival_descriptions_from_independent_sources_conflict() -> None:
    mentions = [_m("a", "attribute", "midlevel official"), _m("b", "attribute", "vice chairman of the congress")]
    claims = align("EV", mentions, {"a": "g1", "b": "g2"})
    assert {c.status for c in claims} == {"conflict"}


def test_a_negated_action_conflicts_with_the_plain_one() -> None:
    mentions = [
        _m("a", "action", None, subject="E-1", predicate="lead", obj="delegation"),
        _m("b", "action", None, subject="E-1", predicate="lead", obj="delegation", negated=True),
    ]
    claims = align("EV", mentions, {"a": "g1", "b": "g2"})
    assert len(claims) == 2 and all(c.status == "conflict" for c in claims)


def test_claim_ids_are_stable_across_runs_and_input_order() -> None:
    mentions = [_m("a", "quantity", "11"), _m("b", "quantity", "14"), _m("c", "attribute", "junior clerk")]
    groups = {"a": "g1", "b": "g2", "c": "g3"}
    first = {c.id for c in align("EV", mentions, groups)}
    second = {c.id for c in align("EV", list(reversed(mentions)), groups)}
    assert first == second and len(first) == 3
