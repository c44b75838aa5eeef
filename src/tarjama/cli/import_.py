"""``tarjama import``: the units of one language pair of TMX or XLIFF files into a PO catalog."""

from __future__ import annotations

import click

from tarjama.cli.params import LANGUAGE, examples, note, output_option, warn
from tarjama.exchange import ImportStats
from tarjama.exchange.files import import_files
from tarjama.formats import registry
from tarjama.progress import terminal_bytes

# Skipped units are listed one by one up to this many, then counted.
SHOWN_SKIPS = 10


def _report(stats: ImportStats) -> None:
    for warning in stats.warnings:
        warn(warning)
    for message in stats.skipped[:SHOWN_SKIPS]:
        note(f"skipped: {message}")
    if len(stats.skipped) > SHOWN_SKIPS:
        note(f"skipped: ... and {len(stats.skipped) - SHOWN_SKIPS} more")
    text = (f"imported {stats.units} entries ({stats.source_lang} -> "
            f"{stats.target_lang}) from {stats.tus} units")
    if stats.plurals:
        text += f", {stats.plurals} of them plural"
    if stats.duplicates:
        text += f"; {stats.duplicates} duplicate units kept once"
    if stats.alternatives:
        text += (f"; {stats.alternatives} other translations of an already seen source noted "
                 "as alternatives in translator comments")
    note(text)


@click.command("import", epilog=examples(
    'tarjama import noonpost.tmx -o noonpost.back.po',
    'tarjama import noonpost.xlf -o noonpost.xlf.po',
))
@click.argument("memories", nargs=-1, required=True, metavar="FILE...")
@output_option(help="Write the PO to FILE ('-' for standard output).")
@click.option("--format", "format_name",
              type=click.Choice(registry.names(bilingual=True)), default=None,
              help="The input's format (default: from each file's suffix, else its content).")
@click.option("--source-lang", type=LANGUAGE, default=None,
              help="Source language to read (default: the header's srclang, XLIFF's "
                   "source-language).")
@click.option("--target-lang", type=LANGUAGE, default=None,
              help="Target language to read (default: the file's one other language).")
def command(memories: tuple[str, ...], output: str, format_name: str | None,
            source_lang: str | None, target_lang: str | None) -> None:
    """Read one language pair out of TMX 1.1-1.4b, XLIFF 1.x/2.x or PO files into one PO
    catalog (XLIFF states: translated, fuzzy for needs-review, untranslated)."""
    stats = import_files(memories, output, format=format_name, source_lang=source_lang,
                         target_lang=target_lang, progress=terminal_bytes)
    _report(stats)
