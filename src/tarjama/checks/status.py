"""Checks of a unit as a whole rather than of its text: the number of plural forms, and the
fuzzy and untranslated units a translator still has to finish.
"""

from __future__ import annotations

from collections.abc import Iterator

from tarjama.checks.base import CheckContext, Issue, Severity, check
from tarjama.model import Unit


@check("plural-forms", Severity.ERROR, "As many plural translations as the header's nplurals",
       scope="unit", any_status=True, needs="plural", also=(Severity.WARNING,))
def plural_forms(unit: Unit, ctx: CheckContext) -> Iterator[Issue]:
    """gettext picks ``msgstr[i]`` by the header's plural formula: a missing form shows the
    English text (or nothing) for some counts."""
    if unit.source_plural is None:
        return
    count = len(unit.target_plurals)
    if ctx.nplurals is not None and count != ctx.nplurals:
        message = f"{count} plural form(s), the header declares nplurals={ctx.nplurals}"
        if any(unit.target_plurals):
            yield Issue(message)
        else:
            # Nothing is shown wrong yet, but the translator's editor will offer the wrong
            # number of forms to fill in (msgmerge would have added them).
            yield Issue(message + " (not translated yet)", Severity.WARNING)
    if not any(unit.target_plurals):
        return
    empty = [str(i) for i, form in enumerate(unit.target_plurals) if not form]
    if empty:
        yield Issue(
            "plural form(s) left empty: msgstr[" + "], msgstr[".join(empty) + "]",
            Severity.WARNING,
        )


@check("fuzzy", Severity.INFO, "Fuzzy translations (not used until reviewed)", scope="unit",
       any_status=True, needs="fuzzy")
def fuzzy(unit: Unit, ctx: CheckContext) -> Iterator[Issue]:
    if "fuzzy" in unit.flags and not unit.obsolete:
        yield Issue("fuzzy: the translation needs review (the other checks skip it)")


@check("untranslated", Severity.INFO, "Untranslated units", scope="unit", any_status=True,
       needs="unfinished")
def untranslated(unit: Unit, ctx: CheckContext) -> Iterator[Issue]:
    if not unit.is_translated and "fuzzy" not in unit.flags and not unit.obsolete:
        yield Issue("not translated yet")
