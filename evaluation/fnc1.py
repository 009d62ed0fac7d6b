"""Score storyline's stance comparison (compare/stance.py) on FNC-1 headline/body pairs.

What it measures: for each headline and article body, whether the body agrees with the headline,
disagrees, discusses it without taking a side, or is unrelated (``storyline.compare.stance``,
shipped weights, default `StanceConfig`). ``--data`` is a folder in the FNC-1 layout:
``stances.csv`` (Headline, Body ID, Stance) and ``bodies.csv`` (Body ID, articleBody). Figures:

- ``fnc_score``: FNC-1's weighted score as a share of its maximum (+0.25 for a pair put on the
  right side of related/unrelated, +0.75 more for the right stance of a related pair);
- ``macro_f1`` over the four classes and ``f1_<class>`` for each, the confusion matrix;
- beside it, from the same run: ``related_discuss`` (our related/unrelated decision with every
  related pair called "discuss", the usual TF-IDF-style baseline) and the published anchors
  (trained on FNC-1's 50k training pairs, which are not available here).

The shipped weights were fitted on ``../shared/eval/fnc1`` (FNC-1 test pairs with even body ids),
so on that folder the figures are in-sample (``pairs_seen_by_fit`` counts the scored pairs that
are in the training folder, ``--train``). ``--fit`` fits on that folder: it first reports honest figures, fitting on
four fifths of the bodies and scoring the fifth held out (``heldout_bodies``, a body is held out
when its id times 2654435761 is 0 modulo 5), five-fold cross-validation by body
(``cross_validated``) and by topic (``cross_validated_by_topic``: bodies and headlines joined by a
related pair form a topic, so no claim is seen by the fit); then it fits on every pair, rewrites
``src/storyline/compare/stance_weights.json`` and scores. The other half (odd body ids) is
scored by the same command without ``--fit``. ``--db`` is accepted for the common evaluation
interface and ignored: the comparison works on pairs of texts and needs no store.

    .venv/bin/python evaluation/fnc1.py --data ../shared/eval/fnc1 --fit
    .venv/bin/python evaluation/fnc1.py --data ../shared/eval/fnc1

The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from storyline.compare.stance import LABELS, decide, measure_pairs
from storyline.compare.stance_features import FEATURES, TRANSFORMER_FEATURES, FloatArray, Measured
from storyline.compare.stance_model import WEIGHTS_FILE, StanceModel, fit, load_model, write_models
from storyline.compare.stance_text import ReadSentence
from storyline.config import StanceConfig
from storyline.relate.embeddings import encode

Measurements = Sequence[tuple[Measured, tuple[ReadSentence, ...]]]

TRAINING_FOLDER = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval" / "fnc1"
FOLDS = 5
#: Knuth's multiplicative hash: spreads consecutive body ids over the folds.
FOLD_MULTIPLIER = 2654435761
ANCHORS = {
    "fnc1_winner_solat": {"fnc_score": 0.820, "macro_f1": 0.58},
    "best_macro_f1_retrospective": {"macro_f1": 0.61},
    "official_baseline": {"fnc_score": 0.795},
    "disagree_f1": "below 0.20 for every published system",
}


@dataclass(frozen=True, slots=True)
class Pair:
    headline: str
    body_id: int
    body: str
    stance: str

    @property
    def fold(self) -> int:
        return (self.body_id * FOLD_MULTIPLIER) % FOLDS


def read_fnc(folder: Path) -> list[Pair]:
    """The labelled pairs of an FNC-1 folder; a row with an unknown body or label is skipped with a message."""
    with (folder / "bodies.csv").open(encoding="utf-8", newline="") as handle:
        bodies = {int(row["Body ID"]): row["articleBody"] for row in csv.DictReader(handle)}
    pairs = []
    with (folder / "stances.csv").open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            body_id = int(row["Body ID"])
            if body_id not in bodies or row["Stance"] not in LABELS:
                print(f"{folder / 'stances.csv'}:{line}: skipped, unknown body id or stance", file=sys.stderr)
                continue
            pairs.append(Pair(row["Headline"], body_id, bodies[body_id], row["Stance"]))
    return pairs


def count_seen(pairs: Sequence[Pair], training: Path) -> int:
    """How many of these pairs (same headline, same body text) are in the folder the weights were fit on."""
    if not (training / "stances.csv").is_file():
        print(f"{training}: not found; cannot tell whether the fit saw these pairs", file=sys.stderr)
        return 0
    fitted = {(pair.headline, pair.body) for pair in read_fnc(training)}
    return sum((pair.headline, pair.body) in fitted for pair in pairs)


def fnc_score(predicted: Sequence[str], gold: Sequence[str]) -> float:
    """FNC-1's weighted score as a share of the maximum."""
    score = maximum = 0.0
    for guess, truth in zip(predicted, gold, strict=True):
        maximum += 0.25 if truth == "unrelated" else 1.0
        if (guess == "unrelated") == (truth == "unrelated"):
            score += 0.25
            if truth != "unrelated" and guess == truth:
                score += 0.75
    return score / maximum if maximum else 0.0


