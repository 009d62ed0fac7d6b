"""The sources of a dossier: who published what, when, and which page copies which.

The relate stage stores a relation for every related pair (a clique for nine copies of one wire
story); a dossier shows a *tree* instead. Each copy hangs under one parent: among the pairs in
which it is the copy, the closest kind of copy (exact copy before near-duplicate, light edit,
rewrite, translation), then the highest score, then the earliest parent. Pages whose pair has no
direction but a shared absent origin hang under that absent origin (`origin` None). The order of
the sources is the order of citations everywhere in the dossier: independence groups by their
earliest publication, and inside a group the tree walked origin first, copies after it.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from storyline.config import DossierConfig
from storyline.report.datekeys import precise_first_key
from storyline.report.records import LineageLink, RemovedLine, SourceRow
from storyline.store import annotated
from storyline.store.db import Store

_KIND_RANK = {"exact_copy": 0, "near_duplicate": 1, "light_edit": 2, "rewrite": 3, "translation": 4}
_KIND_LABEL = {
    "exact_copy": "copy of",
    "near_duplicate": "copy of",
    "light_edit": "lightly edited copy of",
    "rewrite": "rewrite of",
    "translation": "translation of",
}
_REMOVED_KINDS = ("boilerplate", "page_date", "cited_sources")


@dataclass(slots=True)
class SourceTree:
    """The lineage of a dossier's documents: parent links and the citation order."""

    order: list[str]
    group_of: dict[str, str]
    links: list[LineageLink] = field(default_factory=list)
    _index: dict[str, int] = field(default_factory=dict, init=False, repr=False)

    def rank(self, doc_id: str) -> int:
        return self._index.get(doc_id, len(self.order))

    def __post_init__(self) -> None:
        self._index = {d: i for i, d in enumerate(self.order)}

    def origin_first(self, documents: Iterable[str]) -> list[str]:
        """Documents in citation order (origin before copies), each once."""
        return sorted(set(documents), key=lambda d: (self.rank(d), d))

    def groups(self, documents: Iterable[str]) -> set[str]:
        return {self.group_of.get(d, d) for d in documents}


