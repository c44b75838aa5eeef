"""What the XLIFF 1.2 and 2.x adapters share: ids, escaping, segment text, languages, the PO
header kept in the file, and the statistics of an export or an import.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from tarjama.catalog_languages import catalog_languages, exchange_languages, shared_source
from tarjama.errors import FormatError, LanguageError, UsageError
from tarjama.formats import xmlsafe
from tarjama.formats.inline import inline_text
from tarjama.formats.tmx import INVALID_CHAR_POLICIES, INVALID_XML_RE
from tarjama.formats.xmlescape import escape_attribute, escape_text
from tarjama.languages import normalize_tag
from tarjama.model import Catalog, Unit

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"



# Tag -> local name, for the tags met so far (a file uses a handful; bounded all the same).
_LOCAL_NAMES: dict[Any, str] = {}
_LOCAL_NAMES_MAX = 1024


def localname(element: Any) -> str:
    """The tag of an element without its namespace ("" for comments and PIs)."""
    tag = element.tag
    try:
        return _LOCAL_NAMES[tag]
    except KeyError:
        name = tag.rpartition("}")[2] if isinstance(tag, str) else ""
        if len(_LOCAL_NAMES) < _LOCAL_NAMES_MAX:
            _LOCAL_NAMES[tag] = name
        return name


def unit_id(unit: Unit, form: int | None = None) -> str:
    """A stable id for an entry: a hash of what keys it in gettext (context, msgid and
    msgid_plural), the same on every run and in every language; ``form`` picks a plural
    form's trans-unit (``ID[1]``, translate-toolkit's convention)."""
    key = "" if unit.context is None else unit.context + "\x04"
    key += unit.source
    if unit.source_plural is not None:
        key += "\x00" + unit.source_plural
    digest = "u" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
    return digest if form is None else f"{digest}[{form}]"


# Written by hand, not through lxml elements: the export is a hot loop. The escaping is the
# TMX writer's (formats/xmlescape.py); inline codes are formats/inline.py's.
escape = escape_text
attribute = escape_attribute


def segment_xml(text: str) -> str:
    """Text as XML character data, without inline codes (see :func:`tarjama.formats.inline.
    mark_unit` for a source and its targets with codes)."""
    return escape_text(text)


def segment_text(element: Any, path: str) -> str:
    """The text of a ``source``/``target``/``note``: inline codes read back into the text
    they stand for (:func:`tarjama.formats.inline.inline_text`)."""
    if not len(element):  # no inline code: most texts, read without a call more
        text: str = element.text or ""
        return text
    return inline_text(element, path=path)


@dataclass
class ExportStats:
    """What an XLIFF writer wrote."""

    format: str = ""
    source_lang: str = ""
    languages: list[str] = field(default_factory=list)
    catalogs: int = 0
    units: int = 0  # entries written (a plural entry counts once)
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    copied: int = 0  # untranslated entries whose target was pre-filled with the source
    skipped_obsolete: int = 0
    invalid_chars: int = 0
    warnings: list[str] = field(default_factory=list)


@dataclass
class ReadStats:
    """What an XLIFF reader read and what it left out or warned of."""

    files: int = 0
    units: int = 0
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class Cleaner:
    """Applies the ``--invalid-chars`` policy to the strings an XLIFF writer writes."""

    def __init__(self, policy: str, stats: ExportStats) -> None:
        if policy not in INVALID_CHAR_POLICIES:
            raise UsageError(f"unknown --invalid-chars policy {policy!r}")
        self.policy = policy
        self.stats = stats

    def unit(self, unit: Unit, catalog: Catalog) -> Unit:
        """``unit``, or a copy with its forbidden characters stripped or replaced."""
        texts = [unit.source, unit.source_plural or "", unit.context or "", unit.target,
                 *unit.target_plurals, unit.translator_notes, unit.extracted_notes,
                 *unit.flags, *(f"{p}{line}" for p, line in unit.references)]
        for text in texts:
            xmlsafe.refuse_huge_text(text, "a text of the entry", catalog.path or "<catalog>",
                             unit.line)
        if not any(INVALID_XML_RE.search(text) for text in texts):
            return unit
        if self.policy == "error":
            found = {char for text in texts for char in INVALID_XML_RE.findall(text)}
            codes = ", ".join(sorted(f"U+{ord(c):04X}" for c in found))
            raise FormatError(
                f"the entry holds {codes}, which XML 1.0 cannot carry (PO escapes like \\f, "
                "\\v, \\a or control characters); fix the entry or use "
                "--invalid-chars=strip|replace",
                path=catalog.path or "<catalog>", line=unit.line)
        return self._cleaned(unit)

    def text(self, text: str) -> str:
        found = INVALID_XML_RE.findall(text)
        if not found:
            return text
        self.stats.invalid_chars += len(found)
        return INVALID_XML_RE.sub("" if self.policy == "strip" else "\ufffd", text)

    def _cleaned(self, unit: Unit) -> Unit:
        clean = self.text
        return Unit(
            source=clean(unit.source), target=clean(unit.target),
            source_plural=None if unit.source_plural is None else clean(unit.source_plural),
            target_plurals=[clean(t) for t in unit.target_plurals],
            context=None if unit.context is None else clean(unit.context),
            references=[(clean(p), clean(line)) for p, line in unit.references],
            translator_notes=clean(unit.translator_notes),
            extracted_notes=clean(unit.extracted_notes),
            flags=[clean(flag) for flag in unit.flags],
            previous_source=unit.previous_source, previous_context=unit.previous_context,
            previous_source_plural=unit.previous_source_plural, line=unit.line)


def export_languages(catalogs: Sequence[Catalog], source_lang: str | None,
                     target_lang: str | None, stats: ExportStats,
                     what: str) -> tuple[str, list[str | None]]:
    """The one source language of the catalogs and each catalog's target language (None
    for a template: an XLIFF may go out before anything is translated). Catalogs that all
    tell their target follow the rule of every export (``exchange_languages``)."""
    found = [catalog_languages(catalog, source_lang=source_lang, target_lang=target_lang)
             for catalog in catalogs]
    if all(languages.target is not None for languages in found):
        pair = exchange_languages(catalogs, source_lang=source_lang, target_lang=target_lang)
        stats.warnings.extend(pair.warnings)
        stats.source_lang = pair.source
        stats.languages = list(dict.fromkeys(pair.targets))
        return pair.source, list(pair.targets)
    source = shared_source(catalogs, found)
    targets: list[str | None] = []
    for catalog, languages in zip(catalogs, found, strict=True):
        stats.warnings.extend(languages.warnings)
        if languages.target is not None and languages.target == source:
            raise LanguageError(
                f"the catalog's language {languages.target} is also the source language; "
                f"{what} pairs two languages (check Language and X-Source-Language, or "
                "--source-lang)", path=catalog.path or "<catalog>")
        targets.append(languages.target)
    stats.source_lang = source
    stats.languages = list(dict.fromkeys(t for t in targets if t))
    return source, targets


def header_text(catalog: Catalog) -> str:
    """The PO header fields as the msgstr of gettext's header entry holds them."""
    return "".join(f"{name}: {value}\n" for name, value in catalog.header.items())


