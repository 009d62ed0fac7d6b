"""Score storyline's sentence-paraphrase decision on MRPC (Microsoft Research Paraphrase Corpus).

What it measures: accuracy and F1 (positive class = paraphrase) of
``storyline.relate.paraphrase`` on the sentence pairs of an MRPC file: tab-separated, header
``Quality  #1 ID  #2 ID  #1 String  #2 String``, Quality 1 = paraphrase. The training file is
``../shared/eval/mrpc/msr_paraphrase_train.txt``; the held-out test file has the same format and
is scored with the same command.

How: every pair goes through exactly the decision the relate stage takes (the shipped weights,
the default `RelateConfig`, the conflict rule). Printed beside it, from the same run:

- ``model_only``: the fitted score alone, without the conflict rule;
- ``always_yes``: every pair called a paraphrase;
- ``cosine``: MiniLM sentence cosine alone, with the threshold that maximises accuracy on the
  training file (on its 80% part for the held-out figures);
- the published figure of fine-tuned BERT-base on the MRPC test part (acc 0.848, F1 0.889).

The shipped weights were fitted on the whole training file, so on that file the figures are
in-sample. For an honest figure on it, the same fitting procedure is run on a fixed 80% of the
training pairs and scored on the other 20% (a pair is held out when the SHA-1 of "id1-id2" is 0
modulo 5); this part is printed as ``heldout_20``. Whether ``--data`` is the training file is told
by the pair ids it shares with it (``shared_pairs_with_training``).

``--fit`` refits the shipped weights on the ``--data`` file (it must be the training file) and
rewrites ``src/storyline/relate/paraphrase_weights.py``, then scores. The transformer's
measurements of each file are cached (``--cache``, a temporary folder by default) so that a second
run takes seconds; ``--no-cache`` measures again and times the encoder. ``--db`` is accepted for
the common evaluation interface and ignored (no store is needed).

    .venv/bin/python evaluation/mrpc.py --data ../shared/eval/mrpc/msr_paraphrase_train.txt

The last line printed is one JSON object: ``accuracy``, ``f1`` (ours on ``--data``), ``pairs``,
``model_only_*``, ``always_yes_*``, ``cosine_*``, ``heldout_20`` (the same keys on the held-out
fifth of the training file), ``bert_base_published``, and timings.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from storyline.config import RelateConfig
from storyline.relate.lexical import decide_words, overlap, words
from storyline.relate.paraphrase import (
    FEATURES,
    EmbeddingSimilarity,
    ParaphraseDecision,
    decide,
    embedding_similarities,
    feature_values,
)
from storyline.relate.paraphrase_model import ParaphraseModel, fit, shipped_or_none, write_weights
from storyline.relate.sentence_contrast import contrast

TRAINING_FILE = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval" / "mrpc" / "msr_paraphrase_train.txt"
BERT_BASE_PUBLISHED = {"accuracy": 0.848, "f1": 0.889}
HELD_OUT_MODULUS = 5
CACHE_VERSION = "1"


@dataclass(frozen=True, slots=True)
class LabelledPair:
    label: int
    id1: str
    id2: str
    a: str
    b: str

    @property
    def held_out(self) -> bool:
        digest = hashlib.sha1(f"{self.id1}-{self.id2}".encode()).hexdigest()
        return int(digest, 16) % HELD_OUT_MODULUS == 0


def read_mrpc(path: Path) -> list[LabelledPair]:
    """The pairs of an MRPC file; a line that runs two records together is split back into two."""
    pairs = []
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    for number, line in enumerate(lines[1:], start=2):
        fields = line.split("\t")
        if not line.strip():
            continue
        # A lost line break leaves "...sentence.0<TAB>id<TAB>id<TAB>..." (9 fields for 2 records).
        while len(fields) > 5 and (len(fields) - 5) % 4 == 0 and fields[4][-1:] in ("0", "1"):
            pairs.append(_pair([*fields[:4], fields[4][:-1]], path, number))
            fields = [fields[4][-1], *fields[5:]]
        if len(fields) != 5 or fields[0] not in ("0", "1"):
            print(f"{path}:{number}: skipped, not a 5-field MRPC record", file=sys.stderr)
            continue
        pairs.append(_pair(fields, path, number))
    return pairs


def _pair(fields: Sequence[str], path: Path, number: int) -> LabelledPair:
    return LabelledPair(int(fields[0]), fields[1], fields[2], fields[3].strip(), fields[4].strip())


def measure(pairs: Sequence[LabelledPair], cache: Path | None) -> tuple[list[EmbeddingSimilarity], float | None]:
    """The transformer's measurements of every pair, from the cache when it has them; seconds taken."""
    texts = [(pair.a, pair.b) for pair in pairs]
    key = hashlib.sha256(json.dumps([CACHE_VERSION, texts]).encode()).hexdigest()[:24]
    cached = cache / f"mrpc-similarities-{key}.json" if cache else None
    if cached and cached.exists():
        return [EmbeddingSimilarity(**row) for row in json.loads(cached.read_text())], None
    started = time.perf_counter()
    measured = embedding_similarities(texts)
    seconds = time.perf_counter() - started
    if cached:
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_text(json.dumps([asdict(row) for row in measured]))
    return measured, seconds


