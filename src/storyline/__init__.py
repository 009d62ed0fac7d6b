"""storyline: from a pile of raw news pages to verified stories, offline, in one SQLite file."""

__version__ = "0.1.0"
