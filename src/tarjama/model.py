"""The translation unit and the catalog: the one model every format and pipeline shares.

Readers (PO, TMX, plain text) produce :class:`Unit` objects inside a :class:`Catalog`;
writers and pipelines (segment, align, check, score, memory) consume them.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass, field

from tarjama.languages import nplurals_from_header


class Status(enum.Enum):
    """Where a unit stands in the translator's workflow."""

    TRANSLATED = "translated"
    FUZZY = "fuzzy"
    UNTRANSLATED = "untranslated"
    OBSOLETE = "obsolete"


@dataclass
class Unit:
    """One translatable segment with its translation and everything said about it.

    ``target`` holds the translation of a singular unit; a plural unit (``source_plural`` set)
    keeps one translation per plural form in ``target_plurals`` instead. ``references`` are
    ``(file, line)`` pairs as in a PO ``#:`` comment, the line possibly empty. ``line`` is the
    1-based line where the unit starts in the file it was read from, ``target_lines`` the line
    of each of its translations; both are for messages, not part of the unit's identity.
    """

    source: str
    target: str = ""
    source_plural: str | None = None
    target_plurals: list[str] = field(default_factory=list)
    context: str | None = None
    references: list[tuple[str, str]] = field(default_factory=list)
    translator_notes: str = ""
    extracted_notes: str = ""
    flags: list[str] = field(default_factory=list)
    previous_source: str | None = None
    previous_source_plural: str | None = None
    previous_context: str | None = None
    obsolete: bool = False
    source_lang: str | None = None
    target_lang: str | None = None
    line: int | None = None
    # The lines of the translation (``msgstr``, or each ``msgstr[i]``), where msgfmt reports
    # a translation's problems.
    target_lines: list[int] = field(default_factory=list, compare=False)
    # Format-specific extras that have no field of their own (TMX props, ids, dates).
    properties: dict[str, str] = field(default_factory=dict)

    @property
    def target_line(self) -> int | None:
        """The line of the (first) translation, else of the unit, when it was read from a file."""
        return self.target_lines[0] if self.target_lines else self.line

    @property
    def is_plural(self) -> bool:
        return self.source_plural is not None

    @property
    def targets(self) -> list[str]:
        """Every translation of the unit: the plural forms, or the one target."""
        return list(self.target_plurals) if self.is_plural else [self.target]

    @property
    def sources(self) -> list[str]:
        """The singular source, and the plural source for a plural unit."""
        return [self.source] if self.source_plural is None else [self.source, self.source_plural]

    @property
    def is_translated(self) -> bool:
        """True when every form has a translation (whatever the fuzzy flag says): the one rule
        stats, check, export, score and the memory share.

        A unit with an empty source has nothing to translate and is never translated: a PO
        entry with a ``msgctxt`` and an empty ``msgid`` (the header's msgid without being the
        header) would otherwise count as translated in one command and be dropped by another.
        """
        if not self.source:
            return False
        if self.source_plural is None:
            return bool(self.target)
        return bool(self.target_plurals) and all(self.target_plurals)

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @fuzzy.setter
    def fuzzy(self, value: bool) -> None:
        if value and "fuzzy" not in self.flags:
            self.flags.insert(0, "fuzzy")
        elif not value:
            self.flags = [flag for flag in self.flags if flag != "fuzzy"]

    @property
    def status(self) -> Status:
        """Derived from ``obsolete``, the fuzzy flag and the targets, as gettext does."""
        if self.obsolete:
            return Status.OBSOLETE
        if self.fuzzy:
            return Status.FUZZY
        if self.is_translated:
            return Status.TRANSLATED
        return Status.UNTRANSLATED

    @property
    def key(self) -> tuple[str | None, str]:
        """What identifies the unit in a catalog, as gettext keys entries: context and source."""
        return (self.context, self.source)

    def set_targets(self, targets: list[str]) -> None:
        """Set the translation(s): one string for a singular unit, one per form for a plural."""
        if self.is_plural:
            self.target_plurals = list(targets)
        else:
            self.target = targets[0] if targets else ""


@dataclass
class Catalog:
    """An ordered collection of units with the metadata of the file they belong to.

    ``header`` holds the PO header fields in file order (``Language``, ``Plural-Forms``...);
    other formats put their header attributes there too.
    """

    units: list[Unit] = field(default_factory=list)
    header: dict[str, str] = field(default_factory=dict)
    header_comment: str = ""
    header_flags: list[str] = field(default_factory=list)
    source_lang: str | None = None
    target_lang: str | None = None
    path: str | None = None

    def __iter__(self) -> Iterator[Unit]:
        return iter(self.units)

    def __len__(self) -> int:
        return len(self.units)

    def active(self) -> Iterator[Unit]:
        """Units that are not obsolete."""
        return (unit for unit in self.units if not unit.obsolete)

    def translated(self) -> Iterator[Unit]:
        """Units whose status is translated (not fuzzy, not obsolete)."""
        return (unit for unit in self.units if unit.status is Status.TRANSLATED)

    def find(self, source: str, context: str | None = None) -> Unit | None:
        """The active unit with this source and context, or None."""
        for unit in self.active():
            if unit.source == source and unit.context == context:
                return unit
        return None

    @property
    def nplurals(self) -> int | None:
        """``nplurals`` declared in the header, or None when the header declares none."""
        return nplurals_from_header(self.header.get("Plural-Forms", ""))
