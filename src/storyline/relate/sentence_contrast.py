"""What two sentences share and where they differ, on the surface: words, numbers, names, negation.

The paraphrase decision (`paraphrase.py`) reads these beside the embedding similarities. They are
plain-text measurements without a model, so that a decision can say *why* two sentences about the
same thing still say different things: "11 injured" against "14 injured", "was" against "was
not", "Shoigu met Kim" against "Li met Kim".

How each sentence is read (words, numbers, names, negation, information): `sentence_words.py`.

What counts as the same:
- a number matches an equal number, or one that rounds to it ("$6.32 billion" / "$6.3 billion",
  "3.8 percent" / "4 percent");
- a name matches the same word in any case ("Marines" / "marines"), a spelling variant
  ("Eichhorn" / "Eichorn", "Qaida" / "Qaeda"), a shortened form ("Greg" / "Gregory"), a plural or
  possessive written without an apostrophe ("Crohns"), or an acronym of capitalised words in the
  other sentence ("UN" / "United Nations");
- a sentence is negated when it holds an explicit negation ("not", "n't", "dont", "never", "no",
  ...); a negation *differs* only when the other sentence has neither an explicit negation nor a
  negative word of another form ("unless", "declined", "failed", "without", "denied", ...).

The information-weighted measures say how much of what each sentence says the other does not say.

A *substitution* is where the two sentences say different things in the same place: a word diff
(difflib) replaces a run of words holding an unmatched number or name by a run holding an
unmatched number or name of the same kind. A run is at most `SUBSTITUTION_MAX_WORDS` long on each
side, or `NAMED_RUN_MAX_WORDS` when both sides name someone by a rare word ("Defence Minister
Sergei Shoigu" / "Vice Premier Li Hongzhong"). `other_differences` counts the content words that
differ beyond the substituted runs and the negation: 0 means "the same sentence but for X".
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from difflib import SequenceMatcher

from storyline.relate.sentence_words import (
    FUNCTION_WORDS,
    NEGATION,
    SentenceWords,
    information,
    read_words,
    stem,
)

#: Most words a substitution may span on each side: beyond it, a diff pairs unrelated words.
SUBSTITUTION_MAX_WORDS = 3
#: ... and a run naming someone by a rare word on both sides ("Defence Minister Sergei Shoigu").
NAMED_RUN_MAX_WORDS = 6
#: Information (see above) of a rare word: Zipf frequency 4 or less ("shoigu", "hongzhong").
RARE_NAME_INFORMATION = 4.0
#: difflib ratio above which two names are spellings of one name.
SPELLING_VARIANT_RATIO = 0.75


@dataclass(frozen=True, slots=True)
class Substitution:
    """A number or name of one sentence standing where the other sentence has a different one."""

    kind: str  # "number" or "name"
    #: The differing numbers or names ("sergei shoigu" / "li hongzhong").
    a: str
    b: str
    #: The whole runs of words the diff replaced ("russian defence minister sergei shoigu").
    a_run: str
    b_run: str


@dataclass(frozen=True, slots=True)
class SentenceContrast:
    """Surface measurements of a sentence pair (a, b); shares are in [0, 1]."""

    #: Dice overlap of the folded words, of word bigrams, and of character 4-grams.
    word_overlap: float
    bigram_overlap: float
    char_overlap: float
    #: Words in the shorter sentence / words in the longer.
    length_ratio: float
    #: Longest common word subsequence / words in the longer sentence.
    lcs_share: float
    #: Share of each sentence's content words that the other lacks: the larger, then the smaller.
    unmatched_content_max: float
    unmatched_content_min: float
    #: Dice overlap of the folded words weighted by their information.
    informative_overlap: float
    #: Share of each sentence's information (distinct words) that the other lacks: larger, smaller.
    unmatched_information_share_max: float
    unmatched_information_share_min: float
    #: Information of the words found in one sentence only: both sentences together, the larger side.
    unmatched_information: float
    unmatched_information_max: float
    #: Content words (stems) of the sentence that differs more, beyond the substituted numbers and
    #: names and the negation words: how far the pair is from "the same sentence but for X".
    other_differences: int
    #: Numbers and names found in one sentence only (those of a, those of b).
    numbers_only: tuple[tuple[str, ...], tuple[str, ...]]
    names_only: tuple[tuple[str, ...], tuple[str, ...]]
    #: Whether each sentence holds an explicit negation, and whether they differ (see module doc).
    negated: tuple[bool, bool]
    negation_differs: bool
    substitutions: tuple[Substitution, ...]

    @property
    def number_conflict(self) -> bool:
        """Each sentence has a number the other lacks."""
        return bool(self.numbers_only[0] and self.numbers_only[1])

    @property
    def number_extra(self) -> bool:
        """Exactly one of the sentences has a number the other lacks."""
        return bool(self.numbers_only[0]) != bool(self.numbers_only[1])

    @property
    def name_conflict(self) -> bool:
        """Each sentence has a name the other lacks."""
        return bool(self.names_only[0] and self.names_only[1])


def contrast(a: str, b: str) -> SentenceContrast:
    """Measure what sentences ``a`` and ``b`` share and where they differ."""
    left, right = read_words(a), read_words(b)
    longer = max(len(left.folded), len(right.folded), 1)
    unmatched = (_unmatched_content(left, right), _unmatched_content(right, left))
    numbers_only = (_unmatched_numbers(left, right), _unmatched_numbers(right, left))
    names_only = (_unmatched_names(left, right), _unmatched_names(right, left))
    negation_differs = (left.negated and not (right.negated or right.negative_word)) or (
        right.negated and not (left.negated or left.negative_word)
    )
    substitutions = _substitutions(left, right, numbers_only, names_only)
    unmatched_information = (_unmatched_information(left, right), _unmatched_information(right, left))
    total_information = (_information_of(set(left.folded)), _information_of(set(right.folded)))
    information_shares = [
        part / max(total, 1e-9) for part, total in zip(unmatched_information, total_information, strict=True)
    ]
    return SentenceContrast(
        word_overlap=_dice(Counter(left.folded), Counter(right.folded)),
        bigram_overlap=_dice(Counter(_bigrams(left.folded)), Counter(_bigrams(right.folded))),
        char_overlap=_dice(Counter(_char_grams(left.squeezed)), Counter(_char_grams(right.squeezed))),
        length_ratio=min(len(left.folded), len(right.folded)) / longer,
        lcs_share=_lcs_length(left.folded, right.folded) / longer,
        unmatched_content_max=max(unmatched),
        unmatched_content_min=min(unmatched),
        informative_overlap=_informative_dice(Counter(left.folded), Counter(right.folded)),
        unmatched_information_share_max=max(information_shares),
        unmatched_information_share_min=min(information_shares),
        unmatched_information=sum(unmatched_information),
        unmatched_information_max=max(unmatched_information),
        other_differences=_other_differences(left, right, substitutions),
        numbers_only=numbers_only,
        names_only=names_only,
        negated=(left.negated, right.negated),
        negation_differs=negation_differs,
        substitutions=substitutions,
    )


def _unmatched_numbers(words: SentenceWords, other: SentenceWords) -> tuple[str, ...]:
    return tuple(sorted(n for n in words.numbers if not any(_same_number(n, m) for m in other.numbers)))


def _same_number(x: str, y: str) -> bool:
    """Equal, or the less precise one is the other rounded ("6.3" / "6.32", "4" / "3.8")."""
    if x == y:
        return True
    try:
        dx, dy = Decimal(x), Decimal(y)
    except InvalidOperation:
        return False
    ex, ey = dx.as_tuple().exponent, dy.as_tuple().exponent
    if not (isinstance(ex, int) and isinstance(ey, int)):
        return False
    coarse, fine, places = (dx, dy, ex) if ex >= ey else (dy, dx, ey)
    return fine.quantize(Decimal(1).scaleb(places)) == coarse


def _unmatched_names(words: SentenceWords, other: SentenceWords) -> tuple[str, ...]:
    present = set(other.folded)
    spelled_out = _acronym_words(words, other.acronyms)
    abbreviated = _initialisms(other)
    return tuple(
        sorted(
            name
            for name in words.names
            if name not in spelled_out
            and not (name in words.acronyms and name in abbreviated)
            and not _name_found(name, other, present)
        )
    )


def _name_found(name: str, other: SentenceWords, present: set[str]) -> bool:
    if name in present or name.removesuffix("s") in present or f"{name}s" in present:
        return True
    for word in other.names:
        shorter, longer = sorted((name, word), key=len)
        if len(shorter) >= 3 and longer.startswith(shorter):
            return True
        if SequenceMatcher(None, name, word).ratio() >= SPELLING_VARIANT_RATIO:
            return True
    return False


def _capitalised_runs(words: SentenceWords) -> list[list[str]]:
    """Runs of capitalised words, across "of", "the", "and", "for" ("Bank of England")."""
    runs: list[list[str]] = [[]]
    for word, upper in zip(words.folded, words.capitalised, strict=True):
        if upper:
            runs[-1].append(word)
        elif word not in ("of", "the", "and", "for") and runs[-1]:
            runs.append([])
    return [run for run in runs if len(run) >= 2]


def _initialisms(words: SentenceWords) -> set[str]:
    """The initials of every run of two or more capitalised words ("United Nations" -> "un")."""
    found: set[str] = set()
    for run in _capitalised_runs(words):
        initials = "".join(word[0] for word in run)
        found.update(initials[i:j] for i in range(len(initials)) for j in range(i + 2, len(initials) + 1))
    return found


def _acronym_words(words: SentenceWords, acronyms: frozenset[str]) -> set[str]:
    """The words of ``words`` spelled out by one of the other sentence's acronyms."""
    covered: set[str] = set()
    for run in _capitalised_runs(words):
        for i in range(len(run)):
            for j in range(i + 2, len(run) + 1):
                if "".join(word[0] for word in run[i:j]) in acronyms:
                    covered.update(run[i:j])
    return covered


