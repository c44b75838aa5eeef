"""The one exception hierarchy of tarjama.

Every failure a user can cause is a :class:`TarjamaError` carrying the file and the 1-based
line it concerns; the command line turns it into ``tarjama: error: FILE:LINE: message`` and
exit code 2.
"""

from __future__ import annotations

import warnings
from pathlib import Path


class TarjamaError(Exception):
    """A failure caused by the user's input or options, reported without a traceback."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = None if path is None else str(path)
        self.line = line

    def location(self) -> str:
        """``FILE:LINE`` (or just ``FILE``, or nothing) for the start of the message."""
        if self.path is None:
            return ""
        if self.line is None:
            return self.path
        return f"{self.path}:{self.line}"

    def __str__(self) -> str:
        where = self.location()
        return f"{where}: {self.message}" if where else self.message


class InputError(TarjamaError):
    """A file cannot be read: it is missing, unreadable or not text in its encoding."""


class FormatError(InputError):
    """A file was read but its content is not valid for its format (PO, TMX, CSV...)."""


class LanguageError(TarjamaError):
    """A language code is unknown, malformed, or does not fit the data."""


class UsageError(TarjamaError):
    """Options that contradict each other or the data they are applied to."""


class OutputError(TarjamaError):
    """An output cannot be written (or would overwrite an input without ``--in-place``)."""


class DatabaseError(TarjamaError):
    """A memory database refused a request: its schema is missing or of another version, or
    a statement failed. ``path`` is the database's URL with any password hidden."""


class DatabaseUnavailable(DatabaseError):
    """A memory database cannot be reached (down, refusing connections, wrong address or
    credentials); a server answers 503 and tries again on the next request."""


class TarjamaWarning(UserWarning):
    """Input that is accepted but probably not what the user meant; the command line prints
    it as ``tarjama: warning: MESSAGE`` on standard error."""


def warn(message: str) -> None:
    """Tell the user of input that is accepted but probably not what they meant: the one
    route for warnings. The command line prints it as ``tarjama: warning: MESSAGE``; a
    library caller sees a :class:`TarjamaWarning` (and may filter or record it)."""
    warnings.warn(TarjamaWarning(message), stacklevel=2)
