"""`storyline timeline`: the days most reported about a query, with sentences, on event dates."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import TYPE_CHECKING

import click
from rich.text import Text

from storyline.cli.common import DB_OPTION, out
from storyline.store.db import Store

if TYPE_CHECKING:
    from storyline.report.tls import Timeline


@click.command()
@click.option("--query", "-q", default="", help='Words every document must contain, e.g. "oil spill" (default: all).')
@click.option("--dates", "-l", default=10, show_default=True, type=click.IntRange(min=1), help="Days on the timeline.")
@click.option(
    "--sentences", "-k", default=1, show_default=True, type=click.IntRange(min=1), help="Sentences for each day."
)
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="First day of the window (YYYY-MM-DD).")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Last day of the window (YYYY-MM-DD).")
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def timeline(
    query: str, dates: int, sentences: int, since: datetime | None, until: datetime | None, db: str, fmt: str
) -> None:
    """A timeline of the query: the days the documents say things happened, K sentences each.

    Days are read from the text (time expressions resolved by the annotate stage) and from
    publication dates; only documents published between --since and --until are read, so a
    database built with `--until annotate` is enough.
    """
    # Imported here: the timeline modules load spaCy and scikit-learn, which other commands do not need.
    from storyline.report.tls import TimelineRequest, build_timeline, timeline_json

    request = TimelineRequest(query, dates, sentences, _as_date(since), _as_date(until))
    with Store(db) as store:
        result = build_timeline(store, request)
    if fmt == "json":
        click.echo(json.dumps(timeline_json(result), ensure_ascii=False, indent=1))
    else:
        _print(result)


def _as_date(value: datetime | None) -> date | None:
    return value.date() if value is not None else None


def _print(result: Timeline) -> None:
    terms = "; ".join(t.describe() for t in result.terms) or "(none: every document)"
    out.print(
        Text(
            f"Query: {terms} — {result.matching_documents} of {result.window_documents} document(s) in the window",
            style="bold",
        ),
        soft_wrap=True,
    )
    for entry in result.entries:
        d = entry.day
        out.print(
            Text(f"\n{d.day.isoformat()}", style="bold cyan")
            + Text(
                f"  named by {d.naming_documents} document(s), {d.published_documents} published that day",
                style="dim",
            )
        )
        for p in entry.sentences:
            out.print(Text(f"  • {p.text}"), soft_wrap=True)
            out.print(
                Text(f"    {p.sentence.document[:10]} #{p.sentence.index} — {p.why}", style="dim"),
                soft_wrap=True,
            )
    if result.left_out:
        days = ", ".join(f"{d.day.isoformat()} ({d.score:g})" for d in result.left_out)
        out.print(Text(f"\nNext days, left out: {days}", style="dim"), soft_wrap=True)
