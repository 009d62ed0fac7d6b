"""Descriptions of people: what a source calls someone ("vice chairman of ...", "a midlevel
official", the title before a name), read from appositions and the annotate stage's roles."""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Span, Token

from storyline.compare.clause import ClaimMention, EntityLookup, SentenceContext, attribution, extent, phrase


def attributes(sent: Span, ctx: SentenceContext, entity_at: EntityLookup) -> Iterator[ClaimMention]:
    """Descriptions of people: appositions either side of the name, and kept title roles."""
    seen: set[tuple[str, str]] = set()
    for token in sent:
        ref = entity_at(token) if token.pos_ == "PROPN" else None
        if ref is None or ref.type != "person" or (token.head.i == token.i and token.dep_ != "ROOT"):
            continue
        if token.i + 1 < sent.end and token.doc[token.i + 1].pos_ == "PROPN":
            continue  # not the head of the name
        for desc in descriptions(token, sent):
            key = (ref.entity, phrase(desc).lower())
            if key in seen:
                continue
            seen.add(key)
            start, end = extent(sent, [token, desc], ctx.offset)
            yield ClaimMention(
                ctx.document,
                ctx.index,
                start,
                end,
                "attribute",
                ref.entity,
                ref.name,
                "is",
                "description",
                phrase(desc),
                phrase(desc),
                attribution=_not_self(attribution(token.head, entity_at), ref.name),
            )


_HONORIFICS = frozenset(["dr", "mr", "mrs", "ms", "miss", "prof", "professor", "sir", "dame", "rev"])
_NOT_A_TITLE = re.compile(r"\d|\b(?:said|says|told|tells|according)\b", re.IGNORECASE)


def role_attributes(sent: Span, ctx: SentenceContext) -> Iterator[ClaimMention]:
    """The title the annotate stage found before a name ("chief conciliator Ruth Abara")."""
    text = sent.text
    for ref in ctx.entities:
        if ref.type != "person" or not ref.role or _NOT_A_TITLE.search(ref.role):
            continue
        words = [w for w in ref.role.split() if w.lower().strip(".") not in _HONORIFICS]
        if not words or len(words) > 10:
            continue
        role = " ".join(words)
        at = text.rfind(role, 0, max(0, ref.start - ctx.offset))
        start = ctx.offset + at if at >= 0 else ref.start
        yield ClaimMention(
            ctx.document,
            ctx.index,
            start,
            ref.end,
            "attribute",
            ref.entity,
            ref.name,
            "is",
            "description",
            role,
            role,
        )


def descriptions(name: Token, sent: Span) -> Iterator[Span]:
    doc = name.doc
    for child in name.children:
        if child.dep_ == "appos" and child.pos_ == "NOUN":
            yield np(child)
            for conj in child.conjuncts:
                if conj.pos_ == "NOUN":
                    yield np(conj)
    if name.dep_ == "appos" and name.head.pos_ == "NOUN":
        yield np(name.head, without=name)
    # "a midlevel official, Li Hongzhong": a noun phrase and the name side by side after a comma.
    first = min(t.i for t in name.subtree)
    if first - 2 >= sent.start and doc[first - 1].text == ",":
        before = doc[first - 2]
        if before.pos_ == "NOUN" and before.head.i == name.head.i and before.dep_ == name.dep_:
            yield np(before)


#: Prepositions that continue a description ("chief of staff", "lecturer at the university");
#: others ("said the commander to the journalists") belong to the sentence, not the title.
_DESCRIPTION_PREPOSITIONS = frozenset(["of", "for", "at", "in", "from", "with", "on"])


def _not_self(source: str | None, name: str) -> str | None:
    """A person described in their own statement ("X, chief executive, said") is not its source."""
    return None if source is not None and source.lower() in name.lower() else source


def np(head: Token, without: Token | None = None) -> Span:
    """A description's words: its modifiers and of-phrases, without a trailing apposition, and
    only on its own side of the name it describes (`without`)."""
    skip = {t.i for t in without.subtree} if without is not None else set()
    keep = [
        t
        for t in head.subtree
        if t.i not in skip
        and not any(a.dep_ in ("appos", "relcl", "acl", "conj", "cc") for a in path(t, head))
        and not any(a.dep_ == "prep" and a.lower_ not in _DESCRIPTION_PREPOSITIONS for a in path(t, head))
    ]
    if skip:
        keep = [t for t in keep if (t.i < min(skip)) == (head.i < min(skip))]
    keep = [t for t in keep if t.dep_ not in ("punct", "cc") or head.i > t.i > min(k.i for k in keep)]
    while keep and keep[-1].pos_ == "PUNCT":
        keep.pop()
    lo, hi = min(t.i for t in keep), max(t.i for t in keep)
    while head.doc[lo].pos_ == "DET" and lo < head.i:
        lo += 1
    return head.doc[lo : hi + 1]


def path(token: Token, top: Token) -> Iterator[Token]:
    """Tokens from `token` up to (not including) `top`."""
    while token.i != top.i and token.head.i != token.i:
        yield token
        token = token.head
