"""`storyline claims`: who says what, how many independent sources, and who says otherwise."""

from __future__ import annotations

import json

import click
from rich.markup import escape
from rich.table import Table

from storyline.cli.common import DB_OPTION, out
from storyline.errors import NotFoundError
from storyline.store.claims import ClaimRecord, claim_json
from storyline.store.claims import claims as read_claims
from storyline.store.db import Store

_STATUS_STYLE = {"corroborated": "green", "single_source": "yellow", "conflict": "bold red"}


@click.command()
@click.argument("event_id", required=False)
@click.option("--conflicts", is_flag=True, help="Only claims in conflict, each with the other side.")
@click.option("--json", "as_json", is_flag=True, help="Print the claims as JSON (the export's shape).")
@DB_OPTION
def claims(event_id: str | None, conflicts: bool, as_json: bool, db: str) -> None:
    """Claims of EVENT_ID (or of every event): who asserts each, independent sources, status."""
    with Store(db) as store:
        if event_id is not None:
            found = store.conn.execute("SELECT id FROM events WHERE id LIKE ? || '%'", (event_id,)).fetchall()
            if len(found) != 1:
                raise NotFoundError(f"no single event matches {event_id!r}; `storyline events` lists them")
            event_id = str(found[0][0])
        records = read_claims(store, event_id, conflicts_only=conflicts)
        outlets = {str(r[0]): str(r[1] or r[0]) for r in store.conn.execute("SELECT id, outlet FROM documents")}
    if as_json:
        out.print_json(json.dumps([claim_json(c) for c in records], ensure_ascii=False))
        return
    if conflicts:
        _print_conflicts(records, outlets)
        return
    table = Table(title=f"claims of {event_id}" if event_id else "claims")
    for name in ("claim", "asserted by", "sources", "status", "conflicts with"):
        table.add_column(name)
    for c in records:
        table.add_row(
            escape(c.text),
            escape(", ".join(c.asserted_by)),
            str(c.independent_sources),
            f"[{_STATUS_STYLE.get(c.status, '')}]{c.status}[/]",
            escape(", ".join(c.conflicts_with)),
        )
    out.print(table)


def _print_conflicts(records: list[ClaimRecord], outlets: dict[str, str]) -> None:
    by_id = {c.id: c for c in records}  # both sides of a conflict are in conflict, so both are here
    shown: set[frozenset[str]] = set()
    for c in records:
        for other_id in c.conflicts_with:
            pair = frozenset((c.id, other_id))
            if pair in shown or other_id not in by_id:
                continue
            shown.add(pair)
            out.print(f"[bold red]conflict[/] in {escape(c.event)}: {escape(c.conflict_reason or '')}")
            for side in (c, by_id[other_id]):
                out.print(f"  [bold]{escape(side.text)}[/]  ({side.independent_sources} independent source(s))")
                for s in side.support:
                    who = f" — attributed to {s.attribution}" if s.attribution else ""
                    outlet = escape(outlets.get(s.document, s.document))
                    out.print(f"    {outlet} [{s.document}]: “{escape(s.text)}”{escape(who)}")
            out.print()
    if not shown:
        out.print("no conflicts found")
