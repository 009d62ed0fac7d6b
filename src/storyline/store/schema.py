"""The database schema, as an ordered list of migrations.

`PRAGMA user_version` holds the number of migrations applied. A database from a newer storyline
is refused rather than damaged. Each migration runs in one transaction with the version bump, so a
crash mid-migration leaves the previous version intact.
"""

from __future__ import annotations

import sqlite3

from storyline.errors import StoreError

MIGRATIONS: tuple[str, ...] = (
    # 1: documents, their lines, decisions, incremental bookkeeping, full-text search.
    """
    CREATE TABLE documents (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        path TEXT NOT NULL,
        format TEXT NOT NULL,
        raw BLOB NOT NULL,
        fields TEXT NOT NULL DEFAULT '{}',
        text TEXT NOT NULL DEFAULT '',
        encoding TEXT,
        encoding_warning TEXT,
        url TEXT,
        title TEXT,
        byline TEXT,
        dateline TEXT,
        outlet TEXT,
        page_date TEXT,
        published TEXT,
        published_evidence TEXT,
        cited_sources TEXT NOT NULL DEFAULT '[]',
        language TEXT,
        clean_text TEXT NOT NULL DEFAULT '',
        word_count INTEGER NOT NULL DEFAULT 0,
        repetition_group TEXT,
        ingested_at TEXT NOT NULL DEFAULT (datetime('now'))
    );
    CREATE TABLE document_paths (
        document TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        path TEXT NOT NULL,
        PRIMARY KEY (document, path)
    ) WITHOUT ROWID;
    CREATE TABLE segments (
        document TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL,
        kind TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (document, idx)
    ) WITHOUT ROWID;
    CREATE TABLE decisions (
        id INTEGER PRIMARY KEY,
        stage TEXT NOT NULL,
        kind TEXT NOT NULL,
        subject TEXT NOT NULL,
        value TEXT NOT NULL,
        evidence TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX decisions_subject ON decisions(subject, stage);
    CREATE TABLE stage_runs (
        stage TEXT NOT NULL,
        document TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        version TEXT NOT NULL,
        PRIMARY KEY (stage, document)
    ) WITHOUT ROWID;
    CREATE TABLE line_stats (
        grp TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        document TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        PRIMARY KEY (grp, fingerprint, document)
    ) WITHOUT ROWID;
    CREATE TABLE repeated_lines (
        grp TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        pages INTEGER NOT NULL,
        example TEXT NOT NULL,
        PRIMARY KEY (grp, fingerprint)
    ) WITHOUT ROWID;
    CREATE VIRTUAL TABLE documents_fts USING fts5(
        title, clean_text, content='documents', content_rowid='seq', tokenize='unicode61'
    );
    CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
        INSERT INTO documents_fts(rowid, title, clean_text) VALUES (new.seq, new.title, new.clean_text);
    END;
    CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, title, clean_text)
        VALUES ('delete', old.seq, old.title, old.clean_text);
    END;
    CREATE TRIGGER documents_au AFTER UPDATE OF title, clean_text ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, title, clean_text)
        VALUES ('delete', old.seq, old.title, old.clean_text);
        INSERT INTO documents_fts(rowid, title, clean_text) VALUES (new.seq, new.title, new.clean_text);
    END;
    """,
    # 2: annotate: language, sentences, mentions, canonical entities, time expressions, and the
    # publication date inferred from the text (kept apart from the one the page gives).
    """
    ALTER TABLE documents ADD COLUMN language_score REAL;
    ALTER TABLE documents ADD COLUMN inferred_published TEXT;
    ALTER TABLE documents ADD COLUMN inferred_granularity TEXT;
    ALTER TABLE documents ADD COLUMN inferred_confidence REAL;
    ALTER TABLE documents ADD COLUMN inferred_evidence TEXT;
    CREATE TABLE sentences (
        document TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL,
        event_date TEXT,
        event_granularity TEXT,
        PRIMARY KEY (document, idx)
    ) WITHOUT ROWID;
    CREATE TABLE entities (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        type TEXT NOT NULL
    );
    CREATE TABLE entity_keys (
        key TEXT NOT NULL,
        kind TEXT NOT NULL,
        entity TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
        PRIMARY KEY (key, kind, entity)
    ) WITHOUT ROWID;
    CREATE TABLE mentions (
        document TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL,
        type TEXT NOT NULL,
        entity TEXT REFERENCES entities(id),
        role TEXT,
        sentence INTEGER NOT NULL,
        PRIMARY KEY (document, idx)
    ) WITHOUT ROWID;
    CREATE INDEX mentions_entity ON mentions(entity);
    CREATE TABLE time_expressions (
        document TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL,
        type TEXT NOT NULL,
        value TEXT NOT NULL,
        granularity TEXT,
        anchor TEXT,
        rule TEXT NOT NULL,
        sentence INTEGER NOT NULL,
        PRIMARY KEY (document, idx)
    ) WITHOUT ROWID;
    CREATE TABLE known_dates (
        key TEXT NOT NULL,
        date TEXT NOT NULL,
        granularity TEXT NOT NULL,
        document TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        evidence TEXT NOT NULL,
        PRIMARY KEY (key, document, date)
    ) WITHOUT ROWID;
    """,
    # 3: relate: signatures and sentence vectors for candidate search, relations with their
    # evidence, and each document's independence group.
    """
    ALTER TABLE documents ADD COLUMN independence_group TEXT;
    CREATE TABLE minhashes (
        document TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        signature BLOB NOT NULL
    );
    CREATE TABLE sentence_vectors (
        document TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        vector BLOB NOT NULL,
        PRIMARY KEY (document, idx)
    ) WITHOUT ROWID;
    CREATE TABLE relations (
        a TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        b TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        score REAL NOT NULL,
        origin TEXT,
        evidence TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (a, b)
    ) WITHOUT ROWID;
    CREATE INDEX relations_b ON relations(b);
    """,
    # 4: cluster: storylines, events in them, and each document's assignment with its evidence.
    """
    CREATE TABLE storylines (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        evidence TEXT NOT NULL DEFAULT '[]'
    );
    CREATE TABLE events (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        date TEXT,
        granularity TEXT,
        storyline TEXT REFERENCES storylines(id) ON DELETE SET NULL,
        position INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE event_documents (
        event TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        document TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        evidence TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (event, document)
    ) WITHOUT ROWID;
    CREATE INDEX event_documents_document ON event_documents(document);
    """,
    # 5: compare: claim mentions read from each document's sentences, the claims of each event
    # they align into (status and evidence), which mentions support each, and conflicts.
    """
    CREATE TABLE claim_mentions (
        document TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        sentence INTEGER NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        kind TEXT NOT NULL,
        subject TEXT NOT NULL,
        subject_name TEXT NOT NULL,
        predicate TEXT NOT NULL,
        object TEXT NOT NULL,
        object_text TEXT NOT NULL,
        value TEXT,
        modality TEXT NOT NULL,
        negated INTEGER NOT NULL,
        attribution TEXT,
        date TEXT,
        text TEXT NOT NULL,
        PRIMARY KEY (document, idx)
    ) WITHOUT ROWID;
    CREATE TABLE claims (
        id TEXT PRIMARY KEY,
        event TEXT NOT NULL,
        kind TEXT NOT NULL,
        slot TEXT NOT NULL,
        value TEXT,
        text TEXT NOT NULL,
        status TEXT NOT NULL,
        independent_sources INTEGER NOT NULL,
        modality TEXT NOT NULL,
        evidence TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX claims_event ON claims(event);
    CREATE TABLE claim_support (
        claim TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
        document TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        mention INTEGER NOT NULL,
        PRIMARY KEY (claim, document, mention)
    ) WITHOUT ROWID;
    CREATE TABLE claim_conflicts (
        claim TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
        other TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
        reason TEXT NOT NULL,
        PRIMARY KEY (claim, other)
    ) WITHOUT ROWID;
    CREATE TABLE claim_runs (
        fingerprint TEXT NOT NULL
    );
    """,
    # 6: a storyline's events found through an index, not a scan of every event.
    """
    CREATE INDEX IF NOT EXISTS events_storyline ON events(storyline);
    """,
    # 7: new documents enter the full-text index together, when their transaction commits
    # (Store.add_document), not one trigger call per row: a third of the cost of storing a page.
    """
    DROP TRIGGER IF EXISTS documents_ai;
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the database up to the current schema; returns the version it was at."""
    found = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if found > SCHEMA_VERSION:
        raise StoreError(
            f"the database has schema version {found}, newer than this storyline's {SCHEMA_VERSION}; "
            "upgrade storyline to read it"
        )
    for version in range(found, SCHEMA_VERSION):
        # executescript commits first; BEGIN ... COMMIT makes the migration and its version atomic.
        conn.executescript(f"BEGIN IMMEDIATE;\n{MIGRATIONS[version]}\nPRAGMA user_version = {version + 1};\nCOMMIT;")
    return found
