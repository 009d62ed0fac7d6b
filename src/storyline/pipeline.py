"""The ordered stages of a build, and the bookkeeping that makes a re-run do only new work.

`build` ingests what the user named, then runs every later stage over the documents it has not
yet processed at its current version. Stages are registered here in order; each is a plain
function over the store and the configuration, and each records its work in `stage_runs`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from storyline.annotate.stage import annotate
from storyline.config import Config
from storyline.ingest import IngestReport, ProgressHook, ingest
from storyline.store.db import Store

#: A later stage: processes the store's pending documents and returns how many it handled.
Stage = Callable[[Store, Config], int]

#: The stages after ingest, in order. Stages not yet built are simply absent: their parts of the
#: export stay empty, as SPEC.md asks, rather than faked.
STAGES: list[tuple[str, Stage]] = [("annotate", annotate)]


@dataclass(slots=True)
class BuildReport:
    ingest: IngestReport
    stages: dict[str, int] = field(default_factory=dict)

    @property
    def skipped(self) -> int:
        return len(self.ingest.errors)


def build(specs: list[str], store: Store, config: Config, progress: ProgressHook | None = None) -> BuildReport:
    """Ingest the inputs, then bring every later stage up to date."""
    report = BuildReport(ingest(specs, store, config, progress))
    for name, stage in STAGES:
        report.stages[name] = stage(store, config)
    return report
