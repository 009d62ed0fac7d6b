"""Claim extraction: atomic statements read from one parsed sentence.

A sentence yields claim mentions of five kinds, each a slot and a value:

- `action`: who did what to whom ("a delegation led by Sergei Shoigu" -> Shoigu / lead /
  delegation), from active, passive, participial ("led by"), relative ("who will lead") and
  inverted ("Leading the delegation will be ...") clauses. The doer must be a named entity.
- `attribute`: what a person is called ("Li Hongzhong, vice chairman of ...", "a midlevel official,
  Li Hongzhong", the title before a name the annotate stage kept as the mention's role).
- `quantity`: a count filling a slot ("11 people were injured" -> injure / people = 11).
- `date`: a day-precise date tied to what happened on it ("the armistice, signed on July 27, 1953").
- `quote`: words in quotation marks and the speaker a speech verb gives them.

Each mention carries its modality (asserted, hedged, expected), whether it is negated, and whom
the sentence attributes it to ("according to state media", "CNN reported"). The span of sentence
text it was read from is kept, so every claim points back at the page.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from storyline.compare.clause import (
    ClaimMention,
    EntityLookup,
    EntityRef,
    SentenceContext,
    TimeRef,
    attribution,
    date_of,
    extent,
    modality,
    negated,
    phrase,
)
from storyline.compare.dated import dates, quotes
from storyline.compare.descriptions import attributes, role_attributes
from storyline.compare.lexicon import NUMBER_WORDS, PEOPLE_NOUNS, SCALE_WORDS, SPEECH_VERBS, predicate_class

__all__ = ["ClaimMention", "EntityRef", "SentenceContext", "TimeRef", "extract"]

_PERSONISH = ("person", "organisation", "group", "place")
#: Counted nouns that measure time, not a quantity a source reports ("75 years").
_TIME_UNITS = frozenset(["year", "month", "week", "day", "hour", "minute", "second", "decade", "century", "time"])


def extract(sent: Span, ctx: SentenceContext) -> list[ClaimMention]:
    """Every claim mention one sentence makes."""
    entity_at = _entity_lookup(sent, ctx)
    found: list[ClaimMention] = []
    for token in sent:
        if token.pos_ in ("VERB", "AUX") or token.dep_ == "ROOT":
            found.extend(_actions(token, ctx, entity_at))
            found.extend(_quantities(token, ctx, entity_at))
    found.extend(attributes(sent, ctx, entity_at))
    described = {(m.subject, m.value.lower()) for m in found if m.kind == "attribute" and m.value}
    found.extend(m for m in role_attributes(sent, ctx) if (m.subject, (m.value or "").lower()) not in described)
    found.extend(dates(sent, ctx, entity_at))
    found.extend(quotes(sent, ctx, entity_at))
    for m in found:
        m.text = sent.text[m.start - ctx.offset - sent.start_char : m.end - ctx.offset - sent.start_char]
    return found


# --- entities ---------------------------------------------------------------------------------


def _entity_lookup(sent: Span, ctx: SentenceContext) -> EntityLookup:
    by_token: dict[int, EntityRef] = {}
    for token in sent:
        start = ctx.offset + token.idx
        for ref in ctx.entities:
            if ref.start <= start < ref.end:
                by_token[token.i] = ref
                break

    def lookup(token: Token) -> EntityRef | None:
        """The entity a noun phrase headed by `token` names, looking through appositions."""
        if token.i in by_token:
            return by_token[token.i]
        for child in token.children:
            if child.dep_ == "appos" and child.i in by_token:
                return by_token[child.i]
        return None

    return lookup


# --- actions ----------------------------------------------------------------------------------


def _actions(verb: Token, ctx: SentenceContext, entity_at: EntityLookup) -> Iterator[ClaimMention]:
    if verb.lemma_.lower() in SPEECH_VERBS or (verb.lemma_ == "be" and verb.dep_ != "ROOT"):
        return
    for doer, patient in _roles(verb):
        ref = entity_at(doer)
        if ref is None or ref.type not in _PERSONISH or patient is None:
            continue
        if entity_at(patient) is ref:
            continue
        head = patient.lemma_.lower()
        if patient.pos_ not in ("NOUN", "PROPN") or head in ("who", "which", "that"):
            continue
        start, end = extent(verb.sent, [doer, verb, patient], ctx.offset)
        cls = predicate_class(verb.lemma_)
        patient_ref = entity_at(patient)
        yield ClaimMention(
            ctx.document,
            ctx.index,
            start,
            end,
            "action",
            ref.entity,
            ref.name,
            cls,
            patient_ref.entity if patient_ref else head,
            patient_ref.name if patient_ref else phrase(patient),
            None,
            modality(verb),
            negated(verb),
            attribution(verb, entity_at),
            date_of(verb, ctx),
        )


def _roles(verb: Token) -> Iterator[tuple[Token, Token | None]]:
    """(doer, patient) pairs a verb's clause gives, whatever its voice."""
    children = list(verb.children)
    subj = next((c for c in children if c.dep_ == "nsubj"), None)
    obj = next((c for c in children if c.dep_ in ("dobj", "obj")), None)
    agent = next((g for c in children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
    passive_subj = next((c for c in children if c.dep_ == "nsubjpass"), None)
    if verb.dep_ == "acl" and agent is not None:  # "a delegation led by X"
        yield agent, verb.head
    elif agent is not None and passive_subj is not None:  # "the delegation will be headed by X"
        yield agent, passive_subj
    elif verb.dep_ == "relcl" and subj is not None and subj.tag_ in ("WP", "WDT"):  # "X, who will lead Y"
        yield verb.head, obj
    elif verb.dep_ == "csubj" and verb.head.lemma_ == "be":  # "Leading the delegation will be X"
        attr = next((c for c in verb.head.children if c.dep_ in ("attr", "nsubj") and c is not verb), None)
        if attr is not None:
            yield attr, obj
    elif subj is not None and obj is not None:
        yield subj, obj
    # Coordinated verbs share the first verb's subject: "X arrived ... and met Y".
    if verb.dep_ == "conj" and subj is None and obj is not None and agent is None:
        first_subj = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
        if first_subj is not None:
            yield first_subj, obj


# --- quantities -------------------------------------------------------------------------------


def _quantities(verb: Token, ctx: SentenceContext, entity_at: EntityLookup) -> Iterator[ClaimMention]:
    """A count that is the subject or object of a verb: "11 people were injured"."""
    for arg in verb.children:
        if arg.dep_ not in ("nsubj", "nsubjpass", "dobj"):
            continue
        number, noun = _count(arg)
        if number is None or noun in _TIME_UNITS:
            continue
        adverbs = sorted(
            c.lemma_.lower() for c in verb.children if c.dep_ == "advmod" and c.lemma_.lower().endswith("ly")
        )
        cls = predicate_class(verb.lemma_)
        slot = " ".join([cls, *adverbs])
        start, end = extent(
            verb.sent, [arg, verb, *(c for c in verb.children if c.dep_ in ("aux", "auxpass", "advmod"))], ctx.offset
        )
        yield ClaimMention(
            ctx.document,
            ctx.index,
            start,
            end,
            "quantity",
            noun,
            noun,
            slot,
            noun,
            noun,
            str(number),
            modality(verb),
            negated(verb),
            attribution(verb, entity_at),
            date_of(verb, ctx),
        )


def _count(arg: Token) -> tuple[int | None, str]:
    """(number, counted noun class) for "11 people", "Eleven people", "two of the injured"."""
    if arg.pos_ in ("NOUN", "PROPN"):
        nums = [c for c in arg.children if c.dep_ == "nummod"]
        if len(nums) == 1:
            noun = arg.lemma_.lower()
            return _number(nums[0]), "people" if noun in PEOPLE_NOUNS else noun
    if arg.pos_ == "NUM" or arg.lower_ in NUMBER_WORDS:
        of = next((g for c in arg.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children), None)
        return _number(arg), ("of " + of.lemma_.lower()) if of is not None else "people"
    return None, ""


def _number(token: Token) -> int | None:
    words = [t for t in token.subtree if t.dep_ in ("compound", "quantmod", "nummod") or t.i == token.i]
    total: float | None = None
    for t in sorted(words, key=lambda t: t.i):
        text = t.lower_.replace(",", "")
        if text in NUMBER_WORDS:
            total = (total or 0) + NUMBER_WORDS[text]
        elif text in SCALE_WORDS:
            total = (total or 1) * SCALE_WORDS[text]
        else:
            try:
                total = (total or 0) + float(text)
            except ValueError:
                continue
    return int(total) if total is not None and total == int(total) else None
