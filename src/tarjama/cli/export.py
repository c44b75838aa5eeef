"""``tarjama export``: catalogs of one source into a TMX 1.4b memory or an XLIFF 1.2/2.x file."""

from __future__ import annotations

import click

from tarjama.cli.params import ARTICLE_PO, LANGUAGE, examples, note, output_option, warn
from tarjama.exchange.files import export_files
from tarjama.formats import registry
from tarjama.formats.tmx import INVALID_CHAR_POLICIES, ExportStats, InvalidChars
from tarjama.formats.xliff import ExportStats as XliffStats
from tarjama.formats.xliff.v2 import VERSIONS
from tarjama.progress import terminal


def _xliff_summary(stats: XliffStats) -> str:
    pair = f"{stats.source_lang} -> {', '.join(stats.languages) or '?'}"
    kind = "XLIFF 2" if stats.format == "xliff2" else "XLIFF 1.2"
    text = (f"exported {stats.units} entries ({pair}) from {stats.catalogs} catalog(s) as "
            f"{kind}: {stats.translated} translated, {stats.fuzzy} fuzzy, "
            f"{stats.untranslated} untranslated")
    if stats.copied:
        text += f" ({stats.copied} with the source copied into the target)"
    if stats.skipped_obsolete:
        text += f"; left out {stats.skipped_obsolete} obsolete"
    if stats.invalid_chars:
        text += f"; {stats.invalid_chars} characters XML forbids were changed (--invalid-chars)"
    return text


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
    f'tarjama export {ARTICLE_PO} --copy-source -o noonpost.xlf',
    f'tarjama export {ARTICLE_PO} --format xliff2 -o noonpost.2.xlf',
))
@click.argument("catalogs", nargs=-1, required=True, metavar="CATALOG...")
@output_option(help="Write the TMX or XLIFF to FILE ('-' for standard output).")
@click.option("--format", "format_name", type=click.Choice(registry.names(writable=True)),
              default=None,
              help="What to write: tmx, xliff (1.2) or xliff2 (default: from the output's "
                   "suffix, .tmx or .xlf/.xliff; else tmx).")
@click.option("--copy-source", is_flag=True,
              help="XLIFF: pre-fill untranslated targets with the source, marked "
                   "needs-translation, for tools that translate the target (OmegaT).")
@click.option("--xliff-version", type=click.Choice(VERSIONS), default="2.0", show_default=True,
              help="The version an xliff2 export declares.")
@click.option("--source-lang", type=LANGUAGE, default=None,
              help="Source language (default: X-Source-Language, else guessed from the msgids).")
@click.option("--target-lang", type=LANGUAGE, default=None,
              help="Target language (default: each catalog's Language header, else its "
                   "file name, else the script of its translations).")
@click.option("--include-fuzzy", is_flag=True,
              help="TMX: export fuzzy translations too, marked with an x-fuzzy prop (XLIFF always "
                   "carries them, as needing review).")
@click.option("--invalid-chars", type=click.Choice(INVALID_CHAR_POLICIES), default="error",
              show_default=True,
              help="What to do with characters XML 1.0 forbids: fail naming the entry, strip "
                   "them, or replace them with U+FFFD.")
@click.option("--allow-empty", is_flag=True,
              help="Write a TMX even when no entry is translated (a template gives none).")
@click.option("--inline-codes", is_flag=True,
              help="Write placeholders (%s, {name}, %(n)d...) and tags (<b>, [b]) as TMX "
                   "level-2 inline codes (ph, bpt/ept, it) holding their original text, "
                   "instead of as text.")
def command(catalogs: tuple[str, ...], output: str, format_name: str | None, copy_source: bool,
            xliff_version: str, source_lang: str | None, target_lang: str | None,
            include_fuzzy: bool, invalid_chars: InvalidChars, allow_empty: bool,
            inline_codes: bool) -> None:
    """Export catalogs (PO, or any catalog or memory tarjama reads) into one TMX 1.4b
    memory of their translations, or one XLIFF 1.2 or 2.x file of all their entries.

    Catalogs of the same source in several languages give a multilingual TMX, or an XLIFF
    1.2 with one <file> per catalog.
    """
    stats = export_files(
        catalogs, output, format=format_name, source_lang=source_lang,
        target_lang=target_lang, include_fuzzy=include_fuzzy, invalid_chars=invalid_chars,
        copy_source=copy_source, xliff_version=xliff_version, progress=terminal,
        allow_empty=allow_empty, inline_codes=inline_codes,
    )
    for warning in stats.warnings:
        warn(warning)
    note(_xliff_summary(stats) if isinstance(stats, XliffStats) else _summary(stats))
