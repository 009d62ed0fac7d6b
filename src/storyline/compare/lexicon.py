"""The small closed word lists claim extraction leans on: predicate synonyms, speech verbs,
hedges, rank words and number words.

They are lists of English function and news vocabulary, not of any corpus's facts: a predicate
class lets "led by", "headed by" and "will lead" fill one slot; rank words decide when two
descriptions of one person disagree ("chief" against "deputy chief"); speech verbs mark who a
statement is attributed to.
"""

from __future__ import annotations

#: Predicates that mean the same in news reports, mapped to one class name.
PREDICATE_CLASSES: dict[str, str] = {
    **dict.fromkeys(("lead", "head", "chair", "helm", "spearhead"), "lead"),
    **dict.fromkeys(("injure", "hurt", "wound", "harm"), "injure"),
    **dict.fromkeys(("kill", "slay"), "kill"),
    **dict.fromkeys(("arrive", "land"), "arrive"),
    **dict.fromkeys(("rescue", "evacuate", "save"), "rescue"),
    **dict.fromkeys(("meet", "receive", "welcome", "greet"), "meet"),
    **dict.fromkeys(("visit", "travel", "tour"), "visit"),
    **dict.fromkeys(("rise", "climb", "increase", "jump", "gain", "grow"), "rise"),
    **dict.fromkeys(("fall", "drop", "decline", "slide", "slump", "plunge"), "fall"),
    **dict.fromkeys(("arrest", "detain"), "arrest"),
    **dict.fromkeys(("sign", "conclude"), "sign"),
    **dict.fromkeys(("launch", "fire"), "launch"),
    **dict.fromkeys(("strike", "hit"), "strike"),
}

#: Verbs that introduce what someone said, reported or confirmed: their subject is the source.
SPEECH_VERBS = frozenset(
    [
        "say",
        "tell",
        "state",
        "report",
        "announce",
        "add",
        "note",
        "confirm",
        "claim",
        "write",
        "reveal",
        "insist",
        "explain",
        "warn",
        "declare",
        "assert",
        "allege",
        "disclose",
        "acknowledge",
        "deny",
        "quote",
        "cite",
        "estimate",
        "predict",
        "describe",
    ]
)

#: Nouns for a group of people whose counts are compared as one slot ("11 people", "11 persons").
PEOPLE_NOUNS = frozenset(["people", "person", "individual", "persons"])

#: Modal verbs and adverbs that make a statement uncertain rather than asserted.
HEDGE_MODALS = frozenset(["may", "might", "could", "would", "should"])
HEDGE_ADVERBS = frozenset(
    ["reportedly", "allegedly", "apparently", "possibly", "probably", "likely", "perhaps", "purportedly", "seemingly"]
)
#: "is expected to", "is scheduled to": a statement about what is planned, not what happened.
EXPECTATION_WORDS = frozenset(["expect", "schedule", "set", "due", "plan", "slate"])

#: Words that place a person on a ladder: two descriptions that differ by one of these disagree.
RANK_WORDS = frozenset(
    [
        "deputy",
        "vice",
        "assistant",
        "acting",
        "interim",
        "former",
        "senior",
        "junior",
        "chief",
        "principal",
        "associate",
        "midlevel",
        "mid-level",
        "low-level",
        "high-level",
        "high-ranking",
        "low-ranking",
        "top",
        "prominent",
        "lower",
        "first",
        "second",
        "third",
        "executive",
        "general",
    ]
)

#: Spelling and synonym variants folded before descriptions are compared.
DESCRIPTION_SYNONYMS: dict[str, str] = {
    "vice": "deputy",
    "chairperson": "chairman",
    "chairwoman": "chairman",
    "chair": "chairman",
    "defence": "defense",
    "spokeswoman": "spokesman",
    "spokesperson": "spokesman",
    "mid-level": "midlevel",
}

#: Words that add nothing to a description's meaning.
DESCRIPTION_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "'s",
        "’s",
        "and",
        "for",
        "in",
        "at",
        "on",
        "to",
        "its",
        "his",
        "her",
        "their",
        "our",
        "my",
        "your",
    ]
)

NUMBER_WORDS: dict[str, int] = {
    word: value
    for value, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12}

SCALE_WORDS: dict[str, int] = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}


def predicate_class(lemma: str) -> str:
    """The class a predicate lemma belongs to (itself when it has no synonyms listed)."""
    return PREDICATE_CLASSES.get(lemma.lower(), lemma.lower())


_IRREGULAR = {"have": "has", "be": "is", "do": "does", "go": "goes"}


def third_person(verb: str) -> str:
    """'lead' -> 'leads', 'carry' -> 'carries': the present form used in a claim's text."""
    if verb in _IRREGULAR:
        return _IRREGULAR[verb]
    if verb.endswith(("s", "sh", "ch", "x", "z", "o")):
        return verb + "es"
    if verb.endswith("y") and len(verb) > 1 and verb[-2] not in "aeiou":
        return verb[:-1] + "ies"
    return verb + "s"
