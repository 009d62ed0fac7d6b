"""Dates and quotations: a day-precise date tied to what happened on it, and words in quotation
marks tied to the speaker a speech verb names."""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Span, Token

from storyline.compare.clause import (
    ClaimMention,
    EntityLookup,
    EntityRef,
    SentenceContext,
    attribution,
    extent,
    modality,
    negated,
    phrase,
)
from storyline.compare.lexicon import SPEECH_VERBS

_QUOTE = re.compile(r"[\"“]([^\"”]{12,})[\"”]")

# --- dates and quotes -------------------------------------------------------------------------


def dates(sent: Span, ctx: SentenceContext, entity_at: EntityLookup) -> Iterator[ClaimMention]:
    """A day-precise date and the thing it dates: "the armistice, signed on July 27, 1953"."""
    for time in ctx.times:
        if time.granularity != "day":
            continue
        tokens = [t for t in sent if time.start <= ctx.offset + t.idx < time.end]
        if not tokens:
            continue
        head = outside_head(tokens)
        if head is None:
            continue
        anchor = head.head if head.dep_ == "pobj" and head.head.dep_ == "prep" else head
        target = anchor.head if anchor.dep_ == "prep" else anchor
        what = target.head if target.dep_ == "acl" else target
        if what.pos_ == "VERB":
            subj = next((c for c in what.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            what = subj if subj is not None else what
        start, end = extent(sent, [*tokens, what, target], ctx.offset)
        # The day is the slot: two sources dating something to the same day say the same thing.
        yield ClaimMention(
            ctx.document,
            ctx.index,
            start,
            end,
            "date",
            time.value,
            phrase(what),
            "date",
            "",
            time.value,
            time.value,
            modality(target),
            negated(target),
            attribution(target, entity_at),
            time.value,
        )


def outside_head(tokens: list[Token]) -> Token | None:
    ids = {t.i for t in tokens}
    heads = [t for t in tokens if t.head.i not in ids or t.head.i == t.i]
    return heads[0] if heads else None


def quotes(sent: Span, ctx: SentenceContext, entity_at: EntityLookup) -> Iterator[ClaimMention]:
    for match in _QUOTE.finditer(sent.text):
        speaker = _speaker(sent, entity_at)
        if speaker is None:
            continue
        start = ctx.offset + sent.start_char + match.start(1)
        end = ctx.offset + sent.start_char + match.end(1)
        words = match.group(1).strip()
        yield ClaimMention(
            ctx.document,
            ctx.index,
            start,
            end,
            "quote",
            speaker.entity,
            speaker.name,
            "say",
            "quote",
            words,
            words,
            attribution=speaker.name,
        )


def _speaker(sent: Span, entity_at: EntityLookup) -> EntityRef | None:
    for token in sent:
        if token.lemma_.lower() in SPEECH_VERBS:
            subj = next((c for c in token.children if c.dep_ == "nsubj"), None)
            if subj is not None and (ref := entity_at(subj)) is not None:
                return ref
    return None
