"""``tarjama memory``: build an explicit memory index, or show what an index holds; and the
memory options the pretranslate, lookup and update commands share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from tarjama.cli.params import ARTICLE_PO, LANGUAGE, TarjamaGroup, examples, format_option, note
from tarjama.memory.commands import build_command, describe_indexes
from tarjama.memory.match import DEFAULT_SCORER, SCORERS
from tarjama.progress import terminal_bytes

F = TypeVar("F", bound=Callable[..., Any])


def reporter(message: str) -> None:
    """Print a note of the memory library on standard error."""
    note(message)


def memory_options(function: F) -> F:
    """``--memory FILE`` (repeatable), ``--source-lang``, ``--target-lang``, ``--scorer``."""
    options = [
        click.option("-m", "--memory", "memories", multiple=True, required=True,
                     metavar="FILE",
                     help="A memory: PO, TMX or an index from 'tarjama memory build' "
                          "(repeatable; earlier ones win ties)."),
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


@click.group("memory", cls=TarjamaGroup, epilog=examples(
    f"tarjama memory build {ARTICLE_PO} -o noonpost.tjmi",
    "tarjama memory info noonpost.tjmi",
))
def command() -> None:
    """Build or inspect translation-memory indexes.

    PO and TMX memories are indexed the first time they are used and the index is cached
    (see 'tarjama memory build --help'); an explicit index is a single file to share.
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
        click.echo(line)


@command.command("info", epilog=examples(
    "tarjama memory info noonpost.tjmi",
    f"tarjama memory info {ARTICLE_PO} --format json",
))
@click.argument("memories", nargs=-1, required=True, metavar="MEMORY...")
@format_option(["text", "json"], "text")
def info(memories: tuple[str, ...], fmt: str) -> None:
    """Show each memory's index: units, language pair, size and the files it was built from."""
    click.echo(describe_indexes(memories, fmt=fmt, report=reporter), nl=False)
