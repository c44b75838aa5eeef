"""``tarjama memory``: build an explicit memory index, or show what an index holds; and the
memory options the pretranslate, lookup and update commands share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from tarjama.cli.params import (
    ARTICLE_PO,
    LANGUAGE,
    TarjamaGroup,
    echo,
    echo_data,
    examples,
    format_option,
    note,
    output_option,
    warn,
)
from tarjama.formats.tmx import INVALID_CHAR_POLICIES, InvalidChars
from tarjama.memory.commands import build_command, describe_indexes
from tarjama.memory.match import DEFAULT_SCORER, SCORERS
from tarjama.memory.pg_commands import (
    database_url,
    delete_command,
    export_command,
    import_command,
    init_command,
    stats_command,
)
from tarjama.memory.postgres import MEMORY_URL_VARIABLE
from tarjama.progress import terminal, terminal_bytes

F = TypeVar("F", bound=Callable[..., Any])


def reporter(message: str) -> None:
    """Print a note of the memory library on standard error."""
    note(message)


def memory_options(function: F) -> F:
    """``--memory FILE`` (repeatable), ``--source-lang``, ``--target-lang``, ``--scorer``."""
    options = [
        click.option("-m", "--memory", "memories", multiple=True, required=True,
                     metavar="FILE|URL", envvar=MEMORY_URL_VARIABLE, show_envvar=True,
                     help="A memory: PO, TMX, an index from 'tarjama memory build' or a "
                          "database, postgresql://USER@HOST/DB (repeatable; earlier ones win "
                          "ties)."),
        click.option("--source-lang", type=LANGUAGE, default=None,
                     help="Source language, where the files do not say it."),
        click.option("--target-lang", type=LANGUAGE, default=None,
                     help="Target language, where the files do not say it."),
        click.option("--scorer", type=click.Choice(sorted(SCORERS)), default=DEFAULT_SCORER,
                     show_default=True, help="How fuzzy matches are scored."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


EXAMPLE_URL = "postgresql://tm@localhost/tm"


@click.group("memory", cls=TarjamaGroup, epilog=examples(
    f"tarjama memory build {ARTICLE_PO} -o noonpost.tjmi",
    f"tarjama memory import {ARTICLE_PO} --to {EXAMPLE_URL} --origin noonpost",
))
def command() -> None:
    """Build or inspect translation-memory indexes, or keep a shared memory in PostgreSQL.

    PO and TMX memories are indexed the first time they are used and the index is cached
    (see 'tarjama memory build --help'); an explicit index is a single file to share. A
    team's memory lives in a PostgreSQL database (init, import, export, stats, delete;
    'pip install tarjama[server]'), used by every command as --memory postgresql://...
    """


@command.command("build", epilog=examples(
    f"tarjama memory build {ARTICLE_PO} -o noonpost.tjmi",
))
@click.argument("memories", nargs=-1, required=True, metavar="MEMORY...")
@click.option("-o", "--output", default=None, metavar="INDEX",
              help="Write one index of all the memories to INDEX (else each is indexed into "
                   "the cache).")
@click.option("--source-lang", type=LANGUAGE, default=None,
              help="Source language, where the files do not say it.")
@click.option("--target-lang", type=LANGUAGE, default=None,
              help="Target language, where the files do not say it.")
def build(memories: tuple[str, ...], output: str | None, source_lang: str | None,
          target_lang: str | None) -> None:
    """Index PO and TMX memories now: into INDEX with -o, else into the cache.

    The cache is $TARJAMA_CACHE_DIR, else $XDG_CACHE_HOME/tarjama/memory, else
    ~/.cache/tarjama/memory; a cached index is rebuilt when its memory file changes. An
    INDEX is a self-contained file: pass it as --memory INDEX.
    """
    for line in build_command(memories, output, source_lang=source_lang,
                              target_lang=target_lang, report=reporter,
                              progress=terminal_bytes):
        echo(line)


@command.command("info", epilog=examples(
    "tarjama memory info noonpost.tjmi",
    f"tarjama memory info {ARTICLE_PO} --format json",
))
@click.argument("memories", nargs=-1, required=True, metavar="MEMORY...")
@format_option(["text", "json"], "text")
def info(memories: tuple[str, ...], fmt: str) -> None:
    """Show each memory's index: units, language pair, size and the files it was built from."""
    described = describe_indexes(memories, fmt=fmt, report=reporter)
    if fmt == "json":
        echo_data(described, nl=False)
    else:
        echo(described, nl=False)


# --- the shared memory in PostgreSQL -------------------------------------------------------------