def _substitutions(
    left: SentenceWords,
    right: SentenceWords,
    numbers_only: tuple[tuple[str, ...], tuple[str, ...]],
    names_only: tuple[tuple[str, ...], tuple[str, ...]],
) -> tuple[Substitution, ...]:
    found = []
    matcher = SequenceMatcher(None, left.folded, right.folded, autojunk=False)
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        longest = max(i2 - i1, j2 - j1)
        if operation != "replace" or longest > NAMED_RUN_MAX_WORDS:
            continue
        for kind, (left_only, right_only) in (("number", numbers_only), ("name", names_only)):
            removed = [word for word in left.folded[i1:i2] if word in left_only]
            added = [word for word in right.folded[j1:j2] if word in right_only]
            if not (removed and added):
                continue
            # A longer run is one entity described differently ("Ashcroft's press secretary" /
            # "Justice Department spokeswoman") unless both sides name someone by a rare word.
            if longest > SUBSTITUTION_MAX_WORDS and not (
                kind == "name" and _has_rare_word(removed) and _has_rare_word(added)
            ):
                continue
            run_a, run_b = " ".join(left.folded[i1:i2]), " ".join(right.folded[j1:j2])
            found.append(Substitution(kind, " ".join(removed), " ".join(added), run_a, run_b))
    return tuple(found)


