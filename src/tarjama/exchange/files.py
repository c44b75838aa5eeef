"""Export and import: catalogs out to a memory or exchange file (TMX, XLIFF 1.2, XLIFF 2.x)
and such files back into one PO catalog, the format chosen through the registry.
"""

from __future__ import annotations

import hashlib
import struct
from array import array
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

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
from tarjama.formats.po import PoSpool, new_header, refuse_empty, stream_po
from tarjama.formats.tmx import write_tmx
from tarjama.formats.xliff import ReadStats, stream_xliff
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
        if fmt.name != "tmx":
            return _export_xliff(paths, output, fmt, include_fuzzy=include_fuzzy,
                                 source_lang=source_lang, target_lang=target_lang,
                                 copy_source=copy_source, invalid_chars=invalid_chars,
                                 xliff_version=xliff_version, progress=progress)
        catalogs = [refuse_empty(registry.read_bilingual(path, source_lang=source_lang,
                                                         target_lang=target_lang), path)
                    for path in paths]
        if not allow_empty:
            refuse_nothing_to_export(catalogs, include_fuzzy)
        return write_tmx(catalogs, output, source_lang=source_lang, target_lang=target_lang,
                         include_fuzzy=include_fuzzy, invalid_chars=invalid_chars,
                         progress=progress, inline_codes=inline_codes)


def _export_xliff(paths: Sequence[str | Path], output: str | Path, fmt: registry.Format, *,
                  include_fuzzy: bool, xliff_version: str, **options: Any) -> Any:
    """Write catalogs as XLIFF 1.2 or 2.x, each PO read as it is written (flat memory:
    the writer takes each catalog's header and first units, then the rest as they come)."""
    if include_fuzzy:
        warn("--include-fuzzy changes nothing for XLIFF: every entry goes out with its "
             "state (fuzzy ones as needing review)")
    catalogs: list[Catalog] = []
    units: list[Iterable[Unit]] = []
    for path in paths:
        entries: Iterable[Unit]
        if registry.detect(path).name == "po":
            stream = stream_po(path)
            catalog, entries = stream.catalog, stream.units()
        else:
            catalog = registry.read_bilingual(path, source_lang=options["source_lang"],
                                              target_lang=options["target_lang"])
            entries = catalog.units
        catalogs.append(refuse_empty(catalog, path))
        units.append(entries)
    if fmt.name == "xliff2":
        options["version"] = xliff_version
    assert fmt.write is not None
    return fmt.write(catalogs, output, units=units, **options)


class _Sink(Protocol):
    """Where merged entries go: a catalog in memory or a PO file written as they come."""

    def add(self, unit: Unit) -> int: ...

    def note(self, index: int, text: str) -> None: ...


class _CatalogSink:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    def add(self, unit: Unit) -> int:
        self.catalog.units.append(unit)
        return len(self.catalog.units) - 1

    def note(self, index: int, text: str) -> None:
        kept = self.catalog.units[index]
        kept.translator_notes = "\n".join(filter(None, [kept.translator_notes, text]))


def _digest(*texts: str | None) -> bytes:
    """A 16-byte digest of a tuple of texts (None told apart from "")."""
    parts = ("\x00" if text is None else "\x01" + text for text in texts)
    return hashlib.blake2b("\x02".join(parts).encode("utf-8", "surrogatepass"),
                           digest_size=16).digest()


_HALVES = struct.Struct(">QQ")


class DigestTable:
    """16-byte digests -> (entry number, 64-bit value), in flat arrays: open addressing with
    linear probing, at most four fifths full, 28 bytes a slot (a dict of Python objects
    takes about 150 bytes an entry). What an import keeps of each distinct source."""

    def __init__(self, capacity: int = 1 << 16) -> None:
        self.size = 0
        self._allocate(capacity)

    def _allocate(self, capacity: int) -> None:
        self._mask = capacity - 1  # a power of two
        self._limit = capacity * 4 // 5
        self._high = array("Q", bytes(8 * capacity))
        self._low = array("Q", bytes(8 * capacity))  # high and low both 0: an empty slot
        self._entry = array("I", bytes(4 * capacity))
        self._value = array("Q", bytes(8 * capacity))

    def setdefault(self, key: bytes, value: int) -> tuple[int, int] | None:
        """The entry number and value stored under ``key``; else None, once ``value`` is
        stored under it with the next entry number (the number of keys before it)."""
        if self.size >= self._limit:
            self._grow()
        high, low = _HALVES.unpack(key)
        if not (high or low):
            low = 1  # all zeros marks an empty slot
        highs, lows, mask = self._high, self._low, self._mask
        slot = low & mask
        while True:
            found = highs[slot]
            if found == high and lows[slot] == low:
                return self._entry[slot], self._value[slot]
            if not found and not lows[slot]:
                break
            slot = (slot + 1) & mask
        highs[slot], lows[slot] = high, low
        self._entry[slot], self._value[slot] = self.size, value
        self.size += 1
        return None

    def _grow(self) -> None:
        old = self._high, self._low, self._entry, self._value
        self._allocate(2 * len(self._high))
        highs, lows, mask = self._high, self._low, self._mask
        for high, low, entry, value in zip(*old, strict=True):
            if high or low:
                slot = low & mask
                while highs[slot] or lows[slot]:
                    slot = (slot + 1) & mask
                highs[slot], lows[slot] = high, low
                self._entry[slot], self._value[slot] = entry, value


