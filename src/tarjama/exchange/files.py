"""Export and import: catalogs out to a memory or exchange file (TMX, XLIFF 1.2, XLIFF 2.x)
and such files back into one PO catalog, the format chosen through the registry.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tarjama.bulk import collector_paused
from tarjama.catalog_languages import catalog_languages
from tarjama.errors import UsageError, warn
from tarjama.exchange.tmx import (
    ImportStats,
    export_po_files,
    import_tmx_files,
    refuse_nothing_to_export,
)
from tarjama.fileio import check_not_input
from tarjama.formats import registry
from tarjama.formats.po import new_header, read_po, refuse_empty, write_po
from tarjama.formats.tmx import write_tmx
from tarjama.formats.xliff import ReadStats, read_xliff
from tarjama.model import Catalog, Unit
from tarjama.progress import ByteProgress, Progress


def export_files(
    paths: Sequence[str | Path],
    output: str | Path,
    *,
    format: str | None = None,
    source_lang: str | None = None,
    target_lang: str | None = None,
    include_fuzzy: bool = False,
    invalid_chars: Any = "error",
    copy_source: bool = False,
    xliff_version: str = "2.0",
    progress: Progress | None = None,
    allow_empty: bool = False,
    inline_codes: bool = False,
) -> Any:
    """Write catalogs (any bilingual format the registry reads) as one TMX, XLIFF 1.2 or
    XLIFF 2.x file: ``format`` names it, else the output's suffix does (``.tmx``, ``.xlf``),
    else TMX. ``inline_codes`` writes placeholders and tags as TMX inline codes
    (:mod:`tarjama.formats.inline`). Returns the writer's statistics."""
    fmt = registry.output_format(output, format)
    if fmt.name not in ("tmx", "xliff", "xliff2"):
        raise UsageError(f"export writes TMX or XLIFF, not {fmt.title} (use --format)")
    check_not_input(output, paths)
    if fmt.name == "tmx":
        if copy_source:
            raise UsageError("--copy-source is for XLIFF: a TMX holds translations only")
    elif inline_codes:
        raise UsageError("--inline-codes is for TMX (the XLIFF writers decide their own)")
    if fmt.name == "tmx" and all(registry.detect(path).name == "po" for path in paths):
        return export_po_files(paths, output, source_lang=source_lang, target_lang=target_lang,
                               include_fuzzy=include_fuzzy, invalid_chars=invalid_chars,
                               progress=progress, allow_empty=allow_empty,
                               inline_codes=inline_codes)
    with collector_paused():
        catalogs = [refuse_empty(registry.read_bilingual(path, source_lang=source_lang,
                                                         target_lang=target_lang), path)
                    for path in paths]
        if fmt.name == "tmx":
            if not allow_empty:
                refuse_nothing_to_export(catalogs, include_fuzzy)
            return write_tmx(catalogs, output, source_lang=source_lang,
                             target_lang=target_lang, include_fuzzy=include_fuzzy,
                             invalid_chars=invalid_chars, progress=progress,
                             inline_codes=inline_codes)
        if include_fuzzy:
            warn("--include-fuzzy changes nothing for XLIFF: every entry goes out with its "
                 "state (fuzzy ones as needing review)")
        options: dict[str, Any] = {"source_lang": source_lang, "target_lang": target_lang,
                                   "copy_source": copy_source, "invalid_chars": invalid_chars,
                                   "progress": progress}
        if fmt.name == "xliff2":
            options["version"] = xliff_version
        assert fmt.write is not None
        return fmt.write(catalogs, output, **options)


def _merge(unit: Unit, path: str | Path, seen: dict[tuple[str | None, str], Unit],
           catalog: Catalog, stats: ImportStats) -> None:
    """Add ``unit`` to ``catalog`` unless its (context, source) is there: then the same
    translation is a duplicate, another one an alternative noted on the first."""
    kept = seen.get(unit.key)
    if kept is None:
        seen[unit.key] = unit
        catalog.units.append(unit)
        if unit.is_plural:
            stats.plurals += 1
        return
    if kept.targets == unit.targets or not any(unit.targets):
        stats.duplicates += 1
        return
    stats.alternatives += 1
    note = f"alternative translation ({path}:{unit.line}): {' | '.join(unit.targets)}"
    kept.translator_notes = "\n".join(filter(None, [kept.translator_notes, note]))


def _read_one(path: str | Path, fmt: registry.Format, source_lang: str | None,
              target_lang: str | None, stats: ImportStats) -> Catalog:
    if fmt.name in ("xliff", "xliff2"):
        read = ReadStats()
        catalog = read_xliff(path, source_lang=source_lang, target_lang=target_lang,
                             stats=read)
        stats.skipped.extend(read.skipped)
        stats.warnings.extend(read.warnings)
        return catalog
    if fmt.name == "po":
        return read_po(path)
    return registry.read_bilingual(path, format=fmt.name, source_lang=source_lang,
                                   target_lang=target_lang)


def read_files(
    paths: Sequence[str | Path],
    *,
    format: str | None = None,
    source_lang: str | None = None,
    target_lang: str | None = None,
) -> tuple[Catalog, ImportStats]:
    """Read catalogs and memories of any registered bilingual format into one PO-ready
    catalog of one language pair; the first file's PO header is kept when it has one (our
    own XLIFF keeps it), else a fresh one is made."""
    stats = ImportStats()
    merged = Catalog()
    seen: dict[tuple[str | None, str], Unit] = {}
    first: Catalog | None = None
    for path in paths:
        catalog = _read_one(path, registry.detect(path, format), source_lang, target_lang,
                            stats)
        first = first or catalog
        languages = catalog_languages(catalog, source_lang=source_lang,
                                      target_lang=target_lang)
        stats.warnings.extend(languages.warnings)
        pair = (languages.source, languages.require_target(str(path)))
        if stats.source_lang and (stats.source_lang, stats.target_lang) != pair:
            raise UsageError(
                f"its language pair {pair[0]}->{pair[1]} differs from {stats.source_lang}->"
                f"{stats.target_lang} of the files before it (use --source-lang and "
                "--target-lang)", path=path)
        stats.source_lang, stats.target_lang = pair
        for unit in catalog.units:
            if unit.obsolete:
                continue
            stats.tus += 1
            _merge(unit, path, seen, merged, stats)
    stats.units = len(merged.units)
    merged.source_lang, merged.target_lang = stats.source_lang, stats.target_lang
    if first is not None and first.header:
        merged.header = dict(first.header)
        merged.header_comment = first.header_comment
        merged.header_flags = list(first.header_flags)
    else:
        merged.header = new_header(source_lang=stats.source_lang,
                                   target_lang=stats.target_lang)
    return merged, stats


def import_files(
    paths: Sequence[str | Path],
    output: str | Path,
    *,
    format: str | None = None,
    source_lang: str | None = None,
    target_lang: str | None = None,
    progress: ByteProgress | None = None,
) -> ImportStats:
    """Read TMX, XLIFF or PO files (see :func:`read_files`; TMX alone keeps its own
    importer) and write one PO catalog; ``output`` is not touched if reading fails."""
    check_not_input(output, paths)
    if all(registry.detect(path, format).name == "tmx" for path in paths):
        return import_tmx_files(paths, output, source_lang=source_lang,
                                target_lang=target_lang, progress=progress)
    with collector_paused():
        catalog, stats = read_files(paths, format=format, source_lang=source_lang,
                                    target_lang=target_lang)
        write_po(catalog, output)
    return stats


__all__ = ["export_files", "import_files", "read_files"]
