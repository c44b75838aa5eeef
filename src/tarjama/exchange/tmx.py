"""TMX files to and from PO files: the ``export`` and ``import`` commands as library calls.

The format's reader and writer (:mod:`tarjama.formats.tmx`) know TMX; this module reads and
writes the files around them: PO catalogs in, one TMX out; TMX files in, one PO catalog out
(plural forms joined, repeated sources kept once, alternatives noted).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from tarjama.bulk import collector_paused
from tarjama.errors import UsageError
from tarjama.fileio import STDIO, check_not_input
from tarjama.formats.po import new_header, read_catalogs, refuse_empty, write_po
from tarjama.formats.tmx import (
    ExportStats,
    InvalidChars,
    canonical_tag,
    fold_plural_form,
    iter_tmx,
    parse_tmx_date,
    resolve_pair,
    write_tmx,
)
from tarjama.formats.tmx.props import PROP_PLURAL_FORM
from tarjama.model import Catalog, Unit
from tarjama.progress import ByteProgress, Progress, quiet_bytes


def export_po_files(
    paths: Sequence[str | Path],
    output: str | Path,
    *,
    source_lang: str | None = None,
    target_lang: str | None = None,
    include_fuzzy: bool = False,
    invalid_chars: InvalidChars = "error",
    progress: Progress | None = None,
    allow_empty: bool = False,
    inline_codes: bool = False,
) -> ExportStats:
    """Read PO files and write their translations as one TMX (see :func:`write_tmx`);
    ``output`` may not be one of ``paths``. Catalogs with nothing to export (templates) are
    a :class:`UsageError` unless ``allow_empty``: an empty memory is rarely what was meant."""
    check_not_input(output, paths)
    with collector_paused():
        catalogs = read_catalogs(paths)
        if not allow_empty:
            refuse_nothing_to_export(catalogs, include_fuzzy)
        for catalog in catalogs:
            refuse_empty(catalog, catalog.path or "<catalog>")
        return write_tmx(catalogs, output, source_lang=source_lang, target_lang=target_lang,
                         include_fuzzy=include_fuzzy, invalid_chars=invalid_chars,
                         progress=progress, inline_codes=inline_codes)


def refuse_nothing_to_export(catalogs: Sequence[Catalog], include_fuzzy: bool) -> None:
    active = [unit for catalog in catalogs for unit in catalog.units if not unit.obsolete]
    if any(unit.is_translated and (include_fuzzy or not unit.fuzzy) for unit in active):
        return
    fuzzy = sum(1 for unit in active if unit.fuzzy and unit.is_translated)
    why = (f"{fuzzy} fuzzy (use --include-fuzzy), {len(active) - fuzzy} untranslated"
           if fuzzy else f"all {len(active)} entries are untranslated (a template?)")
    raise UsageError(f"nothing to export: no translated entry ({why}); use --allow-empty "
                     "to write an empty TMX anyway",
                     path=catalogs[0].path if len(catalogs) == 1 else None)



def total_bytes(paths: Sequence[str | Path]) -> int | None:
    """The size of the files together; None when one is standard input or cannot be read."""
    total = 0
    for path in paths:
        if str(path) == STDIO:
            return None
        try:
            total += Path(path).stat().st_size
        except OSError:
            return None
    return total


@dataclass
class ImportStats:
    """What :func:`read_tmxs` kept, merged and left out."""

    source_lang: str = ""
    target_lang: str = ""
    units: int = 0  # PO entries made
    tus: int = 0  # tu elements read into them
    plurals: int = 0
    duplicates: int = 0  # same source, same translation: kept once
    alternatives: int = 0  # same source, another translation: noted on the first
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def read_tmxs(
    paths: Sequence[str | Path],
    *,
    source_lang: str | None = None,
    target_lang: str | None = None,
    progress: ByteProgress | None = None,
) -> tuple[Catalog, ImportStats]:
    """Read the units of one language pair from TMX files into one PO-ready catalog.

    Plural forms written by tarjama are joined back into plural entries; a (context, source)
    met again keeps its first translation, and a different later translation is noted in the
    entry's translator comment as an alternative. The catalog gets a fresh PO header.
    ``progress(total_bytes, label=...)`` gives the function told of each chunk read
    (:mod:`tarjama.progress`).
    """
    stats = ImportStats()
    catalog = Catalog()
    seen: dict[tuple[str | None, str], Unit] = {}
    plural_groups: dict[tuple[str | None, str, str], Unit] = {}
    latest: datetime | None = None
    pair: tuple[str, str] | None = None
    wrap = progress or quiet_bytes
    with wrap(total_bytes(paths), label="Importing") as advance:
        for path in paths:
            for unit in iter_tmx(path, source_lang=source_lang, target_lang=target_lang,
                                 on_skip=stats.skipped.append, on_warning=stats.warnings.append,
                                 on_read=advance):
                this_pair = (unit.source_lang or "", unit.target_lang or "")
                if pair is None:
                    pair = this_pair
                elif this_pair != pair:
                    raise UsageError(
                        f"its language pair {this_pair[0]}->{this_pair[1]} differs from "
                        f"{pair[0]}->{pair[1]} of the files before it (use --source-lang and "
                        "--target-lang)",
                        path=path,
                    )
                stats.tus += 1
                moment = parse_tmx_date(unit.properties.get("changedate")) or parse_tmx_date(
                    unit.properties.get("creationdate"))
                if moment is not None and (latest is None or moment > latest):
                    latest = moment
                form_text = unit.properties.get(PROP_PLURAL_FORM)
                if form_text is not None and form_text.isdigit():
                    merged = fold_plural_form(unit, plural_groups, int(form_text))
                    if merged is None:
                        continue
                    unit = merged
                    stats.plurals += 1
                kept = seen.get(unit.key)
                if kept is not None:
                    if kept.targets == unit.targets:
                        stats.duplicates += 1
                    else:
                        stats.alternatives += 1
                        alternative = " | ".join(unit.targets)
                        note = f"alternative translation ({path}:{unit.line}): {alternative}"
                        kept.translator_notes = "\n".join(filter(None, [kept.translator_notes,
                                                                        note]))
                    continue
                seen[unit.key] = unit
                catalog.units.append(unit)
    if pair is None:
        # Nothing read: still name the pair if it can be told, for the header.
        first = paths[0] if paths else "-"
        codes = resolve_pair(first, source_lang, target_lang)
        pair = (canonical_tag(codes[0], first, "source language"),
                canonical_tag(codes[1], first, "target language"))
    stats.source_lang, stats.target_lang = pair
    stats.units = len(catalog.units)
    catalog.source_lang, catalog.target_lang = pair
    catalog.header = new_header(source_lang=pair[0], target_lang=pair[1])
    if latest is not None:
        catalog.header["PO-Revision-Date"] = latest.strftime("%Y-%m-%d %H:%M+0000")
    return catalog, stats


def import_tmx_files(
    paths: Sequence[str | Path],
    output: str | Path,
    *,
    source_lang: str | None = None,
    target_lang: str | None = None,
    progress: ByteProgress | None = None,
) -> ImportStats:
    """Read one language pair of TMX files (see :func:`read_tmxs`) and write it as a PO
    file; ``output`` may not be one of ``paths``, and is not touched if reading fails."""
    check_not_input(output, paths)
    with collector_paused():
        catalog, stats = read_tmxs(paths, source_lang=source_lang, target_lang=target_lang,
                                   progress=progress)
        write_po(catalog, output)
    return stats


def read_tmx(
    path: str | Path,
    *,
    source_lang: str | None = None,
    target_lang: str | None = None,
) -> Catalog:
    """The units of one language pair of a TMX file as a catalog (see :func:`read_tmxs`)."""
    catalog, _ = read_tmxs([path], source_lang=source_lang, target_lang=target_lang)
    catalog.path = str(path)
    return catalog


__all__ = [
    "ImportStats",
    "export_po_files",
    "import_tmx_files",
    "read_tmx",
    "read_tmxs",
    "refuse_nothing_to_export",
]
