"""The TMX 1.4b writer: translated PO entries of one source as one (possibly multilingual)
TMX that CAT tools load, streamed to the output as the units are made."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import IO, Any, Literal, get_args

from tarjama import __version__
from tarjama.bulk import collector_paused
from tarjama.catalog_languages import exchange_languages
from tarjama.errors import FormatError, UsageError
from tarjama.fileio import atomic_open
from tarjama.formats.inline import mark_unit
from tarjama.formats.tmx.dates import catalog_date, export_time, tmx_date
from tarjama.formats.tmx.props import (
    DOCTYPE,
    PROP_CONTEXT,
    PROP_FLAGS,
    PROP_FUZZY,
    PROP_MSGID,
    PROP_MSGID_PLURAL,
    PROP_PLURAL_FORM,
    PROP_REFERENCE,
)
from tarjama.formats.xmlescape import escape_attribute, escape_text
from tarjama.formats.xmlsafe import XML_TEXT_LIMIT, refuse_huge_text
from tarjama.model import Catalog, Unit
from tarjama.progress import Progress, quiet

# Characters XML 1.0 cannot carry, even escaped.
INVALID_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
InvalidChars = Literal["error", "strip", "replace"]
INVALID_CHAR_POLICIES: tuple[InvalidChars, ...] = get_args(InvalidChars)


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
    date: str  # when it was last changed
    created: str | None = None  # when it was made, if known to be another moment


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
        refuse_huge_text(text, what, catalog.path or "<catalog>", unit.line)
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
            if not unit.is_translated:
                # An empty seg would make OmegaT insert an empty translation.
                stats.skipped_untranslated += 1
                continue
            if "fuzzy" in unit.flags:
                if not include_fuzzy:
                    stats.skipped_fuzzy += 1
                    continue
                stats.fuzzy_exported += 1
            _add_variants(segments, unit, catalog, lang, date, stats)
    return list(segments.values())


_SegmentKey = tuple[str | None, str, str | None, int | None]


def _add_variants(segments: dict[_SegmentKey, _Segment], unit: Unit, catalog: Catalog,
                  lang: str, date: str, stats: ExportStats, created: str | None = None) -> None:
    """Add a unit's translation (each plural form's) in ``lang`` to its segments."""
    plural = unit.source_plural
    targets = unit.target_plurals if plural is not None else [unit.target]
    for index, target in enumerate(targets):
        form = index if plural is not None else None
        key = (unit.context, unit.source, plural, form)
        segment = segments.get(key)
        if segment is None:
            source = unit.source if not index else plural or ""
            segment = segments[key] = _Segment(source, unit, catalog, form, {})
        variants = segment.variants.get(lang)
        if variants is None:
            segment.variants[lang] = [_Variant(target, unit, catalog, date, created)]
        elif any(v.target == target for v in variants):
            stats.duplicates += 1
            continue
        else:
            # Another translation in the same language: written in a tu of its own.
            variants.append(_Variant(target, unit, catalog, date, created))
            stats.alternatives += 1
        stats.variants += 1


def _reference_text(reference: tuple[str, str]) -> str:
    path, line = reference
    return f"{path}:{line}" if line else path


@lru_cache(maxsize=1024)
def _target_tuv(lang: str, created: str, changed: str) -> str:
    return (f'  <tuv xml:lang="{escape_attribute(lang)}" creationdate="{created}" '
            f'changedate="{changed}">\n')


def _unchanged(text: str, unit: Unit, catalog: Catalog, what: str) -> str:
    return text


_Check = Callable[[str, Unit, Catalog, str], str]


def _segs(segment: _Segment, variants: list[tuple[str, _Variant]], checked: _Check,
          inline: bool) -> tuple[str, list[str]]:
    """The content of the source seg and of each target's: escaped text, or with inline
    codes (:func:`~tarjama.formats.inline.mark_unit`) when ``inline``."""
    source = checked(segment.source, segment.unit, segment.catalog, "msgid")
    targets = [checked(variant.target, variant.unit, variant.catalog, "msgstr")
               for _, variant in variants]
    if inline:
        marked = mark_unit(source, targets, "tmx")
        return marked.source, marked.targets
    return escape_text(source), [escape_text(target) for target in targets]


def _segment_tu(segment: _Segment, variants: list[tuple[str, _Variant]], tuid: str,
                source_tuv: str, checked: _Check, inline: bool = False) -> str:
    """The XML of the ``tu`` of a segment with the given target variants; ``checked``
    applies the policy for characters XML forbids to each field (or lets it through);
    ``inline`` writes placeholders and tags as inline codes."""
    unit, catalog = segment.unit, segment.catalog
    if len(variants) == 1:
        last = variants[0][1].date
        first = variants[0][1].created or last
    else:
        first = min(v.created or v.date for _, v in variants)
        last = max(v.date for _, v in variants)
    out = [f'<tu tuid="{tuid}" creationdate="{first}" changedate="{last}">\n']
    if unit.extracted_notes:
        text = checked(unit.extracted_notes, unit, catalog, "the extracted comment")
        out.append(f"  <note>{escape_text(text)}</note>\n")
    if unit.context is not None:
        text = checked(unit.context, unit, catalog, "msgctxt")
        out.append(f'  <prop type="{PROP_CONTEXT}">{escape_text(text)}</prop>\n')
    for reference in unit.references:
        text = checked(_reference_text(reference), unit, catalog, "a reference")
        out.append(f'  <prop type="{PROP_REFERENCE}">{escape_text(text)}</prop>\n')
    if unit.flags:
        flags = [flag for flag in unit.flags if flag != "fuzzy"]
        if flags:
            text = checked(", ".join(flags), unit, catalog, "the flags")
            out.append(f'  <prop type="{PROP_FLAGS}">{escape_text(text)}</prop>\n')
    if segment.form is not None:
        out.append(f'  <prop type="{PROP_PLURAL_FORM}">{segment.form}</prop>\n')
        if segment.form == 0:
            kind = PROP_MSGID_PLURAL
            text = checked(unit.source_plural or "", unit, catalog, "msgid_plural")
        else:
            kind, text = PROP_MSGID, checked(unit.source, unit, catalog, "msgid")
        out.append(f'  <prop type="{kind}">{escape_text(text)}</prop>\n')
    source, targets = _segs(segment, variants, checked, inline)
    out.append(f"{source_tuv}    <seg>{source}</seg>\n  </tuv>\n")
    for (lang, variant), target in zip(variants, targets, strict=True):
        out.append(_target_tuv(lang, variant.created or variant.date, variant.date))
        other = variant.unit
        if other.translator_notes:
            text = checked(other.translator_notes, other, variant.catalog,
                           "the translator comment")
            out.append(f"    <note>{escape_text(text)}</note>\n")
        if "fuzzy" in other.flags:
            out.append(f'    <prop type="{PROP_FUZZY}">true</prop>\n')
        out.append(f"    <seg>{target}</seg>\n  </tuv>\n")
    out.append("</tu>\n")
    return "".join(out)


def _segment_tus(segment: _Segment, source_tuv: str, checked: _Check,
                 inline: bool = False) -> list[str]:
    """The tu of a segment, then one more tu per alternative translation in a language."""
    unit = segment.unit
    tuid = tuid_for(unit.context, unit.source, unit.source_plural, segment.form)
    if len(segment.variants) == 1:
        # The common case, a bilingual export without alternatives, kept short.
        ((lang, variants),) = segment.variants.items()
        if len(variants) == 1:
            return [_segment_tu(segment, [(lang, variants[0])], tuid, source_tuv, checked,
                                inline)]
    first = [(lang, variants[0]) for lang, variants in segment.variants.items()]
    tus = [_segment_tu(segment, first, tuid, source_tuv, checked, inline)]
    depth = max(len(variants) for variants in segment.variants.values())
    for index in range(1, depth):
        more = [(lang, variants[index]) for lang, variants in segment.variants.items()
                if len(variants) > index]
        tus.append(_segment_tu(segment, more, f"{tuid}-{index + 1}", source_tuv, checked,
                               inline))
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
    listed = " ".join(f'{name}="{escape_attribute(value)}"' for name, value in attributes.items())
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
    inline_codes: bool = False,
) -> ExportStats:
    """Write the translated entries of PO catalogs as one TMX 1.4b file, streaming.

    One ``tu`` per source segment (per plural form for plural entries) with a ``tuv`` in the
    source language and one per catalog's target language; untranslated and obsolete entries
    are left out, fuzzy ones too unless ``include_fuzzy``. ``output`` is a path (written
    atomically, ``-`` for standard output) or a binary file. The languages are
    :func:`~tarjama.catalog_languages.exchange_languages`'s. ``progress`` wraps the sequence
    of segments being written (:mod:`tarjama.progress`). Each unit is written as soon
    as it is made; nothing is left at the path when an error is raised. With
    ``inline_codes``, placeholders and tags are written as TMX level-2 inline codes
    (:mod:`tarjama.formats.inline`), each holding its original text.
    """
    stats = ExportStats(catalogs=len(catalogs))
    languages = exchange_languages(catalogs, source_lang=source_lang, target_lang=target_lang)
    src, langs = languages.source, languages.targets
    stats.warnings.extend(languages.warnings)
    stats.source_lang = src
    stats.languages = list(dict.fromkeys(langs))
    now = export_time()
    with collector_paused():
        _write(catalogs, langs, src, include_fuzzy, invalid_chars, progress, output, stats, now,
               inline_codes)
    return stats


def _write(catalogs: Sequence[Catalog], langs: list[str], src: str, include_fuzzy: bool,
           invalid_chars: str, progress: Progress | None,
           output: str | Path | IO[bytes], stats: ExportStats, now: datetime,
           inline: bool = False) -> None:
    """Plan the units, then write them in batches as they are made (see :func:`write_tmx`)."""
    segments = _plan(catalogs, langs, include_fuzzy, stats, now)
    _write_segments(segments, len(segments), src, invalid_chars, progress, output, stats, now,
                    inline)


def _write_segments(segments: Iterable[_Segment], length: int | None, src: str,
                    invalid_chars: str, progress: Progress | None,
                    output: str | Path | IO[bytes], stats: ExportStats,
                    now: datetime, inline: bool = False) -> None:
    """Write the header, the segments' units in batches, and the end of the TMX."""
    clean = _Cleaner(invalid_chars, stats)
    source_tuv = f'  <tuv xml:lang="{escape_attribute(src)}">\n'
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
            # the policy applied or the entry named; so is a batch long enough to hold a text
            # over what XML readers accept (refused by name).
            if len(text) * 4 > XML_TEXT_LIMIT or INVALID_XML_RE.search(text) is not None:
                text = "".join(tu for segment in pending
                               for tu in _segment_tus(segment, source_tuv, clean, inline))
            write(text.encode("utf-8"))
            batch.clear()
            pending.clear()

        with wrap(segments, length=length, label="Exporting") as items:
            for segment in items:
                tus = _segment_tus(segment, source_tuv, _unchanged, inline)
                batch += tus
                pending.append(segment)
                stats.units += len(tus)
                if len(batch) >= 512:
                    # A few hundred units at a time: cheaper to encode and write than one
                    # by one, and memory stays bounded by the batch.
                    flush()
        flush()
        write(b"</body>\n</tmx>\n")