def _chunks(ids: Sequence[str], size: int = 500) -> Iterable[Sequence[str]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def _copy_relations(store: Store, ids: Sequence[str], kinds: Sequence[str]) -> list[sqlite3.Row]:
    wanted = set(ids)
    rows: dict[tuple[str, str], sqlite3.Row] = {}
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        for r in store.conn.execute(
            f"SELECT * FROM relations WHERE a IN ({marks}) OR b IN ({marks})", [*chunk, *chunk]
        ):
            if r["a"] in wanted and r["b"] in wanted and r["kind"] in kinds:
                rows[(r["a"], r["b"])] = r
    return [rows[k] for k in sorted(rows)]


def _documents(store: Store, ids: Sequence[str]) -> dict[str, sqlite3.Row]:
    found: dict[str, sqlite3.Row] = {}
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        for r in store.conn.execute(
            "SELECT id, seq, path, url, title, byline, outlet, independence_group, "
            f"COALESCE(published, inferred_published) AS sort_date FROM documents WHERE id IN ({marks})",
            list(chunk),
        ):
            found[r["id"]] = r
    return found


def compact_evidence(evidence: dict[str, Any]) -> dict[str, Any]:
    """The evidence of a relation without its long lists: scores, direction points, two examples."""
    kept = {k: v for k, v in evidence.items() if not isinstance(v, list | dict)}
    if evidence.get("direction"):
        kept["direction"] = evidence["direction"]
    if evidence.get("examples"):
        kept["examples"] = evidence["examples"][:2]
    return kept


def build_tree(store: Store, ids: Sequence[str], config: DossierConfig) -> SourceTree:
    """The copy tree of these documents, and their citation order."""
    docs = _documents(store, ids)
    rels = _copy_relations(store, list(docs), config.copy_kinds)

    def when(d: str) -> tuple[tuple[int, int, int, int], int]:
        return (precise_first_key(docs[d]["sort_date"]), docs[d]["seq"])

    parent: dict[str, sqlite3.Row] = {}
    for r in sorted(rels, key=lambda r: (_KIND_RANK.get(r["kind"], 9), -r["score"], when(r["origin"] or r["a"]))):
        if not r["origin"]:
            continue
        copy = r["b"] if r["origin"] == r["a"] else r["a"]
        if copy not in parent and not _descends(r["origin"], copy, parent):
            parent[copy] = r
    absent: dict[str, list[tuple[str, sqlite3.Row]]] = defaultdict(list)
    for r in rels:
        if not r["origin"] and json.loads(r["evidence"]).get("shared_absent_origin"):
            for a, b in ((r["a"], r["b"]), (r["b"], r["a"])):
                if a not in parent:
                    absent[a].append((b, r))
    children: dict[str | None, list[str]] = defaultdict(list)
    for copy, r in parent.items():
        children[r["origin"]].append(copy)
    group_of = {d: str(docs[d]["independence_group"] or d) for d in docs}
    order = _walk(sorted(docs, key=when), parent, children, group_of, when)
    tree = SourceTree(order, group_of)
    for copy in tree.order:
        if copy in parent:
            r = parent[copy]
            evidence = compact_evidence(json.loads(r["evidence"]))
            tree.links.append(LineageLink(r["origin"], copy, r["kind"], round(float(r["score"]), 3), evidence))
        elif copy in absent:
            best = min(absent[copy], key=lambda pair: (_KIND_RANK.get(pair[1]["kind"], 9), -pair[1]["score"]))[1]
            evidence = {"shared_absent_origin_with": sorted({b for b, _ in absent[copy]}), "score": best["score"]}
            tree.links.append(LineageLink(None, copy, best["kind"], round(float(best["score"]), 3), evidence))
    return tree


def _descends(node: str, ancestor: str, parent: dict[str, sqlite3.Row]) -> bool:
    """Whether `ancestor` is already above `node` (so linking would make a cycle)."""
    seen: set[str] = set()
    while node in parent and node not in seen:
        if node == ancestor:
            return True
        seen.add(node)
        node = parent[node]["origin"]
    return node == ancestor


def _walk(
    by_date: list[str],
    parent: dict[str, sqlite3.Row],
    children: dict[str | None, list[str]],
    group_of: dict[str, str],
    when: Any,
) -> list[str]:
    """Groups by their earliest document; in a group, roots by date, each followed by its subtree."""
    first_of_group: dict[str, int] = {}
    for i, d in enumerate(by_date):
        first_of_group.setdefault(group_of[d], i)
    roots = sorted((d for d in by_date if d not in parent), key=lambda d: (first_of_group[group_of[d]], when(d)))
    order: list[str] = []
    placed: set[str] = set()
    stack = list(reversed(roots))
    while stack:
        d = stack.pop()
        if d in placed:
            continue
        order.append(d)
        placed.add(d)
        stack.extend(sorted(children.get(d, []), key=when, reverse=True))
    return order + [d for d in by_date if d not in placed]


def source_rows(store: Store, tree: SourceTree) -> list[SourceRow]:
    """The sources table, in citation order."""
    docs = _documents(store, tree.order)
    linked = {k.copy: k for k in tree.links}
    copies = {k.origin for k in tree.links if k.origin}
    group_size: dict[str, int] = defaultdict(int)
    for d in tree.order:
        group_size[tree.group_of[d]] += 1
    removed = _removed(store, tree.order)
    rows = []
    for d in tree.order:
        r = docs[d]
        pub = annotated.publication(store, d)
        link = linked.get(d)
        relation, kind, to = _relation(d, link, d in copies, group_size[tree.group_of[d]])
        rows.append(
            SourceRow(
                document=d,
                title=r["title"],
                outlet=r["outlet"],
                byline=r["byline"],
                url=r["url"],
                path=r["path"],
                published=pub.value,
                published_granularity=pub.granularity,
                published_inferred=pub.inferred,
                published_evidence=pub.evidence,
                relation=relation,
                relation_kind=kind,
                relation_to=to,
                independence_group=tree.group_of[d],
                removed=removed.get(d, []),
            )
        )
    return rows


def _relation(
    doc: str, link: LineageLink | None, has_copies: bool, group_size: int
) -> tuple[str, str | None, str | None]:
    if link is not None and link.origin is not None:
        return f"{_KIND_LABEL.get(link.kind, link.kind + ' of')} {link.origin}", link.kind, link.origin
    if link is not None:
        others = ", ".join(link.evidence.get("shared_absent_origin_with", []))
        label = _KIND_LABEL.get(link.kind, link.kind + " of")
        return f"{label} an origin not in the corpus (shared with {others})", link.kind, None
    if has_copies:
        return "original", None, None
    return ("independent", None, None) if group_size == 1 else ("related, direction unknown", None, None)


def _removed(store: Store, ids: Sequence[str]) -> dict[str, list[RemovedLine]]:
    """The lines cleaning removed from each document, in page order (one query per 500 documents)."""
    kinds = ",".join("?" * len(_REMOVED_KINDS))
    found: dict[str, list[RemovedLine]] = defaultdict(list)
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        for r in store.conn.execute(
            f"SELECT document, text, reason FROM segments WHERE document IN ({marks}) AND kind IN ({kinds}) "
            "ORDER BY document, idx",
            [*chunk, *_REMOVED_KINDS],
        ):
            found[r[0]].append(RemovedLine(r[1], r[2]))
    return found
