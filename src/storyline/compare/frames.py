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

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from spacy.tokens import Span, Token

from storyline.compare.lexicon import (
    EXPECTATION_WORDS,
    HEDGE_ADVERBS,
    HEDGE_MODALS,
    NUMBER_WORDS,
    PEOPLE_NOUNS,
    SCALE_WORDS,
    SPEECH_VERBS,
    predicate_class,
)


@dataclass(frozen=True, slots=True)
class EntityRef:
    """A linked mention inside the sentence: its character range and canonical entity."""

    start: int
    end: int
    entity: str
    name: str
    type: str
    role: str | None = None


@dataclass(frozen=True, slots=True)
class TimeRef:
    """A time expression inside the sentence, normalised by the annotate stage."""

    start: int
    end: int
    value: str
    granularity: str


@dataclass(slots=True)
class ClaimMention:
    """One claim as one sentence states it."""

    document: str
    sentence: int
    start: int
    end: int
    kind: str
    subject: str
    subject_name: str
    predicate: str
    object: str
    object_text: str
    value: str | None
    modality: str = "asserted"
    negated: bool = False
    attribution: str | None = None
    date: str | None = None
    text: str = ""


@dataclass(slots=True)
class SentenceContext:
    """What extraction needs besides the parse: where the sentence is, its entities and times."""

    document: str
    index: int
    offset: int
    entities: Sequence[EntityRef]
    times: Sequence[TimeRef]


_QUOTE = re.compile(r"[\"“]([^\"”]{12,})[\"”]")
_PERSONISH = ("person", "organisation", "group", "place")
#: Counted nouns that measure time, not a quantity a source reports ("75 years").
_TIME_UNITS = frozenset(["year", "month", "week", "day", "hour", "minute", "second", "decade", "century", "time"])
#: The words that belong to a noun phrase itself when a claim's span is cut from the sentence.
_NOUN_PARTS = frozenset(["det", "amod", "compound", "nummod", "poss", "case", "quantmod", "nmod"])


def extract(sent: Span, ctx: SentenceContext) -> list[ClaimMention]:
    """Every claim mention one sentence makes."""
    entity_at = _entity_lookup(sent, ctx)
    found: list[ClaimMention] = []
    for token in sent:
        if token.pos_ in ("VERB", "AUX") or token.dep_ == "ROOT":
            found.extend(_actions(token, ctx, entity_at))
            found.extend(_quantities(token, ctx, entity_at))
    found.extend(_attributes(sent, ctx, entity_at))
    described = {(m.subject, m.value.lower()) for m in found if m.kind == "attribute" and m.value}
    found.extend(m for m in _role_attributes(sent, ctx) if (m.subject, (m.value or "").lower()) not in described)
    found.extend(_dates(sent, ctx, entity_at))
    found.extend(_quotes(sent, ctx, entity_at))
    for m in found:
        m.text = sent.text[m.start - ctx.offset - sent.start_char : m.end - ctx.offset - sent.start_char]
    return found


# --- entities ---------------------------------------------------------------------------------


def _entity_lookup(sent: Span, ctx: SentenceContext) -> Callable[[Token], EntityRef | None]:
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


def _actions(
    verb: Token, ctx: SentenceContext, entity_at: Callable[[Token], EntityRef | None]
) -> Iterator[ClaimMention]:
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
        start, end = _extent(verb.sent, [doer, verb, patient], ctx.offset)
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
            patient_ref.name if patient_ref else _phrase(patient),
            None,
            _modality(verb),
            _negated(verb),
            _attribution(verb, entity_at),
            _date_of(verb, ctx),
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


# --- attributes -------------------------------------------------------------------------------


def _attributes(
    sent: Span, ctx: SentenceContext, entity_at: Callable[[Token], EntityRef | None]
) -> Iterator[ClaimMention]:
    """Descriptions of people: appositions either side of the name, and kept title roles."""
    seen: set[tuple[str, str]] = set()
    for token in sent:
        ref = entity_at(token) if token.pos_ == "PROPN" else None
        if ref is None or ref.type != "person" or (token.head.i == token.i and token.dep_ != "ROOT"):
            continue
        if token.i + 1 < sent.end and token.doc[token.i + 1].pos_ == "PROPN":
            continue  # not the head of the name
        for desc in _descriptions(token, sent):
            key = (ref.entity, _phrase(desc).lower())
            if key in seen:
                continue
            seen.add(key)
            start, end = _extent(sent, [token, desc], ctx.offset)
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
                _phrase(desc),
                _phrase(desc),
                attribution=_attribution(token.head, entity_at),
            )