def scores(predicted: Sequence[bool], gold: Sequence[int]) -> dict[str, float]:
    """Accuracy and F1 of the paraphrase class."""
    tp = sum(p and g == 1 for p, g in zip(predicted, gold, strict=True))
    fp = sum(p and g == 0 for p, g in zip(predicted, gold, strict=True))
    fn = sum(not p and g == 1 for p, g in zip(predicted, gold, strict=True))
    correct = sum(p == (g == 1) for p, g in zip(predicted, gold, strict=True))
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return {"accuracy": round(correct / len(gold), 4), "f1": round(f1, 4)}


def best_cosine_threshold(cosines: Sequence[float], gold: Sequence[int]) -> float:
    """The cosine threshold with the highest accuracy on these pairs (midpoints between values)."""
    ranked = sorted(zip(cosines, gold, strict=True))
    correct = sum(gold)  # threshold below every pair: everything called a paraphrase
    best, threshold = correct, ranked[0][0] - 1e-6
    for i, (value, label) in enumerate(ranked):
        correct += -1 if label == 1 else 1
        if correct > best and (i + 1 == len(ranked) or ranked[i + 1][0] > value):
            following = ranked[i + 1][0] if i + 1 < len(ranked) else value + 1e-3
            best, threshold = correct, (value + following) / 2
    return threshold


def fit_on(pairs: Sequence[LabelledPair], measured: Sequence[EmbeddingSimilarity]) -> ParaphraseModel:
    """The shipped fitting procedure (paraphrase_model.fit) on these pairs."""
    rows = []
    for pair, similarity in zip(pairs, measured, strict=True):
        values = feature_values(similarity, contrast(pair.a, pair.b))
        rows.append([values[name] for name in FEATURES])
    return fit(FEATURES, rows, [pair.label for pair in pairs])


def stage_decision(a: str, b: str, decision: ParaphraseDecision, config: RelateConfig) -> bool:
    """What the relate stage decides: sentences with nearly the same words are decided on the
    words (`relate/lexical.py`, no model), the others by the model and the conflict rule."""
    score = overlap(words(a), words(b))
    if score >= config.word_align_overlap:
        return decide_words(a, b, score, config).paraphrase
    return decision.paraphrase


