"""The records every stage exchanges.

A stage takes records (and the store) and returns records; nothing else passes between stages.
Offsets are character offsets into the text the record names (`Document.text` for segments,
`Document.clean_text` for sentences and mentions), so every annotation points back at the page.
Records are plain dataclasses: cheap to build in bulk, easy to serialise, typed for mypy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class SegmentKind(StrEnum):
    """What a line of a page is, once cleaning has looked at it."""

    TITLE = "title"
    BYLINE = "byline"
    BODY = "body"
    BOILERPLATE = "boilerplate"
    PAGE_DATE = "page_date"
    CITED_SOURCES = "cited_sources"


class Granularity(StrEnum):
    """How precise a calendar value is (TIMEX3-style)."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    DECADE = "decade"


@dataclass(slots=True)
class Decision:
    """One decision a stage took, with the evidence that decided it.

    `kind` names the decision ("title", "boilerplate", "copy_of", "event_assignment", ...),
    `subject` what it is about (a document id, a pair, an event id), `value` the outcome.
    """

    stage: str
    kind: str
    subject: str
    value: str
    evidence: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Segment:
    """A line or paragraph of a page with its verdict: kept as article text, or removed."""

    index: int
    start: int
    end: int
    text: str
    kind: SegmentKind
    reason: str = ""

    @property
    def removed(self) -> bool:
        return self.kind in (
            SegmentKind.BOILERPLATE,
            SegmentKind.PAGE_DATE,
            SegmentKind.CITED_SOURCES,
        )


@dataclass(slots=True)
class Dateline:
    """The place and agency a wire story opens with: "SEOUL, South Korea (Associated Press) —"."""

    text: str
    place: str
    agency: str | None = None


@dataclass(slots=True)
class Document:
    """One news page as ingested: its raw bytes, its decoded text, and what cleaning found.

    `id` is a hash of `raw`, so the same bytes are the same document whatever their name.
    `published` is an explicit publication date given by the input (a JSON field, HTML metadata,
    a feed's date); a date inferred from the text is the annotate stage's business.
    """

    id: str
    path: str
    format: str
    raw: bytes
    text: str = ""
    encoding: str = "utf-8"
    encoding_warning: str | None = None
    url: str | None = None
    title: str | None = None
    byline: str | None = None
    dateline: Dateline | None = None
    outlet: str | None = None
    page_date: str | None = None
    published: str | None = None
    published_evidence: str | None = None
    cited_sources: list[str] = field(default_factory=list)
    language: str | None = None
    segments: list[Segment] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)

    @property
    def clean_text(self) -> str:
        """The article text: kept body segments, one paragraph each, blank-line separated.

        A segment joined from hard-wrapped lines keeps its line breaks in `text`; here they become
        spaces (same length, so offsets into the clean text stay put) since they end no paragraph.
        """
        return "\n\n".join(
            s.text.replace("\r", " ").replace("\n", " ") for s in self.segments if s.kind == SegmentKind.BODY
        )

    @property
    def removed(self) -> list[Segment]:
        return [s for s in self.segments if s.removed]

    @property
    def word_count(self) -> int:
        return len(self.clean_text.split())


@dataclass(slots=True)
class Sentence:
    """A sentence of a document's clean text, with the event date it talks about (if any)."""

    document: str
    index: int
    start: int
    end: int
    text: str
    event_date: str | None = None
    event_granularity: Granularity | None = None


@dataclass(slots=True)
class Mention:
    """A span of clean text naming a person, organisation, place or group."""

    document: str
    start: int
    end: int
    text: str
    label: str
    entity: str | None = None
    role: str | None = None


@dataclass(slots=True)
class Entity:
    """A canonical actor across the corpus, with every name it goes by and why they were merged."""

    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    merges: list[Decision] = field(default_factory=list)


@dataclass(slots=True)
class TimeExpression:
    """A temporal expression normalised to a calendar value relative to an anchor date."""

    document: str
    start: int
    end: int
    text: str
    value: str
    granularity: Granularity
    anchor: str | None = None
    type: str = "DATE"


@dataclass(slots=True)
class Relation:
    """How two documents are related (copy, rewrite, translation, same event) and who came first."""

    a: str
    b: str
    kind: str
    score: float
    origin: str | None = None
    evidence: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Event:
    """One real-world happening and the documents that report it."""

    id: str
    title: str
    date: str | None
    date_granularity: Granularity | None
    documents: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Storyline:
    """The same actors and theme across events over time; events in time order."""

    id: str
    title: str
    events: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Claim:
    """An atomic statement, who asserts it, and whether independent sources agree."""

    id: str
    text: str
    documents: list[str] = field(default_factory=list)
    independent_sources: int = 0
    status: str = "single_source"
    conflicts_with: list[str] = field(default_factory=list)
    modality: str = "asserted"
    attributed_to: str | None = None