class _Merger:
    """Entries merged by (context, source) into a sink: the same translation met again is
    a duplicate, another one an alternative noted on the first. Only digests of what was
    seen are kept, so an import written as it goes holds no entry: per distinct entry a
    16-byte digest of its (context, source), its entry number and a hash of its
    translations, about 30 bytes in a :class:`DigestTable`."""

    def __init__(self, sink: _Sink, stats: ImportStats) -> None:
        self.sink = sink
        self.stats = stats
        self.seen = DigestTable()

    def add(self, unit: Unit, path: str | Path) -> None:
        targets = unit.targets
        # Only told apart within this run: Python's own hash is enough (64 bits).
        translations = hash(tuple(targets)) & _LOW_64
        kept = self.seen.setdefault(_digest(unit.context, unit.source), translations)
        stats = self.stats
        if kept is None:
            self.sink.add(unit)  # numbered as the table numbered it: in the order they come
            stats.units += 1
            if unit.is_plural:
                stats.plurals += 1
            return
        if kept[1] == translations or not any(targets):
            stats.duplicates += 1
            return
        stats.alternatives += 1
        self.sink.note(kept[0], f"alternative translation ({path}:{unit.line}): "
                                f"{' | '.join(targets)}")


_LOW_64 = (1 << 64) - 1


def _open_one(path: str | Path, fmt: registry.Format, source_lang: str | None,
              target_lang: str | None, stats: ImportStats) -> tuple[Catalog, Iterator[Unit]]:
    """A file's header and first units as a catalog (enough to tell its languages), and
    all its units as they are read (XLIFF and PO stream; other formats are read whole)."""
    if fmt.name in ("xliff", "xliff2"):
        # The reader's skips and warnings go straight into the import's.
        read = ReadStats(skipped=stats.skipped, warnings=stats.warnings)
        xliff = stream_xliff(path, source_lang=source_lang, target_lang=target_lang,
                             stats=read)
        return xliff.catalog, xliff.units()
    if fmt.name == "po":
        po = stream_po(path)
        return po.catalog, po.units()
    catalog = registry.read_bilingual(path, format=fmt.name, source_lang=source_lang,
                                      target_lang=target_lang)
    return catalog, iter(catalog.units)


def _merge_files(
    paths: Sequence[str | Path],
    sink: _Sink,
    *,
    format: str | None,
    source_lang: str | None,
    target_lang: str | None,
) -> tuple[Catalog, ImportStats]:
    """Merge the entries of the files into ``sink``; the catalog whose header the result
    takes (the first file's, if it has one, else a fresh one) and the statistics."""
    stats = ImportStats()
    merger = _Merger(sink, stats)
    first: Catalog | None = None
    for path in paths:
        catalog, units = _open_one(path, registry.detect(path, format), source_lang,
                                   target_lang, stats)
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
        for unit in units:
            if unit.obsolete:
                continue
            stats.tus += 1
            merger.add(unit, path)
    header = Catalog(source_lang=stats.source_lang, target_lang=stats.target_lang)
    if first is not None and first.header:
        header.header = dict(first.header)
        header.header_comment = first.header_comment
        header.header_flags = list(first.header_flags)
    else:
        header.header = new_header(source_lang=stats.source_lang,
                                   target_lang=stats.target_lang)
    return header, stats


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
    units: list[Unit] = []
    merged, stats = _merge_files(paths, _CatalogSink(Catalog(units=units)), format=format,
                                 source_lang=source_lang, target_lang=target_lang)
    merged.units = units
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
    importer) and write one PO catalog; ``output`` is not touched if reading fails.

    The entries are written as they are read (:class:`tarjama.formats.po.PoSpool`): memory
    stays flat whatever the size of the files, but for a digest per distinct source."""
    check_not_input(output, paths)
    if all(registry.detect(path, format).name == "tmx" for path in paths):
        return import_tmx_files(paths, output, source_lang=source_lang,
                                target_lang=target_lang, progress=progress)
    with collector_paused(), PoSpool() as spool:
        header, stats = _merge_files(paths, spool, format=format, source_lang=source_lang,
                                     target_lang=target_lang)
        spool.write(header, output)
    return stats


__all__ = ["export_files", "import_files", "read_files"]
