"""Link mentions to canonical entities, within a document and across the corpus, with reasons.

Within a document a surname or given name alone refers back to the full name that carries it
(the nearest one before it when several do: "Kim" after "Kim Jong Un" in a text that also names
Kim Il Sung). Across documents two names are one entity when they are the same after
normalisation (case, accents, hyphens: Kim Jong-un = Kim Jong Un), when they are spelling or
transliteration variants token by token (Sergei = Sergey: one edit in a token of five letters or
more; short tokens must agree exactly, so Kim Jong Un and Kim Jong Il stay apart), or when an
acronym spells a name that appears beside it (KCNA). Every link is returned as a `Decision`.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field

from storyline.annotate.mentions import RawMention, name_tokens
from storyline.model import Decision

_FUNCTION_WORDS = {"of", "the", "and", "for", "de", "in", "on"}


def skeleton(tokens: list[str]) -> str:
    """A transliteration-tolerant key: y and i, ey and ei, are one ("sergey" -> "sergei")."""
    return " ".join(t[0] + t[1:].replace("y", "i") if t else t for t in tokens)


def entity_id(kind: str, tokens: list[str]) -> str:
    """A stable id from the entity's type and the skeleton of its first full name."""
    digest = hashlib.sha256(f"{kind}:{skeleton(tokens)}".encode()).hexdigest()
    return "E" + digest[:11]


def _close(a: str, b: str) -> bool:
    """Tokens that differ by at most one edit, only when both are long enough to tell."""
    if a == b:
        return True
    if min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) <= 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def same_name(a: list[str], b: list[str]) -> str | None:
    """Why two full names are the same entity's, or None."""
    if a == b:
        return "same name after normalising case, accents and hyphens"
    if skeleton(a) == skeleton(b):
        return "transliteration variant (y/i)"
    if len(a) == len(b) and all(_close(x, y) for x, y in zip(skeleton(a).split(), skeleton(b).split(), strict=True)):
        return "spelling variant (one letter in a long name part)"
    return None


def acronym_of(tokens: list[str]) -> str:
    return "".join(t[0] for t in tokens if t and t not in _FUNCTION_WORDS)


@dataclass(slots=True)
class LocalEntity:
    """The mentions of one actor within one document, with the name that stands for them."""

    type: str
    tokens: list[str]
    surfaces: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    mentions: list[int] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)


def link_in_document(mentions: list[RawMention]) -> list[LocalEntity]:
    """Group a document's mentions by actor; each mention index appears in exactly one group."""
    groups: list[LocalEntity] = []
    by_key: dict[tuple[str, str], LocalEntity] = {}
    full_names: list[tuple[int, LocalEntity]] = []  # (mention index, group) of multi-word persons
    pending_short: list[int] = []
    for i, m in enumerate(mentions):
        tokens = name_tokens(m.text)
        if not tokens:
            continue
        if m.type == "person" and len(tokens) == 1:
            pending_short.append(i)
            continue
        key = (m.type, skeleton(tokens))
        group = by_key.get(key)
        if group is None:
            group = next((g for g in groups if g.type == m.type and same_name(g.tokens, tokens)), None)
        if group is None:
            group = LocalEntity(m.type, tokens)
            groups.append(group)
        by_key[key] = group
        _add(group, i, m)
        if m.type == "person":
            full_names.append((i, group))
    for i in pending_short:
        m = mentions[i]
        token = name_tokens(m.text)[0]
        group, reason = _antecedent(i, token, full_names)
        if group is None:
            key = (m.type, token)
            group = by_key.get(key) or LocalEntity(m.type, [token])
            if key not in by_key:
                groups.append(group)
                by_key[key] = group
        else:
            group.reasons.append(f"'{m.text}' -> {' '.join(group.tokens)}: {reason}")
        _add(group, i, m)
    return groups


def _add(group: LocalEntity, index: int, m: RawMention) -> None:
    group.mentions.append(index)
    group.surfaces.append(m.text)
    if m.role and m.role not in group.roles:
        group.roles.append(m.role)


def _antecedent(index: int, token: str, full_names: list[tuple[int, LocalEntity]]) -> tuple[LocalEntity | None, str]:
    carriers = {id(g): g for _, g in full_names if token in (g.tokens[0], g.tokens[-1])}
    if not carriers:
        return None, ""
    if len(carriers) == 1:
        return next(iter(carriers.values())), "the only full name in the document with this name part"
    before = [(i, g) for i, g in full_names if i < index and id(g) in carriers]
    if before:
        return before[-1][1], "the nearest preceding full name with this name part"
    counts = Counter(id(g) for _, g in full_names if id(g) in carriers)
    best = max(carriers.values(), key=lambda g: counts[id(g)])
    return best, "the most mentioned full name with this name part"


def local_decisions(doc_id: str, groups: list[LocalEntity]) -> list[Decision]:
    return [
        Decision("annotate", "mention_link", doc_id, reason.split(":", 1)[0], {"reason": reason})
        for g in groups
        for reason in g.reasons
    ]
