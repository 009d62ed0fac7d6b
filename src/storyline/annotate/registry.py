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
    """Links local entities to canonical ones, inside the caller's transaction.

    One registry serves one annotate run: it keeps what it has read of the entities' mentions,
    so nothing else may write the `mentions` table while it is in use.
    """

    def __init__(self, store: Store) -> None:
        self.conn = store.conn
        #: Surface form counts of the entities' mentions in the store, per entity, for those read
        #: once already (see `refresh_names`); and the display names stored for them.
        self._surfaces: dict[str, Counter[str]] = {}
        self._stored_names: dict[str, str] = {}
        #: The name keys of entities read once already (`_names`), kept up to date by `_index`.
        self._name_keys: dict[str, set[str]] = {}

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
        """The entity's name keys, in key order (as the store lists them)."""
        keys = self._name_keys.get(entity)
        if keys is None:
            keys = self._name_keys[entity] = {
                str(r[0])
                for r in self.conn.execute("SELECT key FROM entity_keys WHERE entity = ? AND kind = 'name'", (entity,))
            }
        return sorted(keys)

    def _create(self, local: LocalEntity) -> str:
        new_id = entity_id(local.type, local.tokens)
        name = Counter(local.surfaces).most_common(1)[0][0]
        created = self.conn.execute(
            "INSERT OR IGNORE INTO entities (id, name, type) VALUES (?, ?, ?)", (new_id, name, local.type)
        )
        if created.rowcount:
            self._stored_names.pop(new_id, None)  # its stored name is this one now
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
        known = self._name_keys.get(entity)
        if known is not None:
            known.update(k for k, kind in keys if kind == "name")

    def forget_mentions(self, rows: Iterable[tuple[str, str]]) -> None:
        """Mentions (entity, surface text) about to be deleted: taken out of the kept counts."""
        for entity, text in rows:
            counts = self._surfaces.get(entity)
            if counts is not None:
                counts[text] -= 1
                if counts[text] <= 0:
                    del counts[text]

    def note_mentions(self, rows: Iterable[tuple[str, str]]) -> None:
        """Mentions (entity, surface text) just stored: added to the kept counts."""
        for entity, text in rows:
            counts = self._surfaces.get(entity)
            if counts is not None:
                counts[text] += 1

    def refresh_names(self, entities: Iterable[str] | None = None) -> None:
        """Display names (the most frequent full surface form) of the entities a batch touched.

        Entities left without any mention (their documents were annotated again) are removed.
        Only the touched ones are looked at, and each one's surface counts are read from the
        store once, then kept up to date from `note_mentions` and `forget_mentions`, so a batch
        costs the same however big the corpus.
        """
        if entities is None:
            self._surfaces.clear()
            self._stored_names.clear()
            touched = [str(r[0]) for r in self.conn.execute("SELECT id FROM entities")]
        else:
            touched = sorted(set(entities))
        self._load_surfaces([e for e in touched if e not in self._surfaces])
        renamed: list[tuple[str, str]] = []
        orphans: list[tuple[str]] = []
        for entity in touched:
            counts = self._surfaces[entity]
            if not counts:
                orphans.append((entity,))
                del self._surfaces[entity]
                self._stored_names.pop(entity, None)
                continue
            name = max(counts.items(), key=lambda item: (len(item[0].split()) > 1, item[1], item[0]))[0]
            if self._stored_names.get(entity) != name:
                renamed.append((name, entity))
                self._stored_names[entity] = name
        self.conn.executemany("UPDATE entities SET name = ? WHERE id = ?", renamed)
        self.conn.executemany("DELETE FROM entities WHERE id = ?", orphans)

    def _load_surfaces(self, entities: list[str]) -> None:
        """Surface counts and stored names of entities not kept yet, from the store."""
        for i in range(0, len(entities), 500):
            chunk = entities[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for entity in chunk:
                self._surfaces[entity] = Counter()
            rows = self.conn.execute(
                f"SELECT entity, text, COUNT(*) FROM mentions WHERE entity IN ({marks}) GROUP BY entity, text", chunk
            )
            for entity, text, count in rows:
                self._surfaces[str(entity)][str(text)] = int(count)
            for entity, name in self.conn.execute(f"SELECT id, name FROM entities WHERE id IN ({marks})", chunk):
                self._stored_names[str(entity)] = str(name)
