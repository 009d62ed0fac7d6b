"""Alignment and status: the same claim across an event's documents, and where sources disagree.

Claim mentions of one event are grouped by slot (subject, predicate, object) and value:
- actions, dates and quotes agree when their slot matches (a quote also needs most of its words);
- descriptions of one person agree when one's words contain the other's (after folding spelling
  variants such as vice/deputy) and they do not differ by a rank word ("chief" vs "deputy chief");
- counts agree when the number is the same.

A claim is `corroborated` when two or more independent sources assert it: copies of one origin
share an independence group and count once, and groups that only relay one outside source (every
mention attributed to "state media") count as that one source. It is in `conflict` when another
claim fills the same slot with a different value (a date, a number, a rank, a description) or
negates it, unless one document states both values (then they are compatible by that document's
own account). Conflicting claims list each other.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations

from storyline.compare.frames import ClaimMention
from storyline.compare.lexicon import DESCRIPTION_STOP, DESCRIPTION_SYNONYMS, RANK_WORDS, third_person

_WORD = re.compile(r"[\w'’-]+")


@dataclass(slots=True)
class AlignedClaim:
    """One claim of one event: its mentions, who asserts it, its status and its rivals."""

    id: str
    event: str
    kind: str
    slot: str
    value: str | None
    text: str
    mentions: list[ClaimMention]
    groups: dict[str, str]  # document -> independence group
    independent_sources: int = 0
    sources: list[str] = field(default_factory=list)
    status: str = "single_source"
    conflicts_with: list[str] = field(default_factory=list)
    conflict_reason: str | None = None
    modality: str = "asserted"

    @property
    def documents(self) -> list[str]:
        return sorted({m.document for m in self.mentions})


def align(event: str, mentions: Iterable[ClaimMention], groups: dict[str, str]) -> list[AlignedClaim]:
    """Group an event's claim mentions into claims, count their sources and find conflicts."""
    by_slot: dict[tuple[str, str, str, str], list[ClaimMention]] = defaultdict(list)
    for m in mentions:
        by_slot[(m.kind, m.subject, m.predicate, m.object)].append(m)
    claims: list[AlignedClaim] = []
    for (kind, subject, predicate, obj), found in sorted(by_slot.items()):
        slot = f"{kind}:{subject}:{predicate}:{obj}"
        classes = _value_classes(kind, found)
        slot_claims = [_claim(event, kind, slot, members, groups) for members in classes]
        _mark_conflicts(kind, slot_claims)
        claims.extend(slot_claims)
    for c in claims:
        _status(c)
    return claims


def _value_classes(kind: str, found: list[ClaimMention]) -> list[list[ClaimMention]]:
    """Mentions of one slot split by value: those that say the same thing end up together."""
    if kind == "action":
        # Same doer, deed and object: one claim per polarity and (when given) per day.
        keyed: dict[tuple[bool, str | None], list[ClaimMention]] = defaultdict(list)
        for m in found:
            keyed[(m.negated, m.date)].append(m)
        undated = {neg: ms for (neg, day), ms in keyed.items() if day is None}
        for (neg, day), ms in list(keyed.items()):
            if day is not None and neg in undated:  # an undated mention agrees with a dated one
                ms.extend(undated.pop(neg))
                keyed.pop((neg, None), None)
        return [ms for _, ms in sorted(keyed.items(), key=lambda kv: (kv[0][0], kv[0][1] or ""))]
    if kind == "attribute":
        return _description_classes(found)
    if kind == "quote":
        return _quote_classes(found)
    keyed_values: dict[str, list[ClaimMention]] = defaultdict(list)
    for m in found:
        keyed_values[m.value or ""].append(m)
    return [keyed_values[k] for k in sorted(keyed_values)]


def _words(text: str) -> frozenset[str]:
    out = set()
    for w in _WORD.findall(text.lower()):
        w = w.removesuffix("'s").removesuffix("’s")
        w = DESCRIPTION_SYNONYMS.get(w, w)
        if w not in DESCRIPTION_STOP:
            out.add(w)
    return frozenset(out)


