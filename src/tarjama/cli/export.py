"""``tarjama export``: PO catalogs of one source into a TMX 1.4b translation memory."""

from __future__ import annotations

import click

from tarjama.cli.params import ARTICLE_PO, LANGUAGE, examples, note, output_option, warn
from tarjama.exchange import export_po_files
from tarjama.formats.tmx import INVALID_CHAR_POLICIES, ExportStats, InvalidChars
from tarjama.progress import terminal


def _summary(stats: ExportStats) -> str:
    pair = f"{stats.source_lang} -> {', '.join(stats.languages)}"
    left_out = [
        f"{count} {what}"
        for count, what in (
            (stats.skipped_untranslated, "untranslated"),
            (stats.skipped_fuzzy, "fuzzy (use --include-fuzzy)"),
            (stats.skipped_obsolete, "obsolete"),
        )
        if count
    ]
    text = f"exported {stats.units} units ({pair}) from {stats.catalogs} catalog(s)"
    if stats.fuzzy_exported:
        text += f", {stats.fuzzy_exported} of them fuzzy (marked x-fuzzy)"
    if left_out:
        text += "; left out " + ", ".join(left_out)
    if stats.duplicates:
        text += f"; {stats.duplicates} duplicate translations written once"
    if stats.alternatives:
        text += f"; {stats.alternatives} alternative translations in extra units"
    if stats.invalid_chars:
        text += f"; {stats.invalid_chars} characters XML forbids were changed (--invalid-chars)"
    return text


@click.command("export", epilog=examples(
    f'tarjama export {ARTICLE_PO} -o noonpost.tmx',
))
@click.argument("catalogs", nargs=-1, required=True, metavar="PO...")
@output_option(help="Write the TMX to FILE ('-' for standard output).")
@click.option("--source-lang", type=LANGUAGE, default=None,
              help="Source language (default: X-Source-Language, else guessed from the msgids).")
@click.option("--target-lang", type=LANGUAGE, default=None,
              help="Target language (default: each catalog's Language header, else its "
                   "file name, else the script of its translations).")
@click.option("--include-fuzzy", is_flag=True,
              help="Export fuzzy translations too, marked with an x-fuzzy prop.")
@click.option("--invalid-chars", type=click.Choice(INVALID_CHAR_POLICIES), default="error",
              show_default=True,
              help="What to do with characters XML 1.0 forbids: fail naming the entry, strip "
                   "them, or replace them with U+FFFD.")
@click.option("--allow-empty", is_flag=True,
              help="Write a TMX even when no entry is translated (a template gives none).")
def command(catalogs: tuple[str, ...], output: str, source_lang: str | None,
            target_lang: str | None, include_fuzzy: bool, invalid_chars: InvalidChars,
            allow_empty: bool) -> None:
    """Export the translated entries of PO catalogs into one TMX 1.4b file.

    Catalogs of the same source in several languages give a multilingual TMX.
    """
    stats = export_po_files(
        catalogs, output, source_lang=source_lang, target_lang=target_lang,
        include_fuzzy=include_fuzzy, invalid_chars=invalid_chars,
        progress=terminal, allow_empty=allow_empty,
    )
    for warning in stats.warnings:
        warn(warning)
    note(_summary(stats))
