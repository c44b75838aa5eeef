"""Terminology glossaries for the checks: CSV (``source,target[,note]``) and TBX, read into
one list of terms with their required and forbidden translations.

CSV: one term per row. An optional first row names the columns (``source,target,note``) or
the languages (``en,ar``). Several accepted translations go in one cell separated by ``|``.
A target written with a leading ``!`` is a forbidden translation of that source term
(``log in,!دخول``); with an empty source cell it is forbidden everywhere.
TBX (2008 and TBX v3, read with the hardened XML parser): a term whose
``administrativeStatus``/``normativeAuthorization`` is deprecated, superseded or
``forbidden`` is a forbidden translation.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tarjama.errors import FormatError, LanguageError
from tarjama.fileio import read_bytes, read_text
from tarjama.formats import xmlsafe
from tarjama.languages import normalize_tag, same_language


@dataclass
class Term:
    """One concept: its source term, the accepted and the forbidden target terms."""

    source: str
    targets: list[str] = field(default_factory=list)
    forbidden: list[str] = field(default_factory=list)
    note: str = ""
    line: int | None = None


@dataclass
class Glossary:
    """Terms for one language pair (``None`` languages: whatever the catalogs are)."""

    terms: list[Term] = field(default_factory=list)
    source_lang: str | None = None
    target_lang: str | None = None
    path: str = ""
    # TBX concepts (terms by language, each with its forbidden mark) and their lines: the
    # language pair is chosen by ``for_languages`` once the catalogs are known.
    concepts: list[tuple[dict[str, list[tuple[str, bool]]], int | None]] = field(
        default_factory=list
    )


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


def _language_header(row: list[str]) -> tuple[str, str] | None:
    if len(row) < 2:
        return None
    try:
        return normalize_tag(row[0]), normalize_tag(row[1])
    except LanguageError:
        return None


def csv_rows(reader: Any, path: str | Path) -> Iterator[list[str]]:
    """The rows of a ``csv.reader``; its errors (a field over csv's 128 KiB limit) become a
    :class:`FormatError` naming the file and line."""
    try:
        yield from reader
    except csv.Error as exc:
        raise FormatError(f"invalid CSV: {exc}", path=path, line=reader.line_num) from exc


def parse_csv_glossary(text: str, path: str | Path = "<glossary>") -> Glossary:
    """Parse a CSV glossary (see the module's documentation)."""
    glossary = Glossary(path=str(path))
    reader = csv.reader(io.StringIO(text))
    for index, row in enumerate(csv_rows(reader, path)):
        line = reader.line_num
        cells = [cell.strip() for cell in row]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if index == 0:
            if [c.lower() for c in cells[:2]] == ["source", "target"]:
                continue
            languages = _language_header(cells) if len(cells[0]) <= 12 else None
            if languages and not any(c.strip() for c in cells[2:3] if c.lower() != "note"):
                glossary.source_lang, glossary.target_lang = languages
                continue
        if len(cells) < 2:
            raise FormatError("a glossary row needs two fields: a source and a target column",
                              path=path, line=line)
        term = Term(source=cells[0], note=cells[2] if len(cells) > 2 else "", line=line)
        for target in _split(cells[1]):
            if target.startswith("!"):
                if target[1:].strip():
                    term.forbidden.append(target[1:].strip())
            else:
                term.targets.append(target)
        if not term.targets and not term.forbidden:
            raise FormatError("a glossary row has no target term", path=path, line=line)
        glossary.terms.append(term)
    return glossary


_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_FORBIDDEN_STATUS = ("deprecated", "superseded", "forbidden", "notrecommended")


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _term_status(holder: Any) -> bool:
    """True when the term's status marks it as not to be used."""
    for element in holder.iter():
        name = _local(element.tag)
        kind = (element.get("type") or "").lower()
        if name in ("administrativeStatus", "normativeAuthorization") or kind in (
            "administrativestatus",
            "normativeauthorization",
        ):
            value = (element.text or "").strip().lower().replace("-", "")
            if any(word in value for word in _FORBIDDEN_STATUS):
                return True
    return False


def parse_tbx_glossary(data: bytes, path: str | Path = "<glossary>") -> Glossary:
    """Parse a TBX file (TBX-Basic/2008 ``tig``/``ntig`` or TBX v3 ``termSec``)."""
    root = xmlsafe.parse(data, path=str(path)).getroot()
    entries: list[dict[str, list[tuple[str, bool]]]] = []
    lines: list[int | None] = []
    for entry in root.iter():
        if _local(entry.tag) not in ("termEntry", "conceptEntry"):
            continue
        by_lang: dict[str, list[tuple[str, bool]]] = {}
        for lang_set in entry:
            if _local(lang_set.tag) != "langSet":
                continue
            lang = lang_set.get(_XML_LANG) or lang_set.get("lang") or ""
            for holder in lang_set:
                if _local(holder.tag) not in ("tig", "ntig", "termSec"):
                    continue
                for term in holder.iter():
                    if _local(term.tag) == "term" and (term.text or "").strip():
                        text = " ".join("".join(term.itertext()).split())
                        by_lang.setdefault(lang, []).append((text, _term_status(holder)))
        entries.append(by_lang)
        lines.append(entry.sourceline)
    return Glossary(path=str(path), concepts=list(zip(entries, lines, strict=True)))


def for_languages(glossary: Glossary, source_lang: str, target_lang: str) -> Glossary:
    """The glossary's terms for translating ``source_lang`` into ``target_lang``.

    A CSV glossary whose header names the opposite direction is turned around (its forbidden
    terms then no longer apply: they were forbidden on the other side).
    """
    if glossary.concepts:
        terms = []
        for by_lang, line in glossary.concepts:
            sources = [text for lang, forms in by_lang.items() if same_language(lang, source_lang)
                       for text, bad in forms if not bad]
            targets = [(text, bad) for lang, forms in by_lang.items()
                       if same_language(lang, target_lang) for text, bad in forms]
            for source in sources:
                terms.append(Term(
                    source=source,
                    targets=[t for t, bad in targets if not bad],
                    forbidden=[t for t, bad in targets if bad],
                    line=line,
                ))
        return Glossary(terms, source_lang, target_lang, glossary.path)
    if (
        glossary.source_lang
        and glossary.target_lang
        and same_language(glossary.source_lang, target_lang)
        and same_language(glossary.target_lang, source_lang)
    ):
        flipped = [
            Term(source=target, targets=[term.source], note=term.note, line=term.line)
            for term in glossary.terms
            for target in term.targets
            if term.source
        ]
        return Glossary(flipped, source_lang, target_lang, glossary.path)
    return glossary


def read_glossary(path: str | Path) -> Glossary:
    """Read a glossary: TBX when the file is XML (or named ``.tbx``), CSV otherwise."""
    name = str(path).lower()
    if name.endswith((".tbx", ".xml")):
        return parse_tbx_glossary(read_bytes(path), path)
    data = read_bytes(path)
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return parse_tbx_glossary(data, path)
    return parse_csv_glossary(read_text(path, refuse_nul=True), path)


__all__ = [
    "Glossary",
    "Term",
    "for_languages",
    "parse_csv_glossary",
    "parse_tbx_glossary",
    "read_glossary",
]