def figures(predicted: Sequence[str], gold: Sequence[str]) -> dict[str, Any]:
    """FNC score, per-class F1, macro-F1 and the confusion matrix (rows gold, columns predicted)."""
    result: dict[str, Any] = {"pairs": len(gold), "fnc_score": round(fnc_score(predicted, gold), 4)}
    f1s = []
    for label in LABELS:
        tp = sum(p == label and g == label for p, g in zip(predicted, gold, strict=True))
        fp = sum(p == label and g != label for p, g in zip(predicted, gold, strict=True))
        fn = sum(p != label and g == label for p, g in zip(predicted, gold, strict=True))
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        f1s.append(f1)
        result[f"f1_{label}"] = round(f1, 4)
    result["macro_f1"] = round(sum(f1s) / len(f1s), 4)
    result["confusion"] = {
        truth: {guess: sum(p == guess and g == truth for p, g in zip(predicted, gold, strict=True)) for guess in LABELS}
        for truth in LABELS
    }
    return result


class CachedEncoder:
    """The transformer with its vectors kept under a folder: a second run encodes nothing again."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.seconds = 0.0
        self.encoded = 0
        self.vectors: dict[str, FloatArray] = {}
        if folder and (folder / "fnc1-minilm.npy").exists():
            texts = json.loads((folder / "fnc1-minilm.json").read_text(encoding="utf-8"))
            self.vectors = dict(zip(texts, np.load(folder / "fnc1-minilm.npy"), strict=True))

    def __call__(self, texts: Sequence[str]) -> FloatArray:
        missing = [text for text in dict.fromkeys(texts) if text not in self.vectors]
        if missing:
            started = time.perf_counter()
            self.vectors.update(zip(missing, encode(missing), strict=True))
            self.seconds += time.perf_counter() - started
            self.encoded += len(missing)
            self._save()
        return np.stack([self.vectors[text] for text in texts])

    def _save(self) -> None:
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        texts = list(self.vectors)
        np.save(self.folder / "fnc1-minilm.npy", np.stack([self.vectors[text] for text in texts]))
        (self.folder / "fnc1-minilm.json").write_text(json.dumps(texts), encoding="utf-8")


def score(pairs: Sequence[Pair], measured: Measurements, model: StanceModel) -> dict[str, Any]:
    """Ours and the related-then-discuss baseline on these pairs."""
    config = StanceConfig()
    labels = [decide(m, body, model, config).label for m, body in measured]
    gold = [pair.stance for pair in pairs]
    result = figures(labels, gold)
    baseline = figures(["unrelated" if label == "unrelated" else "discuss" for label in labels], gold)
    result["related_discuss"] = {key: baseline[key] for key in ("fnc_score", "macro_f1")}
    return result


def fit_on(pairs: Sequence[Pair], measured: Measurements, features: Sequence[str], provenance: str = "") -> StanceModel:
    rows = [[m.values[name] for name in features] for m, _ in measured]
    return fit(features, rows, [pair.stance for pair in pairs], provenance)


def honest_figures(pairs: Sequence[Pair], measured: Measurements, features: Sequence[str]) -> dict[str, Any]:
    """Held-out fifth of the bodies; five-fold cross-validation by body, and by topic."""
    by_body, held_out = cross_validate(pairs, measured, features, [pair.fold for pair in pairs])
    by_topic, _ = cross_validate(pairs, measured, features, topic_folds(pairs))
    return {"heldout_bodies": held_out, "cross_validated": by_body, "cross_validated_by_topic": by_topic}


def cross_validate(
    pairs: Sequence[Pair], measured: Measurements, features: Sequence[str], folds: Sequence[int]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Every pair decided by weights fitted without its fold; also the figures of fold 0 alone."""
    predicted = [""] * len(pairs)
    first: dict[str, Any] = {}
    for fold in range(FOLDS):
        inside = [i for i in range(len(pairs)) if folds[i] != fold]
        outside = [i for i in range(len(pairs)) if folds[i] == fold]
        model = fit_on([pairs[i] for i in inside], [measured[i] for i in inside], features)
        for i in outside:
            predicted[i] = decide(measured[i][0], measured[i][1], model).label
        if fold == 0:
            first = score([pairs[i] for i in outside], [measured[i] for i in outside], model)
            first["bodies"] = len({pairs[i].body_id for i in outside})
    return figures(predicted, [pair.stance for pair in pairs]), first


