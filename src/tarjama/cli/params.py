"""Shared click parameter types and options for the thin command modules."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import click

from tarjama.errors import LanguageError
from tarjama.languages import normalize_tag

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])


class LanguageParam(click.ParamType):  # type: ignore[type-arg]  # generic from click 8.5
    """A language code, returned as a canonical BCP 47 tag (``AR`` -> ``ar``)."""

    name = "LANG"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        try:
            return normalize_tag(str(value))
        except LanguageError as exc:
            self.fail(exc.message, param, ctx)


LANGUAGE = LanguageParam()


def output_option(
    default: str = "-", help: str = "Write to FILE ('-' for standard output)."
) -> Callable[[F], F]:
    """``-o/--output FILE``: written atomically; ``-`` is standard output."""
    return click.option(
        "-o", "--output", "output", default=default, show_default=True, metavar="FILE", help=help
    )


def format_option(choices: list[str], default: str) -> Callable[[F], F]:
    """``--format`` with a fixed set of choices."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=default,
        show_default=True,
        help="Output format.",
    )


@contextmanager
def progress(items: Iterable[T], *, length: int | None = None, label: str = "") -> Iterator[
    Iterable[T]
]:
    """A progress bar on a terminal's standard error; the bare iterable when piped."""
    if sys.stderr.isatty():
        with click.progressbar(items, length=length, label=label, file=sys.stderr) as bar:
            yield bar
    else:
        yield items


@contextmanager
def byte_progress(total: int | None, *, label: str = "") -> Iterator[Callable[[int], None]]:
    """A progress bar over ``total`` bytes on a terminal's standard error: gives the function
    to call with the size of each chunk read. Does nothing when piped or the total is unknown
    (standard input)."""
    if total and sys.stderr.isatty():
        with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
            yield bar.update
    else:
        yield lambda size: None
