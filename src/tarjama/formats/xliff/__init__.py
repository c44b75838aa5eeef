"""XLIFF 1.2 and 2.x to and from the unit model (see :mod:`.v12`, :mod:`.v2` and
docs/xliff.md for the mapping): readers that take any tool's files, writers CAT tools load.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

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
    catalog = Catalog(path=str(path))
    targets: dict[str, str] = {}
    first: FileInfo | None = None
    for info, unit in iter_xliff(path, stats, on_read):
        if not (_matches(info.target_lang, target_lang)
                and _matches(info.source_lang, source_lang)):
            continue
        if first is None:
            first = info
        if info.target_lang:
            targets.setdefault(info.target_lang.lower(), info.target_lang)
        catalog.units.append(unit)
    if len(targets) > 1:
        raise UsageError(
            f"its files are in several target languages ({', '.join(targets.values())}); "
            "give --target-lang to pick one", path=path)
    if first is not None:
        catalog.header = dict(first.header)
        catalog.header_comment = first.header_comment
        catalog.header_flags = list(first.header_flags)
        catalog.source_lang = source_lang or first.source_lang
        catalog.target_lang = target_lang or next(iter(targets.values()), None)
    return catalog


__all__ = [
    "ExportStats",
    "FileInfo",
    "ReadStats",
    "iter_xliff",
    "read_xliff",
    "write_xliff2",
    "write_xliff12",
    "xliff_version",
]
