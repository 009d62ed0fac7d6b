"""Mentions of people, organisations, places and groups, repaired from spaCy's entity spans.

The small English pipeline makes errors that matter for canonicalisation, and this module corrects
the common ones with evidence: titles are cut off names and kept as roles ("Defense Minister
Sergei Shoigu" -> Sergei Shoigu, role "Defense Minister"), three-part East Asian names cut short
are extended ("Kang Sun" + "Nam"), a lone title word tagged as an organisation ("Defense") is
dropped, and a surname tagged as an organisation is a person when a full name in the same
document carries it. Roles are also read from appositions ("Li Hongzhong, vice chairman of ...").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

LABEL_TYPES = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
}
TITLE_HEADS = (
    "minister|president|vice-president|leader|chairman|chairwoman|chairperson|chair|secretary|"
    "spokesman|spokeswoman|spokesperson|ambassador|governor|mayor|senator|commander|director|chief|"
    "premier|chancellor|king|queen|prince|official|envoy|general|admiral|captain|councillor|"
    "member|head|founder|manager|executive|ceo|judge|editor|correspondent|officer|representative|"
    "adviser|advisor|deputy|marshal|colonel|major|lieutenant|sergeant|inspector|superintendent|"
    "conciliator|negotiator|mediator|coordinator|professor|dr|mr|mrs|ms"
)
TITLE_MODIFIERS = (
    "vice|deputy|former|acting|senior|chief|foreign|defen[cs]e|interior|finance|trade|energy|health|"
    "prime|supreme|first|general|managing|executive|regional|state|party|opposition|top|high-ranking|"
    "union|station|press|transport|transportation|economy|justice|education|culture"
)
_HEAD_RE = re.compile(rf"\b(?:{TITLE_HEADS})s?\b", re.IGNORECASE)
_TITLE_WORD = re.compile(rf"^(?:{TITLE_HEADS}|{TITLE_MODIFIERS})$", re.IGNORECASE)
_MONTHS_DAYS = {
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
}
_PREFIX_ROLE = re.compile(
    rf"(?P<role>(?:(?:[A-Z][\w’'-]+ ){{0,2}}(?:(?:{TITLE_MODIFIERS}) )*(?:{TITLE_HEADS})"
    rf"(?: of (?:the )?(?:[A-Z][\w’'-]+ ?){{1,4}})?))\s*$",
    re.IGNORECASE,
)
#: A title head anywhere, even inside a word: without one, `_PREFIX_ROLE` cannot match (a cheap test first).
_ANY_HEAD = re.compile(rf"(?:{TITLE_HEADS})", re.IGNORECASE)
_APPOSITION_ROLE = re.compile(r"^\s*,\s*(?P<role>(?:(?:the|a|an) )?[^,.;()“”\"]{3,120}?)(?=,|\.|;| who | said\b)")


@dataclass(slots=True)
class RawMention:
    """A repaired entity mention of one document, before linking."""

    start: int
    end: int
    text: str
    type: str
    role: str | None = None
    sentence: int = 0
    fix: str | None = None  # what was repaired, for the record


def name_tokens(name: str) -> list[str]:
    """A name as comparable tokens: no accents, case, hyphens, possessives or titles."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    plain = re.sub(r"[’']s\b", "", plain)
    tokens = [t for t in re.split(r"[\s\-‐–.]+", plain.lower()) if t]
    while tokens and tokens[0] in ("the", "a", "an"):
        tokens = tokens[1:]
    return tokens


def extract_mentions(doc: Doc) -> list[RawMention]:
    """Repaired mentions of a spaCy doc, in text order."""
    sentence_of = _sentence_index(doc)
    mentions: list[RawMention] = []
    for ent in doc.ents:
        kind = LABEL_TYPES.get(ent.label_)
        if kind is None:
            continue
        mention = _repair(doc, ent, kind)
        if mention is not None:
            mention.sentence = sentence_of.get(ent.start, 0)
            mentions.append(mention)
    _relabel_surnames(mentions)
    return _without_overlaps(mentions)


def _sentence_index(doc: Doc) -> dict[int, int]:
    index: dict[int, int] = {}
    for i, sent in enumerate(doc.sents):
        for t in range(sent.start, sent.end):
            index[t] = i
    return index


def _repair(doc: Doc, ent: Span, kind: str) -> RawMention | None:
    start, end = ent.start, ent.end
    fixes: list[str] = []
    while start < end and (doc[start].lower_ in ("the", "a", "an") or _TITLE_WORD.match(doc[start].text)):
        start += 1
    if start < ent.start + 1 and start != ent.start:
        fixes.append("title removed from the name")
    if start >= end:
        return None  # the span was nothing but a title ("Defense")
    lead = ent.start + (doc[ent.start].lower_ in ("the", "a", "an"))
    if kind != "person" and start > lead and lead < ent.end and doc[lead].lower_ in _HEADS:
        titled = _titled_person(doc, ent)
        if titled is not None:
            return titled
    if kind == "person":
        while start > 0 and end - start < 4 and _name_part(doc[start - 1]) and not doc[start].is_sent_start:
            start -= 1
            fixes.append(f"name extended with '{doc[start].text}'")
        while (
            end < len(doc)
            and end - start < 4
            and doc[end].is_title
            and doc[end].is_alpha
            and doc[end].lower_ not in _MONTHS_DAYS
            and not _TITLE_WORD.match(doc[end].text)
            and doc[end].ent_type_ in ("", "PERSON", "ORG", "GPE", "NORP")
            and not doc[end].is_sent_start
        ):
            end += 1
            fixes.append(f"name extended with '{doc[end - 1].text}'")
    span = doc[start:end]
    text = re.sub(r"[’']s$", "", span.text).strip()
    if not text or not any(c.isalpha() for c in text):
        return None
    if kind == "person" and any(c.isdigit() for c in text):
        return None  # "COVID-19" and the like: no person's name has digits
    role = _role(doc, span) if kind == "person" else None
    return RawMention(span.start_char, span.start_char + len(text), text, kind, role, fix="; ".join(fixes) or None)


_HEADS = frozenset(TITLE_HEADS.split("|"))
_DEPARTMENT = re.compile(rf"^(?:of|the|for|and|{TITLE_MODIFIERS}|affairs|state|defen[cs]e|foreign)$", re.IGNORECASE)


def _titled_person(doc: Doc, ent: Span) -> RawMention | None:
    """ "Minister of Defence Sergey Shoigu", tagged as an organisation: a titled person."""
    first = ent.start + (doc[ent.start].lower_ in ("the", "a", "an"))
    i = first
    while i < ent.end and (_TITLE_WORD.match(doc[i].text) or _DEPARTMENT.match(doc[i].text)):
        i += 1
    rest = doc[i : ent.end]
    if not 2 <= len(rest) <= 4 or not all(t.is_title and t.is_alpha for t in rest):
        return None
    role = doc[first:i].text
    return RawMention(rest.start_char, rest.end_char, rest.text, "person", role, fix=f"titled person: '{ent.text}'")


def _name_part(token: Token) -> bool:
    """A capitalised word left of a person span that spaCy cut off ("Choe" of "Choe Ryong Hae")."""
    return (
        token.is_title
        and token.is_alpha
        and token.tag_ == "NNP"
        and token.lower_ not in _MONTHS_DAYS
        and not _TITLE_WORD.match(token.text)
        and token.ent_type_ in ("", "PERSON")
    )


def _role(doc: Doc, span: Span) -> str | None:
    sent = span.sent
    # A title stands right before the name; a short window keeps the right-anchored search cheap.
    # Token slices, not doc.text: spaCy rebuilds doc.text from every token on each access.
    before = doc[max(sent.start, span.start - 16) : span.start].text_with_ws
    m = _PREFIX_ROLE.search(before) if _ANY_HEAD.search(before) else None
    if m and _HEAD_RE.search(m.group("role")):
        role = m.group("role").strip()
        words = role.split()
        # Keep a nationality or country adjective only when it is capitalised ("North Korean leader").
        while words and words[0][0].islower() and not _TITLE_WORD.match(words[0]):
            words = words[1:]
        if words:
            return " ".join(words)
    after = doc[span.end : sent.end].text_with_ws
    if span.end < len(doc) and doc[span.end - 1].whitespace_:
        after = doc[span.end - 1].whitespace_ + after
    m = _APPOSITION_ROLE.match(after)
    role_start = span.end_char + (m.start("role") if m else 0)
    names_inside = m and any(
        e.label_ == "PERSON" and e.start_char < role_start + len(m.group("role")) and e.end_char > role_start
        for e in sent.ents
    )
    if m and not names_inside and _HEAD_RE.search(m.group("role")):
        return re.sub(r"^(?:the|a|an) ", "", m.group("role").strip())
    return None


def _relabel_surnames(mentions: list[RawMention]) -> None:
    """A one-word organisation or place that is part of a person's name here is that person."""
    parts = {tok for m in mentions if m.type == "person" for tok in name_tokens(m.text) if len(name_tokens(m.text)) > 1}
    for m in mentions:
        tokens = name_tokens(m.text)
        if m.type != "person" and len(tokens) == 1 and tokens[0] in parts:
            m.fix = f"'{m.text}' is part of a person's name in this document, not an {m.type}"
            m.type = "person"


def _without_overlaps(mentions: list[RawMention]) -> list[RawMention]:
    out: list[RawMention] = []
    for m in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start))):
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out