def _url_option(flag: str) -> Callable[[F], F]:
    return click.option(flag, "url", default=None, metavar="URL",
                        help="The memory database, postgresql://USER@HOST/DB "
                             f"(default: ${MEMORY_URL_VARIABLE}).")


@command.command("init", epilog=examples(
    f"tarjama memory init --to {EXAMPLE_URL}",
))
@_url_option("--to")
def init(url: str | None) -> None:
    """Create the memory schema in a PostgreSQL database, or upgrade it (running it again
    changes nothing)."""
    echo(init_command(database_url(url, "--to")))


@command.command("import", epilog=examples(
    f"tarjama memory import {ARTICLE_PO} --to {EXAMPLE_URL} --origin noonpost",
    f"tarjama memory import noonpost.tmx --to {EXAMPLE_URL} --origin noonpost-tmx",
))
@click.argument("files", nargs=-1, required=True, metavar="PO|TMX...")
@_url_option("--to")
@click.option("--origin", default=None, metavar="NAME",
              help="Who contributed the units, a project or file name (default: each file's "
                   "name); 'memory delete --origin NAME' removes them again.")
@click.option("--source-lang", type=LANGUAGE, default=None,
              help="Source language, where the files do not say it.")
@click.option("--target-lang", type=LANGUAGE, default=None,
              help="Target language, where the files do not say it.")
def import_(files: tuple[str, ...], url: str | None, origin: str | None,
            source_lang: str | None, target_lang: str | None) -> None:
    """Import the translated units of PO and TMX files into a memory database.

    Each file is imported in one transaction: a file with bad input leaves nothing of
    itself, and an import that was interrupted can simply be run again. Importing a file
    twice adds nothing; a translation that changed updates its unit and its change date.
    """
    report = import_command(files, database_url(url, "--to"), origin=origin,
                            source_lang=source_lang, target_lang=target_lang, report=note,
                            progress=terminal_bytes)
    for skipped in report.skipped[:10]:
        note(f"skipped: {skipped}")
    note(report.summary())


@command.command("export", epilog=examples(
    f"tarjama memory export --from {EXAMPLE_URL} -o team.tmx",
    f"tarjama memory export --from {EXAMPLE_URL} --origin noonpost --target-lang en "
    "-o noonpost.tmx",
))
@_url_option("--from")
@output_option(help="Write the TMX to FILE ('-' for standard output).")
@click.option("--source-lang", type=LANGUAGE, default=None,
              help="Export units of this source language only.")
@click.option("--target-lang", type=LANGUAGE, default=None,
              help="Export translations into this language only.")
@click.option("--origin", default=None, metavar="NAME",
              help="Export the units one origin contributed only.")
@click.option("--invalid-chars", type=click.Choice(INVALID_CHAR_POLICIES), default="error",
              show_default=True,
              help="What to do with characters XML 1.0 forbids: fail, strip or replace them.")
@click.option("--inline-codes", is_flag=True,
              help="Write placeholders and tags as TMX inline codes (as 'tarjama export').")
def export(url: str | None, output: str, source_lang: str | None, target_lang: str | None,
           origin: str | None, invalid_chars: InvalidChars, inline_codes: bool) -> None:
    """Export a memory database as one TMX 1.4b file, as 'tarjama export' writes one."""
    stats = export_command(database_url(url, "--from"), output, source_lang=source_lang,
                           target_lang=target_lang, origin=origin, invalid_chars=invalid_chars,
                           progress=terminal, inline_codes=inline_codes)
    for warning in stats.warnings:
        warn(warning)
    note(f"exported {stats.units} units ({stats.source_lang} -> "
         f"{', '.join(stats.languages) or '?'})")


@command.command("stats", epilog=examples(
    f"tarjama memory stats {EXAMPLE_URL}",
    f"tarjama memory stats {EXAMPLE_URL} --format json",
))
@click.argument("url", required=False, metavar="URL")
@format_option(["text", "json"], "text")
def stats(url: str | None, fmt: str) -> None:
    """Show how many units a memory database holds per language pair and origin."""
    shown = stats_command(database_url(url, "URL"), fmt=fmt)
    if fmt == "json":
        echo_data(shown, nl=False)
    else:
        echo(shown, nl=False)


@command.command("delete", epilog=examples(
    f"tarjama memory delete {EXAMPLE_URL} --origin noonpost",
))
@click.argument("url", required=False, metavar="URL")
@click.option("--origin", required=True, metavar="NAME",
              help="Remove the units this origin contributed (nothing else).")
def delete(url: str | None, origin: str) -> None:
    """Remove from a memory database every unit one origin contributed."""
    echo(delete_command(database_url(url, "URL"), origin))
