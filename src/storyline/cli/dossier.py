"""`storyline dossier`: the dossier of an event or storyline, in the terminal or as a file or folder."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.markdown import Markdown
from rich.rule import Rule

from storyline.cli.common import DB_OPTION, err, out
from storyline.store.db import Store


@click.command("dossier")
@click.argument("ident", required=False, metavar="ID")
@click.option("--all", "every", is_flag=True, help="Every storyline (to a folder: every storyline and event).")
@click.option("--format", "fmt", type=click.Choice(["text", "md", "html", "json"]), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(), help="A file (one dossier) or a folder (--all).")
@DB_OPTION
def dossier(ident: str | None, every: bool, fmt: str, output: str | None, db: str) -> None:
    """What happened, when, according to whom: the dossier of an event or storyline ID (or --all)."""
    # Imported here: the report modules load spaCy and scikit-learn, which other commands do not need.
    from storyline.report.dossier import dossier as build_dossier
    from storyline.report.publish import render, write_all
    from storyline.report.render_markdown import render_markdown

    if every == (ident is not None):
        raise click.UsageError("give one event or storyline ID, or --all")
    with Store(db) as store:
        if ident is not None:
            d = build_dossier(store, ident)
            if output:
                Path(output).write_text(render(d, fmt), encoding="utf-8")
                err.print(f"wrote the {d.kind} dossier {d.id} to {output}")
            elif fmt == "text":
                out.print(Markdown(render_markdown(d)))
            else:
                click.echo(render(d, fmt), nl=False)
        elif output:
            written = write_all(store, Path(output), fmt)
            err.print(
                f"wrote {written.storylines} storyline and {written.events} event dossier(s) and an index to {output}"
            )
        else:
            _print_storylines(store, fmt)


def _print_storylines(store: Store, fmt: str) -> None:
    """Every storyline's dossier on stdout (JSON: one array)."""
    from storyline.report.publish import all_dossiers, render
    from storyline.report.records import to_json
    from storyline.report.render_markdown import render_markdown

    storylines = [d for d in all_dossiers(store, storylines_only=True)]
    if fmt == "json":
        click.echo(json.dumps([to_json(d) for d in storylines], ensure_ascii=False, indent=1))
        return
    for d in storylines:
        if fmt == "text":
            out.print(Rule())
            out.print(Markdown(render_markdown(d)))
        else:
            click.echo(render(d, fmt))
