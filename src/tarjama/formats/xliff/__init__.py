"""XLIFF 1.2 and 2.x to and from the unit model (see :mod:`.v12`, :mod:`.v2` and
docs/xliff.md for the mapping): readers that take any tool's files, writers CAT tools load.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tarjama.catalog_languages import SAMPLE_UNITS
from tarjama.errors import FormatError, UsageError
from tarjama.fileio import STDIO, read_bytes, reading
from tarjama.formats.xliff.common import ExportStats, ReadStats, sniff_version
from tarjama.formats.xliff.v2 import iter_xliff2, write_xliff2
from tarjama.formats.xliff.v12 import FileInfo, iter_xliff12, write_xliff12
from tarjama.languages import primary_subtag
from tarjama.model import Catalog, Unit

HEAD_BYTES = 4096


def xliff_version(path: str | Path) -> str | None:
    """``"1"`` or ``"2"`` for an XLIFF file's major version, None if it is not XLIFF."""
    if str(path) == STDIO:
        return sniff_version(read_bytes(path)[:HEAD_BYTES])
    with reading(path), Path(path).open("rb") as handle:
        return sniff_version(handle.read(HEAD_BYTES))


def iter_xliff(path: str | Path, stats: ReadStats | None = None,
               on_read: Callable[[int], None] | None = None) -> Iterator[tuple[FileInfo, Unit]]:
    """The entries of an XLIFF file of either major version, with their ``<file>``."""
    version = xliff_version(path)
    if version is None:
        raise FormatError("not an XLIFF file: no <xliff> root element", path=path, line=1)
    if version == "2":
        return iter_xliff2(path, stats, on_read)
    return iter_xliff12(path, stats, on_read)


def _matches(lang: str | None, wanted: str | None) -> bool:
    if wanted is None or lang is None:
        return True
    return lang.lower() == wanted.lower() or primary_subtag(lang) == primary_subtag(wanted)


@dataclass
class XliffStream:
    """An XLIFF file being read: its PO header, languages and first units in ``catalog``
    (enough to tell its languages), the units after them in ``rest``, read as consumed."""

    catalog: Catalog
    rest: Iterator[Unit]

    def units(self) -> Iterator[Unit]:
        """Every unit, in file order (once: the rest is read as it goes)."""
        yield from self.catalog.units
        yield from self.rest


class _Selection:
    """The units of one language pair, and the target languages met on the way."""

    def __init__(self, path: str | Path, source_lang: str | None,
                 target_lang: str | None) -> None:
        self.path = path
        self.source_lang = source_lang
        self.target_lang = target_lang
        self.targets: dict[str, str] = {}
        self.first: FileInfo | None = None

    def units(self, entries: Iterator[tuple[FileInfo, Unit]]) -> Iterator[Unit]:
        for info, unit in entries:
            if not (_matches(info.target_lang, self.target_lang)
                    and _matches(info.source_lang, self.source_lang)):
                continue
            if self.first is None:
                self.first = info
            if info.target_lang and info.target_lang.lower() not in self.targets:
                self.targets[info.target_lang.lower()] = info.target_lang
                if len(self.targets) > 1:
                    raise UsageError(
                        f"its files are in several target languages "
                        f"({', '.join(self.targets.values())}); give --target-lang to pick "
                        "one", path=self.path)
            yield unit

    def describe(self, catalog: Catalog) -> None:
        """The header and languages of the first file read into ``catalog``."""
        first = self.first
        if first is None:
            return
        catalog.header = dict(first.header)
        catalog.header_comment = first.header_comment
        catalog.header_flags = list(first.header_flags)
        catalog.source_lang = self.source_lang or first.source_lang
        catalog.target_lang = self.target_lang or next(iter(self.targets.values()), None)


def stream_xliff(
    path: str | Path,
    *,
    source_lang: str | None = None,
    target_lang: str | None = None,
    stats: ReadStats | None = None,
    on_read: Callable[[int], None] | None = None,
    sample: int = SAMPLE_UNITS,
) -> XliffStream:
    """Read an XLIFF file as :func:`read_xliff` does, but unit by unit: memory stays flat
    whatever its size. The header and the first ``sample`` units are read at once (the
    languages are told from them, as :func:`tarjama.catalog_languages.catalog_languages`
    tells them from a catalog's first units); a second target language met later is a
    :class:`UsageError` when it is met."""
    stats = stats if stats is not None else ReadStats()
    selection = _Selection(path, source_lang, target_lang)
    units = selection.units(iter_xliff(path, stats, on_read))
    catalog = Catalog(path=str(path), units=list(itertools.islice(units, sample)))
    selection.describe(catalog)
    return XliffStream(catalog, units)


def read_xliff(
    path: str | Path,
    *,
    source_lang: str | None = None,
    target_lang: str | None = None,
    stats: ReadStats | None = None,
    on_read: Callable[[int], None] | None = None,
) -> Catalog:
    """The entries of an XLIFF file (every ``<file>`` in it) as one catalog.

    Files in another target language than ``target_lang`` are left out; without
    ``target_lang``, files in several target languages are a :class:`UsageError` that
    lists them. The header is the PO header our export kept, if any (else empty: the
    importer makes one). Warnings and skipped units are in ``stats``.
    """
    stats = stats if stats is not None else ReadStats()
    selection = _Selection(path, source_lang, target_lang)
    catalog = Catalog(path=str(path))
    catalog.units.extend(selection.units(iter_xliff(path, stats, on_read)))
    selection.describe(catalog)
    return catalog


__all__ = [
    "ExportStats",
    "FileInfo",
    "ReadStats",
    "XliffStream",
    "iter_xliff",
    "read_xliff",
    "stream_xliff",
    "write_xliff2",
    "write_xliff12",
    "xliff_version",
]
