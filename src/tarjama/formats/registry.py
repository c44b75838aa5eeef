"""The one registry of file formats: name, suffixes, reader, writer and content sniffing.

Commands never test suffixes themselves: they ask :func:`detect` which format a file is in
(``--format`` first, then the suffix, then the content when the suffix is ambiguous or
missing), :func:`read_catalog` for its entries, and :func:`output_format` for what to write.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tarjama.errors import UsageError
from tarjama.fileio import STDIO, head_bytes
from tarjama.model import Catalog, Unit

HEAD_BYTES = 4096
_PO_RE = re.compile(rb"^(?:msgctxt|msgid)\s+\"", re.M)


def _read_po(path: str, **languages: str | None) -> Catalog:
    from tarjama.formats.po import read_po

    return read_po(path)


def _read_tmx(path: str, **languages: str | None) -> Catalog:
    """The units of one language pair of a TMX, plural forms tarjama wrote folded back into
    their entries (the importer, :mod:`tarjama.exchange.tmx`, also merges and dates)."""
    from tarjama.formats.tmx import PROP_PLURAL_FORM, fold_plural_form, iter_tmx

    catalog = Catalog(path=path)
    groups: dict[tuple[str | None, str, str], Unit] = {}
    for unit in iter_tmx(path, source_lang=languages.get("source_lang"),
                         target_lang=languages.get("target_lang")):
        form = unit.properties.get(PROP_PLURAL_FORM)
        if form is not None and form.isdigit():
            folded = fold_plural_form(unit, groups, int(form))
            if folded is None:
                continue
            unit = folded
        catalog.source_lang = catalog.source_lang or unit.source_lang
        catalog.target_lang = catalog.target_lang or unit.target_lang
        catalog.units.append(unit)
    return catalog


def _read_xliff(path: str, **languages: str | None) -> Catalog:
    from tarjama.formats.xliff import read_xliff

    return read_xliff(path, source_lang=languages.get("source_lang"),
                      target_lang=languages.get("target_lang"))


def _read_text(path: str, **languages: str | None) -> Catalog:
    from tarjama.fileio import read_text
    from tarjama.formats.text import presegmented_catalog

    return presegmented_catalog(read_text(path, refuse_nul=True),
                                lang=languages.get("source_lang"), path=path)


def _write_tmx(catalogs: list[Catalog], output: str, **options: Any) -> Any:
    from tarjama.formats.tmx import write_tmx

    return write_tmx(catalogs, output, **options)


def _write_xliff12(catalogs: list[Catalog], output: str, **options: Any) -> Any:
    from tarjama.formats.xliff import write_xliff12

    return write_xliff12(catalogs, output, **options)


def _write_xliff2(catalogs: list[Catalog], output: str, **options: Any) -> Any:
    from tarjama.formats.xliff import write_xliff2

    return write_xliff2(catalogs, output, **options)


def _sniff_xliff(version: str) -> Callable[[bytes], bool]:
    def sniff(head: bytes) -> bool:
        from tarjama.formats.xliff.common import sniff_version

        return sniff_version(head) == version
    return sniff


def _sniff_tmx(head: bytes) -> bool:
    return re.search(rb"<tmx\b", head.replace(b"\x00", b"")) is not None


def _sniff_po(head: bytes) -> bool:
    return _PO_RE.search(head) is not None and re.search(rb"^msgstr", head, re.M) is not None


@dataclass(frozen=True)
class Format:
    """A file format tarjama reads and/or writes."""

    name: str
    title: str
    suffixes: tuple[str, ...]
    sniff: Callable[[bytes], bool]
    read: Callable[..., Catalog] | None = None
    write: Callable[..., Any] | None = None
    bilingual: bool = True
    # A TMX may hold many languages: what is read depends on the pair asked for.
    multilingual: bool = False


FORMATS: dict[str, Format] = {
    "po": Format("po", "gettext PO/POT catalog", (".po", ".pot"), _sniff_po, _read_po),
    "tmx": Format("tmx", "TMX 1.4b translation memory", (".tmx",), _sniff_tmx, _read_tmx,
                  _write_tmx, multilingual=True),
    "xliff": Format("xliff", "XLIFF 1.2", (".xlf", ".xliff", ".xlif"), _sniff_xliff("1"),
                    _read_xliff, _write_xliff12),
    "xliff2": Format("xliff2", "XLIFF 2.0/2.1", (".xlf", ".xliff", ".xlif"),
                     _sniff_xliff("2"), _read_xliff, _write_xliff2),
    "text": Format("text", "plain text, one segment per line", (".txt", ".text"),
                   lambda head: True, _read_text, bilingual=False),
}
# The order content is sniffed in: the most specific first, text last (it takes anything).
_SNIFF_ORDER = ("xliff2", "xliff", "tmx", "po", "text")


def _head(path: str) -> bytes:
    # Standard input and pipes (``<(...)``) keep the bytes sniffed for the reader that follows.
    return head_bytes(path, HEAD_BYTES)


def by_name(name: str) -> Format:
    """The format called ``name``; a :class:`UsageError` lists the known ones otherwise."""
    found = FORMATS.get(name.lower())
    if found is None:
        raise UsageError(f"unknown format {name!r} (known: {', '.join(FORMATS)})")
    return found


def _by_suffix(path: str) -> list[Format]:
    suffix = Path(path).suffix.lower() if path != STDIO else ""
    return [fmt for fmt in FORMATS.values() if suffix and suffix in fmt.suffixes]


def detect(path: str | Path, name: str | None = None) -> Format:
    """The format of an input file: ``name`` (``--format``) if given, else its suffix, else
    (ambiguous or no suffix, standard input, ``.txt``) its first bytes."""
    if name:
        return by_name(name)
    path = str(path)
    candidates = _by_suffix(path)
    if len(candidates) == 1 and candidates[0].bilingual:
        return candidates[0]
    if candidates == [FORMATS["text"]]:
        # Plain text takes anything: a memory saved as .txt is still read as what it is.
        candidates = []
    head = _head(path)
    for fmt in (FORMATS[n] for n in _SNIFF_ORDER):
        if (not candidates or fmt in candidates) and fmt.sniff(head):
            return fmt
    return candidates[0] if candidates else FORMATS["text"]


def output_format(path: str | Path, name: str | None = None, default: str = "tmx") -> Format:
    """The format to write: ``name`` if given, else the output's suffix (``.xlf`` is XLIFF
    1.2), else ``default``."""
    if name:
        return by_name(name)
    candidates = _by_suffix(str(path))
    writable = [fmt for fmt in candidates if fmt.write is not None]
    return writable[0] if writable else by_name(default)


def read_catalog(path: str | Path, *, format: str | None = None,
                 source_lang: str | None = None, target_lang: str | None = None) -> Catalog:
    """The entries of a file in any registered format as a catalog (one language pair)."""
    fmt = detect(path, format)
    if fmt.read is None:
        raise UsageError(f"tarjama cannot read {fmt.title} files", path=path)
    catalog = fmt.read(str(path), source_lang=source_lang, target_lang=target_lang)
    catalog.path = str(path)
    return catalog


def read_bilingual(path: str | Path, *, format: str | None = None,
                   source_lang: str | None = None, target_lang: str | None = None) -> Catalog:
    """:func:`read_catalog` for commands that need translations: a plain-text file (which
    holds one language) is a :class:`UsageError`."""
    fmt = detect(path, format)
    if not fmt.bilingual and format is None and FORMATS["text"] not in _by_suffix(str(path)):
        # Content that is none of the bilingual formats, under no telling suffix: read as
        # the catalog commands expect by default, whose reader names what is wrong with it.
        fmt = FORMATS["po"]
    if not fmt.bilingual:
        raise UsageError(f"expected a catalog or a memory (PO, TMX, XLIFF), not "
                         f"{fmt.title}", path=path)
    return read_catalog(path, format=fmt.name, source_lang=source_lang,
                        target_lang=target_lang)


def names(*, writable: bool = False, bilingual: bool = False) -> list[str]:
    """The names of the registered formats (for ``--format`` choices and help)."""
    return [name for name, fmt in FORMATS.items()
            if (not writable or fmt.write is not None) and (not bilingual or fmt.bilingual)]


__all__ = ["FORMATS", "Format", "by_name", "detect", "names", "output_format", "read_bilingual",
           "read_catalog"]
