"""TMX 1.4b translation memories to and from the unit model: a streaming writer and reader.

The writer turns PO catalogs into one (possibly multilingual) TMX that CAT tools load; the
reader streams TMX 1.1-1.4b units of one language pair out of files of any size, safely.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, closing, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import IO, Any, Literal, get_args

from tarjama import __version__
from tarjama.bulk import collector_paused
from tarjama.catalog_languages import catalog_languages, shared_source
from tarjama.errors import FormatError, LanguageError, UsageError
from tarjama.fileio import STDIO, atomic_open, check_not_input
from tarjama.formats import xmlsafe
from tarjama.formats.po import new_header, read_catalogs, refuse_empty, write_po
from tarjama.languages import normalize_tag, primary_subtag
from tarjama.model import Catalog, Unit
from tarjama.progress import ByteProgress, Progress, quiet, quiet_bytes

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DOCTYPE = '<!DOCTYPE tmx SYSTEM "tmx14.dtd">'

# The props tarjama writes, and reads back into PO fields.
PROP_CONTEXT = "x-context"  # msgctxt
PROP_REFERENCE = "x-reference"  # one per #: location, "file:line"
PROP_FLAGS = "x-flags"  # #, flags other than fuzzy, comma-separated as in PO
PROP_FUZZY = "x-fuzzy"  # on a target tuv: the translation was fuzzy in its catalog
PROP_PLURAL_FORM = "x-plural-form"  # index of the msgstr[] form this tu holds
PROP_MSGID = "x-msgid"  # on forms >= 1 (whose seg is msgid_plural): the singular msgid
PROP_MSGID_PLURAL = "x-msgid-plural"  # on form 0 (whose seg is msgid): msgid_plural
TARJAMA_PROPS = frozenset(
    {PROP_CONTEXT, PROP_REFERENCE, PROP_FLAGS, PROP_FUZZY, PROP_PLURAL_FORM, PROP_MSGID,
     PROP_MSGID_PLURAL}
)

# Characters XML 1.0 cannot carry, even escaped.
INVALID_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
InvalidChars = Literal["error", "strip", "replace"]
INVALID_CHAR_POLICIES: tuple[InvalidChars, ...] = get_args(InvalidChars)

_TMX_DATE = "%Y%m%dT%H%M%SZ"


# --- dates ---------------------------------------------------------------------------------------


def tmx_date(moment: datetime) -> str:
    """A moment in TMX's date format, in UTC: ``20240113T093000Z``."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime(_TMX_DATE)


_PO_DATE_RE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?\s*(?:([+-])(\d{2}):?(\d{2})|Z)?"
)


def parse_po_date(value: str) -> datetime | None:
    """A PO header date (``2024-01-13 09:30+0300``) as an aware datetime, None if not one."""
    match = _PO_DATE_RE.search(value or "")
    if not match:
        return None
    year, month, day, hour, minute, second, sign, tz_h, tz_m = match.groups()
    try:
        moment = datetime(int(year), int(month), int(day), int(hour), int(minute),
                          int(second or 0), tzinfo=UTC)
    except ValueError:
        return None
    if sign:
        # The clock time is local to the offset: UTC is the clock time minus the offset.
        offset = (int(tz_h) * 60 + int(tz_m)) * (1 if sign == "+" else -1)
        moment -= timedelta(minutes=offset)
    return moment


_TMX_DATE_RE = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})(?:T(\d{2}):?(\d{2}):?(\d{2})?)?")


def parse_tmx_date(value: str | None) -> datetime | None:
    """A TMX date as an aware datetime; lenient (tools write many variants), None if bad."""
    if not value:
        return None
    match = _TMX_DATE_RE.match(value.strip())
    if not match:
        return None
    year, month, day, hour, minute, second = (int(p) if p else 0 for p in match.groups())
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except ValueError:
        return None


