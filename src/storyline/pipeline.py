"""The ordered stages of a build, and the bookkeeping that makes a re-run do only new work.

`build` ingests what the user named, then runs every later stage over the documents it has not
yet processed at its current version. Stages are registered here in order; each is a plain
function over the store and the configuration, and each records its work in `stage_runs`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

from storyline.config import Config
from storyline.ingest import IngestReport, ProgressHook, ingest
from storyline.store.db import Store

#: A later stage: processes the store's pending documents and returns how many it handled.
Stage = Callable[[Store, Config], int]

#: The stages after ingest, in order, as (name, "module:function"): imported when they run, so that
#: a command that needs no language model does not pay for loading one. Stages not yet built are
#: simply absent: their parts of the export stay empty, as SPEC.md asks, rather than faked.
STAGES: list[tuple[str, str]] = [
    ("annotate", "storyline.annotate.stage:annotate"),
    ("relate", "storyline.relate.stage:relate"),
    ("cluster", "storyline.cluster.stage:run_cluster"),
    ("compare", "storyline.compare.stage:run_compare"),
]


def _load_stage(target: str) -> Stage:
    module, _, function = target.partition(":")
    stage: Stage = getattr(importlib.import_module(module), function)
    return stage


@dataclass(slots=True)
class BuildReport:
    ingest: IngestReport
    stages: dict[str, int] = field(default_factory=dict)

    @property
    def skipped(self) -> int:
        return len(self.ingest.errors)


def stage_names() -> list[str]:
    return ["ingest", *(name for name, _ in STAGES)]


def build(
    specs: list[str],
    store: Store,
    config: Config,
    progress: ProgressHook | None = None,
    until: str | None = None,
    *,
    keep_ids: bool = True,
) -> BuildReport:
    """Ingest the inputs, then bring every later stage up to date (or those up to `until`).

    `keep_ids`: whether the report lists the ids of the documents added (else it counts them).
    """
    if until is not None and until not in stage_names():
        raise ValueError(f"unknown stage {until!r}; stages are {', '.join(stage_names())}")
    report = BuildReport(ingest(specs, store, config, progress, keep_ids=keep_ids))
    if until == "ingest":
        return report
    for name, target in STAGES:
        report.stages[name] = _load_stage(target)(store, config)
        if name == until:
            break
    return report