_HONORIFICS = frozenset(["dr", "mr", "mrs", "ms", "miss", "prof", "professor", "sir", "dame", "rev"])
_NOT_A_TITLE = re.compile(r"\d|\b(?:said|says|told|tells|according)\b", re.IGNORECASE)


def _role_attributes(sent: Span, ctx: SentenceContext) -> Iterator[ClaimMention]:
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


def _descriptions(name: Token, sent: Span) -> Iterator[Span]:
    doc = name.doc
    for child in name.children:
        if child.dep_ == "appos" and child.pos_ == "NOUN":
            yield _np(child)
            for conj in child.conjuncts:
                if conj.pos_ == "NOUN":
                    yield _np(conj)
    if name.dep_ == "appos" and name.head.pos_ == "NOUN":
        yield _np(name.head, without=name)
    # "a midlevel official, Li Hongzhong": a noun phrase and the name side by side after a comma.
    first = min(t.i for t in name.subtree)
    if first - 2 >= sent.start and doc[first - 1].text == ",":
        before = doc[first - 2]
        if before.pos_ == "NOUN" and before.head.i == name.head.i and before.dep_ == name.dep_:
            yield _np(before)


def _np(head: Token, without: Token | None = None) -> Span:
    """A description's words: its modifiers and of-phrases, without a trailing apposition."""
    skip = {t.i for t in without.subtree} if without is not None else set()
    keep = [
        t
        for t in head.subtree
        if t.i not in skip and not any(a.dep_ in ("appos", "relcl", "acl", "conj", "cc") for a in _path(t, head))
    ]
    keep = [t for t in keep if t.dep_ not in ("punct", "cc") or head.i > t.i > min(k.i for k in keep)]
    while keep and keep[-1].pos_ == "PUNCT":
        keep.pop()
    lo, hi = min(t.i for t in keep), max(t.i for t in keep)
    while head.doc[lo].pos_ == "DET" and lo < head.i:
        lo += 1
    return head.doc[lo : hi + 1]


def _path(token: Token, top: Token) -> Iterator[Token]:
    """Tokens from `token` up to (not including) `top`."""
    while token.i != top.i and token.head.i != token.i:
        yield token
        token = token.head


# --- quantities -------------------------------------------------------------------------------


