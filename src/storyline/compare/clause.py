"""What every kind of claim reads from its clause: the records, the span of sentence a claim
was read from, its modality, negation and attribution, and the date attached to it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from spacy.tokens import Span, Token

from storyline.compare.lexicon import EXPECTATION_WORDS, HEDGE_ADVERBS, HEDGE_MODALS, SPEECH_VERBS


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


#: The entity a noun phrase headed by a token names (None when it names none).
EntityLookup = Callable[[Token], EntityRef | None]
#: The words that belong to a noun phrase itself when a claim's span is cut from the sentence.
NOUN_PARTS = frozenset(["det", "amod", "compound", "nummod", "poss", "case", "quantmod", "nmod"])


# --- modality, negation, attribution ----------------------------------------------------------


def modality(verb: Token) -> str:
    words = [c.lower_ for c in verb.children if c.dep_ in ("aux", "advmod")]
    if any(w in HEDGE_MODALS for w in words) or any(w in HEDGE_ADVERBS for w in words):
        return "hedged"
    head = verb.head
    if verb.dep_ == "xcomp" and head.lemma_.lower() in EXPECTATION_WORDS:
        return "expected"
    if any(w in ("will", "shall", "'ll") for w in words):
        return "expected"
    return "asserted"


def negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


def attribution(token: Token, entity_at: EntityLookup) -> str | None:
    """Who the sentence says this comes from: "according to X", or the subject of a speech verb
    that governs the clause ("X said ...", "..., X reported")."""
    node: Token | None = token
    while node is not None:
        for child in node.children:
            if child.lower_ == "according":
                source = next((g for p in child.children for g in p.children if g.dep_ == "pobj"), None)
                if source is not None:
                    return source_name(source, entity_at)
        if node.lemma_.lower() in SPEECH_VERBS and node.i != token.i:
            subj = next((c for c in node.children if c.dep_ == "nsubj"), None)
            if subj is not None and subj.lower_ not in ("i", "we", "it", "he", "she", "they"):
                return source_name(subj, entity_at)
        node = None if node.head.i == node.i else node.head
    return None


def source_name(token: Token, entity_at: EntityLookup) -> str:
    """The source's name: the entity it links to, else the noun with its own modifiers."""
    ref = entity_at(token)
    if ref is not None:
        return ref.name
    words = [t for t in token.subtree if t.dep_ in ("compound", "amod", "poss", "case") or t.i == token.i]
    words = [t for t in words if t.i <= token.i]
    return "".join(t.text_with_ws for t in words).strip()


def phrase(token: Token | Span) -> str:
    """A noun with the modifiers written right before it ("Russian delegation")."""
    if isinstance(token, Span):
        return token.text
    words = [token]
    for left in reversed(list(token.lefts)):
        if left.dep_ not in ("amod", "compound", "nmod") or left.i != words[0].i - 1:
            break
        words.insert(0, left)
    return " ".join(t.text for t in words)


def extent(sent: Span, tokens: Sequence[Token | Span], offset: int) -> tuple[int, int]:
    """Character range, in the document, of the smallest run of the sentence holding the tokens
    (a noun with its own modifiers, not the clauses hanging from it)."""
    spans: list[tuple[int, int]] = []
    for t in tokens:
        if isinstance(t, Span):
            spans.append((t.start_char, t.end_char))
            continue
        sub = (
            [s for s in t.subtree if s.dep_ in NOUN_PARTS or s.i == t.i] if t.pos_ in ("NOUN", "PROPN", "NUM") else [t]
        )
        spans.append((min(s.idx for s in sub), max(s.idx + len(s.text) for s in sub)))
    start = max(min(s for s, _ in spans), sent.start_char)
    end = min(max(e for _, e in spans), sent.end_char)
    return offset + start, offset + end


def date_of(verb: Token, ctx: SentenceContext) -> str | None:
    """A day-precise date attached to this verb's clause, if the sentence gives one."""
    clause = {t.idx + ctx.offset for t in verb.subtree}
    for time in ctx.times:
        if time.granularity == "day" and any(time.start <= i < time.end for i in clause):
            return time.value
    return None
