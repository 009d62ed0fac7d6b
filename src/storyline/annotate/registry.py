"""The corpus's canonical entities in the store, and the lookup that links new documents to them.

Each entity is indexed under keys (`entity_keys`): the skeleton of every full name it goes by, the
first and last name parts of its people, and the acronym of its multi-word names. A document's
local entities are linked through these keys by the rules in `entities.py`; what cannot be
linked becomes a new entity. Every link is a `Decision` with its reason.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from storyline.annotate.entities import LocalEntity, acronym_of, entity_id, same_name, skeleton
from storyline.model import Decision
from storyline.store.db import Store


class EntityRegistry:
    """Links local entities to canonical ones, inside the caller's transaction."""

    def __init__(self, store: Store) -> None:
        self.conn = store.conn

    def link(self, local: LocalEntity, doc_id: str) -> tuple[str, Decision | None]:
        """The canonical entity for a document's actor, created when none matches."""
        found, reason = self._match(local)
        if found is None:
            found = self._create(local)
            decision = None
        else:
            decision = Decision(
                "annotate",
                "entity_link",
                found,
                " ".join(local.tokens),
                {"reason": reason, "document": doc_id, "surfaces": sorted(set(local.surfaces))},
            )
        self._index(found, local)
        return found, decision

    def _match(self, local: LocalEntity) -> tuple[str | None, str]:
        key = skeleton(local.tokens)
        hit = self._lookup(key, "name", local.type)
        if hit:
            return hit[0], "same name after normalising case, accents, hyphens and transliteration"
        if local.type == "person" and len(local.tokens) > 1:
            for candidate in self._lookup(local.tokens[-1][:3], "prefix", "person"):
                for other in self._names(candidate):
                    why = same_name(other.split(), key.split())
                    if why:
                        return candidate, why
        if len(local.tokens) == 1:
            return self._match_single(local)
        acronym = acronym_of(local.tokens)
        if len(acronym) >= 2:
            hits = self._lookup(acronym, "name", local.type)
            if len(hits) == 1:
                return hits[0], f"the acronym {acronym.upper()} spells this name"
        return None, ""

    def _match_single(self, local: LocalEntity) -> tuple[str | None, str]:
        token = local.tokens[0]
        if local.type == "person":
            hits = sorted(set(self._lookup(token, "part", "person")))
            if len(hits) == 1:
                return hits[0], "this name part belongs to exactly one person in the corpus"
            return None, ""
        hits = sorted(set(self._lookup(token, "acronym", local.type)))
        if len(hits) == 1 and any(s.isupper() for s in local.surfaces):
            return hits[0], f"{token.upper()} is the acronym of this name"
        return None, ""

    def _lookup(self, key: str, kind: str, type_: str) -> list[str]:
        return [
            r[0]
            for r in self.conn.execute(
                "SELECT k.entity FROM entity_keys k JOIN entities e ON e.id = k.entity "
                "WHERE k.key = ? AND k.kind = ? AND e.type = ? ORDER BY k.entity",
                (key, kind, type_),
            )
        ]

    def _names(self, entity: str) -> list[str]:
        return [
            r[0] for r in self.conn.execute("SELECT key FROM entity_keys WHERE entity = ? AND kind = 'name'", (entity,))
        ]

    def _create(self, local: LocalEntity) -> str:
        new_id = entity_id(local.type, local.tokens)
        name = Counter(local.surfaces).most_common(1)[0][0]
        self.conn.execute(
            "INSERT OR IGNORE INTO entities (id, name, type) VALUES (?, ?, ?)", (new_id, name, local.type)
        )
        return new_id

    def _index(self, entity: str, local: LocalEntity) -> None:
        keys = [(skeleton(local.tokens), "name")]
        if local.type == "person" and len(local.tokens) > 1:
            keys += [(local.tokens[0], "part"), (local.tokens[-1], "part"), (local.tokens[-1][:3], "prefix")]
        if len(local.tokens) > 1 and len(acronym_of(local.tokens)) >= 2:
            keys.append((acronym_of(local.tokens), "acronym"))
        self.conn.executemany(
            "INSERT OR IGNORE INTO entity_keys (key, kind, entity) VALUES (?, ?, ?)",
            [(k, kind, entity) for k, kind in keys],
        )

    def refresh_names(self, entities: Iterable[str] | None = None) -> None:
        """Display names (the most frequent full surface form) of the entities a batch touched.

        Entities left without any mention (their documents were annotated again) are removed.
        Only the touched ones are looked at, so a batch costs the same however big the corpus.
        """
        touched = sorted(set(entities)) if entities is not None else None
        if touched is None:
            touched = [str(r[0]) for r in self.conn.execute("SELECT id FROM entities")]
        for i in range(0, len(touched), 500):
            chunk = touched[i : i + 500]
            marks = ",".join("?" * len(chunk))
            best: dict[str, tuple[bool, int, str]] = {}
            rows = self.conn.execute(
                f"SELECT entity, text, COUNT(*) FROM mentions WHERE entity IN ({marks}) GROUP BY entity, text", chunk
            )
            for entity, text, count in rows:
                score = (len(str(text).split()) > 1, int(count), str(text))
                if entity not in best or score > best[entity]:
                    best[entity] = score
            self.conn.executemany("UPDATE entities SET name = ? WHERE id = ?", [(v[2], e) for e, v in best.items()])
            orphans = [e for e in chunk if e not in best]
            self.conn.executemany("DELETE FROM entities WHERE id = ?", [(e,) for e in orphans])