def evaluate(
    pairs: Sequence[LabelledPair],
    measured: Sequence[EmbeddingSimilarity],
    model: ParaphraseModel | None,
    cosine_threshold: float,
) -> dict[str, Any]:
    """Ours, the score alone, and both baselines on these pairs."""
    config = RelateConfig()
    gold = [pair.label for pair in pairs]
    decisions = [decide(p.a, p.b, m, config, model) for p, m in zip(pairs, measured, strict=True)]
    stage = [stage_decision(p.a, p.b, d, config) for p, d in zip(pairs, decisions, strict=True)]
    result: dict[str, Any] = {"pairs": len(pairs), **scores(stage, gold)}
    result["decided_by_words"] = sum(overlap(words(p.a), words(p.b)) >= config.word_align_overlap for p in pairs)
    model_only = scores([d.score >= config.paraphrase_threshold for d in decisions], gold)
    always_yes = scores([True] * len(pairs), gold)
    cosine = scores([m.cosine >= cosine_threshold for m in measured], gold)
    for name, figures in (("model_only", model_only), ("always_yes", always_yes), ("cosine", cosine)):
        result.update({f"{name}_{key}": value for key, value in figures.items()})
    result["cosine_threshold"] = round(cosine_threshold, 4)
    result["vetoed_by_conflict"] = sum(bool(d.conflicts) and d.score >= config.paraphrase_threshold for d in decisions)
    return result


def cross_validate(pairs: Sequence[LabelledPair], measured: Sequence[EmbeddingSimilarity]) -> dict[str, float]:
    """Every pair decided by weights fitted without its fold (folds by the held-out hash)."""
    fold_of = [int(hashlib.sha1(f"{p.id1}-{p.id2}".encode()).hexdigest(), 16) % HELD_OUT_MODULUS for p in pairs]
    config = RelateConfig()
    decided: list[bool] = [False] * len(pairs)
    scored: list[bool] = [False] * len(pairs)
    for fold in range(HELD_OUT_MODULUS):
        inside = [i for i in range(len(pairs)) if fold_of[i] != fold]
        model = fit_on([pairs[i] for i in inside], [measured[i] for i in inside])
        for i in (i for i in range(len(pairs)) if fold_of[i] == fold):
            decision = decide(pairs[i].a, pairs[i].b, measured[i], config, model)
            decided[i] = stage_decision(pairs[i].a, pairs[i].b, decision, config)
            scored[i] = decision.score >= config.paraphrase_threshold
    gold = [pair.label for pair in pairs]
    model_only = scores(scored, gold)
    return {**scores(decided, gold), "model_only_accuracy": model_only["accuracy"], "model_only_f1": model_only["f1"]}


def print_table(title: str, result: dict[str, Any]) -> None:
    print(f"\n{title} ({result['pairs']} pairs)")
    print(f"  {'':38} accuracy     F1")
    rows = [
        ("storyline (words or score + conflict rule)", "", "accuracy", "f1"),
        ("fitted score alone", "model_only_", "accuracy", "f1"),
        (f"MiniLM cosine >= {result['cosine_threshold']}", "cosine_", "accuracy", "f1"),
        ("always yes", "always_yes_", "accuracy", "f1"),
    ]
    for label, prefix, accuracy, f1 in rows:
        print(f"  {label:38} {result[prefix + accuracy]:.3f}    {result[prefix + f1]:.3f}")
    print(
        f"  {'fine-tuned BERT-base (published, test)':38} {BERT_BASE_PUBLISHED['accuracy']:.3f}    "
        f"{BERT_BASE_PUBLISHED['f1']:.3f}"
    )


def training_splits(training: Sequence[LabelledPair], measured: Sequence[EmbeddingSimilarity]) -> dict[str, Any]:
    """Honest figures on the training file: the fixed held-out fifth, and 5-fold cross-validation."""
    fit_part = [i for i, p in enumerate(training) if not p.held_out]
    held_part = [i for i, p in enumerate(training) if p.held_out]
    part_model = fit_on([training[i] for i in fit_part], [measured[i] for i in fit_part])
    part_threshold = best_cosine_threshold(
        [measured[i].cosine for i in fit_part], [training[i].label for i in fit_part]
    )
    held = evaluate([training[i] for i in held_part], [measured[i] for i in held_part], part_model, part_threshold)
    print_table("training file: held-out 20% (fitted on the other 80%)", held)
    folds = cross_validate(training, measured)
    print(
        f"\ntraining file: {HELD_OUT_MODULUS}-fold cross-validation (same folds as the split): "
        f"storyline accuracy {folds['accuracy']:.3f}, F1 {folds['f1']:.3f}; "
        f"score alone {folds['model_only_accuracy']:.3f} / {folds['model_only_f1']:.3f}"
    )
    return {"heldout_20": held, "cross_validated": folds}


