"""What every command module shares: the consoles, the --db option, the error-to-exit-code group."""

from __future__ import annotations

import sys
from typing import Any

import click
from rich.console import Console
from rich.markup import escape

from storyline.errors import StorylineError

EXIT_SKIPPED = 3
DB_OPTION = click.option(
    "--db", default="storyline.db", envvar="STORYLINE_DB", show_default=True, help="The SQLite database file."
)

# Wide tables when writing to a file or pipe; the terminal's width otherwise.
out = Console(highlight=False, soft_wrap=False, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, highlight=False)


class StorylineGroup(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except StorylineError as exc:
            err.print(f"error: {escape(str(exc))}")
            sys.exit(1)
