"""Rebuilding the translated document: the source re-segmented, each segment replaced by its
translation from a PO catalog, the source's paragraph structure kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tarjama.catalog_languages import catalog_languages
from tarjama.errors import InputError
from tarjama.fileio import check_not_input, line_ending, write_text
from tarjama.formats.po import read_po
from tarjama.formats.text import read_document
from tarjama.model import Catalog, Status, Unit
from tarjama.segment import check_script, segment_document


@dataclass(frozen=True)
class RenderResult:
    """The target document and how many of its segments (occurrences) were translated, and
    how many were left in the source language because untranslated or fuzzy."""

    text: str
    translated: int
    untranslated: int
    fuzzy: int

    @property
    def total(self) -> int:
        return self.translated + self.untranslated + self.fuzzy

    def summary(self) -> str:
        """One line for the translator: what was left in the source language."""
        return (
            f"{self.total} segments: {self.translated} translated, {self.untranslated} "
            f"untranslated and {self.fuzzy} fuzzy left in the source language"
        )


def _translation(unit: Unit) -> str:
    targets = unit.targets
    return targets[0] if targets else ""


def render_document(
    text: str,
    catalog: Catalog,
    lang: str,
    *,
    join_broken: bool = True,
    include_fuzzy: bool = False,
) -> RenderResult:
    """The target-language document: paragraphs separated by one blank line, the segments of
    a paragraph joined by one space, each replaced by its translation (looked up by msgid,
    without context). Untranslated segments, and fuzzy ones unless ``include_fuzzy``, stay in
    the source language and are counted.
    """
    units: dict[str, Unit] = {}
    for unit in catalog.active():
        if unit.context is None:
            units.setdefault(unit.source, unit)
    translated = untranslated = fuzzy = 0
    paragraphs = []
    for paragraph in segment_document(text, lang, join_broken=join_broken):
        pieces = []
        for segment in paragraph.segments:
            found = units.get(segment.text)
            status = found.status if found is not None else Status.UNTRANSLATED
            target = _translation(found) if found is not None else ""
            if status is Status.FUZZY and not target:
                status = Status.UNTRANSLATED
            if status is Status.TRANSLATED:
                translated += 1
                pieces.append(target)
            elif status is Status.FUZZY:
                if include_fuzzy:
                    translated += 1
                    pieces.append(target)
                else:
                    fuzzy += 1
                    pieces.append(segment.text)
            else:
                untranslated += 1
                pieces.append(segment.text)
        paragraphs.append(" ".join(pieces))
    body = "\n\n".join(paragraphs)
    return RenderResult(body + "\n" if body else "", translated, untranslated, fuzzy)


def render_file(
    source: str | Path,
    po: str | Path,
    output: str | Path = "-",
    *,
    lang: str | None = None,
    join_broken: bool = True,
    include_fuzzy: bool = False,
) -> RenderResult:
    """``tarjama render``: write the translated document atomically, never over an input.

    The source language defaults to the PO's ``X-Source-Language`` (guessed from the script
    of its msgids when the header has none).
    """
    check_not_input(output, [source, po])
    text = read_document(source)
    catalog = read_po(po)
    if not catalog.header and not catalog.units:
        # A 0-byte or blank PO: rendering would hand the source back, "0 translated".
        raise InputError("the catalog is empty (no header, no entry)", path=po)
    source_lang = catalog_languages(catalog, source_lang=lang).source
    if lang:
        check_script(text, source_lang, source)
    elif catalog.source_lang or catalog.units:
        # Only when the PO says its source language or has msgids to tell it by: the
        # default guess for a PO with neither says nothing of the document.
        check_script(text, source_lang, source, given_by=f"the source language of {po}",
                     hint="is it the document this PO translates? (--lang if the PO is wrong)")
    result = render_document(
        text, catalog, source_lang, join_broken=join_broken, include_fuzzy=include_fuzzy
    )
    # A document with CRLF line ends (written on Windows) gets its translation with CRLF.
    ending = line_ending(source)
    write_text(output, result.text.replace("\n", ending) if ending != "\n" else result.text)
    return result