def parse_header_text(text: str) -> dict[str, str]:
    """The fields of a header written by :func:`header_text`."""
    fields: dict[str, str] = {}
    for line in text.split("\n"):
        name, sep, value = line.partition(":")
        if sep and name.strip():
            fields[name.strip()] = value.strip()
    return fields


def form_count(unit: Unit, catalog: Catalog) -> int:
    """How many plural forms a plural entry is written with: its translations', else the
    header's nplurals, else two (msgid and msgid_plural)."""
    return len(unit.target_plurals) or catalog.nplurals or 2


def canonical_lang(code: str | None, path: str, what: str,
                   warn: Callable[[str], None]) -> str | None:
    """A language attribute as a canonical tag; a malformed one is kept as written, with a
    warning (real files carry ``en_US`` or ``english``)."""
    if code is None or not code.strip():
        return None
    try:
        return normalize_tag(code.replace("_", "-"))
    except LanguageError:
        warn(f"{path}: {what} {code!r} is not a language tag; kept as written")
        return code.strip()


def release(element: Any) -> None:
    """Free an element that has been read, and the siblings before it (bounded memory)."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def sniff_version(head: bytes) -> str | None:
    """``"1"`` or ``"2"`` for the XLIFF major version the start of a file declares, None if
    it is no XLIFF: the namespace decides, else the root's ``version``."""
    text = head.decode("utf-8", "replace")
    root = re.search(r"<(?:[A-Za-z_][\w.-]*:)?xliff\b([^>]*)>", text)
    if root is None:
        return None
    attributes = root.group(1)
    if "urn:oasis:names:tc:xliff:document:2" in attributes:
        return "2"
    if "urn:oasis:names:tc:xliff:document:1" in attributes:
        return "1"
    version = re.search(r"""\bversion\s*=\s*["']\s*(\d)""", attributes)
    return version.group(1) if version else "1"


__all__ = [
    "Cleaner",
    "ExportStats",
    "ReadStats",
    "attribute",
    "escape",
    "etree",
    "export_languages",
    "segment_text",
    "segment_xml",
    "unit_id",
]


def catalog_entries(catalogs: Sequence[Catalog], units: Sequence[Iterable[Unit]] | None = None
                    ) -> Iterator[tuple[int, Catalog, Unit | None]]:
    """Every unit with its catalog's index; a catalog starts with a ``None`` unit, so that
    a catalog with nothing in it still gets its ``<file>``. ``units`` gives each catalog's
    units when they are read as they are written (a catalog then holds its header and first
    units: :func:`tarjama.formats.po.stream_po`)."""
    for index, catalog in enumerate(catalogs):
        yield index, catalog, None
        for unit in (catalog.units if units is None else units[index]):
            yield index, catalog, unit


def entry_count(catalogs: Sequence[Catalog], units: Sequence[Iterable[Unit]] | None
                ) -> int | None:
    """How many units the writer goes through (for a progress bar), None when streamed."""
    return sum(len(catalog.units) for catalog in catalogs) if units is None else None
