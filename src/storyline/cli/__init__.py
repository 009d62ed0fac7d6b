"""The command line: parse, call the library, present. No pipeline logic lives here.

Exit codes: 0 when everything named was ingested; 3 when some inputs were skipped (each named on
stderr with its reason); 1 on an error that stopped the command (bad database, unknown id);
2 on a usage error.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import replace
from typing import Any

import click
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from storyline import __version__
from storyline.cli.common import DB_OPTION, EXIT_SKIPPED, StorylineGroup, err, out

__all__ = ["EXIT_SKIPPED", "main"]
from storyline.config import DEFAULT_CONFIG, Config
from storyline.errors import NotFoundError
from storyline.model import Document, Mention, SegmentKind, TimeExpression
from storyline.pipeline import build as run_build
from storyline.pipeline import stage_names
from storyline.store import annotated, related
from storyline.store.db import Store
from storyline.store.export import export as export_all


@click.group(cls=StorylineGroup)
@click.version_option(__version__, prog_name="storyline")
def main() -> None:
    """storyline: turn a pile of raw news pages into verified stories."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@DB_OPTION
@click.option(
    "--field",
    "fields",
    multiple=True,
    metavar="NAME=KEY",
    help="Map a JSON key to a field: text, html, title, url, date, source, author (repeatable).",
)
@click.option("--quiet", "-q", is_flag=True, help="Print only errors.")
@click.option("--until", type=click.Choice(stage_names()), help="Run the stages up to this one only.")
@click.option(
    "--workers",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Processes that clean pages; 0: one per CPU core, 1: cleaning stays in this process.",
)
def build(
    paths: tuple[str, ...], db: str, fields: tuple[str, ...], quiet: bool, until: str | None, workers: int
) -> None:
    """Ingest PATHS (files, folders, globs, '-' for stdin) and run every stage."""
    config = _config_with_fields(fields)
    config = replace(config, ingest=replace(config.ingest, workers=workers))
    with Store(db) as store, _progress(quiet) as progress:
        task = progress.add_task("ingest", total=None, added=0, rate="-", visible=False) if progress else None
        started = time.monotonic()

        def hook(done: int, total: int, added: int) -> None:
            if progress is not None and task is not None and total >= config.progress_min_documents:
                rate = f"{added / max(time.monotonic() - started, 1e-6):.0f}"
                progress.update(task, total=total, completed=done, added=added, rate=rate, visible=True)

        report = run_build(list(paths), store, config, hook, until, keep_ids=False)
        total_docs = store.count_documents()
    ing = report.ingest
    for e in ing.errors:
        err.print(f"skipped {escape(str(e))}", soft_wrap=True)
    for w in ing.warnings:
        err.print(f"warning {escape(w)}", soft_wrap=True)
    if not quiet:
        err.print(
            f"{ing.added_count} new document(s), {ing.duplicate_count} already stored, "
            f"{len(ing.errors)} input(s) skipped, {len(ing.recleaned)} re-cleaned; "
            f"{total_docs} in {escape(db)}"
        )
    if ing.errors:
        sys.exit(EXIT_SKIPPED)


def _config_with_fields(fields: tuple[str, ...]) -> Config:
    pairs = []
    for item in fields:
        name, sep, key = item.partition("=")
        if not sep or name not in ("text", "html", "title", "url", "date", "source", "author"):
            raise click.BadParameter(
                f"{item!r}: expected NAME=KEY with NAME one of text, html, title, url, date, source, author"
            )
        pairs.append((name, key))
    return replace(DEFAULT_CONFIG, ingest=replace(DEFAULT_CONFIG.ingest, field_map=tuple(pairs)))


