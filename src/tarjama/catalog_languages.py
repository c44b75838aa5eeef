"""Which languages a catalog holds: the one rule every command (check, export, import,
pretranslate, lookup, update, score, stats, render) asks, so that they all give one answer.

Source: the option, else the header's ``X-Source-Language`` (``Catalog.source_lang``), else
the script of the msgids (Arabic script gives ``ar``; anything else is taken as the
programmer's English, as gettext catalogs of software are). Target: the option, else the
header's ``Language`` (``Catalog.target_lang``), else the gettext layout of the file name
(``ar/LC_MESSAGES/x.po``, ``ar.po``, ``project-ar.po``), else the script of the
translations; a target found in a file name or the text comes with a warning. A language
given by the user that the text's script contradicts is refused.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tarjama.errors import LanguageError, UsageError
from tarjama.languages import (
    contradicting_script,
    count_arabic_letters,
    count_latin_letters,
    normalize_tag,
    script_language,
)
from tarjama.model import Catalog

# How many units the script of a catalog is judged on: enough to tell, cheap on any size.
SAMPLE_UNITS = 300
# Fewer letters than this in the translations tell no language ("x", "OK").
SCRIPT_MIN_LETTERS = 20
_LAYOUT_SEPARATORS_RE = re.compile(r"[-_.]")
_LAYOUT_CODE_RE = re.compile(r"[a-z]{2}(?:[-_](?:[A-Za-z]{2}|[A-Z][a-z]{3}))?")


@dataclass(frozen=True)
class CatalogLanguages:
    """A catalog's source and target language (canonical tags) and where each came from.

    ``target`` is None when nothing tells it (no option, no header, no file-name hint and no
    translation); ``warnings`` say which language was guessed and how to state it.
    """

    source: str
    target: str | None
    source_from: str  # "option", "header", "msgids"
    target_from: str | None  # "option", "header", "file name", "script of the translations"
    warnings: list[str] = field(default_factory=list)

    def require_target(self, path: str | None = None) -> str:
        """The target language, or a :class:`LanguageError` saying how to give it."""
        if self.target is None:
            raise LanguageError(
                "the header has no Language and neither the file name nor the translations "
                "tell it: use --target-lang",
                path=path or "<catalog>",
            )
        return self.target


def _sample(catalog: Catalog, *, targets: bool) -> str:
    units = catalog.units[:SAMPLE_UNITS]
    if targets:
        return " ".join(text for unit in units if not unit.obsolete for text in unit.targets
                        if text)
    return " ".join(unit.source for unit in units if not unit.obsolete)


def _declared(value: str | None, field_name: str, path: str) -> str | None:
    if value is None or not value.strip():
        return None
    try:
        return normalize_tag(value)
    except LanguageError as exc:
        raise LanguageError(f"header {field_name}: {exc.message}", path=path) from exc


def _from_layout(path: str | None) -> str | None:
    """The language the gettext layout of a file name gives: the folder above
    ``LC_MESSAGES``, else a file name that is, or ends with, a two-letter code and an
    optional region (``ar.po``, ``pt_BR.po``, ``project-ar.po``). Three-letter words
    (``doc.po``, ``old.po``, ``new.po``) are valid ISO 639-3 codes, not hints; a template
    (``.pot``) has no target language."""
    if not path:
        return None
    name = Path(path)
    if name.suffix.lower() == ".pot":
        return None
    candidates = []
    if name.parent.name == "LC_MESSAGES":
        candidates.append(name.parent.parent.name)
    tokens = _LAYOUT_SEPARATORS_RE.split(name.stem)
    candidates += [name.stem, "-".join(tokens[-2:]), tokens[-1]]
    for number, candidate in enumerate(candidates):
        in_folder = number == 0 and name.parent.name == "LC_MESSAGES"
        if not in_folder and not _LAYOUT_CODE_RE.fullmatch(candidate):
            continue
        try:
            return normalize_tag(candidate)
        except LanguageError:
            continue
    return None


def _refuse_contradiction(text: str, lang: str, what: str, given_by: str, path: str) -> None:
    script = contradicting_script(text, lang)
    if script is not None:
        raise LanguageError(
            f"the {what} are mostly in {script} script, which {lang} ({given_by}) is not "
            f"written in: are the source and target languages swapped, or is it the wrong file?",
            path=path,
        )


def catalog_languages(
    catalog: Catalog,
    *,
    source_lang: str | None = None,
    target_lang: str | None = None,
) -> CatalogLanguages:
    """The languages of ``catalog``: ``source_lang``/``target_lang`` (the user's options) first,
    then its header, then its file name and text (see the module's docstring).

    An invalid code in the header is a :class:`LanguageError` naming the file; so is an option
    the scripts of the msgids or translations contradict (``--source-lang en`` on Arabic
    msgids): a check or an export under swapped languages would silently mean nothing.
    """
    path = catalog.path or "<catalog>"
    warnings: list[str] = []
    sources = _sample(catalog, targets=False)
    if source_lang:
        source, source_from = normalize_tag(source_lang), "option"
        _refuse_contradiction(sources, source, "msgids", "--source-lang", path)
    else:
        declared = _declared(catalog.source_lang or catalog.header.get("X-Source-Language"),
                             "X-Source-Language", path)
        if declared is not None:
            source, source_from = declared, "header"
        else:
            source = "ar" if count_arabic_letters(sources) > count_latin_letters(sources) else "en"
            source_from = "msgids"

    targets = _sample(catalog, targets=True)
    target: str | None = None
    target_from: str | None = None
    if target_lang:
        target, target_from = normalize_tag(target_lang), "option"
        _refuse_contradiction(targets, target, "translations", "--target-lang", path)
    else:
        target = _declared(catalog.target_lang or catalog.header.get("Language"), "Language", path)
        target_from = "header" if target is not None else None
    for how in ("file name", "script of the translations"):
        if target is not None:
            break
        target = (_from_layout(catalog.path) if how == "file name"
                  else script_language(targets, min_letters=SCRIPT_MIN_LETTERS))
        if target is not None:
            target_from = how
            warnings.append(f"{path}: the header has no Language; taking {target!r} from the "
                            f"{how} (use --target-lang to say otherwise)")
    return CatalogLanguages(source, target, source_from, target_from, warnings)


def shared_source(catalogs: Sequence[Catalog], found: Sequence[CatalogLanguages]) -> str:
    """The one source language of catalogs used together (a TMX has one ``srclang``); a
    :class:`UsageError` lists them when they differ. A catalog with no entry and no
    ``X-Source-Language`` says nothing of its source and is left out of the vote."""
    sources: dict[str, str] = {}
    for catalog, languages in zip(catalogs, found, strict=True):
        if languages.source_from == "msgids" and not catalog.units:
            continue
        sources.setdefault(languages.source, catalog.path or "<catalog>")
    if len(sources) > 1:
        listing = ", ".join(f"{lang} ({path})" for lang, path in sources.items())
        raise UsageError(
            f"the catalogs have different source languages: {listing}; a TMX has one srclang "
            "(use --source-lang if they are wrong)"
        )
    return next(iter(sources)) if sources else (found[0].source if found else "en")


@dataclass(frozen=True)
class ExchangeLanguages:
    """The languages of catalogs written together into one bilingual or multilingual file
    (a TMX, an XLIFF): one source, and each catalog's target in the catalogs' order."""

    source: str
    targets: list[str]
    warnings: list[str] = field(default_factory=list)


def exchange_languages(
    catalogs: Sequence[Catalog],
    *,
    source_lang: str | None = None,
    target_lang: str | None = None,
) -> ExchangeLanguages:
    """The source and the target of each catalog (:func:`catalog_languages`), for catalogs
    exported together: they must share a source (:func:`shared_source`), each must tell its
    target, no target may be the source, and ``target_lang`` may not give one language to
    catalogs whose headers declare several."""
    found = [catalog_languages(catalog, source_lang=source_lang, target_lang=target_lang)
             for catalog in catalogs]
    source = shared_source(catalogs, found)
    declared = {catalog.header.get("Language", "").strip() for catalog in catalogs} - {""}
    if target_lang and len(declared) > 1:
        raise UsageError(
            f"--target-lang {target_lang} would give one language to catalogs that declare "
            f"{', '.join(sorted(declared))}; leave it out to keep each catalog's own")
    targets: list[str] = []
    warnings: list[str] = []
    for catalog, languages in zip(catalogs, found, strict=True):
        lang = languages.require_target(catalog.path)
        warnings.extend(languages.warnings)
        if lang == source:
            raise LanguageError(
                f"the catalog's language {lang} is also the source language; a TMX pairs "
                "two languages (check Language and X-Source-Language, or --source-lang)",
                path=catalog.path or "<catalog>",
            )
        targets.append(lang)
    return ExchangeLanguages(source, targets, warnings)
