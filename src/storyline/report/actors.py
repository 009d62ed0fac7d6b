"""The actors of a dossier: canonical people, organisations and groups, with roles as sources give them.

Annotate links each mention to a canonical entity and keeps the title or apposition the page gives
it ("Defense Minister Sergei Shoigu", "Li Hongzhong, vice chairman of ..."). A role is kept in the
words of its source, with every document using those words. Two roles are the same when they
differ only in case, spelling of defence/defense, or word order around "of" ("Minister of
Defence" = "Defence Minister"); when an actor keeps more than one role after that, the sources
describe it differently and `roles_differ` says so: the reader sees both versions with sources.
Actors are ordered by the independence groups that name them, then by mentions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from storyline.config import DossierConfig
from storyline.report.records import Actor, ActorRole
from storyline.report.sources import SourceTree
from storyline.store.db import Store

_SPELLING = {"defence": "defense", "programme": "program", "organisation": "organization", "centre": "center"}
_FILLER = {"the", "a", "an", "of", "for", "s", "'s", "’s"}


@dataclass(slots=True)
class _Tally:
    name: str
    type: str
    mentions: int = 0
    documents: set[str] = field(default_factory=set)
    roles: dict[str, list[str]] = field(default_factory=dict)  # role as written -> documents


def role_key(role: str) -> str:
    """Roles that say the same thing in other words or order get the same key."""
    words = [_SPELLING.get(w, w) for w in re.findall(r"[^\W_]+", role.lower())]
    return " ".join(sorted(w for w in words if w not in _FILLER))


def _tallies(store: Store, documents: Sequence[str], types: Sequence[str]) -> dict[str, _Tally]:
    tallies: dict[str, _Tally] = {}
    type_marks = ",".join("?" * len(types))
    for i in range(0, len(documents), 500):
        chunk = list(documents[i : i + 500])
        marks = ",".join("?" * len(chunk))
        rows = store.conn.execute(
            "SELECT m.document, m.role, e.id, e.name, e.type FROM mentions m JOIN entities e ON e.id = m.entity "
            f"WHERE m.document IN ({marks}) AND e.type IN ({type_marks}) ORDER BY m.document, m.idx",
            [*chunk, *types],
        )
        for r in rows:
            t = tallies.setdefault(r["id"], _Tally(r["name"], r["type"]))
            t.mentions += 1
            t.documents.add(r["document"])
            role = " ".join(str(r["role"] or "").split())
            if role:
                docs = t.roles.setdefault(role, [])
                if r["document"] not in docs:
                    docs.append(r["document"])
    return tallies


def actors(store: Store, tree: SourceTree, config: DossierConfig) -> list[Actor]:
    """The most widely reported actors, each with its roles grouped as the sources word them."""
    tallies = _tallies(store, tree.order, config.actor_types)
    ranked = sorted(
        tallies.items(), key=lambda item: (-len(tree.groups(item[1].documents)), -item[1].mentions, item[1].name)
    )
    result = []
    for entity, t in ranked[: config.max_actors]:
        merged: dict[str, tuple[str, set[str]]] = {}
        for role, docs in sorted(t.roles.items(), key=lambda item: min(tree.rank(d) for d in item[1])):
            key = role_key(role)
            shown, found = merged.get(key, (role, set()))
            merged[key] = (shown, found | set(docs))
        roles = [ActorRole(shown, tree.origin_first(docs)) for shown, docs in merged.values()]
        roles.sort(key=lambda r: (-len(tree.groups(r.sources)), tree.rank(r.sources[0])))
        result.append(Actor(entity, t.name, t.type, roles, tree.origin_first(t.documents), len(merged) > 1))
    return result