def _has_rare_word(words: Sequence[str]) -> bool:
    return any(information(word) >= RARE_NAME_INFORMATION for word in words)


def _information_of(words: set[str]) -> float:
    return sum(information(word) for word in words)


def _unmatched_information(words: SentenceWords, other: SentenceWords) -> float:
    return _information_of(set(words.folded) - set(other.folded))


def _informative_dice(left: Counter[str], right: Counter[str]) -> float:
    total = sum(information(word) * count for word, count in (left + right).items())
    shared = sum(information(word) * count for word, count in (left & right).items())
    return 2 * shared / total if total else 0.0


def _other_differences(left: SentenceWords, right: SentenceWords, substitutions: tuple[Substitution, ...]) -> int:
    # The words around a substituted name or number in its run describe it ("Defence Minister").
    explained = {word for found in substitutions for word in f"{found.a_run} {found.b_run}".split()}

    def differing(words: SentenceWords, other: SentenceWords) -> int:
        stems = {stem(word) for word in other.folded}
        return len(
            {
                stem(word)
                for word in words.folded
                if word not in FUNCTION_WORDS and word not in explained and not NEGATION.fullmatch(word)
            }
            - stems
        )

    return max(differing(left, right), differing(right, left))


def _unmatched_content(words: SentenceWords, other: SentenceWords) -> float:
    content = [word for word in words.folded if word not in FUNCTION_WORDS]
    if not content:
        return 0.0
    stems = {stem(word) for word in other.folded}
    return sum(stem(word) not in stems for word in content) / len(content)


def _bigrams(words: Sequence[str]) -> list[str]:
    return [f"{first} {second}" for first, second in itertools.pairwise(words)]


def _char_grams(text: str, n: int = 4) -> list[str]:
    return [text[i : i + n] for i in range(len(text) - n + 1)]


def _dice(left: Counter[str], right: Counter[str]) -> float:
    total = left.total() + right.total()
    return 2 * (left & right).total() / total if total else 0.0


def _lcs_length(left: Sequence[str], right: Sequence[str]) -> int:
    previous = [0] * (len(right) + 1)
    for word in left:
        current = [0]
        for j, other in enumerate(right):
            current.append(previous[j] + 1 if word == other else max(previous[j + 1], current[j]))
        previous = current
    return previous[-1]
