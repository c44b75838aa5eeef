"""Fill a catalog from a translation memory: exact matches as translations, near ones as fuzzy.

A fuzzy fill carries the memory's source as ``#|`` previous msgid and a comment with the score
and the memory file, so the translator sees what changed; nothing translated is overwritten
unless asked.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from tarjama.catalog_languages import catalog_languages
from tarjama.errors import warn
from tarjama.fileio import check_not_input
from tarjama.formats.po import po_date, read_po, refuse_empty, write_po
from tarjama.languages import plural_rule
from tarjama.memory.match import DEFAULT_SCORER
from tarjama.memory.store import Match, Memory, Report, open_memory, quiet
from tarjama.model import Catalog, Unit
from tarjama.progress import Progress
from tarjama.progress import quiet as quiet_progress
from tarjama.stats import word_count

DEFAULT_THRESHOLD = 75.0
# The comment pretranslate leaves on a fuzzy fill; a later run replaces its own line.
_NOTE_RE = re.compile(r"^tarjama: [\d.]+% match .*$\n?", re.M)


@dataclass
class Tally:
    segments: int = 0
    words: int = 0

    def add(self, unit: Unit) -> None:
        self.segments += 1
        self.words += word_count(unit.source)


@dataclass
class PretranslateStats:
    """What pretranslate did, by segments and source words."""

    exact: Tally = field(default_factory=Tally)
    fuzzy: Tally = field(default_factory=Tally)
    no_match: Tally = field(default_factory=Tally)
    kept: Tally = field(default_factory=Tally)
    placeable: Tally = field(default_factory=Tally)  # filled fuzzy, placeables substituted

    def summary(self) -> str:
        parts = [
            f"exact {self.exact.segments} ({self.exact.words} words)",
            f"fuzzy {self.fuzzy.segments} ({self.fuzzy.words} words)",
            f"no match {self.no_match.segments} ({self.no_match.words} words)",
        ]
        if self.placeable.segments:
            parts.insert(1, f"placeable {self.placeable.segments} "
                            f"({self.placeable.words} words)")
        if self.kept.segments:
            parts.append(f"already translated, kept {self.kept.segments} "
                         f"({self.kept.words} words)")
        return "pretranslate: " + ", ".join(parts)

    def as_dict(self) -> dict[str, dict[str, int]]:
        return {name: {"segments": tally.segments, "words": tally.words}
                for name, tally in (("exact", self.exact), ("placeable", self.placeable),
                                    ("fuzzy", self.fuzzy),
                                    ("no_match", self.no_match), ("kept", self.kept))}


def _nplurals(catalog: Catalog, target_lang: str | None) -> int:
    declared = catalog.nplurals
    if declared:
        return declared
    return plural_rule(target_lang).nplurals if target_lang else 2


def _usable(match: Match, unit: Unit, nplurals: int) -> bool:
    """A plural unit takes only a plural translation with as many forms as the catalog."""
    if not unit.is_plural:
        return True
    return len(match.unit.target_plurals) == nplurals


def _best(memory: Memory, unit: Unit, threshold: float, nplurals: int) -> list[Match]:
    for exact_first in (True, False):
        matches = memory.lookup(unit.source, context=unit.context, limit=3, min_score=threshold,
                                plural=unit.is_plural, exact_first=exact_first)
        usable = [m for m in matches if _usable(m, unit, nplurals)]
        if usable:
            return usable
    return []


def fill(unit: Unit, match: Match, *, note_origin: bool = True) -> bool:
    """Put a match's translation into ``unit``; True when it went in as exact.

    An exact match (identical source, agreeing context, same plural source) is a translation;
    anything else is fuzzy, with the memory's source as previous msgid and, when
    ``note_origin``, a comment giving the score and the memory file.
    """
    found = match.unit
    exact = match.is_exact and found.source_plural == unit.source_plural
    unit.set_targets(list(match.target_plurals) if unit.is_plural else [match.target])
    unit.translator_notes = _NOTE_RE.sub("", unit.translator_notes).rstrip("\n")
    if exact:
        unit.fuzzy = False
        unit.previous_source = unit.previous_source_plural = unit.previous_context = None
        return True
    unit.fuzzy = True
    unit.previous_source = found.source
    unit.previous_source_plural = found.source_plural if unit.is_plural else None
    unit.previous_context = found.context if found.context != unit.context else None
    if note_origin or match.substitutions or match.note:
        note = f"tarjama: {match.score:g}% match ({match.kind.value})"
        if note_origin:
            note += " from " + (found.origin if found.line is None
                                else f"{found.origin}:{found.line}")
        note += match_note(match)
        unit.translator_notes = f"{unit.translator_notes}\n{note}".strip("\n")
    return False


def match_note(match: Match) -> str:
    """What a placeable match substituted, or why placeables that differ were not: the end of
    the translator comment a fill leaves (one line, so that a later run replaces it)."""
    if match.substitutions:
        return "; substituted " + ", ".join(str(s) for s in match.substitutions)
    if match.note:
        return f"; not substituted: {match.note}"
    return ""


def set_target_header(catalog: Catalog, source_lang: str | None, target_lang: str | None) -> None:
    """Make a template's header a translation's: Language, Plural-Forms, source language,
    revision date (what ``msginit`` would write); declared values are kept."""
    header = catalog.header
    if target_lang and not header.get("Language", "").strip():
        header["Language"] = target_lang
        catalog.target_lang = target_lang
        if "fuzzy" in catalog.header_flags:
            catalog.header_flags = [f for f in catalog.header_flags if f != "fuzzy"]
    plural_forms = header.get("Plural-Forms", "")
    if target_lang and (not plural_forms.strip() or "INTEGER" in plural_forms):
        header["Plural-Forms"] = plural_rule(target_lang).header()
    if source_lang and not header.get("X-Source-Language", "").strip():
        header["X-Source-Language"] = source_lang
        catalog.source_lang = catalog.source_lang or source_lang
    if "charset=CHARSET" in header.get("Content-Type", ""):
        header["Content-Type"] = header["Content-Type"].replace("CHARSET", "UTF-8")
    if "PO-Revision-Date" in header:
        header["PO-Revision-Date"] = po_date()


def pretranslate(
    catalog: Catalog,
    memory: Memory,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    overwrite: bool = False,
    progress: Progress = quiet_progress,
) -> PretranslateStats:
    """Fill ``catalog`` (a POT or PO) from ``memory`` in place and say what was done.

    Units already translated (or fuzzy with a translation) are kept unless ``overwrite``;
    obsolete units are left alone.
    """
    stats = PretranslateStats()
    nplurals = _nplurals(catalog, catalog.target_lang or memory.pair.target)
    with progress(catalog.units, length=len(catalog.units), label="pretranslating") as units:
        for unit in units:
            _pretranslate_unit(unit, memory, stats, threshold, overwrite, nplurals)
    set_target_header(catalog, memory.pair.source, memory.pair.target)
    return stats


def _pretranslate_unit(unit: Unit, memory: Memory, stats: PretranslateStats, threshold: float,
                       overwrite: bool, nplurals: int) -> None:
    if unit.obsolete:
        return
    has_translation = any(unit.targets)
    if has_translation and not overwrite:
        stats.kept.add(unit)
        return
    usable = _best(memory, unit, threshold, nplurals)
    if not usable:
        (stats.kept if has_translation else stats.no_match).add(unit)
        return
    if fill(unit, usable[0]):
        stats.exact.add(unit)
    elif usable[0].adapted:
        stats.placeable.add(unit)
    else:
        stats.fuzzy.add(unit)


def pretranslate_file(
    template: str,
    output: str,
    memories: Sequence[str],
    *,
    source_lang: str | None = None,
    target_lang: str | None = None,
    scorer: str = DEFAULT_SCORER,
    threshold: float = DEFAULT_THRESHOLD,
    overwrite: bool = False,
    report: Report = quiet,
    progress: Progress = quiet_progress,
) -> PretranslateStats:
    """Read ``template``, fill it from the memory files and write ``output`` (atomically,
    never over an input). The language pair is the template's, where it declares one."""
    check_not_input(output, [template, *memories])
    catalog = refuse_empty(read_po(template), template)
    languages = catalog_languages(catalog, source_lang=source_lang, target_lang=target_lang)
    for warning in languages.warnings:
        warn(warning)
    source, target = languages.source, languages.target
    with open_memory(memories, source_lang=source, target_lang=target, scorer=scorer,
                     report=report) as memory:
        stats = pretranslate(catalog, memory, threshold=threshold, overwrite=overwrite,
                             progress=progress)
    write_po(catalog, output)
    return stats
