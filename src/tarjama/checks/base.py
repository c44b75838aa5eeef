"""The vocabulary of quality checks: severities, findings, the per-catalog context and the one
registry ``CHECKS`` that every check is declared into, next to its function.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from tarjama.languages import ARABIC_LETTER_MARK, ARABIC_PRESENTATION_FORMS, TATWEEL
from tarjama.model import Unit
from tarjama.placeholders import find_placeholders, mask_placeholders

if TYPE_CHECKING:
    from tarjama.formats.glossary import Glossary


class Severity(enum.IntEnum):
    """How bad a finding is; ordered so that ``severity >= threshold`` works."""

    INFO = 0
    WARNING = 1
    ERROR = 2

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, name: str) -> Severity:
        return cls[name.strip().upper()]


@dataclass(frozen=True)
class Issue:
    """What a check function yields: a message, optionally a severity other than the check's
    own (a spelled-out number is a warning where a changed number is an error)."""

    message: str
    severity: Severity | None = None
    # How many times the problem occurs in the pair ("be be" doubled 13,333 times is one
    # finding with a count, not 13,333 findings).
    count: int = 1


@dataclass(frozen=True)
class Finding:
    """One problem found in one unit, with everything a reporter prints."""

    file: str
    line: int | None
    msgctxt: str | None
    msgid: str
    check: str
    severity: Severity
    message: str
    source: str = ""
    target: str = ""
    # How many times the problem occurs in this unit (see :class:`Issue`).
    count: int = 1

    def as_dict(self) -> dict[str, Any]:
        """The JSON contract: exactly these keys. ``count`` came last (1 unless the problem
        repeats in the unit); the others never change."""
        return {
            "file": self.file,
            "line": self.line,
            "msgctxt": self.msgctxt,
            "msgid": self.msgid,
            "check": self.check,
            "severity": str(self.severity),
            "message": self.message,
            "count": self.count,
        }


@dataclass
class LengthModel:
    """The expected log ratio of target to source length in a catalog, learned robustly
    (median and scaled median absolute deviation), with the bounds outside which a pair is
    suspicious."""

    centre: float
    spread: float
    samples: int
    low: float
    high: float


@dataclass
class CheckContext:
    """What a check needs to know beyond the unit: languages, plural count, the catalog's
    learned length model, the glossary, and the check options."""

    source_lang: str
    target_lang: str
    nplurals: int | None = None
    length: LengthModel | None = None
    glossary: Glossary | None = None
    options: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def source_arabic(self) -> bool:
        from tarjama.languages import is_arabic_script

        return is_arabic_script(self.source_lang)

    @cached_property
    def target_arabic(self) -> bool:
        from tarjama.languages import is_arabic_script

        return is_arabic_script(self.target_lang)

    @cached_property
    def source_cased(self) -> bool:
        from tarjama.languages import has_case

        return has_case(self.source_lang)

    @cached_property
    def target_cased(self) -> bool:
        from tarjama.languages import has_case

        return has_case(self.target_lang)

    @cached_property
    def target_primary(self) -> str:
        from tarjama.languages import primary_subtag

        return primary_subtag(self.target_lang)

    @cached_property
    def target_rtl(self) -> bool:
        from tarjama.languages import is_rtl

        return is_rtl(self.target_lang)


_SPECIAL_RE = re.compile(
    f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{ARABIC_LETTER_MARK}{TATWEEL}\u200e\u200f\u202a-\u202e"
    f"\u2066-\u2069\ud800-\udfff{ARABIC_PRESENTATION_FORMS}\uff00-\uffff]"
)


class Pair:
    """One source/target pair of a unit: the unit itself, or one plural form of it.

    The views several checks need (placeholders found, text with markup masked) are computed
    once here, not once per check.
    """

    __slots__ = ("form", "source", "source_plain", "source_tokens", "target", "target_plain",
                 "target_special", "target_tokens", "unit")

    def __init__(self, unit: Unit, source: str, target: str, form: int | None = None) -> None:
        self.unit = unit
        self.source = source
        self.target = target
        self.form = form
        self.source_tokens = find_placeholders(source)
        self.target_tokens = find_placeholders(target)
        # The texts with placeholders, markup, URLs and e-mails replaced by U+FFFC.
        self.source_plain = mask_placeholders(source) if self.source_tokens else source
        self.target_plain = mask_placeholders(target) if self.target_tokens else target
        # Whether the target holds any character the script checks look for (controls, bidi
        # marks, tatweel, presentation forms): most do not, and those checks stop at once.
        self.target_special = (not target.isascii() or not target.isprintable()) and (
            _SPECIAL_RE.search(target) is not None)


UnitCheck = Callable[[Pair, CheckContext], Iterable[Issue]]
# A check over every unit of every catalog at once (consistency): yields (unit, form, issue).
CollectionCheck = Callable[[Sequence[tuple[Unit, CheckContext]]], Iterable[tuple[Unit, Issue]]]


@dataclass(frozen=True)
class Check:
    """A registered check: its id (what users select, ignore and suppress), its severity, a
    one-line title, and the function. ``scope`` is ``pair`` (once per source/target pair),
    ``unit`` (once per unit, every plural form at hand) or ``collection`` (all units of all
    catalogs at once)."""

    id: str
    severity: Severity
    title: str
    function: Callable[..., Iterable[Any]]
    scope: str = "pair"
    # Whether the check also looks at fuzzy and untranslated units (status checks do).
    any_status: bool = False
    # Whether the check can say anything for a catalog's languages (None: always).
    applies: Callable[[CheckContext], bool] | None = None
    # A property that must hold for the check to have anything to say, so that the runner
    # skips the call for the many units without it. Pair checks: "special" (the target holds
    # controls, bidi marks, tatweel or presentation forms), "multiline" (a side holds a
    # newline). Unit checks: "plural", "fuzzy", "unfinished" (not translated, or fuzzy, or
    # the translator-credits message).
    needs: str | None = None
    # The other severities some of its findings have (a spelled-out number is a warning of
    # the numbers check, whose severity is error): declared, so that --help says them.
    also: tuple[Severity, ...] = ()

    @property
    def severities(self) -> tuple[Severity, ...]:
        """Every severity the check reports, its own first."""
        return (self.severity, *self.also)


# The one registry of checks, filled by the ``check`` decorator where each function is defined.
CHECKS: dict[str, Check] = {}


def check(
    id: str,
    severity: Severity,
    title: str,
    *,
    scope: str = "pair",
    any_status: bool = False,
    applies: Callable[[CheckContext], bool] | None = None,
    needs: str | None = None,
    also: tuple[Severity, ...] = (),
) -> Callable[[Callable[..., Iterable[Any]]], Callable[..., Iterable[Any]]]:
    """Declare a check function with its id, severity and title in :data:`CHECKS`."""

    def register(function: Callable[..., Iterable[Any]]) -> Callable[..., Iterable[Any]]:
        if id in CHECKS:
            raise ValueError(f"check id {id!r} declared twice")
        CHECKS[id] = Check(id, severity, title, function, scope, any_status, applies, needs,
                           also)
        return function

    return register
