"""Shared click parameter types and options for the thin command modules."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from tarjama.display import for_terminal
from tarjama.errors import LanguageError
from tarjama.languages import normalize_tag

F = TypeVar("F", bound=Callable[..., Any])

# The shipped article, which the examples of every command's --help use: run from a clone of
# the repository, each example works as written.
ARTICLE = "locales/noonpost-191719.ar.txt"
ARTICLE_PO = "locales/en/LC_MESSAGES/noonpost-191719.po"


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


def echo(text: str, *, err: bool = False, nl: bool = True) -> None:
    """The one way text for people reaches the terminal (findings, matches, diffs, summaries,
    warnings, errors): control characters and unpaired bidi controls shown as escapes
    (:func:`tarjama.display.for_terminal`), on a terminal or not. Machine formats go through
    :func:`echo_data` instead."""
    click.echo(for_terminal(text), err=err, nl=nl)


def echo_data(text: str, *, nl: bool = True) -> None:
    """Output for programs (JSON, GitHub annotations) on standard output, every character
    kept: their own escaping makes them safe, and they must stay exact."""
    click.echo(text, nl=nl)


def warn(message: str) -> None:
    """The one way a warning reaches the user: ``tarjama: warning: MESSAGE`` on standard
    error, one line. Library warnings (:func:`tarjama.errors.warn`) and the warnings a
    command's result carries both come here."""
    echo(f"tarjama: warning: {' '.join(str(message).split())}", err=True)


def note(message: str) -> None:
    """A line for the user on standard error, ``tarjama: MESSAGE`` (a summary, a skipped
    unit); a message that starts with ``warning:`` goes through :func:`warn`."""
    if message.startswith("warning: "):
        warn(message.removeprefix("warning: "))
    else:
        echo(f"tarjama: {message}", err=True)


def examples(*lines: str, text: str = "") -> str:
    """A command's epilog ending its ``--help``: ``text`` (if any), then the examples, one
    command line each (``tarjama ...``), kept as written (not re-wrapped). Every command and
    subcommand ends its help with one or two real ones (tests/test_help.py checks)."""
    block = "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)
    return f"{text}\n\n{block}" if text else block


class TarjamaGroup(click.Group):
    """A group of commands as tarjama shows them: each command's one-line summary in full,
    "did you mean" for a mistyped command, and the group's help, not an error line, when it
    is run without a command. Give it as ``cls=`` to every group so that a command added to
    one inherits all three."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("context_settings", {"help_option_names": ["-h", "--help"]})
        super().__init__(*args, **kwargs)

    def summary(self, ctx: click.Context, name: str) -> str:
        """The one-line summary of a command (its whole first docstring paragraph)."""
        command = self.get_command(ctx, name)
        return "" if command is None else command.get_short_help_str(limit=1_000)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, self.summary(ctx, name)) for name in self.list_commands(ctx)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[
            str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            import difflib

            near = difflib.get_close_matches(name, self.list_commands(ctx), n=1, cutoff=0.6)
            hint = f"; did you mean '{near[0]}'?" if near else ""
            ctx.fail(f"no such command '{name}'{hint} (see '{ctx.command_path} --help')")
        return super().resolve_command(ctx, args)