# --- translations from a store -------------------------------------------------------------------


@dataclass(frozen=True)
class StoredTranslation:
    """A translation kept elsewhere than in a catalog (a memory database), for
    :func:`write_tmx_stream`: the unit (source, context, notes, references, flags, target or
    plural forms), its target language, where it came from and its dates."""

    unit: Unit
    lang: str
    origin: str
    created: datetime
    changed: datetime


def _stored_segments(translations: Iterable[StoredTranslation],
                     stats: ExportStats) -> Iterator[_Segment]:
    """Segments made as :func:`_plan` makes them, from translations that come grouped: all
    of one (context, source, plural source) one after another, so one group is held at a
    time."""
    origins: dict[str, Catalog] = {}
    group: dict[_SegmentKey, _Segment] = {}
    current: tuple[str | None, str, str | None] | None = None
    languages: dict[str, None] = {}
    for item in translations:
        unit = item.unit
        key = (unit.context, unit.source, unit.source_plural)
        if key != current:
            yield from group.values()
            group = {}
            current = key
        catalog = origins.get(item.origin)
        if catalog is None:
            catalog = origins[item.origin] = Catalog(path=item.origin)
        languages.setdefault(item.lang)
        _add_variants(group, unit, catalog, item.lang, tmx_date(item.changed), stats,
                      tmx_date(item.created))
    yield from group.values()
    stats.languages = list(languages)


def write_tmx_stream(
    translations: Iterable[StoredTranslation],
    output: str | Path | IO[bytes],
    *,
    source_lang: str,
    invalid_chars: InvalidChars = "error",
    progress: Progress | None = None,
    inline_codes: bool = False,
) -> ExportStats:
    """Write translations read from a store as TMX 1.4b, exactly as :func:`write_tmx`
    writes the same units from catalogs, holding one segment's translations at a time.
    ``translations`` must come grouped by (context, source, plural source), the groups in
    the order the units should be written."""
    stats = ExportStats(source_lang=source_lang)
    with collector_paused():
        _write_segments(_stored_segments(translations, stats), None, source_lang,
                        invalid_chars, progress, output, stats, export_time(), inline_codes)
    return stats