def _quantities(
    verb: Token, ctx: SentenceContext, entity_at: Callable[[Token], EntityRef | None]
) -> Iterator[ClaimMention]:
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
        start, end = _extent(
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
            _modality(verb),
            _negated(verb),
            _attribution(verb, entity_at),
            _date_of(verb, ctx),
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


# --- dates and quotes -------------------------------------------------------------------------


def _dates(sent: Span, ctx: SentenceContext, entity_at: Callable[[Token], EntityRef | None]) -> Iterator[ClaimMention]:
    """A day-precise date and the thing it dates: "the armistice, signed on July 27, 1953"."""
    for time in ctx.times:
        if time.granularity != "day":
            continue
        tokens = [t for t in sent if time.start <= ctx.offset + t.idx < time.end]
        if not tokens:
            continue
        head = _outside_head(tokens)
        if head is None:
            continue
        anchor = head.head if head.dep_ == "pobj" and head.head.dep_ == "prep" else head
        target = anchor.head if anchor.dep_ == "prep" else anchor
        what = target.head if target.dep_ == "acl" else target
        if what.pos_ == "VERB":
            subj = next((c for c in what.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            what = subj if subj is not None else what
        start, end = _extent(sent, [*tokens, what, target], ctx.offset)
        # The day is the slot: two sources dating something to the same day say the same thing.
        yield ClaimMention(
            ctx.document,
            ctx.index,
            start,
            end,
            "date",
            time.value,
            _phrase(what),
            "date",
            "",
            time.value,
            time.value,
            _modality(target),
            _negated(target),
            _attribution(target, entity_at),
            time.value,
        )


def _outside_head(tokens: list[Token]) -> Token | None:
    ids = {t.i for t in tokens}
    heads = [t for t in tokens if t.head.i not in ids or t.head.i == t.i]
    return heads[0] if heads else None


def _quotes(sent: Span, ctx: SentenceContext, entity_at: Callable[[Token], EntityRef | None]) -> Iterator[ClaimMention]:
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


def _speaker(sent: Span, entity_at: Callable[[Token], EntityRef | None]) -> EntityRef | None:
    for token in sent:
        if token.lemma_.lower() in SPEECH_VERBS:
            subj = next((c for c in token.children if c.dep_ == "nsubj"), None)
            if subj is not None and (ref := entity_at(subj)) is not None:
                return ref
    return None


# --- modality, negation, attribution ----------------------------------------------------------


def _modality(verb: Token) -> str:
    words = [c.lower_ for c in verb.children if c.dep_ in ("aux", "advmod")]
    if any(w in HEDGE_MODALS for w in words) or any(w in HEDGE_ADVERBS for w in words):
        return "hedged"
    head = verb.head
    if verb.dep_ == "xcomp" and head.lemma_.lower() in EXPECTATION_WORDS:
        return "expected"
    if any(w in ("will", "shall", "'ll") for w in words):
        return "expected"
    return "asserted"


def _negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


def _attribution(token: Token, entity_at: Callable[[Token], EntityRef | None]) -> str | None:
    """Who the sentence says this comes from: "according to X", or the subject of a speech verb
    that governs the clause ("X said ...", "..., X reported")."""
    node: Token | None = token
    while node is not None:
        for child in node.children:
            if child.lower_ == "according":
                source = next((g for p in child.children for g in p.children if g.dep_ == "pobj"), None)
                if source is not None:
                    return _source_name(source, entity_at)
        if node.lemma_.lower() in SPEECH_VERBS and node.i != token.i:
            subj = next((c for c in node.children if c.dep_ == "nsubj"), None)
            if subj is not None and subj.lower_ not in ("i", "we", "it", "he", "she", "they"):
                return _source_name(subj, entity_at)
        node = None if node.head.i == node.i else node.head
    return None


def _source_name(token: Token, entity_at: Callable[[Token], EntityRef | None]) -> str:
    """The source's name: the entity it links to, else the noun with its own modifiers."""
    ref = entity_at(token)
    if ref is not None:
        return ref.name
    words = [t for t in token.subtree if t.dep_ in ("compound", "amod", "poss", "case") or t.i == token.i]
    words = [t for t in words if t.i <= token.i]
    return "".join(t.text_with_ws for t in words).strip()


def _phrase(token: Token | Span) -> str:
    """A noun with the modifiers written right before it ("Russian delegation")."""
    if isinstance(token, Span):
        return token.text
    words = [token]
    for left in reversed(list(token.lefts)):
        if left.dep_ not in ("amod", "compound", "nmod") or left.i != words[0].i - 1:
            break
        words.insert(0, left)
    return " ".join(t.text for t in words)


def _extent(sent: Span, tokens: Sequence[Token | Span], offset: int) -> tuple[int, int]:
    """Character range, in the document, of the smallest run of the sentence holding the tokens
    (a noun with its own modifiers, not the clauses hanging from it)."""
    spans: list[tuple[int, int]] = []
    for t in tokens:
        if isinstance(t, Span):
            spans.append((t.start_char, t.end_char))
            continue
        sub = (
            [s for s in t.subtree if s.dep_ in _NOUN_PARTS or s.i == t.i] if t.pos_ in ("NOUN", "PROPN", "NUM") else [t]
        )
        spans.append((min(s.idx for s in sub), max(s.idx + len(s.text) for s in sub)))
    start = max(min(s for s, _ in spans), sent.start_char)
    end = min(max(e for _, e in spans), sent.end_char)
    return offset + start, offset + end


def _date_of(verb: Token, ctx: SentenceContext) -> str | None:
    """A day-precise date attached to this verb's clause, if the sentence gives one."""
    clause = {t.idx + ctx.offset for t in verb.subtree}
    for time in ctx.times:
        if time.granularity == "day" and any(time.start <= i < time.end for i in clause):
            return time.value
    return None
