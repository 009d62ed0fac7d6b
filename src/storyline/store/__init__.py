"""SQLite storage of every record and decision: schema, migrations, reads, writes, search."""

from storyline.store.db import Store

__all__ = ["Store"]