def timings(
    pairs: Sequence[LabelledPair],
    measured: Sequence[EmbeddingSimilarity],
    model: ParaphraseModel,
    seconds: float | None,
) -> dict[str, float]:
    """Milliseconds per pair: the decision after the transformer, and the transformer when it ran."""
    sample = list(zip(pairs[:500], measured[:500], strict=True))
    started = time.perf_counter()
    for pair, similarity in sample:
        decide(pair.a, pair.b, similarity, None, model)
    result = {"ms_per_pair_decision": round((time.perf_counter() - started) * 1000 / max(len(sample), 1), 2)}
    line = f"\ndecision {result['ms_per_pair_decision']:.2f} ms per pair after the transformer"
    if seconds is not None:
        result["ms_per_pair_transformer"] = round(seconds * 1000 / len(pairs), 1)
        result["sentences_per_second"] = round(len({s for p in pairs for s in (p.a, p.b)}) / seconds, 1)
        line += f"; transformer {result['ms_per_pair_transformer']:.1f} ms per pair"
    print(line + ("" if seconds is not None else " (transformer measurements cached)"))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="an MRPC file (tab-separated, with header)")
    parser.add_argument("--db", type=Path, help="ignored: the decision needs no database")
    parser.add_argument("--train", type=Path, default=TRAINING_FILE, help="the MRPC training file")
    parser.add_argument("--fit", action="store_true", help="refit the shipped weights on --data (the training file)")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "storyline-eval-cache")
    parser.add_argument("--no-cache", action="store_true", help="measure with the transformer again")
    args = parser.parse_args(argv)
    cache = None if args.no_cache else args.cache
    same_file = args.train.exists() and args.train.resolve() == args.data.resolve()
    if args.fit and not same_file:
        parser.error("--fit fits on the training file only: give it as --data (and as --train if elsewhere)")

    pairs = read_mrpc(args.data)
    measured, seconds = measure(pairs, cache)
    if args.fit:
        model = fit_on(pairs, measured)
        digest = hashlib.sha256(args.data.read_bytes()).hexdigest()[:16]
        provenance = f"Fitted {dt.date.today()} on {args.data.name} (sha256 {digest}..., {len(pairs)} pairs)."
        write_weights(model, provenance)
        print(f"wrote the weights fitted on {len(pairs)} pairs", file=sys.stderr)
    elif (shipped := shipped_or_none(FEATURES)) is None:
        parser.error("no fitted weights are shipped yet; run with --fit on the training file")
    else:
        model = shipped

    training, training_measured = (pairs, measured) if same_file else ([], [])
    if not same_file and args.train.exists():
        training = read_mrpc(args.train)
        training_measured = measure(training, cache)[0]
    if training:
        threshold = best_cosine_threshold([m.cosine for m in training_measured], [p.label for p in training])
    else:
        print(f"{args.train}: no training file; the cosine threshold is fitted on --data itself", file=sys.stderr)
        threshold = best_cosine_threshold([m.cosine for m in measured], [p.label for p in pairs])
    result = evaluate(pairs, measured, model, threshold)
    training_ids = {(p.id1, p.id2) for p in training}
    result["shared_pairs_with_training"] = sum((p.id1, p.id2) in training_ids for p in pairs)
    seen = "IN-SAMPLE (the weights were fitted on it)" if result["shared_pairs_with_training"] else "unseen"
    print_table(f"{args.data.name}: {seen}", result)
    if training:
        result.update(training_splits(training, training_measured))
    result.update(timings(pairs, measured, model, seconds))
    result["bert_base_published"] = BERT_BASE_PUBLISHED
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
