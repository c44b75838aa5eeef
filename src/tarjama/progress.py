"""Progress displays: the one type every long-running library function takes, the terminal bar
the command line passes in, and the quiet no-op that is everyone's default.

Library code never draws anything itself: it takes a ``progress`` (over items) or a
``byte_progress`` (over bytes read) and calls it; the command line passes :func:`terminal`
or :func:`terminal_bytes`, everything else gets :func:`quiet` / :func:`quiet_bytes`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Any, TypeVar

T = TypeVar("T")

# ``progress(items, length=N, label="...")`` gives the items back (wrapped in a bar or not).
Progress = Callable[..., AbstractContextManager[Iterable[Any]]]
# ``progress(total_bytes, label="...")`` gives the function to call with each chunk's size.
ByteProgress = Callable[..., AbstractContextManager[Callable[[int], None]]]


def quiet(items: Iterable[T], *, length: int | None = None,
          label: str = "") -> AbstractContextManager[Iterable[T]]:
    """No display: the items as they are."""
    return nullcontext(items)


def _ignore(size: int) -> None:
    """Told of a chunk read; shows nothing."""


def quiet_bytes(total: int | None, *, label: str = "") -> AbstractContextManager[
        Callable[[int], None]]:
    """No display: a function that ignores the sizes it is told."""
    return nullcontext(_ignore)


@contextmanager
def terminal(items: Iterable[T], *, length: int | None = None, label: str = "") -> Iterator[
    Iterable[T]
]:
    """A progress bar on a terminal's standard error; the bare iterable when piped."""
    if sys.stderr.isatty():
        import click

        with click.progressbar(items, length=length, label=label, file=sys.stderr) as bar:
            yield bar
    else:
        yield items


@contextmanager
def terminal_bytes(total: int | None, *, label: str = "") -> Iterator[Callable[[int], None]]:
    """A progress bar over ``total`` bytes on a terminal's standard error: gives the function
    to call with the size of each chunk read. Shows nothing when piped or when the total is
    unknown (standard input)."""
    if total and sys.stderr.isatty():
        import click

        with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
            yield bar.update
    else:
        yield _ignore
