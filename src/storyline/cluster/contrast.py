"""Contrast: splitting an event that holds two look-alike happenings, by whom they are about.

Two arrests of two players of one team, two title fights of one champion, two injured running
backs of one club: reports of such a pair share the vocabulary of the kind of event, its place and
its organisations, and often name each other's people in passing ("the latest arrest after
Vincent Jackson's"), so average linkage joins them. What differs is the **protagonist**: each
report names the person it is about again and again.

A document's *protagonists* are the people it names most often (at least `split_min_mentions` times;
ties kept). After the events are formed, an event is split in two when two people are each the
protagonist of at least `split_pole_min` of its members, never of the same member, and the two camps
of reports about them are not alike enough to be one happening (average TF-IDF linkage below
`split_max_link`). The reports about neither go to the camp they are more alike. Names ending in
the same word ("Bush", "Reggie Bush") are one person. Every member of a split event records the
split: the two people, the camps' linkage, the threshold and the camp it was kept with.

The work per event is linear in its members (four most frequent protagonists, six pairs at most).
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from storyline.config import ClusterConfig

if TYPE_CHECKING:
    from storyline.cluster.events import DocFeatures, EventDraft


DEFAULT = ClusterConfig()


def protagonists(mentions: Counter[str], config: ClusterConfig = DEFAULT) -> frozenset[str]:
    """The people a document names most often (ties kept), when named at least `split_min_mentions`."""
    if not mentions:
        return frozenset()
    top = max(mentions.values())
    if top < config.split_min_mentions:
        return frozenset()
    return frozenset(p for p, n in mentions.items() if n == top)


def _surname(name: str) -> str:
    words = name.lower().split()
    return words[-1] if words else ""


def pole_pairs(event: EventDraft, config: ClusterConfig = DEFAULT) -> list[tuple[str, str]]:
    """Pairs of people each the protagonist of `split_pole_min` members and never of the same member."""
    weight = event.protagonist_weight
    ranked = sorted((p for p, n in weight.items() if n >= config.split_pole_min), key=lambda p: (-weight[p], p))
    ranked = ranked[: config.split_poles_considered]
    pairs = []
    for i, p in enumerate(ranked):
        for q in ranked[i + 1 :]:
            if _surname(event.names.get(p, p)) == _surname(event.names.get(q, q)):
                continue  # "Bush" and "Reggie Bush": one person named two ways
            if not any(p in d.protagonists and q in d.protagonists for d in event.members):
                pairs.append((p, q))
    return pairs


def _camps(event: EventDraft, p: str, q: str) -> tuple[EventDraft, EventDraft, list[DocFeatures]]:
    from storyline.cluster.events import EventDraft as Draft

    camp_p, camp_q = Draft(key=event.key), Draft(key=event.key)
    rest = []
    for d in event.members:
        if p in d.protagonists:
            camp_p.add(d)
        elif q in d.protagonists:
            camp_q.add(d)
        else:
            rest.append(d)
    return camp_p, camp_q, rest


def split_events(
    events: list[EventDraft], evidence: dict[str, dict[str, Any]], config: ClusterConfig = DEFAULT
) -> list[EventDraft]:
    """Each event as it is, or as its two camps when it holds two protagonists' happenings."""
    from storyline.cluster.events import linkage, single

    out: list[EventDraft] = []
    for event in events:
        found = None
        if len(event.members) >= 2 * config.split_pole_min:
            for p, q in pole_pairs(event, config):
                camp_p, camp_q, rest = _camps(event, p, q)
                link = linkage(camp_p, camp_q)
                if link < config.split_max_link:
                    found = (p, q, camp_p, camp_q, rest, link)
                    break
        if found is None:
            out.append(event)
            continue
        p, q, camp_p, camp_q, rest, link = found
        # The undecided are compared with the camps as they were before any of them joined, so
        # that their order does not matter.
        core_p, core_q = single(camp_p.members[0]), single(camp_q.members[0])
        for d in camp_p.members[1:]:
            core_p.add(d)
        for d in camp_q.members[1:]:
            core_q.add(d)
        for d in sorted(rest, key=lambda d: d.id):
            me = single(d)
            (camp_p if linkage(me, core_p) >= linkage(me, core_q) else camp_q).add(d)
        record = {
            "split_between": [event.names.get(p, p), event.names.get(q, q)],
            "camp_linkage": round(link, 4),
            "threshold": config.split_max_link,
            "measure": "average TF-IDF cosine between the reports about each (average linkage)",
        }
        for camp, about in ((camp_p, p), (camp_q, q)):
            for d in camp.members:
                evidence.setdefault(d.id, {}).setdefault("splits", []).append(
                    {**record, "kept_with": event.names.get(about, about)}
                )
        out.extend((camp_p, camp_q))
    return out