class _NoProgress:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def _progress(quiet: bool) -> Any:
    """A progress bar on stderr: files done of all, documents added, documents per second."""
    if quiet:
        return _NoProgress()
    return Progress(
        TextColumn("[bold]building"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("files"),
        TextColumn("· {task.fields[added]} docs · {task.fields[rate]} docs/s"),
        TimeElapsedColumn(),
        console=err,
    )


@main.command()
@DB_OPTION
def docs(db: str) -> None:
    """List documents: id, outlet, title, published, words, boilerplate lines removed."""
    with Store(db) as store:
        rows = store.document_rows()
    table = Table(show_lines=False)
    for col in ("id", "outlet", "title", "published", "words", "removed"):
        table.add_column(col, overflow="fold", justify="right" if col in ("words", "removed") else "left")
    for r in rows:
        published = r["published"] or (f"page {r['page_date']}" if r["page_date"] else "")
        table.add_row(
            r["id"][:10],
            escape(r["outlet"] or ""),
            escape(_short(r["title"] or f"({r['path']})", 70)),
            published,
            str(r["word_count"]),
            str(r["removed"]),
        )
    out.print(table)


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


@main.command()
@click.argument("doc_id")
@DB_OPTION
def doc(doc_id: str, db: str) -> None:
    """Show one document: metadata with evidence, clean text, removed lines struck through."""
    with Store(db) as store:
        document = store.document(store.resolve_id(doc_id))
        paths = [r[0] for r in store.conn.execute("SELECT path FROM document_paths WHERE document = ?", (document.id,))]
        _print_document(document, paths, store)
        _print_annotations(store, document)


_TYPE_STYLE = {"person": "bold magenta", "organisation": "bold blue", "place": "bold green", "group": "bold yellow"}


def _print_annotations(store: Store, d: Document) -> None:
    sentences = annotated.sentences(store, d.id)
    if not sentences:
        return
    mentions = annotated.mentions(store, d.id)
    times = annotated.time_expressions(store, d.id)
    out.print(Text("\nSentences (entities highlighted; event date on the right)", style="bold"))
    for s in sentences:
        line = Text(f"{s.index:>3} ")
        line.append_text(_highlight(d.clean_text, s.start, s.end, mentions, [t for t, _ in times]))
        if s.event_date:
            line.append(f"  [{s.event_date} {s.event_granularity}]", style="cyan")
        out.print(line, soft_wrap=True)
    if times:
        out.print(Text("\nTime expressions", style="bold"))
        table = Table()
        for col in ("text", "type", "value", "precision", "anchor", "rule"):
            table.add_column(col, overflow="fold")
        for t, rule in times:
            table.add_row(escape(t.text), t.type, t.value or "?", str(t.granularity or ""), t.anchor or "", rule)
        out.print(table)


def _highlight(text: str, start: int, end: int, mentions: list[Mention], times: list[TimeExpression]) -> Text:
    piece = Text(text[start:end])
    for m in mentions:
        if start <= m.start and m.end <= end:
            piece.stylize(_TYPE_STYLE.get(m.label, "bold"), m.start - start, m.end - start)
    for t in times:
        if start <= t.start and t.end <= end:
            piece.stylize("underline cyan", t.start - start, t.end - start)
    return piece


@main.command()
@DB_OPTION
@click.option("--type", "entity_type", type=click.Choice(["person", "organisation", "place", "group"]))
@click.option("--limit", default=100, show_default=True)
def entities(db: str, entity_type: str | None, limit: int) -> None:
    """Canonical entities: name, type, aliases, roles, documents."""
    with Store(db) as store:
        rows = annotated.entities(store, entity_type)[:limit]
    table = Table()
    for col in ("id", "name", "type", "aliases", "roles", "docs"):
        table.add_column(col, overflow="fold")
    for e in rows:
        aliases = ", ".join(a for a in e.aliases if a != e.name)
        table.add_row(e.id, escape(e.name), e.type, escape(aliases), escape("; ".join(e.roles)), str(len(e.documents)))
    out.print(table)


def _print_document(d: Document, paths: list[str], store: Store) -> None:
    evidence = {dec.kind: dec.evidence.get("rule", "") for dec in d.decisions}
    pub = annotated.publication(store, d.id)
    out.print(Text(d.title or "(no headline found)", style="bold"))
    rows = [
        ("id", d.id),
        ("path", ", ".join(paths) or d.path),
        ("format", d.format),
        ("url", d.url),
        ("outlet", d.outlet),
        ("byline", d.byline),
        (
            "dateline",
            f"{d.dateline.text}  [place: {d.dateline.place}; agency: {d.dateline.agency or '-'}]"
            if d.dateline
            else None,
        ),
        ("page date", d.page_date),
        ("published", f"{pub.value} ({pub.granularity}{', inferred' if pub.inferred else ''})" if pub.value else None),
        ("language", d.language),
        ("cited sources", ", ".join(d.cited_sources) or None),
        ("encoding", d.encoding + (f" ({d.encoding_warning})" if d.encoding_warning else "")),
        ("words", str(d.word_count)),
    ]
    keys = {
        "outlet": "outlet",
        "byline": "byline",
        "page date": "page_date",
        "published": "published",
        "title": "title",
    }
    for label, value in rows:
        if value:
            line = Text(f"{label:>13}: ", style="cyan") + Text(value)
            why = pub.evidence if label == "published" else evidence.get(keys.get(label, ""), "")
            if why:
                line += Text(f"  ({why})", style="dim")
            out.print(line)
    out.print()
    for s in d.segments:
        if s.kind == SegmentKind.BODY:
            out.print(Text(s.text), soft_wrap=True)
            out.print()
        elif s.kind in (SegmentKind.TITLE, SegmentKind.BYLINE):
            continue
        else:
            line = Text("✂ ", style="red") + Text(s.text, style="strike dim")
            line += Text(f"  [removed: {s.reason}]", style="red")
            out.print(line, soft_wrap=True)


@main.command()
@DB_OPTION
@click.option(
    "--kind", type=click.Choice(["exact_copy", "near_duplicate", "light_edit", "rewrite", "translation", "same_event"])
)
def relations(db: str, kind: str | None) -> None:
    """Related document pairs: copies, rewrites, translations, same event; with scores and origin."""
    with Store(db) as store:
        rows = related.relations(store, kind)
        names = related.titles(store)
    table = Table()
    for col in ("a", "b", "kind", "score", "origin", "evidence"):
        table.add_column(col, overflow="fold")
    for r in rows:
        origin = (
            r.origin[:10]
            if r.origin
            else (
                f"both copy {r.evidence['common_origin'][:10]}"
                if r.evidence.get("common_origin")
                else "absent (shared)"
                if r.evidence.get("shared_absent_origin")
                else ""
            )
        )
        table.add_row(
            f"{r.a[:10]} {escape(_short(names.get(r.a, ''), 40))}",
            f"{r.b[:10]} {escape(_short(names.get(r.b, ''), 40))}",
            r.kind,
            f"{r.score:.2f}",
            origin,
            escape(_relation_summary(r.evidence)),
        )
    out.print(table)


def _relation_summary(evidence: dict[str, Any]) -> str:
    parts = []
    if "shingle_jaccard" in evidence:
        parts.append(f"shingles J={evidence['shingle_jaccard']}")
    if "aligned_sentences" in evidence:
        parts.append(
            f"{evidence['aligned_sentences']} sentences aligned ({evidence['share_aligned']:.0%}), "
            f"order {evidence['order_kept']:.0%}, words kept {evidence['words_shared']:.0%}"
        )
    if evidence.get("shared_lede"):
        parts.append("same lede")
    return "; ".join(parts)


@main.command()
@click.argument("doc_id")
@DB_OPTION
def lineage(doc_id: str, db: str) -> None:
    """The copy tree around a document: origin, copies, and the evidence for each link."""
    with Store(db) as store:
        full = store.resolve_id(doc_id)
        group = related.group_of(store, full)
        members = related.group_members(store, group) if group else [full]
        links = [r for m in members for r in related.relations(store, document=m) if r.kind != "same_event"]
        others = [r for r in related.relations(store, document=full) if r.kind == "same_event"]
        names = related.titles(store)
    seen: set[tuple[str, str]] = set()
    out.print(
        Text(f"Independence group {group or '-'}: {len(members)} document(s), one independent source", style="bold")
    )
    for r in links:
        if (r.a, r.b) in seen:
            continue
        seen.add((r.a, r.b))
        if r.origin:
            copy = r.b if r.origin == r.a else r.a
            head = f"{r.origin[:10]} {names.get(r.origin, '')}  ──{r.kind}──▶  {copy[:10]} {names.get(copy, '')}"
        else:
            why = (
                f"siblings: both copy {r.evidence['common_origin'][:10]}"
                if r.evidence.get("common_origin")
                else "both derive from an absent origin"
                if r.evidence.get("shared_absent_origin")
                else "direction undetermined"
            )
            head = f"{r.a[:10]} {names.get(r.a, '')}  ──{r.kind}──  {r.b[:10]} {names.get(r.b, '')}  ({why})"
        out.print(Text(head, style="bold" if full in (r.a, r.b) else ""), soft_wrap=True)
        out.print(Text(f"    {_relation_summary(r.evidence)}", style="dim"), soft_wrap=True)
        for e in r.evidence.get("direction", []):
            out.print(Text(f"    origin evidence for {e['favours'][:10]}: {e['why']}", style="cyan"), soft_wrap=True)
        for ex in r.evidence.get("examples", [])[:3]:
            out.print(Text(f"    “{ex['a']}”\n      ≈ “{ex['b']}” ({ex['similarity']})", style="dim"), soft_wrap=True)
        for q in r.evidence.get("shared_quotes", [])[:3]:
            out.print(Text(f"    shared quote: “{q}”", style="dim"), soft_wrap=True)
    for r in others:
        other = r.b if r.a == full else r.a
        out.print(Text(f"same event, independent: {other[:10]} {names.get(other, '')}", style="green"), soft_wrap=True)


@main.command()
@DB_OPTION
def events(db: str) -> None:
    """Events: id, title, event date, documents, independent sources."""
    with Store(db) as store:
        rows = store.conn.execute(
            "SELECT e.id, e.title, e.date, e.granularity, COUNT(*) AS docs, "
            "COUNT(DISTINCT COALESCE(d.independence_group, d.id)) AS sources FROM events e "
            "JOIN event_documents ed ON ed.event = e.id JOIN documents d ON d.id = ed.document "
            "GROUP BY e.id ORDER BY e.date, e.id"
        ).fetchall()
    table = Table()
    for col in ("id", "title", "date", "documents", "independent sources"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(
            r["id"],
            escape(r["title"]),
            f"{r['date'] or '?'} ({r['granularity'] or '-'})",
            str(r["docs"]),
            str(r["sources"]),
        )
    out.print(table)


@main.command()
@DB_OPTION
def storylines(db: str) -> None:
    """Storylines: id, title, span, events in time order."""
    with Store(db) as store:
        lines = store.conn.execute("SELECT id, title FROM storylines ORDER BY id").fetchall()
        members = {
            r["id"]: store.conn.execute(
                "SELECT id, title, date FROM events WHERE storyline = ? ORDER BY position", (r["id"],)
            ).fetchall()
            for r in lines
        }
    for r in lines:
        evs = members[r["id"]]
        span = f"{evs[0]['date']} → {evs[-1]['date']}" if evs else ""
        out.print(Text(f"{r['id']}  {r['title']}  [{span}]", style="bold"), soft_wrap=True)
        for e in evs:
            out.print(Text(f"    {e['date'] or '?':>10}  {e['id']}  {e['title']}"), soft_wrap=True)


@main.command()
@click.argument("doc_id")
@click.argument("event_id")
@DB_OPTION
def why(doc_id: str, event_id: str, db: str) -> None:
    """Why a document is (or is not) in an event: the features and scores that decided it."""
    with Store(db) as store:
        full = store.resolve_id(doc_id)
        row = store.conn.execute("SELECT event, evidence FROM event_documents WHERE document = ?", (full,)).fetchone()
        target = store.conn.execute("SELECT id, title FROM events WHERE id = ?", (event_id,)).fetchone()
    if target is None:
        raise NotFoundError(f"no event {event_id!r}; `storyline events` lists them")
    if row is None:
        raise NotFoundError(f"document {full[:10]} is in no event yet; run `storyline build`")
    evidence = json.loads(row["evidence"])
    inside = row["event"] == event_id
    verdict = "is in" if inside else f"is not in (it is in {row['event']})"
    out.print(Text(f"Document {full[:10]} {verdict} event {event_id}: {target['title']}", style="bold"), soft_wrap=True)
    out.print(f"  decision: {evidence.get('decision')}")
    out.print(f"  event date used: {evidence.get('event_date_used')} — {evidence.get('event_date_evidence')}")
    best = evidence.get("best")
    if best:
        closeness = best.get("date_closeness")
        out.print(
            f"  similarity to the best event: {best['score']} (threshold {evidence.get('threshold')})"
            + (f", {best['measure']}" if best.get("measure") else ""),
            soft_wrap=True,
        )
        out.print(
            f"  actors {best.get('entities')}, content {best.get('content')}, date closeness "
            f"{'n/a' if closeness is None else closeness} (gap {best.get('date_gap_days')} days)"
        )
        if best.get("shared_terms"):
            out.print(f"  shared terms: {escape(', '.join(best['shared_terms']))}", soft_wrap=True)
        if best.get("shared_entities"):
            out.print(f"  shared actors: {escape(', '.join(best['shared_entities']))}", soft_wrap=True)
    if evidence.get("candidates_compared") is not None:
        out.print(f"  events compared: {evidence['candidates_compared']}")
    for m in evidence.get("merges", []):
        out.print(
            f"  merged: {m.get('from')} into {m.get('merged_into')} at linkage {m.get('linkage')} "
            f"(threshold {m.get('threshold')})"
        )
    for m in evidence.get("moves", []):
        out.print(
            f"  moved: from {m.get('from')} to {m.get('moved_to')} (linkage {m.get('linkage_to_old')} -> "
            f"{m.get('linkage_to_new')}, margin {m.get('margin')})"
        )
    for m in evidence.get("splits", []):
        between = " and ".join(str(p) for p in m.get("split_between", []))
        out.print(
            escape(
                f"  split: the event held reports about {between} (camps' linkage {m.get('camp_linkage')} "
                f"below {m.get('threshold')}); kept with {m.get('kept_with')}"
            ),
            soft_wrap=True,
        )
    if evidence.get("runner_up_score") is not None:
        out.print(f"  next best event scored {evidence['runner_up_score']}")


@main.command()
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
@DB_OPTION
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write to a file instead of stdout."
)
def export(fmt: str, db: str, output: str | None) -> None:
    """Print the whole analysis as JSON (schema storyline/1)."""
    with Store(db) as store:
        data = export_all(store)
    text = json.dumps(data, ensure_ascii=False, indent=1)
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(text)
    else:
        click.echo(text)


@main.command()
@click.argument("query")
@DB_OPTION
@click.option("--limit", default=20, show_default=True)
def search(query: str, db: str, limit: int) -> None:
    """Full-text search over titles and clean text (SQLite FTS5, BM25 ranking)."""
    with Store(db) as store:
        rows = store.search(query, limit)
    table = Table()
    for col in ("id", "title", "match"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(r["id"][:10], escape(r["title"] or ""), escape(r["snippet"] or ""))
    out.print(table)


# Command modules register themselves on `main` (one file per area of the product).

from storyline.cli.dossier import dossier  # noqa: E402

main.add_command(dossier)

from storyline.cli.claims import claims  # noqa: E402

main.add_command(claims)

from storyline.cli.stance import stance  # noqa: E402

main.add_command(stance)

from storyline.cli.timeline import timeline  # noqa: E402

main.add_command(timeline)
