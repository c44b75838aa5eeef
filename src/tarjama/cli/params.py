"""Shared click parameter types and options for the thin command modules."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from tarjama.errors import LanguageError
from tarjama.languages import normalize_tag

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


def warn(message: str) -> None:
    """The one way a warning reaches the user: ``tarjama: warning: MESSAGE`` on standard
    error, one line. Library warnings (:func:`tarjama.errors.warn`) and the warnings a
    command's result carries both come here."""
    click.echo(f"tarjama: warning: {' '.join(str(message).split())}", err=True)


def note(message: str) -> None:
    """A line for the user on standard error, ``tarjama: MESSAGE`` (a summary, a skipped
    unit); a message that starts with ``warning:`` goes through :func:`warn`."""
    if message.startswith("warning: "):
        warn(message.removeprefix("warning: "))
    else:
        click.echo(f"tarjama: {message}", err=True)
