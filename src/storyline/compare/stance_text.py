"""How the stance comparison reads a claim and a body: sentences, weighted words, cue words.

A body is cut into sentences (paragraph breaks, then sentence-final punctuation before a capital or a
quote) unless the caller already has them (the annotate stage does). Words are read as the relate
stage reads them (`storyline.relate.sentence_words`: case-folded, numbers normalised, weighted by
their information, 8 minus their Zipf frequency); a word matches another by its first five letters
("attacker" / "attack"), so that inflections do not hide a shared word.

Cue words are the classic signals of a body's stance towards a headline (Ferreira & Vlachos 2016;
the FNC-1 baseline): *refuting* words ("hoax", "fake", "denied", "debunked") say the body argues
against a claim; *hedging* words ("reportedly", "allegedly", "unconfirmed") say it reports the
claim without vouching for it; *confirming* words ("confirmed", "officially") say it vouches.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from storyline.relate.sentence_words import FUNCTION_WORDS, NEGATION, information, read_words, stem

PARAGRAPH = re.compile(r"\n\s*\n|\n(?=\s*[\"“A-Z0-9])")
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
#: Abbreviations that end in a full stop without ending a sentence.
ABBREVIATION = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Col|Lt|St|Jr|Sr|No|vs|U\.S|U\.K|[A-Z])\.$")

#: Refuting words of two kinds: saying the claim is false or invented, and denying or disputing it.
FALSEHOOD = re.compile(
    r"\b(?:fake[ds]?|fakery|fraud\w*|hoax\w*|false(?:ly)?|falsehood|debunk\w*|bogus|untrue|not true"
    r"|isn['’]t true|wasn['’]t true|not real|no evidence|fabricat\w*|made up|satir\w*|parody|spoof|prank\w*"
    r"|myth|photoshop\w*|doctored|scam\w*|baseless|unfounded|rumou?rs? (?:is|are|was|were) (?:false|untrue))\b",
    re.IGNORECASE,
)
DENIAL = re.compile(
    r"\b(?:den(?:y|ies|ied|ying|ial)|refut\w*|rebut\w*|dismiss\w*|reject\w*|retract\w*|dispute\w*|insist\w*"
    r"|clarif\w*|contrary|misleading|incorrect|erroneous\w*|wrong(?:ly)?|lies|lied|lying|nope|never"
    r"|nothing to)\b",
    re.IGNORECASE,
)
#: Both kinds together: the refuting words a decision's evidence lists.
REFUTING = re.compile(f"{FALSEHOOD.pattern}|{DENIAL.pattern}", re.IGNORECASE)
HEDGING = re.compile(
    r"\b(?:alleged(?:ly)?|apparent(?:ly)?|appears?|claim(?:s|ed|ing)?|could|estimated|indicat\w*|likely"
    r"|may|might|perhaps|possibl[ey]|presumabl[ey]|probabl[ey]|purported(?:ly)?|reported(?:ly)?"
    r"|rumou?r(?:s|ed)?|suggest\w*|suspect\w*|unconfirmed|unclear|unverified|unknown|supposed(?:ly)?"
    r"|speculat\w*|believed|according to|report(?:s)?|sources? (?:say|said|says|told)|if true|whether"
    r"|not (?:yet )?(?:been )?(?:confirmed|verified)|could not (?:be )?(?:confirm|verif)\w*|question\w*)\b",
    re.IGNORECASE,
)
CONFIRMING = re.compile(
    r"\b(?:confirm(?:s|ed|ing)?|officially|announc\w*|reveal\w*|verified|proven|indeed|actually|real"
    r"|true|genuine|authentic|admit\w*|acknowledg\w*|state[sd]|declared|told reporters)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class ReadSentence:
    """One sentence with what the comparison reads in it."""

    text: str
    #: Stems of its content words (first five letters of words that are not function words).
    stems: frozenset[str]
    #: Explicit negation ("not", "n't", "never", "no").
    negated: bool
    falsehood: int
    denial: int
    hedging: int
    confirming: int


@dataclass(frozen=True, slots=True)
class ReadClaim:
    """The claim (a headline, a claim sentence) as the comparison reads it."""

    sentence: ReadSentence
    #: Each content stem with its information (the highest of the words that share it).
    weights: dict[str, float]
    #: Stems of the capitalised names in the claim.
    names: frozenset[str]
    question: bool


def split_sentences(text: str) -> list[str]:
    """Sentences of a body: paragraphs first, then sentence-final punctuation before a capital."""
    sentences: list[str] = []
    for paragraph in PARAGRAPH.split(text):
        pending = ""
        for piece in SENTENCE_END.split(paragraph.strip()):
            pending = f"{pending} {piece}".strip() if pending else piece.strip()
            if pending and not ABBREVIATION.search(pending):
                sentences.append(pending)
                pending = ""
        if pending:
            sentences.append(pending)
    return [" ".join(sentence.split()) for sentence in sentences if any(c.isalnum() for c in sentence)]


def read_sentence(text: str) -> ReadSentence:
    """Read one sentence (see the module docstring)."""
    words = read_words(text)
    return ReadSentence(
        text=text,
        stems=frozenset(stem(word) for word in words.folded if word not in FUNCTION_WORDS),
        negated=bool(NEGATION.search(text)),
        falsehood=len(FALSEHOOD.findall(text)),
        denial=len(DENIAL.findall(text)),
        hedging=len(HEDGING.findall(text)),
        confirming=len(CONFIRMING.findall(text)),
    )


def read_claim(text: str) -> ReadClaim:
    """Read a claim: its sentence, its weighted content stems and its names."""
    words = read_words(text)
    weights: dict[str, float] = {}
    for word in words.folded:
        if word not in FUNCTION_WORDS:
            key = stem(word)
            weights[key] = max(weights.get(key, 0.0), information(word))
    return ReadClaim(
        sentence=read_sentence(text),
        weights=weights,
        names=frozenset(stem(name) for name in words.names),
        question=text.rstrip().endswith("?"),
    )


def read_body(text: str, sentences: Sequence[str] | None = None) -> tuple[ReadSentence, ...]:
    """Read a body, cut into sentences here unless the caller gives them."""
    cut = list(sentences) if sentences is not None else split_sentences(text)
    return tuple(read_sentence(sentence) for sentence in cut)