def same_description(a: str, b: str) -> bool:
    """One description's words contain the other's and the difference holds no rank word."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return False
    if not (wa <= wb or wb <= wa):
        return False
    return not ((wa ^ wb) & RANK_WORDS)


def _description_classes(found: list[ClaimMention]) -> list[list[ClaimMention]]:
    classes: list[list[ClaimMention]] = []
    for m in sorted(found, key=lambda m: (-len(_words(m.value or "")), m.document, m.start)):
        home = next((c for c in classes if same_description(c[0].value or "", m.value or "")), None)
        if home is None:
            classes.append([m])
        else:
            home.append(m)
    return classes


def _quote_classes(found: list[ClaimMention]) -> list[list[ClaimMention]]:
    classes: list[list[ClaimMention]] = []
    for m in sorted(found, key=lambda m: (m.document, m.start)):
        words = _words(m.value or "")
        home = next(
            (
                c
                for c in classes
                if len(words & _words(c[0].value or "")) >= 0.6 * max(1, min(len(words), len(_words(c[0].value or ""))))
            ),
            None,
        )
        if home is None:
            classes.append([m])
        else:
            home.append(m)
    return classes


def _claim(event: str, kind: str, slot: str, members: list[ClaimMention], groups: dict[str, str]) -> AlignedClaim:
    def shown(m: ClaimMention) -> str:
        return m.subject_name if kind == "date" else m.object_text

    best = max(members, key=lambda m: (len(shown(m)), m.modality == "asserted", m.document))
    value = best.value if kind != "action" else ("not " if best.negated else "") + (best.date or "")
    words = " ".join(sorted(_words(best.value or "")))
    digest = hashlib.sha1(f"{event}\x1f{slot}\x1f{value}\x1f{words}".encode()).hexdigest()[:10]
    modality = "asserted" if any(m.modality == "asserted" for m in members) else members[0].modality
    return AlignedClaim(
        "CL-" + digest,
        event,
        kind,
        slot,
        value or None,
        claim_text(kind, best, members),
        sorted(members, key=lambda m: (m.document, m.start)),
        {m.document: groups.get(m.document, m.document) for m in members},
        modality=modality,
    )


def claim_text(kind: str, m: ClaimMention, members: list[ClaimMention]) -> str:
    """A claim in plain words: built from its slot for actions and descriptions, the words most
    sources use for counts and dates (the verbatim spans stay on the mentions)."""
    if kind == "action":
        verb = ("does not " + m.predicate) if m.negated else third_person(m.predicate)
        when = f" on {m.date}" if m.date else ""
        return f"{m.subject_name} {verb} {m.object_text}{when}"
    if kind == "attribute":
        return f"{m.subject_name}: {m.value}"
    if kind in ("quantity", "date"):
        spans = Counter(x.text for x in members if x.text)
        common = min(spans.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[0] if spans else m.object_text
        return f"{common} ({m.value})" if kind == "date" else common
    return f"{m.subject_name}: “{m.value}”"


def _mark_conflicts(kind: str, claims: list[AlignedClaim]) -> None:
    """Claims of one slot with different values conflict, unless a document states both."""
    if kind in ("quote", "date") or len(claims) < 2:
        return
    for a, b in combinations(claims, 2):
        if {m.document for m in a.mentions} & {m.document for m in b.mentions}:
            continue
        reason = _conflict_reason(kind, a, b)
        if reason is None:
            continue
        a.conflicts_with.append(b.id)
        b.conflicts_with.append(a.id)
        a.conflict_reason = b.conflict_reason = reason


def _conflict_reason(kind: str, a: AlignedClaim, b: AlignedClaim) -> str | None:
    if kind == "action":
        na, nb = a.mentions[0].negated, b.mentions[0].negated
        if na != nb:
            return "one source says it happened, another that it did not"
        da, db = a.mentions[0].date, b.mentions[0].date
        if da and db and da != db and all(m.modality == "asserted" for m in a.mentions + b.mentions):
            return f"different dates: {da} and {db}"
        return None
    if kind == "quantity":
        return f"different numbers: {a.value} and {b.value}"
    if kind == "attribute":
        wa, wb = _words(a.value or ""), _words(b.value or "")
        if (wa ^ wb) & RANK_WORDS or not (wa & wb):
            return f"different descriptions: {a.value!r} and {b.value!r}"
    return None


def _status(c: AlignedClaim) -> None:
    """Count independent sources: groups, with groups that only relay one outside source merged."""
    voices: dict[str, set[str | None]] = defaultdict(set)
    for m in c.mentions:
        voices[c.groups[m.document]].add(m.attribution.lower() if m.attribution else None)
    sources = set()
    for group, said in voices.items():
        only = next(iter(said)) if len(said) == 1 else None
        sources.add(f"relayed:{only}" if only else f"group:{group}")
    c.sources = sorted(sources)
    c.independent_sources = len(sources)
    if c.conflicts_with:
        c.status = "conflict"
    elif c.independent_sources >= 2:
        c.status = "corroborated"
    else:
        c.status = "single_source"
