"""Score storyline's temporal tagger on TimeML documents, as TempEval-3 task A scores TIMEX3.

What it measures: how well ``storyline.annotate.timex.find_time_expressions`` finds temporal
expressions in raw news text and normalises them, against the TIMEX3 annotations of TimeML
``.tml`` files: TempEval-3's TBAQ-cleaned training set (``../shared/eval/tempeval3/tbaq``, with
``TimeBank/`` and ``AQUAINT/``), its platinum test set, or any folder of ``.tml`` files (searched
recursively).

How: for each document the tags are stripped from the ``<TEXT>`` element to get the raw text
(the gold TIMEX3 spans are kept as character offsets into it) and the document creation time is
read from ``<DCT><TIMEX3 value=...>``. The tagger gets the raw text and the DCT date, nothing
else; the gold annotations never reach it. The tagger is asked for TIMEX3 only: "the 50th
anniversary" (which storyline reports for its publication-date inference) is an event in TimeML,
and both TimeBank and AQUAINT tag it so. The output is scored like the TempEval-3 task A
scorer: a system expression and a gold one match *strictly* when their offsets are equal and
*relaxedly* when they overlap (one-to-one, the largest overlap first); precision, recall and F1
are computed over all documents together. Type and value F1 are TempEval-3's attribute F1: the
share of relaxed matches whose attribute is equal (the attribute accuracy) multiplied into the
relaxed precision and recall, i.e. P = correct / predicted, R = correct / gold.

Figures are printed per part (the first folder level under ``--data``: ``TimeBank``,
``AQUAINT``, ...) and for everything under ``--data``, with the tagger's time per document.
``--db`` is accepted for the common evaluation interface and ignored (no store is needed).

    .venv/bin/python evaluation/tempeval3.py --data ../shared/eval/tempeval3/tbaq

The last line printed is one JSON object with ``strict_f1``, ``relaxed_f1``, ``type_f1`` and
``value_f1`` over everything under ``--data``, the matching precisions and recalls, counts,
``ms_per_document``, and the same figures per part under ``parts``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from storyline.annotate.timex import TimexMatch, find_time_expressions

#: Published TempEval-3 value F1 of HeidelTime (UzZaman et al. 2013; Strötgen et al. 2013).
HEIDELTIME_VALUE_F1 = {"TimeBank": 79.24, "AQUAINT": 72.95, "TE-3 test": 77.61}


@dataclass(frozen=True, slots=True)
class GoldTimex:
    start: int
    end: int
    type: str
    value: str


@dataclass(slots=True)
class TimeMLDocument:
    path: Path
    part: str
    dct: dt.date | None
    text: str
    gold: list[GoldTimex]


@dataclass(slots=True)
class Counts:
    documents: int = 0
    gold: int = 0
    predicted: int = 0
    strict: int = 0
    relaxed: int = 0
    type: int = 0
    value: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    def add(self, other: Counts) -> None:
        for name in ("documents", "gold", "predicted", "strict", "relaxed", "type", "value"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.seconds += other.seconds

    def figures(self) -> dict[str, float | int]:
        def prf(hits: int) -> tuple[float, float, float]:
            p = hits / self.predicted if self.predicted else 0.0
            r = hits / self.gold if self.gold else 0.0
            return p, r, (2 * p * r / (p + r) if p + r else 0.0)

        out: dict[str, float | int] = {}
        for name, hits in (("strict", self.strict), ("relaxed", self.relaxed), ("type", self.type),
                           ("value", self.value)):  # fmt: skip
            p, r, f = prf(hits)
            out[f"{name}_precision"], out[f"{name}_recall"], out[f"{name}_f1"] = round(p, 4), round(r, 4), round(f, 4)
        out.update(documents=self.documents, gold=self.gold, predicted=self.predicted)
        out["ms_per_document"] = round(1000 * self.seconds / self.documents, 3) if self.documents else 0.0
        return out


def parse_dct(value: str) -> dt.date | None:
    digits = value.replace("-", "")[:8]
    try:
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


def read_timeml(path: Path, part: str) -> TimeMLDocument:
    """Raw text of <TEXT> with the gold TIMEX3 spans as offsets into it, and the DCT date."""
    root = ET.parse(path).getroot()
    dct_timex = root.find("DCT/TIMEX3")
    dct = parse_dct(dct_timex.get("value", "")) if dct_timex is not None else None
    text_el = root.find("TEXT")
    if text_el is None:
        raise ValueError(f"{path}: no <TEXT> element")
    parts: list[str] = []
    gold: list[GoldTimex] = []
    length = 0

    def walk(el: ET.Element) -> None:
        nonlocal length
        if el.text:
            parts.append(el.text)
            length += len(el.text)
        for child in el:
            start = length
            walk(child)
            if child.tag == "TIMEX3":
                gold.append(GoldTimex(start, length, child.get("type", ""), child.get("value", "")))
            if child.tail:
                parts.append(child.tail)
                length += len(child.tail)

    walk(text_el)
    return TimeMLDocument(path, part, dct, "".join(parts), gold)


def match_relaxed(gold: list[GoldTimex], predicted: list[TimexMatch]) -> list[tuple[GoldTimex, TimexMatch]]:
    """One-to-one pairs of overlapping spans, the largest overlaps first."""
    pairs = []
    for g in gold:
        for s in predicted:
            overlap = min(g.end, s.end) - max(g.start, s.start)
            if overlap > 0:
                pairs.append((overlap, g, s))
    pairs.sort(key=lambda x: -x[0])
    used_gold: set[int] = set()
    used_system: set[int] = set()
    matched = []
    for _, g, s in pairs:
        if id(g) in used_gold or id(s) in used_system:
            continue
        used_gold.add(id(g))
        used_system.add(id(s))
        matched.append((g, s))
    return matched


def score_document(doc: TimeMLDocument, verbose: bool = False) -> Counts:
    started = time.perf_counter()
    predicted = find_time_expressions(doc.text, doc.dct, anniversaries=False)
    counts = Counts(documents=1, gold=len(doc.gold), predicted=len(predicted), seconds=time.perf_counter() - started)
    strict_spans = {(g.start, g.end) for g in doc.gold}
    counts.strict = sum((s.start, s.end) in strict_spans for s in predicted)
    pairs = match_relaxed(doc.gold, predicted)
    counts.relaxed = len(pairs)
    counts.type = sum(g.type == s.type for g, s in pairs)
    counts.value = sum(g.value == s.value for g, s in pairs)
    if verbose:
        matched_gold = {id(g) for g, _ in pairs}
        matched_system = {id(s) for _, s in pairs}
        name = doc.path.name
        for g, s in pairs:
            if g.value != s.value or g.type != s.type:
                print(f"WRONG\t{name}\t{doc.dct}\t{doc.text[g.start:g.end]!r}\t{g.type} {g.value}\t"
                      f"{s.text!r}\t{s.type} {s.value}\t{s.rule}")  # fmt: skip
        for g in doc.gold:
            if id(g) not in matched_gold:
                context = doc.text[max(0, g.start - 40) : g.end + 40].replace("\n", " ")
                print(f"MISSED\t{name}\t{doc.dct}\t{doc.text[g.start : g.end]!r}\t{g.type} {g.value}\t{context!r}")
        for s in predicted:
            if id(s) not in matched_system:
                context = doc.text[max(0, s.start - 40) : s.end + 40].replace("\n", " ")
                print(f"EXTRA\t{name}\t{doc.dct}\t{s.text!r}\t{s.type} {s.value}\t{s.rule}\t{context!r}")
    return counts


def collect(data: Path) -> list[tuple[Path, str]]:
    files = sorted(data.rglob("*.tml")) if data.is_dir() else [data]
    out = []
    for path in files:
        rel = path.relative_to(data) if data.is_dir() else Path(path.name)
        out.append((path, rel.parts[0] if len(rel.parts) > 1 else data.name))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", required=True, type=Path, help="a folder of TimeML .tml files (searched recursively)")
    parser.add_argument("--db", help="accepted for the common evaluation interface; not used")
    parser.add_argument("--errors", action="store_true", help="print every missed, extra and wrong expression")
    args = parser.parse_args(argv)
    files = collect(args.data)
    if not files:
        print(f"{args.data}: no .tml files found", file=sys.stderr)
        return 2
    per_part: dict[str, Counts] = defaultdict(Counts)
    total = Counts()
    skipped = 0
    for path, part in files:
        try:
            doc = read_timeml(path, part)
        except (ET.ParseError, ValueError, OSError) as exc:
            print(f"{path}: skipped, {exc}", file=sys.stderr)
            skipped += 1
            continue
        counts = score_document(doc, args.errors)
        per_part[part].add(counts)
        total.add(counts)
    figures = total.figures()
    rows = [(name, per_part[name].figures()) for name in sorted(per_part)] + [("all", figures)]
    print(f"{'part':<14}{'docs':>6}{'gold':>6}{'pred':>6}{'strict F1':>11}{'relaxed F1':>12}{'type F1':>9}"
          f"{'value F1':>10}{'ms/doc':>9}")  # fmt: skip
    for name, f in rows:
        print(f"{name:<14}{f['documents']:>6}{f['gold']:>6}{f['predicted']:>6}{100 * f['strict_f1']:>11.2f}"
              f"{100 * f['relaxed_f1']:>12.2f}{100 * f['type_f1']:>9.2f}{100 * f['value_f1']:>10.2f}"
              f"{f['ms_per_document']:>9.2f}")  # fmt: skip
    print(f"HeidelTime (published value F1): {HEIDELTIME_VALUE_F1}")
    result: dict[str, object] = dict(figures)
    result["parts"] = {name: f for name, f in rows[:-1]}
    result["skipped"] = skipped
    print(json.dumps(result))
    return 1 if skipped else 0


if __name__ == "__main__":
    sys.exit(main())
