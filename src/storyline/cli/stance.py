"""`storyline stance`: which documents agree with a statement, which dispute it, which only discuss it."""

from __future__ import annotations

import json

import click
from rich.markup import escape
from rich.table import Table

from storyline.cli.common import DB_OPTION, out
from storyline.errors import NotFoundError
from storyline.store.db import Store

_STYLE = {"agree": "green", "disagree": "bold red", "discuss": "yellow", "unrelated": "dim"}


@click.command()
@click.argument("claim")
@click.option("--event", "event_id", help="Only the documents of this event (an id or its prefix).")
@click.option("--all", "show_all", is_flag=True, help="List unrelated documents too.")
@click.option("--json", "as_json", is_flag=True, help="Print each decision with its evidence as JSON.")
@DB_OPTION
def stance(claim: str, event_id: str | None, show_all: bool, as_json: bool, db: str) -> None:
    """How each document stands towards CLAIM: agrees, disagrees, discusses it, or is unrelated.

    Each decision names the sentences it rests on (best match first) and the refuting, hedging or
    confirming words found in them."""
    from storyline.compare.stance import compare_many  # loads the sentence encoders: only when asked

    with Store(db) as store:
        if event_id:
            found = store.conn.execute("SELECT id FROM events WHERE id LIKE ? || '%'", (event_id,)).fetchall()
            if len(found) != 1:
                raise NotFoundError(f"no single event matches {event_id!r}; `storyline events` lists them")
            rows = store.conn.execute(
                "SELECT d.id, d.outlet, d.clean_text, d.independence_group FROM documents d "
                "JOIN event_documents e ON e.document = d.id WHERE e.event = ? ORDER BY d.seq",
                (found[0][0],),
            ).fetchall()
        else:
            rows = store.conn.execute(
                "SELECT id, outlet, clean_text, independence_group FROM documents ORDER BY seq"
            ).fetchall()
        sentences = {
            str(r[0]): [
                str(s[0])
                for s in store.conn.execute("SELECT text FROM sentences WHERE document = ? ORDER BY idx", (r[0],))
            ]
            or None
            for r in rows
        }
    decisions = compare_many([(claim, str(r[2])) for r in rows], [sentences[str(r[0])] for r in rows])
    if as_json:
        records = [
            {"document": str(r[0]), "outlet": r[1], "independence_group": r[3], **d.as_evidence()}
            for r, d in zip(rows, decisions, strict=True)
            if show_all or d.label != "unrelated"
        ]
        out.print_json(json.dumps(records, ensure_ascii=False))
        return
    table = Table(title=f"stance towards: {escape(claim)}")
    for name in ("document", "outlet", "stance", "score", "deciding sentence", "cue words"):
        table.add_column(name)
    for r, d in sorted(zip(rows, decisions, strict=True), key=lambda rd: (rd[1].label, -rd[1].score)):
        if d.label == "unrelated" and not show_all:
            continue
        best = d.evidence[0] if d.evidence else None
        cues = sorted({*best.refuting, *best.hedging, *best.confirming}) if best else []
        table.add_row(
            str(r[0])[:10],
            escape(str(r[1] or "")),
            f"[{_STYLE[d.label]}]{d.label}[/]",
            f"{d.score:.2f}",
            escape(best.text if best else ""),
            escape(", ".join(cues)),
        )
    out.print(table)
