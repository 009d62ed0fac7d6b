"""Dossiers written out: one in any format, or a folder with every storyline and event and an index.

Formats: "json" (schema storyline-dossier/1), "md" (Markdown), "html" (a standalone page), and
"text" (the Markdown laid out for a terminal with rich; plain when written to a file). A folder
holds `SL-….EXT` for each storyline, `EV-….EXT` for each event, and `index.EXT` listing the
storylines with their events (HTML pages link to each other).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.markdown import Markdown

from storyline.config import DEFAULT_CONFIG, Config
from storyline.report.dossier import dossier, event_ids, storyline_ids
from storyline.report.records import Dossier, to_json
from storyline.report.render_html import IndexEvent, IndexStoryline, render_html, render_index
from storyline.report.render_markdown import md, render_markdown
from storyline.store.db import Store

FORMATS = ("text", "md", "html", "json")
INDEX_SCHEMA = "storyline-dossier-index/1"
EXTENSIONS = {"text": "txt", "md": "md", "html": "html", "json": "json"}
_SAFE = re.compile(r"[^A-Za-z0-9._-]")


def file_name(dossier_id: str, fmt: str) -> str:
    """The file of a dossier in a folder (ids are EV-/SL- and hex digits; anything else is replaced)."""
    return f"{_SAFE.sub('_', dossier_id)}.{EXTENSIONS[fmt]}"


def render_text(d: Dossier, width: int = 100) -> str:
    """The Markdown laid out as plain text (no colours), for files and pipes."""
    buffer = io.StringIO()
    Console(file=buffer, width=width, no_color=True, force_terminal=False, highlight=False).print(
        Markdown(render_markdown(d))
    )
    return buffer.getvalue()


def render(d: Dossier, fmt: str, index_href: str | None = None, linked_events: set[str] | None = None) -> str:
    """The dossier in one of FORMATS."""
    if fmt == "json":
        return json.dumps(to_json(d), ensure_ascii=False, indent=1) + "\n"
    if fmt == "md":
        return render_markdown(d)
    if fmt == "html":
        events = linked_events or set()
        return render_html(d, index_href, lambda e: file_name(e, "html") if e in events else None)
    if fmt == "text":
        return render_text(d)
    raise ValueError(f"unknown dossier format {fmt!r}; use one of {', '.join(FORMATS)}")


@dataclass(frozen=True, slots=True)
class Written:
    """What `write_all` wrote: the files, and how many dossiers of each kind."""

    files: list[Path]
    storylines: int
    events: int


def all_dossiers(store: Store, config: Config = DEFAULT_CONFIG, storylines_only: bool = False) -> Iterator[Dossier]:
    """Every storyline's dossier, then (unless `storylines_only`) every event's."""
    for ident in storyline_ids(store) + ([] if storylines_only else event_ids(store)):
        yield dossier(store, ident, config)


def write_all(store: Store, folder: Path, fmt: str, config: Config = DEFAULT_CONFIG) -> Written:
    """Write every storyline and event dossier into `folder` (created if missing) and an index."""
    folder.mkdir(parents=True, exist_ok=True)
    events = set(event_ids(store))
    index_name = f"index.{EXTENSIONS[fmt]}"
    files: list[Path] = []
    entries: list[IndexStoryline] = []
    counts = {"storyline": 0, "event": 0}
    for d in all_dossiers(store, config):
        path = folder / file_name(d.id, fmt)
        path.write_text(render(d, fmt, index_name, events), encoding="utf-8")
        files.append(path)
        counts[d.kind] += 1
        if d.kind == "storyline":
            entries.append(_index_entry(d, events))
    index = folder / index_name
    index.write_text(_index(entries, fmt), encoding="utf-8")
    files.append(index)
    return Written(files, counts["storyline"], counts["event"])


def _index_entry(d: Dossier, events: set[str]) -> IndexStoryline:
    span = f"{d.events[0].date or '?'} → {d.events[-1].date or '?'}" if d.events else ""
    return IndexStoryline(
        d.title,
        span,
        file_name(d.id, "html"),
        [
            IndexEvent(e.title, e.date, len(e.documents), file_name(e.id, "html") if e.id in events else None)
            for e in d.events
        ],
    )


def _index(entries: list[IndexStoryline], fmt: str) -> str:
    if fmt == "html":
        return render_index(entries)
    if fmt == "json":
        data = {
            "schema": INDEX_SCHEMA,
            "storylines": [
                {"title": s.title, "file": s.href.rsplit(".", 1)[0] + ".json", "span": s.span} for s in entries
            ],
        }
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    ext = EXTENSIONS[fmt]
    lines = ["# Dossiers", ""]
    for s in entries:
        lines.append(f"- [{md(s.title)}]({s.href.rsplit('.', 1)[0]}.{ext}) ({md(s.span)})")
        for e in s.events:
            target = f"({e.href.rsplit('.', 1)[0]}.{ext})" if e.href else ""
            lines.append(f"  - {md(e.date or 'undated')} [{md(e.title)}]{target}")
    return "\n".join(lines) + "\n"