def _export_time() -> datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` when set, so that builds can be reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(UTC)


def catalog_date(catalog: Catalog, default: datetime) -> datetime:
    """When a catalog's translations were last changed: ``PO-Revision-Date``, else
    ``POT-Creation-Date``, else ``default`` (a PO entry carries no date of its own)."""
    for field_name in ("PO-Revision-Date", "POT-Creation-Date"):
        moment = parse_po_date(catalog.header.get(field_name, ""))
        if moment is not None:
            return moment
    return default


# --- export --------------------------------------------------------------------------------------


@dataclass
class ExportStats:
    """What :func:`write_tmx` wrote and left out."""

    source_lang: str = ""
    languages: list[str] = field(default_factory=list)
    units: int = 0  # tu elements written
    variants: int = 0  # target tuv elements written
    catalogs: int = 0
    skipped_untranslated: int = 0
    skipped_fuzzy: int = 0
    skipped_obsolete: int = 0
    fuzzy_exported: int = 0
    duplicates: int = 0  # identical translations of one segment given twice, written once
    alternatives: int = 0  # other translations of a segment in one language, extra tu each
    invalid_chars: int = 0  # characters stripped or replaced under --invalid-chars
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Variant:
    """One translation of a segment into one language."""

    target: str
    unit: Unit
    catalog: Catalog
    date: str


@dataclass(slots=True)
class _Segment:
    """A source segment and its translations: one tu (plus one per alternative)."""

    source: str
    unit: Unit  # the first unit seen: its context, references, notes and flags go in the tu
    catalog: Catalog
    form: int | None
    variants: dict[str, list[_Variant]]


def tuid_for(context: str | None, source: str, source_plural: str | None = None,
             form: int | None = None) -> str:
    """A stable id for a segment: a hash of what identifies it in gettext (the same on
    every run and in every language)."""
    key = "" if context is None else context + "\x04"
    key += source
    if source_plural is not None:
        key += f"\x00{source_plural}\x00{form}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]


class _Cleaner:
    """Applies the ``--invalid-chars`` policy to every string written to the TMX."""

    def __init__(self, policy: str, stats: ExportStats) -> None:
        if policy not in INVALID_CHAR_POLICIES:
            raise UsageError(f"unknown --invalid-chars policy {policy!r}")
        self.policy = policy
        self.stats = stats

    def __call__(self, text: str, unit: Unit, catalog: Catalog, what: str) -> str:
        if INVALID_XML_RE.search(text) is None:
            return text
        found = INVALID_XML_RE.findall(text)
        if self.policy == "error":
            codes = ", ".join(sorted({f"U+{ord(c):04X}" for c in found}))
            raise FormatError(
                f"{what} holds {codes}, which XML 1.0 cannot carry (PO escapes like \\f, \\v, "
                "\\a or control characters); fix the entry or use --invalid-chars=strip|replace",
                path=catalog.path or "<catalog>",
                line=unit.line,
            )
        self.stats.invalid_chars += len(found)
        return INVALID_XML_RE.sub("" if self.policy == "strip" else "\ufffd", text)


def _plan(
    catalogs: Sequence[Catalog],
    target_langs: list[str],
    include_fuzzy: bool,
    stats: ExportStats,
    now: datetime,
) -> list[_Segment]:
    """Group the exportable translations of every catalog by source segment, in order."""
    segments: dict[tuple[str | None, str, str | None, int | None], _Segment] = {}
    for catalog, lang in zip(catalogs, target_langs, strict=True):
        date = tmx_date(catalog_date(catalog, now))
        for unit in catalog.units:
            if unit.obsolete:
                stats.skipped_obsolete += 1
                continue
            plural = unit.source_plural
            targets = unit.target_plurals if plural is not None else [unit.target]
            if not unit.is_translated:
                # An empty seg would make OmegaT insert an empty translation.
                stats.skipped_untranslated += 1
                continue
            if "fuzzy" in unit.flags:
                if not include_fuzzy:
                    stats.skipped_fuzzy += 1
                    continue
                stats.fuzzy_exported += 1
            for index, target in enumerate(targets):
                form = index if plural is not None else None
                key = (unit.context, unit.source, plural, form)
                segment = segments.get(key)
                if segment is None:
                    source = unit.source if not index else plural or ""
                    segment = segments[key] = _Segment(source, unit, catalog, form, {})
                variants = segment.variants.get(lang)
                if variants is None:
                    segment.variants[lang] = [_Variant(target, unit, catalog, date)]
                elif any(v.target == target for v in variants):
                    stats.duplicates += 1
                    continue
                else:
                    # Another translation in the same language: written in a tu of its own.
                    variants.append(_Variant(target, unit, catalog, date))
                    stats.alternatives += 1
                stats.variants += 1
    return list(segments.values())


# The writer escapes by hand: it is the hot loop of an export, and building lxml elements
# for every unit cost three times as much. Text needs &, <, > escaped (and CR, which XML
# parsers would otherwise turn into LF); attribute values also need quotes and whitespace.
def _escape(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


def _attribute(text: str) -> str:
    text = _escape(text)
    for char, entity in (('"', "&quot;"), ("\n", "&#10;"), ("\t", "&#9;")):
        if char in text:
            text = text.replace(char, entity)
    return text


def _reference_text(reference: tuple[str, str]) -> str:
    path, line = reference
    return f"{path}:{line}" if line else path


@lru_cache(maxsize=1024)
def _target_tuv(lang: str, date: str) -> str:
    return f'  <tuv xml:lang="{_attribute(lang)}" creationdate="{date}" changedate="{date}">\n'


def _unchanged(text: str, unit: Unit, catalog: Catalog, what: str) -> str:
    return text


_Check = Callable[[str, Unit, Catalog, str], str]


def _segment_tu(segment: _Segment, variants: list[tuple[str, _Variant]], tuid: str,
                source_tuv: str, checked: _Check) -> str:
    """The XML of the ``tu`` of a segment with the given target variants; ``checked``
    applies the policy for characters XML forbids to each field (or lets it through)."""
    unit, catalog = segment.unit, segment.catalog
    if len(variants) == 1:
        first = last = variants[0][1].date
    else:
        dates = sorted(v.date for _, v in variants)
        first, last = dates[0], dates[-1]
    out = [f'<tu tuid="{tuid}" creationdate="{first}" changedate="{last}">\n']
    if unit.extracted_notes:
        text = checked(unit.extracted_notes, unit, catalog, "the extracted comment")
        out.append(f"  <note>{_escape(text)}</note>\n")
    if unit.context is not None:
        text = checked(unit.context, unit, catalog, "msgctxt")
        out.append(f'  <prop type="{PROP_CONTEXT}">{_escape(text)}</prop>\n')
    for reference in unit.references:
        text = checked(_reference_text(reference), unit, catalog, "a reference")
        out.append(f'  <prop type="{PROP_REFERENCE}">{_escape(text)}</prop>\n')
    if unit.flags:
        flags = [flag for flag in unit.flags if flag != "fuzzy"]
        if flags:
            text = checked(", ".join(flags), unit, catalog, "the flags")
            out.append(f'  <prop type="{PROP_FLAGS}">{_escape(text)}</prop>\n')
    if segment.form is not None:
        out.append(f'  <prop type="{PROP_PLURAL_FORM}">{segment.form}</prop>\n')
        if segment.form == 0:
            kind = PROP_MSGID_PLURAL
            text = checked(unit.source_plural or "", unit, catalog, "msgid_plural")
        else:
            kind, text = PROP_MSGID, checked(unit.source, unit, catalog, "msgid")
        out.append(f'  <prop type="{kind}">{_escape(text)}</prop>\n')
    source = _escape(checked(segment.source, unit, catalog, "msgid"))
    out.append(f"{source_tuv}    <seg>{source}</seg>\n  </tuv>\n")
    for lang, variant in variants:
        out.append(_target_tuv(lang, variant.date))
        other = variant.unit
        if other.translator_notes:
            text = checked(other.translator_notes, other, variant.catalog,
                           "the translator comment")
            out.append(f"    <note>{_escape(text)}</note>\n")
        if "fuzzy" in other.flags:
            out.append(f'    <prop type="{PROP_FUZZY}">true</prop>\n')
        target = _escape(checked(variant.target, other, variant.catalog, "msgstr"))
        out.append(f"    <seg>{target}</seg>\n  </tuv>\n")
    out.append("</tu>\n")
    return "".join(out)


def _segment_tus(segment: _Segment, source_tuv: str, checked: _Check) -> list[str]:
    """The tu of a segment, then one more tu per alternative translation in a language."""
    unit = segment.unit
    tuid = tuid_for(unit.context, unit.source, unit.source_plural, segment.form)
    if len(segment.variants) == 1:
        # The common case, a bilingual export without alternatives, kept short.
        ((lang, variants),) = segment.variants.items()
        if len(variants) == 1:
            return [_segment_tu(segment, [(lang, variants[0])], tuid, source_tuv, checked)]
    first = [(lang, variants[0]) for lang, variants in segment.variants.items()]
    tus = [_segment_tu(segment, first, tuid, source_tuv, checked)]
    depth = max(len(variants) for variants in segment.variants.values())
    for index in range(1, depth):
        more = [(lang, variants[index]) for lang, variants in segment.variants.items()
                if len(variants) > index]
        tus.append(_segment_tu(segment, more, f"{tuid}-{index + 1}", source_tuv, checked))
    return tus


def _header_xml(source_lang: str, now: datetime) -> str:
    attributes = {
        "creationtool": "tarjama",
        "creationtoolversion": __version__,
        "segtype": "sentence",
        "o-tmf": "PO",
        "adminlang": "en",
        "srclang": source_lang,
        "datatype": "plaintext",
        "creationdate": tmx_date(now),
    }
    listed = " ".join(f'{name}="{_attribute(value)}"' for name, value in attributes.items())
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n{DOCTYPE}\n<tmx version="1.4">\n'
            f"<header {listed}/>\n<body>\n")


def write_tmx(
    catalogs: Sequence[Catalog],
    output: str | Path | IO[bytes],
    *,
    source_lang: str | None = None,
    target_lang: str | None = None,
    include_fuzzy: bool = False,
    invalid_chars: InvalidChars = "error",
    progress: Progress | None = None,
) -> ExportStats:
    """Write the translated entries of PO catalogs as one TMX 1.4b file, streaming.

    One ``tu`` per source segment (per plural form for plural entries) with a ``tuv`` in the
    source language and one per catalog's target language; untranslated and obsolete entries
    are left out, fuzzy ones too unless ``include_fuzzy``. ``output`` is a path (written
    atomically, ``-`` for standard output) or a binary file. The languages are
    :func:`~tarjama.catalog_languages.catalog_languages`'s. ``progress`` wraps the sequence
    of segments being written (:mod:`tarjama.progress`). Each unit is written as soon
    as it is made; nothing is left at the path when an error is raised.
    """
    stats = ExportStats(catalogs=len(catalogs))
    found = [catalog_languages(refuse_empty(catalog, catalog.path or "<catalog>"),
                               source_lang=source_lang, target_lang=target_lang)
             for catalog in catalogs]
    src = shared_source(catalogs, found)
    declared = {catalog.header.get("Language", "").strip() for catalog in catalogs} - {""}
    if target_lang and len(declared) > 1:
        raise UsageError(
            f"--target-lang {target_lang} would give one language to catalogs that declare "
            f"{', '.join(sorted(declared))}; leave it out to keep each catalog's own")
    langs: list[str] = []
    for catalog, languages in zip(catalogs, found, strict=True):
        lang = languages.require_target(catalog.path)
        stats.warnings.extend(languages.warnings)
        if lang == src:
            raise LanguageError(
                f"the catalog's language {lang} is also the source language; a TMX pairs "
                "two languages (check Language and X-Source-Language, or --source-lang)",
                path=catalog.path or "<catalog>",
            )
        langs.append(lang)
    stats.source_lang = src
    stats.languages = list(dict.fromkeys(langs))
    now = _export_time()
    with collector_paused():
        _write(catalogs, langs, src, include_fuzzy, invalid_chars, progress, output, stats, now)
    return stats


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
) -> ExportStats:
    """Read PO files and write their translations as one TMX (see :func:`write_tmx`);
    ``output`` may not be one of ``paths``. Catalogs with nothing to export (templates) are
    a :class:`UsageError` unless ``allow_empty``: an empty memory is rarely what was meant."""
    check_not_input(output, paths)
    with collector_paused():
        catalogs = read_catalogs(paths)
        if not allow_empty:
            _refuse_nothing_to_export(catalogs, include_fuzzy)
        return write_tmx(catalogs, output, source_lang=source_lang, target_lang=target_lang,
                         include_fuzzy=include_fuzzy, invalid_chars=invalid_chars,
                         progress=progress)


def _refuse_nothing_to_export(catalogs: Sequence[Catalog], include_fuzzy: bool) -> None:
    active = [unit for catalog in catalogs for unit in catalog.units if not unit.obsolete]
    if any(unit.is_translated and (include_fuzzy or not unit.fuzzy) for unit in active):
        return
    fuzzy = sum(1 for unit in active if unit.fuzzy and unit.is_translated)
    why = (f"{fuzzy} fuzzy (use --include-fuzzy), {len(active) - fuzzy} untranslated"
           if fuzzy else f"all {len(active)} entries are untranslated (a template?)")
    raise UsageError(f"nothing to export: no translated entry ({why}); use --allow-empty "
                     "to write an empty TMX anyway",
                     path=catalogs[0].path if len(catalogs) == 1 else None)


def _write(catalogs: Sequence[Catalog], langs: list[str], src: str, include_fuzzy: bool,
           invalid_chars: str, progress: Progress | None,
           output: str | Path | IO[bytes], stats: ExportStats, now: datetime) -> None:
    """Plan the units, then write them in batches as they are made (see :func:`write_tmx`)."""
    segments = _plan(catalogs, langs, include_fuzzy, stats, now)
    clean = _Cleaner(invalid_chars, stats)
    source_tuv = f'  <tuv xml:lang="{_attribute(src)}">\n'
    wrap = progress or quiet
    target: AbstractContextManager[Any]
    target = atomic_open(output) if isinstance(output, str | Path) else nullcontext(output)
    with target as handle:
        write = handle.write
        write(_header_xml(src, now).encode("utf-8"))
        batch: list[str] = []
        pending: list[_Segment] = []

        def flush() -> None:
            text = "".join(batch)
            # Escaping leaves the characters XML forbids alone, so one scan of the batch
            # tells whether any field holds one; only then is each field checked, and
            # the policy applied or the entry named.
            if INVALID_XML_RE.search(text) is not None:
                text = "".join(tu for segment in pending
                               for tu in _segment_tus(segment, source_tuv, clean))
            write(text.encode("utf-8"))
            batch.clear()
            pending.clear()

        with wrap(segments, length=len(segments), label="Exporting") as items:
            for segment in items:
                tus = _segment_tus(segment, source_tuv, _unchanged)
                batch += tus
                pending.append(segment)
                stats.units += len(tus)
                if len(batch) >= 512:
                    # A few hundred units at a time: cheaper to encode and write than one
                    # by one, and memory stays bounded by the batch.
                    flush()
        flush()
        write(b"</body>\n</tmx>\n")


# --- import --------------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _lang_key(code: str) -> str:
    return code.strip().replace("_", "-").lower()


# libxml2 keeps element lines in 16 bits: from line 65,535 on, lxml's ``sourceline`` falls
# back to the line of the element's first child node, and a text node's line is where it
# ends. A big TMX (one unit every ten lines) passes that line within 6,500 units.
_BIG_LINE = 65535


def element_line(element: Any) -> int | None:
    """The line of an element's start tag, correct past line 65,535 (see ``_BIG_LINE``)."""
    line: int | None = element.sourceline
    if line is None or line < _BIG_LINE:
        return line
    if element.text is not None:
        # The fallback took the text node after the start tag, which ends its newlines later.
        newlines: int = element.text.count("\n")
        return line - newlines
    if len(element) and isinstance(element[0].tag, str):
        return element_line(element[0])
    return line


@dataclass
class TmxHeader:
    """What the reader needs from a TMX header."""

    version: str
    srclang: str | None
    attributes: dict[str, str]


def read_header(path: str | Path) -> TmxHeader:
    """The ``header`` of a TMX file (only the start of the file is parsed)."""
    version = ""
    with closing(xmlsafe.iterparse(path, events=("start",))) as events:
        for _, element in events:
            if element.tag == "tmx" and element.getparent() is None:
                version = element.get("version", "")
                continue
            if element.tag != "header":
                raise FormatError(
                    f"not a TMX file: <{element.tag}> where <header> was expected",
                    path=path, line=element.sourceline,
                )
            attributes = {str(k): str(v) for k, v in element.attrib.items()}
            srclang = attributes.get("srclang", "").strip()
            if srclang.lower() in ("", "*all*"):
                srclang = ""
            return TmxHeader(version, srclang or None, attributes)
    raise FormatError("not a TMX file: no <tmx> and <header> elements", path=path, line=1)


def tmx_languages(path: str | Path) -> Counter[str]:
    """How many ``tuv`` elements each language has (codes as written, lower-cased)."""
    counts: Counter[str] = Counter()
    for _, tu in xmlsafe.iterparse(path, events=("end",), tag="tu"):
        for tuv in tu.iterchildren("tuv"):
            counts[_lang_key(tuv.get(XML_LANG) or tuv.get("lang") or "")] += 1
        _release(tu)
    return counts


def _release(tu: Any) -> None:
    """Free a tu that has been read, and the siblings before it, to keep memory bounded."""
    tu.clear(keep_tail=False)
    parent = tu.getparent()
    if parent is not None:
        while tu.getprevious() is not None:
            del parent[0]


def _canonical(code: str, path: str | Path, what: str) -> str:
    try:
        return normalize_tag(code)
    except LanguageError as exc:
        raise LanguageError(f"{what}: {exc.message}", path=path) from exc


def _listing(counts: Counter[str]) -> str:
    """The languages of a file's variants and their counts (:func:`tmx_languages`), for
    messages."""
    listing = ", ".join(f"{code or '(none)'} ({n} variants)" for code, n in counts.items())
    return listing or "none: the file has no translation units"


def _no_single_target(path: str | Path, source: str) -> UsageError:
    return UsageError(
        f"cannot tell the target language, give --target-lang (source {source}; "
        f"languages in the file: {_listing(tmx_languages(path))})",
        path=path,
    )


def resolve_pair(path: str | Path, source_lang: str | None,
                 target_lang: str | None) -> tuple[str, str]:
    """The (source, target) codes to read from a TMX: given ones, else the header's srclang
    and the one other language of the file (an error lists them when there are several)."""
    source = source_lang
    if source is None:
        source = read_header(path).srclang
    if source is None or target_lang is None:
        counts = tmx_languages(path)
        listing = _listing(counts)
        if source is None:
            raise UsageError(
                f"the header names no srclang; give --source-lang (languages in the file: "
                f"{listing})",
                path=path,
            )
        others = [code for code in counts if code and _lang_key(code) != _lang_key(source)]
        if len(others) != 1:
            raise UsageError(
                f"cannot tell the target language, give --target-lang (source {source}; "
                f"languages in the file: {listing})",
                path=path,
            )
        target_lang = others[0]
    return source, target_lang


def _pick(tuvs: list[tuple[str, Any]], wanted: str, taken: Any = None) -> Any:
    """The tuv in language ``wanted``: an exact (case-insensitive) match first, else one with
    the same primary subtag (``ar-SA`` for ``ar``)."""
    key = _lang_key(wanted)
    for lang, tuv in tuvs:
        if lang == key and tuv is not taken:
            return tuv
    primary = primary_subtag(key)
    for lang, tuv in tuvs:
        if tuv is not taken and primary_subtag(lang) == primary:
            return tuv
    return None


def seg_text(seg: Any, path: str | Path) -> str:
    """The text of a ``seg``: level-2 inline elements flattened to their native codes.

    ``bpt``, ``ept``, ``it``, ``ph`` (and the deprecated ``ut``) contribute the original
    code they hold (``<b>``, ``</b>``, ``<img src="x"/>``); ``hi`` and ``sub`` contribute
    their text. Comments and processing instructions are dropped.
    """
    if len(seg) == 0:
        return seg.text or ""
    xmlsafe.refuse_entity_references(seg, path)
    return "".join(seg.itertext())


def _text(element: Any, path: str | Path) -> str:
    return seg_text(element, path)


def _parse_reference(value: str) -> tuple[str, str]:
    head, sep, tail = value.rpartition(":")
    if sep and tail.isdigit():
        return head, tail
    return value, ""


def _unit_from_tu(tu: Any, source_tuv: Any, target_tuv: Any, source: str, target: str,
                  path: str | Path) -> Unit:
    """A unit with the seg texts and what the tu's props and notes say."""
    unit = Unit(source=source, target=target, line=element_line(tu))
    extracted: list[str] = []
    properties = unit.properties
    for name in ("tuid", "creationdate", "changedate", "creationid", "changeid", "usagecount"):
        value = tu.get(name)
        if value is not None:
            properties[name] = value
    for name in ("creationdate", "changedate", "creationid", "changeid"):
        value = target_tuv.get(name)
        if value is not None:
            properties[name] = value
    for holder in (tu, source_tuv):
        for child in holder:
            tag = child.tag
            if tag == "note":
                extracted.append(_text(child, path))
            elif tag == "prop":
                kind = child.get("type", "")
                value = _text(child, path)
                if kind == PROP_CONTEXT:
                    unit.context = value
                elif kind == PROP_REFERENCE:
                    unit.references.append(_parse_reference(value))
                elif kind == PROP_FLAGS:
                    unit.flags.extend(f.strip() for f in value.split(",") if f.strip())
                elif kind in TARJAMA_PROPS:
                    properties[kind] = value
                else:
                    # Another tool's metadata: kept as an extracted comment a translator sees.
                    extracted.append(f"{kind}: {value}")
                    properties.setdefault(kind, value)
    translator: list[str] = []
    for child in target_tuv:
        tag = child.tag
        if tag == "note":
            translator.append(_text(child, path))
        elif tag == "prop":
            kind = child.get("type", "")
            value = _text(child, path)
            if kind == PROP_FUZZY:
                if value.strip().lower() not in ("false", "no", "0"):
                    unit.fuzzy = True
            else:
                extracted.append(f"{kind}: {value}")
                properties.setdefault(kind, value)
    unit.extracted_notes = "\n".join(extracted)
    unit.translator_notes = "\n".join(translator)
    return unit


def iter_tmx(
    path: str | Path,
    *,
    source_lang: str | None = None,
    target_lang: str | None = None,
    on_skip: Callable[[str], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
    on_read: Callable[[int], None] | None = None,
) -> Iterator[Unit]:
    """Stream the units of one language pair out of a TMX 1.1-1.4b file.

    One :class:`Unit` per ``tu`` holding both languages (``lang`` or ``xml:lang``, matched
    case-insensitively, then by primary subtag: ``AR`` and ``ar-SA`` match ``ar``); the pair
    defaults to the header's ``srclang`` and the file's one other language. ``Unit.line`` is
    the line of the ``tu``; ``source_lang``/``target_lang`` are canonical tags. Props and notes
    tarjama writes come back as context, references, flags and comments; other tools' props
    become extracted comments. A plural form's tu yields its own unit with
    ``properties["x-plural-form"]`` (:func:`read_tmx` joins the forms). ``on_skip`` hears of
    every unit left out and why; ``on_warning`` of odd but accepted input (``ar_SA``);
    ``on_read`` of the bytes read (for a progress bar). Memory stays bounded: each ``tu`` is
    cleared once read.
    """
    source_code = source_lang or read_header(path).srclang
    if source_code is None:
        # No srclang to go by: a census of the file names its languages in the error.
        source_code, target_lang = resolve_pair(path, source_lang, target_lang)
    source_tag = _canonical(source_code, path, "source language")
    # Without a target language, the first unit with another language names it, and any
    # unit with a third language is an error: one pass over the file, not two.
    target_code = target_lang
    target_tag = "" if target_code is None else _canonical(target_code, path, "target language")
    if target_code is not None and _lang_key(source_code) == _lang_key(target_code):
        raise UsageError(f"source and target language are both {source_tag}", path=path)
    skip = on_skip or (lambda message: None)
    warned: set[str] = set()
    ignored: Counter[str] = Counter()
    # Units read, and units left out because a language of the pair is missing: when that is
    # every unit, the file holds another pair than the one asked for.
    read = lacking = 0
    for _, tu in xmlsafe.iterparse(path, events=("end",), tag="tu", on_read=on_read):
        read += 1
        tuvs: list[tuple[str, Any]] = []
        for tuv in tu.iterchildren("tuv"):
            code = tuv.get(XML_LANG) or tuv.get("lang") or ""
            if "_" in code and code not in warned and on_warning is not None:
                warned.add(code)
                on_warning(
                    f"{path}:{element_line(tuv)}: language code {code!r} uses '_' where BCP 47 "
                    f"has '-'; read as {code.replace('_', '-')!r}"
                )
            tuvs.append((_lang_key(code), tuv))
        if target_lang is None:
            picked = _pick(tuvs, source_code)
            others = {lang for lang, tuv in tuvs if tuv is not picked and lang}
            if target_code is not None:
                others.discard(_lang_key(target_code))
            if target_code is None and len(others) == 1:
                target_code = others.pop()
                target_tag = _canonical(target_code, path, "target language")
            if others:
                raise _no_single_target(path, source_code)
        if target_code is None:
            skip(f"{path}:{element_line(tu)}: no variant besides {source_tag}; unit skipped")
            lacking += 1
            _release(tu)
            continue
        source_tuv = _pick(tuvs, source_code)
        target_tuv = _pick(tuvs, target_code, taken=source_tuv)
        line = element_line(tu)
        if source_tuv is None or target_tuv is None:
            missing = source_tag if source_tuv is None else target_tag
            skip(f"{path}:{line}: no {missing} variant; unit skipped")
            lacking += 1
        else:
            for lang, tuv in tuvs:
                if tuv is not source_tuv and tuv is not target_tuv:
                    ignored[lang] += 1
            source_seg = source_tuv.find("seg")
            target_seg = target_tuv.find("seg")
            source = "" if source_seg is None else seg_text(source_seg, path)
            target = "" if target_seg is None else seg_text(target_seg, path)
            if not source:
                skip(f"{path}:{line}: empty {source_tag} segment; unit skipped")
            elif not target:
                skip(f"{path}:{line}: empty {target_tag} segment; unit skipped")
            else:
                unit = _unit_from_tu(tu, source_tuv, target_tuv, source, target, path)
                unit.source_lang = source_tag
                unit.target_lang = target_tag
                yield unit
        _release(tu)
    if read and lacking == read:
        pair = f"{source_tag} and {target_tag}" if target_tag else f"{source_tag} and another"
        raise LanguageError(
            f"no unit has both {pair} language variants (languages in the file: "
            f"{_listing(tmx_languages(path))}); check --source-lang and --target-lang",
            path=path,
        )
    if ignored:
        listing = ", ".join(f"{lang} ({n})" for lang, n in ignored.items())
        skip(f"{path}: variants in other languages ignored: {listing}")




def _total_bytes(paths: Sequence[str | Path]) -> int | None:
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


def _merge_plural(unit: Unit, groups: dict[tuple[str | None, str, str], Unit],
                  form: int) -> Unit | None:
    """Fold a plural form's unit into the plural unit of its entry (None: folded in)."""
    props = unit.properties
    if form == 0:
        msgid, msgid_plural = unit.source, props.get(PROP_MSGID_PLURAL, "")
    else:
        msgid, msgid_plural = props.get(PROP_MSGID, ""), unit.source
    key = (unit.context, msgid, msgid_plural)
    entry = groups.get(key)
    fresh = entry is None
    if entry is None:
        entry = Unit(
            source=msgid, source_plural=msgid_plural, context=unit.context,
            references=list(unit.references), translator_notes=unit.translator_notes,
            extracted_notes=unit.extracted_notes, flags=list(unit.flags),
            source_lang=unit.source_lang, target_lang=unit.target_lang, line=unit.line,
            properties={k: v for k, v in props.items() if k not in TARJAMA_PROPS},
        )
        groups[key] = entry
    while len(entry.target_plurals) <= form:
        entry.target_plurals.append("")
    entry.target_plurals[form] = unit.target
    if unit.fuzzy:
        entry.fuzzy = True
    return entry if fresh else None


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
    with wrap(_total_bytes(paths), label="Importing") as advance:
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
                    merged = _merge_plural(unit, plural_groups, int(form_text))
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
        pair = (_canonical(codes[0], first, "source language"),
                _canonical(codes[1], first, "target language"))
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
    "ExportStats",
    "ImportStats",
    "export_po_files",
    "import_tmx_files",
    "iter_tmx",
    "read_tmx",
    "read_tmxs",
    "seg_text",
    "tuid_for",
    "write_tmx",
]
