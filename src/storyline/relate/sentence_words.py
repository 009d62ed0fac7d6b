"""How the sentence comparison reads one sentence: words, numbers, names, negation, information.

Words are case-folded; number words ("eight", "sixty-one") are read as digits; thousands separators
are dropped ("1,000" = "1000"); dotted acronyms are joined ("U.S." = "us"); a possessive "'s" is
dropped. A *name* is a capitalised word that is not a function word, a title or a date word,
wherever it stands, except a common word as a sentence's first word ("Regional utility ...").
A *content word* is any word that is not a function word. A sentence is *negated* when it holds an
explicit negation ("not", "n't", "dont", "never", "no", ...).

Words weigh by how much they tell: a word's *information* is 8 minus its Zipf frequency in English
(wordfreq; "the" 0.3, "police" 2.7, "Shoigu" 6.4), at least 0.5; a number weighs 5.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import wordfreq


def _word_list(text: str) -> list[str]:
    return text.split()


WORD = re.compile(r"(?:[^\W\d_]\.){2,}|\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)
ACRONYM_TOKEN = re.compile(r"^(?:[A-Z]\.){2,}$|^[A-Z]{2,6}$")

UNITS = _word_list("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen")
UNITS += _word_list("sixteen seventeen eighteen nineteen")
TENS = _word_list("twenty thirty forty fifty sixty seventy eighty ninety")
NUMBER_WORDS = {word: str(value) for value, word in enumerate(UNITS)} | {
    word: str(10 * tens) for tens, word in enumerate(TENS, 2)
}
#: "one" is far more often a pronoun ("one of the") than a count; it is not read as a number.
del NUMBER_WORDS["one"]
COMPOUND_NUMBER = re.compile(rf"\b({'|'.join(TENS)})[- ]({'|'.join(UNITS[1:10])})\b", re.IGNORECASE)

NEGATION = re.compile(
    r"\b(?:not|never|none|nobody|nothing|neither|nor|nowhere|cannot"
    r"|(?:do|does|did|is|are|was|were|has|have|had|ca|wo|could|would|should|must|need)n(?:['’])?t)\b"
    r"|\bno\b(?![-‐])|n['’]t\b",
    re.IGNORECASE,
)
#: Words that negate without a negation particle: a sentence holding one is not contradicted by
#: the other sentence's "not" ("unless repealed" / "if not repealed").
NEGATIVE_WORDS = re.compile(
    r"\b(?:unless|without|lack\w*|fail\w*|declin\w*|refus\w*|den(?:y|ied|ies)|reject\w*|absen\w*|yet to"
    r"|instead|rather|only|nor|neither|rul\w* out)\b",
    re.IGNORECASE,
)

MONTHS = _word_list("january february march april may june july august september october november december")
MONTHS += _word_list("jan feb mar apr jun jul aug sep sept oct nov dec")
WEEKDAYS = _word_list("monday tuesday wednesday thursday friday saturday sunday")
DATE_WORDS = frozenset([*MONTHS, *WEEKDAYS, "today", "yesterday", "tomorrow", "tonight"])

#: Titles and roles stand before names without being one ("Sen. Nelson" / "Senator Nelson").
TITLES = frozenset(
    _word_list(
        """
        mr mrs ms miss dr prof sir dame lord lady sen senator rep representative gov governor lt
        lieut gen general col colonel maj major capt captain sgt sergeant cpl pvt adm admiral cmdr
        st mt ft jr sr president vice prime minister secretary chairman chairwoman chief judge
        justice attorney mayor king queen prince princess pope rev father sister brother saint
        """
    )
)
#: Words too common to count as content, and capitalised at a sentence's start without being names.
FUNCTION_WORDS = (
    frozenset(
        _word_list(
            """
            a an the and or but if then so as at by for from in into of on onto to with without
            about above after against along among around before behind below beneath beside between
            beyond during except inside near off out outside over since through throughout till
            toward towards under until up upon within i me my mine we us our ours you your yours he
            him his she her hers it its they them their theirs this that these those who whom whose
            which what when where why how all any both each few more most other some such no nor not
            only own same than too very can will just should would could may might must shall do
            does did doing done is are was were be been being am have has had having also there here
            said says say told according per cent percent yet however while although though because
            still even another many much one ones
            """
        )
    )
    | TITLES
)
#: Information of a common word (Zipf frequency 4.5 or more: "regional", "right", "notes").
COMMON_WORD_INFORMATION = 3.5


@dataclass(frozen=True, slots=True)
class SentenceWords:
    """One sentence as the comparison reads it."""

    folded: tuple[str, ...]
    capitalised: tuple[bool, ...]
    names: frozenset[str]
    acronyms: frozenset[str]
    numbers: frozenset[str]
    negated: bool
    negative_word: bool
    squeezed: str


def read_words(text: str) -> SentenceWords:
    """Read one sentence (see the module docstring)."""
    text = COMPOUND_NUMBER.sub(
        lambda match: str(int(NUMBER_WORDS[match[1].lower()]) + UNITS.index(match[2].lower())), text
    )
    raw = [match.group() for match in WORD.finditer(text)]
    folded = tuple(fold(word) for word in raw)
    capitalised = tuple(word[0].isupper() for word in raw)
    names = frozenset(
        word
        for position, (word, upper) in enumerate(zip(folded, capitalised, strict=True))
        if upper
        and len(word) > 1
        and not word[0].isdigit()
        and word not in FUNCTION_WORDS
        and word not in DATE_WORDS
        # The first word is capitalised anyway: a common word there is no name ("Regional utility").
        and not (position == 0 and information(word) <= COMMON_WORD_INFORMATION and not ACRONYM_TOKEN.match(raw[0]))
    )
    acronyms = frozenset(fold(word) for word in raw if ACRONYM_TOKEN.match(word))
    return SentenceWords(
        folded=folded,
        capitalised=capitalised,
        names=names,
        acronyms=acronyms,
        numbers=frozenset(word for word in folded if word[0].isdigit()),
        negated=bool(NEGATION.search(text)),
        negative_word=bool(NEGATIVE_WORDS.search(text)),
        squeezed=" ".join(text.casefold().split()),
    )


def fold(word: str) -> str:
    """The form a word is compared in: case-folded, numbers normalised, possessive dropped."""
    lowered = word.casefold().replace("’", "'")
    if lowered[0].isdigit():
        number = lowered.replace(",", "")
        return number.rstrip("0").rstrip(".") if "." in number else number
    if "." in lowered:
        return lowered.replace(".", "")
    lowered = lowered.removesuffix("'s")
    return NUMBER_WORDS.get(lowered, lowered)


@lru_cache(maxsize=65536)
def information(word: str) -> float:
    """How much a (folded) word tells: 8 minus its Zipf frequency in English, at least 0.5."""
    if word[0].isdigit():
        return 5.0
    return max(8.0 - wordfreq.zipf_frequency(word, "en"), 0.5)


def stem(word: str) -> str:
    """The first five letters: crude, but it matches "attacker" with "attack" and "injured" with "injuries"."""
    return word[:5]
