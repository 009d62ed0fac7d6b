"""Stable ids for events and storylines across builds, and the merges a new build reveals.

Every build clusters the whole corpus again (so the result does not depend on the order the
documents came in), and then names what it found after what the previous build had found: a new
event keeps the id of the previous event that gave it the most documents (ties: the smaller id),
so an event that grew keeps its id. An event with no predecessor is named for its first document
(`EV-` + 10 hex digits, by event date then id), which gives the same ids in any input order for a
fresh database. When one new event holds documents of several previous events, the ids it did not
keep are recorded as `event_merge` decisions (subject: the surviving id), with the documents that
came from each and the merge scores the clustering recorded.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from storyline.model import Decision


def inherit(
    groups: Sequence[Sequence[str]], previous: dict[str, str], fresh: Sequence[str]
) -> tuple[list[str], list[tuple[int, str]]]:
    """An id for each group of members: the previous id most of its members had, else its fresh id.

    `previous` maps a member to the id of its group in the last build; `fresh` is each group's own
    name. Groups are served in order of their largest previous share, so two groups never take one
    id. Returns the ids and, as (group index, id), each previous id a group absorbed without keeping
    it.
    """
    shares = [Counter(previous[m] for m in members if m in previous) for members in groups]
    claims = sorted(
        ((count, old, k) for k, share in enumerate(shares) for old, count in share.items()),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    chosen: dict[int, str] = {}
    taken: set[str] = set()
    for _, old, k in claims:
        if k not in chosen and old not in taken:
            chosen[k] = old
            taken.add(old)
    ids: list[str] = []
    for k, name in enumerate(fresh):
        if k in chosen:
            ids.append(chosen[k])
            continue
        candidate, n = name, 2
        while candidate in taken:  # a fresh name that an older event still carries
            candidate, n = f"{name}-{n}", n + 1
        taken.add(candidate)
        ids.append(candidate)
    absorbed = [(k, old) for k, share in enumerate(shares) for old in sorted(share) if old != ids[k]]
    return ids, absorbed


def merge_decisions(
    absorbed: Sequence[tuple[int, str]],
    ids: Sequence[str],
    groups: Sequence[Sequence[str]],
    previous: dict[str, str],
    records: dict[str, list[object]],
) -> list[Decision]:
    """`event_merge` decisions: previous event `old` is now part of event `ids[k]`."""
    out = []
    alive = set(ids)
    for k, old in absorbed:
        if old in alive:
            continue  # the previous event lives on elsewhere: documents moved, nothing merged
        moved = sorted(m for m in groups[k] if previous.get(m) == old)
        # Only a real merge is recorded: the event's other documents came from a kept event too.
        if not any(previous.get(m) == ids[k] for m in groups[k]):
            continue
        scores = [r for m in moved for r in records.get(m, [])][:3]
        out.append(
            Decision(
                "cluster",
                "event_merge",
                ids[k],
                old,
                {"documents": moved, "previous_event": old, "into": ids[k], "scores": scores},
            )
        )
    return out
