"""The exceptions storyline raises, each with a message a user can act on."""

from __future__ import annotations


class StorylineError(Exception):
    """Base class of every error storyline raises on purpose."""


class InputError(StorylineError):
    """One input (a file, a record in a file, stdin) could not be ingested.

    The message always names the input and the reason; the batch goes on without it.
    """

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str]]:
        # Errors cross process boundaries when pages are cleaned in parallel.
        return (self.__class__, (self.source, self.reason))


class BinaryInputError(InputError):
    """The input is not text (NUL bytes, control characters, an archive or image format)."""


class EmptyInputError(InputError):
    """The input holds no text at all, or no article text after cleaning."""


class EncodingInputError(InputError):
    """The bytes could not be decoded as text in any encoding we could detect."""


class MalformedRecordError(InputError):
    """A JSON line, WARC record or feed entry could not be parsed."""


class TooLargeInputError(InputError):
    """The input exceeds a configured size limit."""


class UnreadableInputError(InputError):
    """The path does not exist, is not readable, or matched nothing."""


class StoreError(StorylineError):
    """The database is missing, from a newer version of storyline, or corrupt."""


class NotFoundError(StorylineError):
    """A document, event or other id asked for does not exist (or a prefix is ambiguous)."""
