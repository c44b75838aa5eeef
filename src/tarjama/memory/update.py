"""Carry a PO's translations across an edit of its source document, as ``msgmerge`` does.

The document is segmented again; unchanged segments keep their entry, changed ones get the
nearest old translation as fuzzy with ``#|`` previous msgid, and every old entry no segment
took becomes obsolete (``#~``): no translation is ever dropped.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from tarjama.catalog_languages import catalog_languages
from tarjama.errors import UsageError
from tarjama.fileio import check_not_input
from tarjama.formats.po import read_po, refuse_empty, write_po
from tarjama.formats.text import read_document
from tarjama.languages import normalize_tag, script_language
from tarjama.memory.match import DEFAULT_SCORER
from tarjama.memory.pretranslate import Tally, fill
from tarjama.memory.store import Memory, Pair, catalog_index
from tarjama.model import Catalog, Status, Unit
from tarjama.progress import Progress, quiet
from tarjama.segment import SCRIPT_SAMPLE, check_script, document_to_catalog

# msgmerge proposes an old translation when the similarity is at least 0.6.
DEFAULT_UPDATE_THRESHOLD = 60.0


@dataclass
class UpdateStats:
    """What the update did to the catalog, by segments and source words."""

    unchanged: Tally = field(default_factory=Tally)
    fuzzy: Tally = field(default_factory=Tally)
    new: Tally = field(default_factory=Tally)
    obsolete: Tally = field(default_factory=Tally)

    def summary(self) -> str:
        return (
            f"update: unchanged {self.unchanged.segments} ({self.unchanged.words} words), "
            f"changed, fuzzy {self.fuzzy.segments} ({self.fuzzy.words} words), "
            f"new {self.new.segments} ({self.new.words} words), "
            f"made obsolete {self.obsolete.segments} ({self.obsolete.words} words)"
        )


def _memory_of(old: Catalog, scorer: str) -> Memory:
    """The old catalog's trusted translations (active or obsolete, never fuzzy) as a memory."""
    trusted = Catalog(source_lang=old.source_lang, target_lang=old.target_lang)
    for unit in old.units:
        if unit.fuzzy or not unit.is_translated:
            continue
        revived = copy.deepcopy(unit)
        revived.obsolete = False
        trusted.units.append(revived)
    pair = Pair(old.source_lang, old.target_lang)
    return Memory([catalog_index(trusted, old.path or "<old catalog>")], pair, scorer)


def _keep(old: Unit, new: Unit) -> Unit:
    """The old entry for an unchanged segment, with the new position (references, notes)."""
    kept = copy.deepcopy(old)
    kept.obsolete = False
    kept.references = list(new.references)
    kept.extracted_notes = new.extracted_notes
    kept.line = new.line
    return kept


def merge(old: Catalog, new: Catalog, *, threshold: float = DEFAULT_UPDATE_THRESHOLD,
          scorer: str = DEFAULT_SCORER,
          progress: Progress = quiet) -> tuple[Catalog, UpdateStats]:
    """Merge the old translations into the new template ``new``; returns the updated catalog.

    Entries are matched by context and source (gettext's key); an obsolete entry whose segment
    came back is revived. Old entries no new segment took are kept as obsolete, without their
    stale references and position notes. ``progress`` (:mod:`tarjama.progress`) shows
    the new segments going by: fuzzy matching a large edit takes a while.
    """
    stats = UpdateStats()
    result = Catalog(
        header=dict(old.header),
        header_comment=old.header_comment,
        header_flags=list(old.header_flags),
        source_lang=old.source_lang or new.source_lang,
        target_lang=old.target_lang,
        path=old.path,
    )
    if new.header.get("POT-Creation-Date"):
        result.header["POT-Creation-Date"] = new.header["POT-Creation-Date"]
    by_key: dict[tuple[str | None, str], Unit] = {}
    for unit in sorted(old.units, key=lambda u: u.obsolete):  # active entries first
        by_key.setdefault(unit.key, unit)
    taken: set[int] = set()
    # Old entries whose translation became a changed segment's fuzzy proposal: as msgmerge
    # does, they live on in that entry (translation, comments, old msgid as #|), not also as
    # an obsolete copy beside it.
    donors: set[int] = set()
    memory = _memory_of(old, scorer)
    with memory, progress(new.units, length=len(new.units), label="Updating") as units:
        for unit in units:
            if unit.obsolete:
                continue
            previous = by_key.get(unit.key)
            if previous is not None and id(previous) not in taken:
                taken.add(id(previous))
                result.units.append(_keep(previous, unit))
                stats.unchanged.add(unit)
                continue
            fresh = copy.deepcopy(unit)
            matches = memory.lookup(unit.source, context=unit.context, limit=1,
                                    min_score=threshold, plural=unit.is_plural)
            if matches:
                had_notes = bool(fresh.translator_notes)
                fill(fresh, matches[0], note_origin=False)  # notes substitutions, if any
                nearest = matches[0].unit
                donor = by_key.get((nearest.context, nearest.source))
                if donor is not None:
                    donors.add(id(donor))
                    if donor.translator_notes and not had_notes:
                        fresh.translator_notes = "\n".join(
                            filter(None, [donor.translator_notes, fresh.translator_notes]))
                stats.fuzzy.add(unit)
            else:
                stats.new.add(unit)
            result.units.append(fresh)
    for unit in old.units:
        if id(unit) in taken or id(unit) in donors:
            continue
        gone = copy.deepcopy(unit)
        if not gone.obsolete and gone.status is not Status.UNTRANSLATED:
            stats.obsolete.add(gone)
        gone.obsolete = True
        gone.references = []
        gone.extracted_notes = ""
        result.units.append(gone)
    return result, stats


def update_file(
    source: str,
    po: str,
    *,
    output: str | None = None,
    in_place: bool = False,
    lang: str | None = None,
    threshold: float = DEFAULT_UPDATE_THRESHOLD,
    join_broken: bool = True,
    progress: Progress = quiet,
) -> UpdateStats:
    """``tarjama update``: segment ``source`` again and merge ``po`` into it, writing
    ``output`` (standard output by default) or ``po`` itself with ``in_place``."""
    if in_place and output is not None:
        raise UsageError("give either -o/--output or --in-place, not both")
    target = po if in_place else (output or "-")
    check_not_input(target, [source] if in_place else [source, po],
                    hint="use --in-place to rewrite the catalog itself")
    old = refuse_empty(read_po(po), po)
    text = read_document(source)
    # An English document against an Arabic catalog (or --lang en on an Arabic one) would
    # make every entry new and every old one obsolete, silently: the wrong file, refused.
    if lang:
        check_script(text, normalize_tag(lang), source)
    languages = catalog_languages(old, source_lang=lang)
    language = languages.source
    if languages.source_from == "header":
        check_script(text, language, source, given_by=f"the X-Source-Language of {po}",
                     hint="is it the document this catalog was made from?")
    elif any(unit.source for unit in old.units):
        check_script(text, language, source, given_by=f"the msgids of {po}",
                     hint="is it the document this catalog was made from?")
    else:
        # A catalog with no entry says nothing of its language: the document does.
        language = script_language(text[:SCRIPT_SAMPLE]) or "en"
    new = document_to_catalog(text, language, path=source, join_broken=join_broken)
    merged, stats = merge(old, new, threshold=threshold, progress=progress)
    if not merged.header.get("X-Source-Language"):
        merged.header["X-Source-Language"] = language
    write_po(merged, target)
    return stats