def topic_folds(pairs: Sequence[Pair]) -> list[int]:
    """A fold per pair by topic: bodies and headlines joined by a related pair are one topic.

    FNC-1 pairs each claim's headlines with several bodies, so a split by body still shows the
    fit the same claims; a split by topic does not, and tells how the fit carries to new ones.
    """
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        while parent.setdefault(node, node) != node:
            node = parent[node]
        return node

    for pair in pairs:
        body, headline = root(f"b{pair.body_id}"), root(f"h{pair.headline}")
        if pair.stance != "unrelated":
            parent[body] = headline
    return [int(hashlib.sha1(root(f"b{pair.body_id}").encode()).hexdigest(), 16) % FOLDS for pair in pairs]


def print_table(title: str, result: dict[str, Any]) -> None:
    print(f"\n{title} ({result['pairs']} pairs)")
    print(f"  FNC score {result['fnc_score']:.4f}   macro-F1 {result['macro_f1']:.4f}")
    print("  F1  " + "  ".join(f"{label} {result[f'f1_{label}']:.3f}" for label in LABELS))
    if "related_discuss" in result:
        baseline = result["related_discuss"]
        print(f"  related -> 'discuss' baseline: FNC {baseline['fnc_score']:.4f}, macro-F1 {baseline['macro_f1']:.4f}")
    print("  confusion (rows gold, columns predicted): " + " ".join(label[:4] for label in LABELS))
    for truth, row in result["confusion"].items():
        print(f"    {truth:10} " + " ".join(f"{row[guess]:5d}" for guess in LABELS))


def fit_variants(
    pairs: Sequence[Pair], variants: dict[str, tuple[Sequence[str], Measurements]], provenance: str
) -> dict[str, Any]:
    """Honest figures of each feature set, then the shipped weights fitted on every pair."""
    result: dict[str, Any] = {}
    models = []
    for name, (features, measured) in variants.items():
        honest = honest_figures(pairs, measured, features)
        print_table(f"{name}: held-out fifth of the bodies (fitted on the other four fifths)", honest["heldout_bodies"])
        print_table(f"{name}: {FOLDS}-fold cross-validation by body", honest["cross_validated"])
        print_table(f"{name}: {FOLDS}-fold cross-validation by topic", honest["cross_validated_by_topic"])
        suffix = "" if name == "transformer" else "_static"
        result.update({f"{key}{suffix}": value for key, value in honest.items()})
        models.append(fit_on(pairs, measured, features, provenance))
    write_models(models)
    print(f"wrote {WEIGHTS_FILE}", file=sys.stderr)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="an FNC-1 folder: stances.csv and bodies.csv")
    parser.add_argument("--db", type=Path, help="ignored: the comparison needs no database")
    parser.add_argument("--fit", action="store_true", help="fit the shipped weights on --data (first: honest figures)")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "storyline-eval-cache",
        help="where the transformer's sentence vectors are kept between runs",
    )
    parser.add_argument(
        "--train", type=Path, default=TRAINING_FOLDER, help="the folder the shipped weights were fit on"
    )
    parser.add_argument("--no-cache", action="store_true", help="encode every sentence again, keep nothing")
    args = parser.parse_args(argv)
    for name in ("stances.csv", "bodies.csv"):
        if not (args.data / name).is_file():
            parser.error(f"{args.data / name}: not found; --data must be an FNC-1 folder")

    digest = hashlib.sha256((args.data / "stances.csv").read_bytes()).hexdigest()[:16]
    pairs = read_fnc(args.data)
    texts = [(pair.headline, pair.body) for pair in pairs]
    encoder = CachedEncoder(None if args.no_cache else args.workdir)
    started = time.perf_counter()
    static = measure_pairs(texts)
    static_seconds = time.perf_counter() - started
    variants: dict[str, tuple[Sequence[str], Measurements]] = {
        "static": (FEATURES, static),
        "transformer": (TRANSFORMER_FEATURES, measure_pairs(texts, encoder=encoder)),
    }
    seen_by_fit = len(pairs) if args.fit else count_seen(pairs, args.train)
    result: dict[str, Any] = {}
    if args.fit:
        provenance = (
            f"Fitted {dt.date.today()} on {args.data.name}/stances.csv (sha256 {digest}..., {len(pairs)} pairs, "
            f"{len({p.body_id for p in pairs})} bodies)."
        )
        result.update(fit_variants(pairs, variants, provenance))
    for name, (features, measured) in variants.items():
        model = load_model(features)
        figures_here = score(pairs, measured, model)
        figures_here["pairs_seen_by_fit"] = seen_by_fit
        seen = f"{seen_by_fit} of these pairs were seen by the fit" if seen_by_fit else "not seen by the fit"
        print_table(f"{name}: {args.data}: {seen}", figures_here)
        if name == "transformer":
            result.update(figures_here)
        else:
            result["static_only"] = {k: v for k, v in figures_here.items() if k != "confusion"}
    result["ms_per_pair_static"] = round(static_seconds * 1000 / max(len(pairs), 1), 2)
    if encoder.encoded:
        result["transformer_sentences_per_second"] = round(encoder.encoded / encoder.seconds, 1)
    result["anchors"] = ANCHORS
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
